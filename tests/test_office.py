"""The office's own documents: Word templates with Jinja fields, filled from a plan.

Templates are made here with python-docx as a clerk types them in Word (tags
in paragraphs and table rows, sometimes split across runs), built with the
`kehoach` command in a tmp folder holding `plans/` and `templates/`, and read
back from the .docx written. Hostile templates test the sandbox and the
messages. The built-in report ("Báo cáo kết quả thực hiện Kế hoạch số ...")
is rendered for the repository's plans and passes the plan's format checks.
"""
from __future__ import annotations

import os
import re
import time
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

import effective as E
import test_format
import test_party_format
from conftest import MINIMAL_PLAN, PLAN_799, PLANS, open_docx, render_all
from effective import all_paragraphs, cell_paragraphs, paragraph_text, unique_cells
from kehoach import rules
from kehoach.cli import main
from kehoach.derive import report
from kehoach.derive.office import check_template, office_outputs
from kehoach.derive.tasks import task_rows
from kehoach.errors import PlanError
from kehoach.read import read_plan
from kehoach.render import render

PLAN = Path("plans/so-y-te/2020/12-KH-SYT.yaml")
OUTPUT = Path("output/so-y-te/2020")
PARTY_PLAN = PLANS / "dang-uy-so-y-te/2020/KH-DU-chuyen-de-2020.yaml"
HOSPITAL_PLAN = PLANS / "bv-da-khoa-ha-tinh/2020/trien-khai-799-KH-SYT.yaml"

TASKS = """\
  - title: Tổ chức thực hiện
    id: to-chuc
    items:
      - id: ke-hoach-don-vi
        text: Các đơn vị xây dựng kế hoạch của đơn vị trước ngày {due}.
        task: {owner: Phòng Tổ chức cán bộ, due: 2020-02-20, product: Kế hoạch của đơn vị}
      - id: bao-cao-quy
        text: Báo cáo kết quả hằng quý.
        task: {owner: Phòng Điều dưỡng, repeat: quarterly, report_to: Phòng Tổ chức cán bộ}
      - id: tong-ket
        text: Tổng kết & đánh giá <năm> {{ 7*7 }}.
        task: {owner: Phòng Tổ chức cán bộ, due: 2020-12-15}
"""


def plan_text(documents: str, extra_tasks: str = TASKS) -> str:
    text = MINIMAL_PLAN.replace("place: Hà Tĩnh}", "place: Hà Tĩnh, called: Sở Y tế}").replace("number: 5", "number: 12")
    text = text.replace("recipients:", extra_tasks + "recipients:")
    return text + documents


def make_template(path: Path, paragraphs: list[str], rows: list[list[str]] = ()) -> Path:
    """A .docx as a clerk makes it in Word: paragraphs, then a table (header row, then `rows`)."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if rows:
        table = document.add_table(rows=0, cols=len(rows[0]))
        for cells in rows:
            for cell, text in zip(table.add_row().cells, cells):
                cell.text = text
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(path)
    return path


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A plans repository: plans/ and templates/, the working folder."""
    monkeypatch.chdir(tmp_path)
    PLAN.parent.mkdir(parents=True)
    (tmp_path / "templates").mkdir()
    return tmp_path


def write_plan(text: str) -> None:
    PLAN.write_text(text, encoding="utf-8")


def run(*args: str):
    return CliRunner().invoke(main, list(args), prog_name="kehoach")


def texts(path: Path) -> list[str]:
    document = open_docx(path.read_bytes())
    return [paragraph_text(p) for p in all_paragraphs(document)]


def table_rows(path: Path) -> list[list[str]]:
    document = open_docx(path.read_bytes())
    return [[paragraph_text(p) for cell in unique_cells(row) for p in cell_paragraphs(document, cell)]
            for table in document.tables for row in table.rows]


# ------------------------------------------------------------------ filling a template


LETTER = [
    "{{ issuer.parent }} / {{ issuer.name }}",
    "{{ plan.number_line }} | {{ plan.place_date }}",
    "Kính gửi: {{ unit.called }}",
    "Thực hiện {{ plan.citation_short }}.",
    "(Kèm theo {{ plan.citation }})",
    "Hạn đầu tiên: {{ rows[0].due }} ({{ rows[0].due | spelled }}); năm {{ plan.year }}; {{ plan.number | int | roman }}",
    "{{ signature.lines | join(' / ') }}: {{ signature.name }}",
    "Kỳ: {{ rows | map(attribute='period') | select | join(', ') }}",
    "{% for t in tasks %}{{ t.label }} ({{ t.reference }}) {{ t.owner }}; {% endfor %}",
    "{% for s in sections %}{{ s.heading }}: {% for i in s.items %}{{ i.label }} {{ i.text }} {% endfor %}| {% endfor %}",
]


def test_a_plan_document_fills_every_kind_of_field(repo):
    make_template(repo / "templates/cong-van.docx", LETTER,
                  [["STT", "Nhiệm vụ", "Hạn"], ["{%tr for row in rows %}", "", ""],
                   ["{{ row.index }}", "{{ row.wording }}", "{{ row.due }}"], ["{%tr endfor %}", "", ""]])
    write_plan(plan_text("documents: [cong-van.docx]\n"))
    result = run("build")
    assert result.exit_code == 0, result.output
    path = OUTPUT / "12-KH-SYT.cong-van.docx"
    lines = texts(path)
    assert lines[:7] == [
        "UBND TỈNH HÀ TĨNH / SỞ Y TẾ",
        "Số: 12/KH-SYT | Hà Tĩnh, ngày 07 tháng 01 năm 2020",
        "Kính gửi: Sở Y tế",
        "Thực hiện Kế hoạch số 12/KH-SYT ngày 07/01/2020 của Sở Y tế.",
        "(Kèm theo Kế hoạch số 12/KH-SYT ngày 07 tháng 01 năm 2020 của Sở Y tế)",
        "Hạn đầu tiên: 20/02/2020 (ngày 20 tháng 02 năm 2020); năm 2020; XII",
        "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC: Nguyễn Văn A",
    ]
    rows = table_rows(path)
    # one row per due date: 1 + 4 quarters + 1, in deadline order, the recurring one labelled by its period
    assert [r[0] for r in rows] == ["STT", *map(str, range(1, 7))]
    assert rows[1][1:] == ["Các đơn vị xây dựng kế hoạch của đơn vị trước ngày 20/02/2020.", "20/02/2020"]
    assert rows[2][1:] == ["Báo cáo kết quả hằng quý. (quý I/2020)", "31/3/2020"]
    assert lines[7] == "Kỳ: quý I/2020, quý II/2020, quý III/2020, quý IV/2020"
    assert lines[8] == "1. (II.1) Phòng Tổ chức cán bộ; 2. (II.2) Phòng Điều dưỡng; 3. (II.3) Phòng Tổ chức cán bộ; "
    assert lines[9] == ("I. MỤC ĐÍCH: 1. Nội dung thứ nhất. | II. TỔ CHỨC THỰC HIỆN: 1. Các đơn vị xây dựng kế hoạch "
                        "của đơn vị trước ngày 20/02/2020. 2. Báo cáo kết quả hằng quý. 3. Tổng kết & đánh giá <năm> {{ 7*7 }}. | ")
    assert rows[-1][2] == "31/12/2020"


def test_plan_text_is_data_never_a_template(repo):
    """`{{ 7*7 }}`, `&` and `<` typed in a plan print as typed inside the filled template too."""
    make_template(repo / "templates/x.docx", ["{% for task in tasks %}{{ task.text }}|{% endfor %}", "{{ plan.title }}"])
    write_plan(plan_text("documents: [x.docx]\n").replace("title: Thử nghiệm", "title: 'A & B <c> {{ 1+1 }} {% if %}'"))
    result = run("build")
    assert result.exit_code == 0, result.output
    lines = texts(OUTPUT / "12-KH-SYT.x.docx")
    assert "Tổng kết & đánh giá <năm> {{ 7*7 }}." in lines[0]
    assert lines[1] == "A & B <c> {{ 1+1 }} {% if %}"


def test_a_document_per_owner_holds_that_owners_rows_only(repo):
    make_template(repo / "templates/bao-cao-don-vi.docx", ["{{ unit.name }} gửi {{ unit.report_to }}"],
                  [["Nhiệm vụ", "Thời hạn"], ["{%tr for task in own_tasks %}", ""],
                   ["{{ task.wording }}", "{{ task.deadline }}"], ["{%tr endfor %}", ""]])
    write_plan(plan_text("documents: [{template: bao-cao-don-vi.docx, name: bc, per: owner}]\n"))
    result = run("build")
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in OUTPUT.glob("12-KH-SYT.bc.*"))
    assert written == ["12-KH-SYT.bc.phong-dieu-duong.docx", "12-KH-SYT.bc.phong-to-chuc-can-bo.docx"]
    tccb = OUTPUT / "12-KH-SYT.bc.phong-to-chuc-can-bo.docx"
    assert texts(tccb)[0] == "PHÒNG TỔ CHỨC CÁN BỘ gửi Sở Y tế"
    assert [r[1] for r in table_rows(tccb)[1:]] == ["20/02/2020", "15/12/2020"]
    dd = OUTPUT / "12-KH-SYT.bc.phong-dieu-duong.docx"
    assert texts(dd)[0] == "PHÒNG ĐIỀU DƯỠNG gửi Phòng Tổ chức cán bộ"
    assert table_rows(dd)[1:] == [["Báo cáo kết quả hằng quý.",
                                   "hằng quý: 31/3/2020, 30/6/2020, 30/9/2020, 31/12/2020"]]


BODIES = """\
so-y-te:
  format: nd30
  parent: UBND TỈNH HÀ TĨNH
  name: SỞ Y TẾ
  code: SYT
  place: Hà Tĩnh
  called: Sở Y tế
benh-vien:
  format: nd30
  name: BỆNH VIỆN ĐA KHOA TỈNH
  code: BVĐK
  place: Hà Tĩnh
  called: Phòng Tổ chức cán bộ
  signature: {title: Giám đốc, name: Nguyễn Văn Hùng}
trung-tam:
  format: nd30
  name: TRUNG TÂM Y TẾ
  code: TTYT
  place: Kỳ Anh
  called: Trung tâm Y tế
  documents: [{template: moi.docx, per: unit}]
"""


def test_a_document_per_unit_of_the_registry_and_a_bodys_documents_for_all_its_plans(repo):
    (repo / "plans/bodies.yaml").write_text(BODIES, encoding="utf-8")
    make_template(repo / "templates/moi.docx", ["Kính gửi: {{ unit.called }} ({{ unit.place }}): {{ own_tasks | length }} nhiệm vụ",
                                                "{{ unit.signature.lines[0] }} {{ unit.signature.name }}"])
    text = plan_text("").replace("issuer: {parent: UBND TỈNH HÀ TĨNH, name: SỞ Y TẾ, code: SYT, place: Hà Tĩnh, called: Sở Y tế}",
                                 "issuer: trung-tam")
    assert "issuer: trung-tam" in text
    write_plan(text)
    result = run("build")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in OUTPUT.glob("12-KH-SYT.moi.*")) == ["12-KH-SYT.moi.benh-vien.docx", "12-KH-SYT.moi.so-y-te.docx"]
    assert texts(OUTPUT / "12-KH-SYT.moi.benh-vien.docx") == ["Kính gửi: Phòng Tổ chức cán bộ (Hà Tĩnh): 2 nhiệm vụ",
                                                              "GIÁM ĐỐC Nguyễn Văn Hùng"]
    assert texts(OUTPUT / "12-KH-SYT.moi.so-y-te.docx")[0] == "Kính gửi: Sở Y tế (Hà Tĩnh): 0 nhiệm vụ"


def test_fields_in_the_page_header_are_checked_and_filled(repo):
    document = docx.Document()
    document.add_paragraph("{{ plan.title }}")
    document.sections[0].header.paragraphs[0].text = "{{ plan.number_symbol }} - {{ unit.nam }}"
    document.save(repo / "templates/x.docx")
    write_plan(plan_text("documents: [x.docx]\n"))
    result = run("build")
    assert result.exit_code == 1
    assert result.stderr == 'templates/x.docx: {{ unit.nam }}: không có trường "nam"; có phải ý bạn là "name"?\n'
    document.sections[0].header.paragraphs[0].text = "{{ plan.number_symbol }} - {{ unit.name }}"
    document.save(repo / "templates/x.docx")
    assert run("build").exit_code == 0
    filled = open_docx((OUTPUT / "12-KH-SYT.x.docx").read_bytes())
    assert filled.sections[0].header.paragraphs[0].text == "12/KH-SYT - SỞ Y TẾ"


def test_tags_word_split_across_runs_still_fill(repo):
    document = docx.Document()
    paragraph = document.add_paragraph()
    for piece in ("Số ", "{", "{ plan.", "num", "ber }", "}", " ngày {{ plan.date }}"):
        paragraph.add_run(piece)
    document.save(repo / "templates/split.docx")
    write_plan(plan_text("documents: [split.docx]\n"))
    result = run("build")
    assert result.exit_code == 0, result.output
    assert texts(OUTPUT / "12-KH-SYT.split.docx") == ["Số 12 ngày 07/01/2020"]


# ------------------------------------------------------------------ safety and messages


@pytest.mark.parametrize("tag, message", [
    ("{{ plan.numbr }}", 'templates/x.docx: {{ plan.numbr }}: không có trường "numbr"; có phải ý bạn là "number"?'),
    ("{{ plann.title }}", 'templates/x.docx: {{ plann.title }}: không có trường "plann"; có phải ý bạn là "plan"?'),
    ("{% for t in own_tasks %}{{ t.wordin }}{% endfor %}",
     'templates/x.docx: {{ t.wordin }}: không có trường "wordin"; có phải ý bạn là "wording"?'),
    ("{{ ''.__class__ }}", "templates/x.docx: {{ ''.__class__ }}: không được dùng \"__class__\": mẫu chỉ đọc các trường của kế hoạch"),
    ("{{ plan.title | safe }}", 'templates/x.docx: {{ plan.title | safe }}: không có bộ lọc "safe"'),
    ("{{ lipsum() }}", 'templates/x.docx: {{ lipsum() }}: không có trường "lipsum"'),
    ("{% include 'a.docx' %}", "templates/x.docx: {% include 'a.docx' %}: mẫu không được gọi mẫu khác (include, import, extends)"),
    ("{% for t in tasks %}{{ t.owner }}",
     "templates/x.docx: {% for t in tasks %}: khối {% for %} chưa được đóng: thiếu một trong 'endfor' hoặc 'else'"),
    ("{{ plan.title }", "templates/x.docx: {{ plan.title }: thẻ {{ ... }} cần đóng bằng hai dấu }}"),
])
def test_a_bad_tag_is_reported_as_typed_and_nothing_is_written(repo, tag, message):
    make_template(repo / "templates/x.docx", ["{{ plan.title }}"])
    write_plan(plan_text("documents: [x.docx]\n"))
    assert run("build").exit_code == 0
    before = {p.name: p.read_bytes() for p in OUTPUT.iterdir()}
    later = time.time() + 10
    make_template(repo / "templates/x.docx", ["Đầu", tag])
    os.utime(repo / "templates/x.docx", (later, later))
    result = run("build")
    assert result.exit_code == 1
    assert message in result.stderr.splitlines(), result.stderr
    assert {p.name: p.read_bytes() for p in OUTPUT.iterdir()} == before, "a failed build leaves output as it was"


def test_check_reports_a_templates_problems_too(repo):
    make_template(repo / "templates/x.docx", ["{{ plan.titel }}"])
    write_plan(plan_text("documents: [x.docx, {template: x.docx, name: y, per: owner}]\n"))
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr == 'templates/x.docx: {{ plan.titel }}: không có trường "titel"; có phải ý bạn là "title"?\n'
    assert "1 kế hoạch có lỗi" in result.stdout


def test_a_file_that_is_not_a_docx_is_reported(repo):
    (repo / "templates/x.docx").write_text("không phải .docx", encoding="utf-8")
    write_plan(plan_text("documents: [x.docx]\n"))
    result = run("build")
    assert result.exit_code == 1
    assert result.stderr.startswith("templates/x.docx: không mở được mẫu .docx"), result.stderr


def test_per_unit_needs_the_registry(repo):
    make_template(repo / "templates/x.docx", ["{{ unit.name }}"])
    write_plan(plan_text("documents: [{template: x.docx, per: unit}]\n"))
    result = run("build")
    assert result.exit_code == 1
    line = len(plan_text("").splitlines()) + 1
    assert re.fullmatch(rf'plans/so-y-te/2020/12-KH-SYT\.yaml:{line}:\d+: "per: unit" cần bodies\.yaml: .*\n',
                        result.stderr), result.stderr
    assert not OUTPUT.exists()


def test_a_registry_gone_between_reading_and_filling_is_said_not_a_traceback(repo):
    (repo / "plans/bodies.yaml").write_text(BODIES, encoding="utf-8")
    make_template(repo / "templates/moi.docx", ["{{ unit.called }}"])
    write_plan(plan_text("documents: [{template: moi.docx, per: unit}]\n"))
    plan = read_plan(PLAN)
    (repo / "plans/bodies.yaml").unlink()
    with pytest.raises(PlanError) as caught:
        office_outputs(plan, task_rows(plan))
    assert [str(p) for p in caught.value.problems] == [
        f"{PLAN}:1:1: không tìm thấy plans/bodies.yaml (danh sách cơ quan)"]


@pytest.mark.parametrize("tag, message", [
    ("{{ plan.title | spelled }}", "không điền được mẫu: bộ lọc ngày cần một ngày, nhận được"),
    ("{{ plan.title | roman }}", "không điền được mẫu: TypeError"),
    ("{{ 1 / 0 }}", "không điền được mẫu: ZeroDivisionError"),
    ("{{ tasks[0].due.year }} {{ tasks[1].due.year }}", 'không điền được mẫu: giá trị trống (None) không có trường "year"'),
])
def test_a_failure_while_filling_is_the_templates_and_said_so(repo, tag, message):
    make_template(repo / "templates/x.docx", [tag])
    write_plan(plan_text("documents: [x.docx]\n"))
    result = run("build")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"templates/x.docx: {message}"), result.stderr
    assert not OUTPUT.exists()


@pytest.mark.parametrize("tag", [
    "{{ plan | attr('__class__') }}",
    "{{ '{0.__class__.__mro__}'.format(plan) }}",
    "{{ plan.title.__len__() }}",
])
def test_the_sandbox_refuses_python_internals_reached_at_run_time(repo, tag):
    """An attribute named by a value (`attr`, `format`) escapes the check before rendering; the sandbox refuses it."""
    make_template(repo / "templates/x.docx", [tag])
    write_plan(plan_text("documents: [x.docx]\n"))
    result = run("build")
    assert result.exit_code == 1
    assert re.match(r'templates/x\.docx: (không điền được mẫu: )?.*không được dùng "__(class|len)__"', result.stderr), result.stderr
    assert not OUTPUT.exists()


@pytest.mark.parametrize("documents, message", [
    ("documents: [bao-cau]\n", 'không có mẫu có sẵn "bao-cau"; có phải ý bạn là "bao-cao"?'),
    ("documents: [khong-co.docx]\n", 'không tìm thấy mẫu "templates/khong-co.docx"'),
    ("documents: [../x.docx]\n", 'không hợp lệ: "../x.docx"'),
    ("documents: [{template: bao-cao, per: don-vi}]\n", '"per" không hợp lệ: chuỗi văn bản "don-vi"'),
    ("documents: [bao-cao, {template: bao-cao, per: owner}]\n", 'tên văn bản "bao-cao" trùng'),
])
def test_the_documents_field_is_checked_at_its_line(repo, documents, message):
    write_plan(plan_text(documents))
    result = run("check")
    assert result.exit_code == 1
    line = len(plan_text("").splitlines()) + 1
    assert any(re.match(rf"plans/so-y-te/2020/12-KH-SYT\.yaml:{line}:\d+: .*{re.escape(message)}", e)
               for e in result.stderr.splitlines()), result.stderr


def test_template_check_lists_the_fields_without_a_plan(repo):
    make_template(repo / "templates/x.docx", ["{{ plan.citation }} {{ unit.name }}"],
                  [["{%tr for task in own_tasks %}"], ["{{ task.deadline }} {{ loop.index }}"], ["{%tr endfor %}"]])
    result = run("template", "check", "templates/x.docx")
    assert result.exit_code == 0, result.output
    assert result.stdout == "templates/x.docx: dùng 4 trường: loop.index, own_tasks[].deadline, plan.citation, unit.name\n"
    make_template(repo / "templates/y.docx", ["{{ plan.citaton }}"])
    result = run("template", "check", "templates/y.docx")
    assert result.exit_code == 1
    assert result.stderr == 'templates/y.docx: {{ plan.citaton }}: không có trường "citaton"; có phải ý bạn là "citation"?\n'


@pytest.mark.parametrize("tag, name", [("{{ own_tasks.owner }}", "owner"), ("{{ own_tasks.item }}", "item"),
                                       ("{{ tasks[0].occurrences.due }}", "due")])
def test_a_field_read_on_a_list_is_refused_by_the_check(repo, tag, name):
    # `item` is the checker's own name for a list's elements: a template reading it failed only when filled
    make_template(repo / "templates/x.docx", [tag])
    result = run("template", "check", "templates/x.docx")
    assert result.exit_code == 1
    assert f'{tag}: "' in result.stderr and f'là một danh sách, không có trường "{name}"' in result.stderr, result.stderr


def test_a_changed_template_rebuilds_and_the_same_inputs_give_the_same_bytes(repo):
    template = make_template(repo / "templates/x.docx", ["Một {{ plan.number }}"])
    write_plan(plan_text("documents: [x.docx]\n"))
    assert run("build").exit_code == 0
    first = (OUTPUT / "12-KH-SYT.x.docx").read_bytes()
    assert "0 văn bản đã ghi" in run("build").stdout
    assert run("build", "--force").exit_code == 0
    assert (OUTPUT / "12-KH-SYT.x.docx").read_bytes() == first, "same YAML and template, same bytes"
    make_template(template, ["Hai {{ plan.number }}"])
    later = time.time() + 10
    os.utime(template, (later, later))
    result = run("build")
    assert "đã ghi output/so-y-te/2020/12-KH-SYT.x.docx" in result.stdout
    assert texts(OUTPUT / "12-KH-SYT.x.docx") == ["Hai 12"]


def test_diff_names_the_documents_a_plan_asks_for(repo):
    old, new = Path("plans/old.yaml"), Path("plans/new.yaml")
    old.write_text(plan_text("documents: [{template: bao-cao, per: owner}]\n"), encoding="utf-8")
    new.write_text(plan_text("documents: [{template: bao-cao, per: owner, name: bc}, thu-moi.docx]\n"), encoding="utf-8")
    make_template(repo / "templates/thu-moi.docx", ["{{ plan.title }}"])
    result = run("diff", str(old), str(new))
    assert result.exit_code == 0, result.output
    assert result.stdout == ("Văn bản theo mẫu: bao-cao (mỗi đơn vị chủ trì) → "
                             "bao-cao (tên bc, mỗi đơn vị chủ trì), thu-moi.docx\n")


def test_only_documents_builds_the_office_documents_alone(repo):
    make_template(repo / "templates/x.docx", ["{{ plan.number }}"])
    write_plan(plan_text("documents: [x.docx]\n"))
    assert run("build", "--only", "documents").exit_code == 0
    assert sorted(p.name for p in OUTPUT.iterdir()) == ["12-KH-SYT.x.docx"]


# ------------------------------------------------------------------ the built-in report


@pytest.fixture(scope="module")
def report_799():
    return open_docx(render_all(PLAN_799)[".bao-cao.cac-don-vi-trong-nganh.docx"])


REPORTS = [(PLAN_799, ".bao-cao.cac-don-vi-trong-nganh.docx"), (HOSPITAL_PLAN, ".bao-cao.phong-to-chuc-can-bo.docx")]


@pytest.fixture(params=REPORTS, ids=lambda r: r[1].split(".")[2])
def plan_document(request):
    """The plan's format tests, run on the built-in report of the repository's plans."""
    path, suffix = request.param
    return open_docx(render_all(path)[suffix])


@pytest.fixture
def plan(plan_document):
    return test_format.PlanParts(plan_document)


# The plan's own format checks that hold for a report word for word (its number line says BC, not KH;
# its date is left for the unit to fill, day and month; its title is BÁO CÁO).
for _name in (
    "test_plan_pages_are_a4_portrait", "test_every_section_is_a4_with_the_state_margins",
    "test_header_table_has_two_columns_of_40_and_60_percent",
    "test_layout_tables_have_no_borders", "test_national_title_is_bold_capitals_12_to_13", "test_motto_is_bold_13_to_14",
    "test_line_under_the_motto_is_as_long_as_the_motto", "test_parent_body_is_regular_capitals_12_to_13",
    "test_issuing_body_is_bold_capitals_12_to_13_with_a_third_to_half_line", "test_place_date_is_italic_13_to_14",
    "test_summary_is_bold_13_to_14_centred_sentence_case", "test_line_under_the_summary_is_a_third_to_half_of_it",
    "test_body_paragraphs_are_13_to_14_justified_indented_spaced", "test_section_headings_are_bold_capitals_in_roman_order",
    "test_labels_follow_their_sequences", "test_last_body_paragraph_ends_with_the_end_mark",
    "test_signature_table_has_two_columns_35_40_and_60_65", "test_recipients_label_is_bold_italic_12_flush_left",
    "test_recipient_entries_are_11_dashed_and_end_with_the_archive_line", "test_signature_block",
    "test_recipients_label_and_first_signature_line_sit_level", "test_page_numbers_centred_13_to_14_not_on_page_one",
):
    globals()[_name] = getattr(test_format, _name)


def test_report_header_number_and_title(plan):
    number = plan.paragraphs(plan.header, 1, 0)[0]
    place_date = plan.paragraphs(plan.header, 1, 1)[0]
    assert re.fullmatch(r"Số: \s{3,}/BC-\S+", paragraph_text(number)), paragraph_text(number)
    assert plan.size(number) == {test_format.NUMBER_SIZE} and plan.bold(number) == {False}
    assert re.fullmatch(r"Hà Tĩnh, ngày \s{3,} tháng \s{3,} năm 2020", paragraph_text(place_date))
    assert paragraph_text(plan.type_name) == "BÁO CÁO"
    assert plan.bold(plan.type_name) == {True} and test_format.in_range(plan.size(plan.type_name), test_format.TITLE_SIZES)


def test_report_799_has_a_section_per_task_of_the_owner_with_its_deadline_and_room_to_write(report_799):
    body = [paragraph_text(p) for p in report_799.paragraphs]
    assert body[3] == ("Thực hiện Kế hoạch số 799/KH-SYT ngày 31/3/2020 của Sở Y tế về thực hiện phong trào thi đua "
                       "“Dân vận khéo” năm 2020, Các đơn vị trong ngành báo cáo kết quả thực hiện như sau:")
    headings = [t for t in body if re.match(r"[IVX]+\. ", t)]
    assert headings == ["I. BÁO CÁO ĐỊNH KỲ KẾT QUẢ PHONG TRÀO THI ĐUA “DÂN VẬN KHÉO”",
                        "II. BÁO CÁO KẾT QUẢ THỰC HIỆN CÔNG TÁC DÂN VẬN KHÉO NĂM 2020",
                        "III. KHÓ KHĂN, VƯỚNG MẮC VÀ ĐỀ XUẤT, KIẾN NGHỊ"]
    assert "2. Thời hạn: 6 tháng một lần: 30/6/2020, 31/12/2020" in body
    assert "2. Thời hạn: 15/10/2020" in body
    assert "3. Sản phẩm: Báo cáo kết quả công tác dân vận khéo năm 2020" in body
    assert body.count("4. Kết quả thực hiện:") == 2
    assert sum(1 for t in body if t and set(t) == {"…"}) == 8  # three lines per task, two for difficulties
    assert body[-1] == ("Trên đây là báo cáo của Các đơn vị trong ngành về kết quả thực hiện Kế hoạch số 799/KH-SYT "
                        "ngày 31/3/2020 của Sở Y tế./.")
    left = [paragraph_text(p) for p in cell_paragraphs(report_799, unique_cells(report_799.tables[-1].rows[0])[0])]
    assert left == ["Nơi nhận:", "- Phòng Tổ chức cán bộ, Sở Y tế (để b/c);", "- Lưu: VT, ……………."]


@pytest.fixture(scope="module")
def document():
    """The Party plan's built-in report, for the Party format's checks (test_party_format's names)."""
    return open_docx(render_all(PARTY_PLAN)[".bao-cao.cac-cap-uy-dang-truc-thuoc.docx"])


@pytest.fixture(scope="module")
def reader(document):
    return E.Reader(document)


# The Party format's checks that hold for any Party document, run on the Party report.
for _name in (
    "test_page_is_a4_with_the_fixed_party_margins", "test_every_run_is_times_new_roman_in_all_four_slots",
    "test_page_number_is_14_centred_10mm_from_the_top_and_absent_on_page_1",
    "test_party_title_is_bold_15_with_a_line_as_long_as_the_text", "test_no_national_title_or_motto_in_a_party_plan",
    "test_an_asterisk_not_a_drawn_line_under_the_issuing_body", "test_the_label_and_the_first_signature_line_sit_level",
):
    globals()[f"test_party_report_{_name[5:]}"] = getattr(test_party_format, _name)


def test_party_report_body_is_14_justified_indented_1cm_with_exact_18pt_lines(document, reader):
    body = test_party_format.body_paragraphs(document)
    assert len(body) > 10
    for paragraph in body:
        fmt = reader.paragraph(paragraph)
        assert (fmt.alignment, round(fmt.first_line_cm, 2), fmt.line_spacing.rule, fmt.line_spacing.value) == \
            ("justify", 1.0, "exact", 18), paragraph_text(paragraph)[:40]
        assert {run.size for run in reader.text_runs(paragraph)} == {14}


def test_the_party_report_has_the_party_header_and_marks(document):
    header = [paragraph_text(p) for row in document.tables[0].rows for cell in unique_cells(row)
              for p in cell_paragraphs(document, cell)]
    assert header[:3] == ["ĐẢNG ỦY SỞ Y TẾ", "CÁC CẤP ỦY ĐẢNG TRỰC THUỘC", "*"]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header
    assert re.fullmatch(r"Số \s{3,}-BC/\S+", header[-2])
    body = [paragraph_text(p) for p in document.paragraphs]
    assert body[:3] == ["BÁO CÁO", "kết quả thực hiện Kế hoạch số 05-KH/ĐU, ngày 12/02/2020 của Đảng ủy Sở Y tế", "-----"]
    assert body[-1].endswith("của Đảng ủy Sở Y tế.") and not body[-1].endswith("./.")


def test_the_built_in_templates_are_what_the_code_builds():
    """The committed templates are generated: `make template` after changing the report or the rules."""
    for name, fmt in rules.FORMATS.items():
        assert report.report_path(name).read_bytes() == render(report.report_template(fmt)), f"run `make template` ({name})"


def test_the_built_in_template_checks_clean():
    used, problems = check_template(report.report_path("nd30"))
    assert problems == []
    assert {"plan.citation_short", "own_tasks[].deadline", "unit.name", "unit.signature.name"} <= set(used)

