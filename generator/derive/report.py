"""The built-in office document: "Báo cáo kết quả thực hiện Kế hoạch số ...", the
report each task owner sends back, as a Word template with fields.

It is written here once per format, through the same layout and render as a
plan (so it has the plan's header, title block and signature block, in the
template's named styles), with Jinja tags as its text, and committed as
`generator/templates/<format>/bao-cao.docx`: an example an office copies into
its own `templates/` and restyles in Word. Rebuild with `make template`.
"""
from __future__ import annotations

from pathlib import Path

from .. import rules
from ..files import BUILTIN_TEMPLATES, write_atomically
from ..layout import Document, PageSection, Para, Properties, Table, plain_para, rule, rules_metrics, width_of
from ..render import render
from ..textwidth import text_width_mm

# A paragraph holding only a `{%p ... %}` tag is removed by docxtpl when the template is filled.

NAME = "bao-cao"
SAMPLE_ISSUER = "PHÒNG TỔ CHỨC CÁN BỘ"  # the drawn lines are fitted to the real text when the report is filled
SAMPLE_SUMMARY = "Kết quả thực hiện Kế hoạch số 799/KH-SYT ngày 31/3/2020 của Sở Y tế"
RESULT_LINES = 3


def report_path(fmt: str) -> Path:
    return BUILTIN_TEMPLATES / fmt / f"{NAME}.docx"


def report_template(fmt: rules.FormatRules) -> Document:
    blocks: list[Para | Table] = [_header(fmt), *_title(fmt), *_body(fmt), _signature(fmt)]
    props = Properties(title="Báo cáo kết quả thực hiện kế hoạch (mẫu)", subject="Báo cáo", author="kehoach",
                       created="2000-01-01")
    return Document(fmt.name, props, [PageSection(blocks)])


def _width(fmt: rules.FormatRules, style: str, text: str) -> float:
    return width_of(rules_metrics(fmt), style, [text])


def _header(fmt: rules.FormatRules) -> Table:
    text_mm = fmt.page.text_width_mm
    left_mm = round(text_mm * fmt.geometry.header_left, 2)
    right_mm = round(text_mm - left_mm, 2)
    issuer = [plain_para("KH Issuer Parent", "{%p if unit.parent %}"), plain_para("KH Issuer Parent", "{{ unit.parent }}"),
              plain_para("KH Issuer Parent", "{%p endif %}"), plain_para("KH Issuer", "{{ unit.name }}")]
    if fmt.issuer_mark:
        issuer.append(plain_para("KH Issuer Mark", fmt.issuer_mark))
    else:
        issuer.append(rule(left_mm, _width(fmt, "KH Issuer", SAMPLE_ISSUER), fmt.geometry.issuer_line))
    national = [plain_para(style, text) for style, text in fmt.national]
    last_style, last_text = fmt.national[-1]
    national.append(rule(right_mm, _width(fmt, last_style, last_text)))
    return Table((left_mm, right_mm), (
        (tuple(issuer), tuple(national)),
        ((plain_para("KH Number", "{{ unit.number_line }}"),), (plain_para("KH Place Date", "{{ unit.place_date }}"),)),
    ))


def _title(fmt: rules.FormatRules) -> list[Para]:
    # The Party's summary is typed in lower case (Guidance 05-HD/VPTW); the state's in sentence case.
    about = "kết quả" if fmt.summary_mark else "Kết quả"
    title = [plain_para("KH Type Name", "BÁO CÁO"), plain_para("KH Summary", about + " thực hiện {{ plan.citation_short }}")]
    if fmt.summary_mark:
        return title + [plain_para("KH Summary Mark", fmt.summary_mark)]
    return title + [rule(fmt.page.text_width_mm, _width(fmt, "KH Summary", SAMPLE_SUMMARY), fmt.geometry.summary_line)]


def _dots_line(fmt: rules.FormatRules) -> str:
    """A line of dots as wide as a body line: room to write by hand."""
    room_mm = fmt.page.text_width_mm - rules.effective(fmt.styles, "KH Body", "first_indent_cm", 0) * 10
    return "…" * int(room_mm // text_width_mm("…", rules_metrics(fmt).font("KH Body").size, False))


def _body(fmt: rules.FormatRules) -> list[Para]:
    dots = [plain_para("KH Body", _dots_line(fmt)) for _ in range(RESULT_LINES)]
    closing = "Trên đây là báo cáo của {{ unit.called }} về kết quả thực hiện {{ plan.citation_short }}" + fmt.end_mark
    return [
        plain_para("KH Body", "Thực hiện {{ plan.citation_short }} về {{ plan.about }}, "
                              "{{ unit.called }} báo cáo kết quả thực hiện như sau:"),
        plain_para("KH Body", "{%p for task in own_tasks %}"),
        plain_para("KH Section", "{{ loop.index|roman }}. {{ task.wording|upper|trim('.') }}"),
        plain_para("KH Item", "1. Nhiệm vụ (mục {{ task.reference }} của Kế hoạch): {{ task.text }}"),
        plain_para("KH Item", "2. Thời hạn: {{ task.deadline or 'không ghi thời hạn' }}"),
        plain_para("KH Item", "3. Sản phẩm: {{ task.product or 'báo cáo kết quả' }}"),
        plain_para("KH Item", "4. Kết quả thực hiện:"),
        *dots,
        plain_para("KH Body", "{%p endfor %}"),
        plain_para("KH Section", "{{ (own_tasks|length + 1)|roman }}. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ"),
        *dots[:2],
        Para("KH Body", plain_para("KH Body", closing).runs, keep_next=True),
    ]


def _signature(fmt: rules.FormatRules) -> Table:
    text_mm = fmt.page.text_width_mm
    left_mm = round(text_mm * fmt.geometry.signature_left, 2)
    recipients = [plain_para("KH Recipients Label", "Nơi nhận:"),
                  plain_para("KH Recipient", "- {{ unit.report_to }} (để b/c);"),
                  plain_para("KH Recipient", "{{ unit.archive }}")]
    signer = [plain_para("KH Signature Authority", "{{ unit.signature.lines[0] }}"),
              plain_para("KH Signer Title", "{%p if unit.signature.lines|length > 1 %}"),
              plain_para("KH Signer Title", "{{ unit.signature.lines[1] }}"),
              plain_para("KH Signer Title", "{%p endif %}"),
              *[Para("KH Signature Space")] * fmt.geometry.signature_blank_lines,
              plain_para("KH Signer Name", "{{ unit.signature.name }}")]
    return Table((left_mm, round(text_mm - left_mm, 2)), ((tuple(recipients), tuple(signer)),))


def build(fmt_name: str) -> Path:
    path = report_path(fmt_name)
    write_atomically(path, render(report_template(rules.FORMATS[fmt_name])))
    return path


if __name__ == "__main__":
    for name in rules.FORMATS:
        print(build(name))
