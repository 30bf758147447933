"""The Party format (Guidance 05-HD/VPTW), read back from the produced .docx.

Every value is the EFFECTIVE one, resolved through the styles by
tests/effective.py, and compared with the Party column of
the spec (format-rules.md of the project's shared notes): with the range where the spec gives one (a
body of 14-15 pt, lines of exactly 18-22 pt), so a legal restyle passes, and
with the value where it fixes one. The last part checks that forms of the other
format (state forms in a Party plan, Party forms in a state plan) are refused
with a message that says what to write.
"""
from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

import effective as E
from conftest import PLANS, ROOT, open_docx, render_all, render_text
from kehoach.errors import PlanError
from kehoach.read import read_plan
from kehoach.textwidth import text_width_mm

PLAN_PARTY = PLANS / "dang-uy-so-y-te/2020/KH-DU-chuyen-de-2020.yaml"

PARTY_TITLE = "ĐẢNG CỘNG SẢN VIỆT NAM"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
BODY_STYLES = {"KH Body", "KH Basis", "KH Section", "KH Item", "KH Item Title", "KH Point", "KH Bullet"}
REFERENCE_LINE = "(Kèm theo Kế hoạch số 05-KH/ĐU, ngày 12/02/2020 của Đảng ủy Sở Y tế)"

PARTY_PLAN = """\
format: party
type: KH
issuer: {{parent: ĐẢNG BỘ KHỐI CƠ QUAN TỈNH, name: ĐẢNG ỦY SỞ Y TẾ, code: ĐU, place: Thanh Hóa}}
number: {number}
date: {date}
title: thử nghiệm
{bases}sections:
  - title: Mục đích
    items:
      - Nội dung thứ nhất.
recipients: [Các chi bộ trực thuộc]
archive: {{units: [Văn phòng Đảng ủy]}}
signature:
  authority: {authority}
  head: Đảng ủy
  title: {title}
  name: Trịnh Hữu Hùng
"""


def party_plan(number="5", date="2020-02-12", authority="T/M", title="Bí thư", bases="") -> str:
    text = PARTY_PLAN.format(number=number, date=date, authority=authority, title=title, bases=bases)
    return text if number is not None else text.replace("number: None\n", "")


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def document():
    return open_docx(render_all(PLAN_PARTY)[".docx"])


@pytest.fixture(scope="module")
def reader(document):
    return E.Reader(document)


def header_cells(document):
    """(issuer, national, number, place-date) cells of the first-page header table."""
    table = document.tables[0]
    (issuer, national), (number, place) = (E.unique_cells(row) for row in table.rows)
    return table, issuer, national, number, place


def texts(document, cell) -> list[str]:
    return [E.paragraph_text(p) for p in E.cell_paragraphs(document, cell)]


def single_format(reader, paragraph):
    """The one effective run format of a paragraph whose runs all look alike."""
    formats = reader.text_runs(paragraph)
    assert len({(f.size, f.bold, f.italic, f.underline) for f in formats}) == 1, E.paragraph_text(paragraph)
    return formats[0]


def plan_blocks(document):
    """The blocks of the plan's own pages (appendices follow the first section break)."""
    return E.section_blocks(document)[0]


def body_paragraphs(document):
    """The paragraphs between the title block and the signature table."""
    blocks = plan_blocks(document)
    paragraphs = [b for b in blocks if isinstance(b, E.Paragraph)]
    marks = [i for i, p in enumerate(paragraphs) if E.paragraph_text(p) == "-----"]
    assert marks, 'no "-----" under the summary'
    mark = marks[0]
    return [p for p in paragraphs[mark + 1:] if E.paragraph_text(p).strip()]


def signature_table(document):
    return [b for b in plan_blocks(document) if isinstance(b, E.Table)][-1]


# ---------------------------------------------------------------- page


def test_page_is_a4_with_the_fixed_party_margins(document):
    section = E.sections(document)[0]
    assert (round(section.width_mm), round(section.height_mm)) == (210, 297)
    margins = (section.top_mm, section.bottom_mm, section.left_mm, section.right_mm)
    assert [round(m, 1) for m in margins] == [20, 20, 30, 15]


def test_margins_mirror_on_back_pages_for_duplex_printing(document):
    """20/20/15/30 on back pages: Word's mirrored margins, left being the inside (30) margin."""
    settings = document.settings.element
    assert settings.find(f"{{{E.W_NS}}}mirrorMargins") is not None


def test_state_plans_do_not_mirror_their_margins():
    state = open_docx(render_all(PLANS / "so-y-te-ha-tinh/2020/799-KH-SYT.yaml")[".docx"])
    assert state.settings.element.find(f"{{{E.W_NS}}}mirrorMargins") is None


def test_every_run_is_times_new_roman_in_all_four_slots(document):
    fonts = {tuple(E.run_format(document, p, r).fonts.values()) for p, r in E.all_runs(document)}
    assert fonts == {("Times New Roman",) * 4}
    assert E.theme_font_attributes(document) == []


def test_page_number_is_14_centred_10mm_from_the_top_and_absent_on_page_1(document, reader):
    for section in E.sections(document):  # the plan, then each appendix, numbered on its own
        assert section.title_page, "page 1 must use the first-page header"
        assert section.page_start == 1
        assert section.header_mm == pytest.approx(10, abs=0.1)
        assert E.page_field_paragraphs(section.headers["first"]) == []
        (field,) = E.page_field_paragraphs(section.headers["default"])
        assert reader.paragraph(field).alignment == "center"
        sizes = {reader.run(field, r).size for r in E.field_result_runs(field)}
        assert sizes == {14}


# ---------------------------------------------------------------- header


def test_party_title_is_bold_15_with_a_line_as_long_as_the_text(document, reader):
    table, _issuer, national, _number, _place = header_cells(document)
    title, line = E.cell_paragraphs(document, national)
    assert E.paragraph_text(title) == PARTY_TITLE
    fmt = single_format(reader, title)
    assert (fmt.size, fmt.bold, fmt.italic) == (15, True, False)
    assert reader.paragraph(title).alignment == "center"
    assert E.paragraph_text(line) == ""
    border = reader.paragraph(line).bottom_border
    assert border is not None and E.drawn(border["val"])
    line_format = reader.paragraph(line)
    line_mm = E.cell_text_width_mm(reader.sheet, table, national) - 10 * (line_format.left_cm + line_format.right_cm)
    assert line_mm == pytest.approx(text_width_mm(PARTY_TITLE, 15, bold=True), rel=0.15)


def test_no_national_title_or_motto_in_a_party_plan(document):
    every = [E.paragraph_text(p) for p in E.all_paragraphs(document)]
    assert NATIONAL_TITLE not in every and MOTTO not in every


def test_parent_body_14_regular_and_issuing_body_14_bold(document, reader):
    _table, issuer, *_ = header_cells(document)
    parent, name, mark = E.cell_paragraphs(document, issuer)
    assert E.paragraph_text(parent) == "ĐẢNG BỘ KHỐI CƠ QUAN TỈNH"
    assert E.paragraph_text(name) == "ĐẢNG ỦY SỞ Y TẾ"
    fmt = single_format(reader, parent)
    assert (fmt.size, fmt.bold, fmt.italic) == (14, False, False)
    fmt = single_format(reader, name)
    assert (fmt.size, fmt.bold, fmt.italic) == (14, True, False)
    assert E.paragraph_text(mark) == "*"


def test_an_asterisk_not_a_drawn_line_under_the_issuing_body(document, reader):
    _table, issuer, _national, number, _place = header_cells(document)
    for cell in (issuer, number):
        for paragraph in E.cell_paragraphs(document, cell):
            assert reader.paragraph(paragraph).borders == {}, E.paragraph_text(paragraph)
    assert reader.paragraph(E.cell_paragraphs(document, issuer)[-1]).alignment == "center"


def test_number_has_no_colon_a_hyphen_then_a_slash_and_is_14_regular(document, reader):
    _table, _issuer, _national, number, place = header_cells(document)
    (paragraph,) = E.cell_paragraphs(document, number)
    assert E.paragraph_text(paragraph) == "Số 05-KH/ĐU"
    fmt = single_format(reader, paragraph)
    assert (fmt.size, fmt.bold, fmt.italic) == (14, False, False)
    # The number and the place-date share a row, so they sit on one line.
    assert texts(document, place) == ["Thanh Hóa, ngày 12 tháng 02 năm 2020"]
    fmt = single_format(reader, E.cell_paragraphs(document, place)[0])
    assert (fmt.size, fmt.italic) == (14, True)


def test_draft_number_leaves_a_blank_before_the_hyphen(tmp_path):
    draft = open_docx(render_text(tmp_path, party_plan(number=None, date="2020-02")))
    _table, _issuer, _national, number, place = header_cells(draft)
    (text,) = texts(draft, number)
    assert re.fullmatch(r"Số[\u00a0 ]{3,}-KH/ĐU", text), text
    (date,) = texts(draft, place)
    assert re.fullmatch(r"Thanh Hóa, ngày[\u00a0 ]{3,}tháng 02 năm 2020", date), date


# ---------------------------------------------------------------- title block


def test_type_name_is_bold_16_centred(document, reader):
    paragraph = E.find_paragraph(document, "KẾ HOẠCH")
    fmt = single_format(reader, paragraph)
    assert fmt.bold and 15 <= fmt.size <= 16
    assert reader.paragraph(paragraph).alignment == "center"


def test_summary_is_bold_14_lower_case_with_five_hyphens_centred_under_it(document, reader):
    paragraphs = [b for b in plan_blocks(document) if isinstance(b, E.Paragraph)]
    index = next(i for i, p in enumerate(paragraphs) if E.paragraph_text(p) == "KẾ HOẠCH")
    summary, mark = paragraphs[index + 1], paragraphs[index + 2]
    text = E.paragraph_text(summary)
    assert text.startswith("học tập và làm theo") and text[0].islower()
    for fmt in reader.text_runs(summary):
        assert fmt.bold and 14 <= fmt.size <= 15
    assert reader.paragraph(summary).alignment == "center"
    assert E.paragraph_text(mark) == "-----"
    assert reader.paragraph(mark).alignment == "center"
    assert reader.paragraph(mark).borders == {}


# ---------------------------------------------------------------- body


def test_body_is_14_to_15_justified_indented_1cm_with_exact_18_to_22pt_lines(document, reader):
    body = body_paragraphs(document)
    assert len(body) > 50
    for paragraph in body:
        text = E.paragraph_text(paragraph)[:40]
        fmt = reader.paragraph(paragraph)
        assert fmt.style_name in BODY_STYLES, text
        assert fmt.alignment == "justify", text
        assert fmt.first_line_cm == pytest.approx(1.0, abs=0.01), text
        assert fmt.line_spacing.rule == "exact", text
        assert 18 <= fmt.line_spacing.value <= 22, text
        assert fmt.space_before >= 6, text
        for run in reader.text_runs(paragraph):
            assert 14 <= run.size <= 15, text


def test_inline_emphasis_survives(document, reader):
    paragraph = E.find_paragraph(document, re.compile(r"^1\.2\.1\. Tổ chức học tập chuyên đề:"))
    runs = reader.runs(paragraph)
    assert [(t, f.italic, f.bold) for t, f in runs[:2]] == [("1.2.1. ", False, False), ("Tổ chức học tập chuyên đề:", True, False)]
    paragraph = E.find_paragraph(document, re.compile(r"^- Thời gian:"))
    assert [t for t, f in reader.runs(paragraph) if f.bold] == ["1/2 ngày", "Quý I/2020"]
    paragraph = E.find_paragraph(document, re.compile(r"Xác định tinh thần, thái độ"))
    assert [(t, f.bold) for t, f in reader.runs(paragraph)] == [
        ("* ", False), ("Xác định tinh thần, thái độ, phương pháp và cách thức thực hiện:", True)]


def test_labels_follow_the_plan_numbering(document):
    body = [E.paragraph_text(p) for p in body_paragraphs(document)]
    starts = ["III. NỘI DUNG", "1. ", "1.1. Đảng ủy - Ban Giám đốc Sở Y tế", "1.2. Đối với cấp ủy cơ sở",
              "1.2.1. ", "1.2.2. Liên hệ, đăng ký làm theo:", "a) ", "+ ", "b) ", "* ", "c) ", "d) ",
              "2. Tổ chức sinh hoạt chuyên đề", "3. Công tác tuyên truyền", "IV. TỔ CHỨC THỰC HIỆN"]
    position = 0
    for start in starts:
        position = next(i for i in range(position, len(body)) if body[i].startswith(start))
    assert sum(text.startswith("* ") for text in body) == 4


def test_last_body_paragraph_ends_with_a_period_not_the_state_end_mark(document):
    last = E.paragraph_text(body_paragraphs(document)[-1])
    assert last.endswith("trước 30/11/2020.")
    assert not last.endswith("./.")
    assert "./." not in "".join(E.paragraph_text(p) for p in body_paragraphs(document))


def test_bases_are_dashed_and_end_with_a_semicolon_then_a_period(tmp_path):
    bases = "bases:\n  - Điều lệ Đảng Cộng sản Việt Nam\n  - Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị;\n"
    plan = open_docx(render_text(tmp_path, party_plan(bases=bases)))
    reader = E.Reader(plan)
    found = E.find_paragraphs(plan, re.compile(r"^- (Điều lệ|Chỉ thị)"))
    assert [E.paragraph_text(p) for p in found] == [
        "- Điều lệ Đảng Cộng sản Việt Nam;",
        "- Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị.",
    ]
    for paragraph in found:
        fmt = reader.paragraph(paragraph)
        assert (fmt.alignment, fmt.line_spacing.rule) == ("justify", "exact")
        assert 18 <= fmt.line_spacing.value <= 22


# ---------------------------------------------------------------- signature and recipients


def test_signature_block(document, reader):
    _recipients, signer = E.unique_cells(signature_table(document).rows[0])
    lines = [p for p in E.cell_paragraphs(document, signer) if E.paragraph_text(p)]
    assert [E.paragraph_text(p) for p in lines] == ["T/M ĐẢNG ỦY", "BÍ THƯ", "Trịnh Hữu Hùng"]
    authority, title, name = (single_format(reader, p) for p in lines)
    assert (authority.size, authority.bold) == (14, True)
    assert (title.size, title.bold) == (14, False)
    assert (name.size, name.bold) == (14, True)
    assert all(reader.paragraph(p).alignment == "center" for p in lines)
    blanks = [p for p in E.cell_paragraphs(document, signer) if not E.paragraph_text(p)]
    assert len(blanks) >= 3  # room for the signature and the seal


def test_recipients_label_upright_underlined_14_and_entries_12(document, reader):
    recipients, _signer = E.unique_cells(signature_table(document).rows[0])
    label, *entries = E.cell_paragraphs(document, recipients)
    assert E.paragraph_text(label) == "Nơi nhận:"
    fmt = single_format(reader, label)
    # Party: upright and underlined, where the state label is bold italic.
    assert (fmt.size, fmt.italic, fmt.bold, fmt.underline) == (14, False, False, "single")
    assert [E.paragraph_text(p) for p in entries] == [
        "- Ban Tuyên giáo TU, UBND, ĐUK (B/cáo);",
        "- Các cấp ủy cơ sở trực thuộc ĐU (T/hiện);",
        "- Các cơ quan, đơn vị trực thuộc (T/hiện);",
        "- Lưu Văn phòng Đảng ủy.",
    ]
    for entry in entries:
        fmt = single_format(reader, entry)
        assert (fmt.size, fmt.bold, fmt.italic) == (12, False, False)
        assert reader.paragraph(entry).alignment == "left"


def test_the_label_and_the_first_signature_line_sit_level(document, reader):
    recipients, signer = E.unique_cells(signature_table(document).rows[0])
    label = E.cell_paragraphs(document, recipients)[0]
    authority = E.cell_paragraphs(document, signer)[0]
    assert reader.paragraph(label).space_before == reader.paragraph(authority).space_before


# ---------------------------------------------------------------- appendices and forms


def test_appendix_heading_is_arabic_with_the_party_reference_line(document, reader):
    appendix = E.section_blocks(document)[1]
    heading, title, reference = [E.paragraph_text(p) for p in appendix[:3]]
    assert heading == "Phụ lục 1"
    assert title == "MẪU BẢN CAM KẾT HỌC TẬP VÀ LÀM THEO TƯ TƯỞNG, ĐẠO ĐỨC, PHONG CÁCH HỒ CHÍ MINH NĂM 2020"
    assert reference == REFERENCE_LINE
    fmt = single_format(reader, appendix[0])
    assert (fmt.size, fmt.bold) == (14, True)
    assert single_format(reader, appendix[2]).italic


def test_a_checklist_not_attached_cites_the_plan_it_carries_out():
    checklist = open_docx(render_all(PLAN_PARTY)[".checklist.docx"])
    first = [E.paragraph_text(p) for p in E.iter_body(checklist) if isinstance(p, E.Paragraph)][:2]
    assert first == ["BẢNG PHÂN CÔNG NHIỆM VỤ VÀ THEO DÕI TIẾN ĐỘ",
                     REFERENCE_LINE.replace("(Kèm theo ", "(Thực hiện ")]


@pytest.mark.parametrize("suffix", [".ban-cam-ket.docx", ".ke-hoach-lam-theo-tap-the.docx", "appendix"])
def test_forms_of_a_party_plan_carry_the_party_title_not_the_national_one(suffix, document):
    if suffix == "appendix":
        form, blocks = document, E.section_blocks(document)[1]
        paragraphs = [p for b in blocks for p in ([b] if isinstance(b, E.Paragraph) else E.all_paragraphs(form, b))]
    else:
        form = open_docx(render_all(PLAN_PARTY)[suffix])
        paragraphs = list(E.all_paragraphs(form))
    every = [E.paragraph_text(p) for p in paragraphs]
    assert PARTY_TITLE in every
    assert NATIONAL_TITLE not in every and MOTTO not in every
    reader = E.Reader(form)
    title = next(p for p in paragraphs if E.paragraph_text(p) == PARTY_TITLE)
    fmt = single_format(reader, title)
    assert (fmt.size, fmt.bold) == (15, True)


def test_form_criteria_are_the_plan_s_own_items(document):
    every = [E.paragraph_text(p) for p in E.all_paragraphs(document)]
    criteria = [t for t in every if t.startswith("\u25a1 ")]
    assert criteria == [
        # a tick box takes the criterion without the colon that introduced its sub-points
        "\u25a1 Xác định rõ đối tượng, phạm vi đăng ký: Tập trung vào 4 mối quan hệ chính là",
        "\u25a1 Xác định rõ công việc cụ thể: Căn cứ đối tượng trên, xác định nội dung công việc tập thể, "
        "bản thân muốn thực hiện một cách cụ thể sẽ làm việc gì?",
        "\u25a1 Xác định tinh thần, thái độ, phương pháp và cách thức thực hiện",
        "\u25a1 Xác định thời gian và kết quả thực hiện",
    ]
    assert "T/M CHI BỘ" in every and "NGƯỜI CAM KẾT" in every


# ---------------------------------------------------------------- template


def _paragraph_style_names(path: Path) -> set[str]:
    styles = docx.Document(str(path)).styles
    return {s.name for s in styles if s.type == docx.enum.style.WD_STYLE_TYPE.PARAGRAPH}


def test_party_template_exists_and_uses_the_state_style_names():
    party, state = ROOT / "generator/templates/party/plan.docx", ROOT / "generator/templates/nd30/plan.docx"
    assert party.is_file()
    names = _paragraph_style_names(party)
    assert names == _paragraph_style_names(state)
    assert {"KH Body", "KH Issuer", "KH National Title", "KH Signer Title", "KH Recipients Label"} <= names


def test_party_template_sets_the_party_sizes_in_its_styles():
    template = docx.Document(str(ROOT / "generator/templates/party/plan.docx"))
    reader = E.Reader(template)
    body = template.add_paragraph(style="KH Body")
    fmt = reader.paragraph(body)
    assert fmt.line_spacing.rule == "exact" and 18 <= fmt.line_spacing.value <= 22
    assert fmt.first_line_cm == pytest.approx(1.0, abs=0.01)
    assert reader.run(template.add_paragraph(style="KH National Title")).size == 15
    assert 15 <= reader.run(template.add_paragraph(style="KH Type Name")).size <= 16


# ---------------------------------------------------------------- mixed-up forms


def problems(tmp_path, text: str) -> list[str]:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        read_plan(path, display="plan.yaml")
    return [str(problem) for problem in caught.value.problems]


def test_the_party_plan_itself_checks_clean():
    assert read_plan(PLAN_PARTY).format == "party"


def test_a_well_formed_party_plan_checks_clean(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(party_plan(), encoding="utf-8")
    read_plan(path, display="plan.yaml")


@pytest.mark.parametrize("authority", ["TUQ", "TUQ."])
def test_tuq_in_a_party_plan(tmp_path, authority):
    assert problems(tmp_path, party_plan(authority=authority)) == [
        'plan.yaml:14:14: "authority" không dùng "TUQ": thể thức của Đảng không có "TUQ."; '
        'ký "T/L" (thừa lệnh) hoặc "T/M"',
    ]


@pytest.mark.parametrize("typed, party_form", [("TM", "T/M"), ("KT", "K/T"), ("TL", "T/L")])
def test_state_authorities_in_a_party_plan(tmp_path, typed, party_form):
    assert problems(tmp_path, party_plan(authority=typed)) == [
        f'plan.yaml:14:14: "authority" không dùng "{typed}": văn bản của Đảng viết "{party_form}"',
    ]


@pytest.mark.parametrize("typed, state_form", [("T/M", "TM"), ("K/T", "KT")])
def test_party_authorities_in_a_state_plan(tmp_path, typed, state_form):
    text = party_plan(authority=typed).replace("format: party", "format: nd30")
    assert problems(tmp_path, text) == [
        f'plan.yaml:14:14: "authority" không dùng "{typed}": văn bản nhà nước viết "{state_form}"',
    ]


@pytest.mark.parametrize("title", ["Phó Bí thư", "Phó bí thư Thường trực"])
def test_a_party_deputy_secretary_signs_on_behalf_not_for(tmp_path, title):
    assert problems(tmp_path, party_plan(authority="K/T", title=title)) == [
        'plan.yaml:14:14: phó bí thư ký thay mặt tập thể: viết "T/M" '
        '(ví dụ T/M ĐẢNG ỦY / PHÓ BÍ THƯ), không viết "K/T"',
    ]


def test_a_party_symbol_typed_into_the_number_of_a_state_plan(tmp_path):
    text = party_plan(number='"12-KH/ĐU"', authority="TM").replace("format: party", "format: nd30")
    assert problems(tmp_path, text) == [
        'plan.yaml:4:9: "number" chỉ ghi số (12), không ghi ký hiệu "12-KH/ĐU": '
        'ký hiệu (Số: 12/KH-SYT hay Số 12-KH/ĐU) do "format" quyết định',
    ]
