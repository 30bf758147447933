"""Grouped recipients and the draft mark, read back from the .docx a clerk prints.

Spec 5: entries one a line, `- ` flush left, `;` at the end; a group sharing one
purpose note shows the note once beside the group. The state format prints the
names one a line with a `]` beside them and the note centred on it; the Party
format (its seed) keeps the group on one line. A wrapped entry continues under
its name, not under the dash. A plan marked `draft` prints `DỰ THẢO` (or `DỰ
THẢO LẦN 2`) in a box at the top right of the first page; a numbered plan never.
"""
from __future__ import annotations

import re
import subprocess

import pytest
from docx.table import Table
from docx.text.paragraph import Paragraph

from conftest import KEHOACH, MINIMAL_PLAN, edited_plan, open_docx, render_text
from effective import (
    Reader,
    cell_borders,
    cell_width_mm,
    iter_body,
    paragraph_text,
    section_blocks,
    sections,
    table_geometry,
    unique_cells,
    w,
)
from kehoach.author.newyear import next_year
from kehoach.load import load_text
from kehoach.model import parse_plan
from kehoach.review.diff import diff_plans
from kehoach.review.page import document_lines
from kehoach.review.totext import docx_text
from kehoach.textwidth import text_width_mm

GROUP = "  - {group: [Bộ Y tế, Sở Tài chính, Ủy ban nhân dân tỉnh], note: để báo cáo}\n"
LONG_NAME = "Trung tâm Kiểm soát bệnh tật tỉnh Hà Tĩnh và các trung tâm y tế huyện, thành phố, thị xã"
RECIPIENTS = ("recipients:\n  - {to: Ban Dân vận Tỉnh ủy, note: để b/c}\n" + GROUP +
              f"  - {LONG_NAME}\n  - {{group: [Các phòng thuộc Sở, Các đơn vị trực thuộc], note: thực hiện}}\n")
STATE_GROUPS = edited_plan(("recipients: [Sở Nội vụ]\n", RECIPIENTS))
PARTY = edited_plan(
    ("format: nd30", "format: party"),
    ("issuer: {parent: UBND TỈNH HÀ TĨNH, name: SỞ Y TẾ, code: SYT, place: Hà Tĩnh}",
     "issuer: {parent: ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH, name: ĐẢNG ỦY SỞ Y TẾ, code: ĐU, place: Hà Tĩnh}"),
    ("recipients: [Sở Nội vụ]\n", "recipients:\n  - {group: [Ban Tuyên giáo TU, UBND, ĐUK], note: B/cáo}\n"),
    ("archive: {units: [TCCB]}", "archive: {units: [Văn phòng Đảng ủy]}"),
    ("signature: {authority: KT, head: Giám đốc, title: Phó Giám đốc, name: Nguyễn Văn A}",
     "signature: {authority: T/M, head: Đảng ủy, title: Bí thư, name: Trịnh Hữu Hùng}"),
)
DRAFT = edited_plan(("number: 5\ndate: 2020-01-07", "draft: true\ndate: 2020-01"))


def rendered(tmp_path, yaml_text: str):
    return open_docx(render_text(tmp_path, yaml_text))


def recipients_cell(document):
    signature = [b for b in section_blocks(document)[0] if isinstance(b, Table)][-1]
    return unique_cells(signature.rows[0])[0]


def nested_tables(document, cell) -> list[Table]:
    return [b for b in iter_body(document, cell) if isinstance(b, Table)]


def texts(document, container) -> list[str]:
    return [paragraph_text(b) for b in iter_body(document, container) if isinstance(b, Paragraph)]


# ---------------------------------------------------------------- state: one name a line, the note once


def test_a_state_group_prints_each_name_on_its_own_line_and_the_note_once_beside_them(tmp_path):
    document = rendered(tmp_path, STATE_GROUPS)
    cell = recipients_cell(document)
    groups = nested_tables(document, cell)
    assert len(groups) == 2
    names, bracket, note = unique_cells(groups[0].rows[0])
    assert texts(document, names) == ["- Bộ Y tế;", "- Sở Tài chính;", "- Ủy ban nhân dân tỉnh;"]
    assert [t for t in texts(document, note) if t] == ["(để báo cáo)"]
    assert [t for t in texts(document, bracket) if t] == []
    names, _, note = unique_cells(groups[1].rows[0])
    assert texts(document, names) == ["- Các phòng thuộc Sở;", "- Các đơn vị trực thuộc;"]
    assert [t for t in texts(document, note) if t] == ["(thực hiện)"]
    whole = docx_text_of(tmp_path, STATE_GROUPS)
    assert whole.count("(để báo cáo)") == 1 and "để báo cáo);" not in whole


def test_the_group_has_a_bracket_and_its_note_centred_on_the_group(tmp_path):
    document = rendered(tmp_path, STATE_GROUPS)
    group = nested_tables(document, recipients_cell(document))[0]
    names, bracket, note = unique_cells(group.rows[0])
    assert {side: value for side, value in cell_borders(bracket).items()} == dict.fromkeys(("top", "bottom", "right"), "single")
    assert cell_borders(names) == {} and cell_borders(note) == {}
    valign = note._tc.find(f"{w('tcPr')}/{w('vAlign')}")
    assert valign is not None and valign.get(w("val")) == "center"
    geometry = table_geometry(document, group)
    assert not any(value not in (None, "nil", "none") for value in geometry.borders.values()), "no other line is drawn"


def test_the_group_stays_inside_the_recipients_cell(tmp_path):
    document = rendered(tmp_path, STATE_GROUPS)
    cell = recipients_cell(document)
    for group in nested_tables(document, cell):
        geometry = table_geometry(document, group)
        assert sum(geometry.grid_mm) == pytest.approx(cell_width_mm(cell), abs=0.1)
        assert geometry.cell_margin_left_mm == 0 and geometry.cell_margin_right_mm == 0
        names_mm, bracket_mm, note_mm = geometry.grid_mm
        assert bracket_mm < 3 and names_mm > note_mm > 0
        note = unique_cells(group.rows[0])[2]
        (note_text,) = [t for t in texts(document, note) if t]
        assert text_width_mm(note_text, 11) < note_mm, "a short note fits its column on one line"
        read = Reader(document)
        for column, width_mm in zip(unique_cells(group.rows[0]), geometry.grid_mm):
            for paragraph in iter_body(document, column):
                fmt = read.paragraph(paragraph)
                assert (fmt.left_cm + fmt.right_cm) * 10 < width_mm, "no indent wider than its cell (the bracket's)"


def test_recipients_keep_their_order_and_the_archive_line_is_last(tmp_path):
    lines = docx_text_of(tmp_path, STATE_GROUPS).splitlines()
    start = lines.index("Nơi nhận:")
    assert lines[start + 1:start + 12] == [
        "- Ban Dân vận Tỉnh ủy (để b/c);",
        "- Bộ Y tế;", "- Sở Tài chính;", "- Ủy ban nhân dân tỉnh;", "(để báo cáo)",
        f"- {LONG_NAME};",
        "- Các phòng thuộc Sở;", "- Các đơn vị trực thuộc;", "(thực hiện)",
        "- Lưu: VT, TCCB.",
        "KT. GIÁM ĐỐC",
    ]


@pytest.mark.parametrize("yaml_text, size", [(STATE_GROUPS, 11), (PARTY, 12)], ids=["state", "party"])
def test_every_entry_starts_flush_left_and_wraps_under_its_name(tmp_path, yaml_text, size):
    document = rendered(tmp_path, yaml_text)
    read = Reader(document)
    cell = recipients_cell(document)
    entries = []
    for block in iter_body(document, cell):
        cells = [c for row in block.rows for c in unique_cells(row)][:1] if isinstance(block, Table) else []
        entries += [block] if isinstance(block, Paragraph) else [b for c in cells for b in iter_body(document, c)]
    entries = [p for p in entries if paragraph_text(p).startswith("- ")]
    assert len(entries) >= 2
    dash_cm = text_width_mm("- ", size) / 10
    for entry in entries:
        fmt = read.paragraph(entry)
        assert fmt.left_cm + fmt.first_line_cm == pytest.approx(0, abs=0.005), paragraph_text(entry)
        assert fmt.left_cm == pytest.approx(dash_cm, abs=0.005), paragraph_text(entry)
        assert {f.size for f in read.text_runs(entry)} == {size}
        assert fmt.alignment == "left"


def test_a_group_note_with_markup_characters_prints_as_typed(tmp_path):
    hostile = edited_plan(("recipients: [Sở Nội vụ]\n",
                           'recipients:\n  - {group: ["{{ a }} & <b>", Sở Tài chính], note: "x < y & {{ z }}"}\n'))
    lines = docx_text_of(tmp_path, hostile).splitlines()
    assert "- {{ a }} & <b>;" in lines and "(x < y & {{ z }})" in lines


# ---------------------------------------------------------------- Party: the group on one line, as its seed


def test_a_party_group_is_one_line_with_the_note_after_the_names(tmp_path):
    document = rendered(tmp_path, PARTY)
    cell = recipients_cell(document)
    assert nested_tables(document, cell) == []
    assert "- Ban Tuyên giáo TU, UBND, ĐUK (B/cáo);" in texts(document, cell)


# ---------------------------------------------------------------- the draft mark


def first_page_top(document):
    blocks = section_blocks(document)[0]
    return blocks[0], blocks[1]


@pytest.mark.parametrize("draft, mark", [("true", "DỰ THẢO"), ("2", "DỰ THẢO LẦN 2")])
def test_a_draft_prints_its_mark_boxed_at_the_top_right_above_the_header(tmp_path, draft, mark):
    document = rendered(tmp_path, DRAFT.replace("draft: true", f"draft: {draft}"))
    box, header = first_page_top(document)
    assert isinstance(box, Paragraph) and isinstance(header, Table)
    assert paragraph_text(box) == mark
    read = Reader(document)
    runs = read.text_runs(box)
    assert {f.bold for f in runs} == {True} and {f.italic for f in runs} == {False}
    assert {f.size for f in runs} <= {13.0, 14.0} and len({f.size for f in runs}) == 1
    fmt = read.paragraph(box)
    assert {side: b["val"] for side, b in fmt.borders.items()} == dict.fromkeys(("top", "left", "bottom", "right"), "single")
    text_width_cm = sections(document)[0].text_width_mm / 10
    (size,) = {f.size for f in runs}
    box_cm = text_width_cm - fmt.left_cm - fmt.right_cm
    assert fmt.right_cm == 0, "the box stands at the right margin"
    assert text_width_mm(mark, size, bold=True) / 10 < box_cm < text_width_cm / 3, "a box a little wider than its words"
    assert re.search(r"^Số: +/KH-SYT$", docx_text_of(tmp_path, DRAFT), re.MULTILINE), "a draft's number left blank"


def test_the_party_draft_mark_is_14(tmp_path):
    party_draft = PARTY.replace("number: 5\ndate: 2020-01-07", "draft: 3\ndate: 2020-01")
    document = rendered(tmp_path, party_draft)
    box, _ = first_page_top(document)
    assert paragraph_text(box) == "DỰ THẢO LẦN 3"
    assert {f.size for f in Reader(document).text_runs(box)} == {14}


def test_a_plan_without_a_number_is_a_draft_unless_it_says_draft_false(tmp_path):
    unmarked = DRAFT.replace("draft: true\n", "")
    box, _ = first_page_top(rendered(tmp_path, unmarked))
    assert isinstance(box, Paragraph) and paragraph_text(box) == "DỰ THẢO"
    assert docx_text_of(tmp_path, unmarked) == docx_text_of(tmp_path, DRAFT)


@pytest.mark.parametrize("yaml_text", [MINIMAL_PLAN, DRAFT.replace("draft: true", "draft: false"),
                                       MINIMAL_PLAN.replace("number: 5\n", "number: 5\ndraft: false\n")],
                         ids=["numbered", "signing-copy", "numbered-false"])
def test_no_mark_on_a_numbered_plan_nor_on_the_copy_to_be_signed(tmp_path, yaml_text):
    document = rendered(tmp_path, yaml_text)
    first, _ = first_page_top(document)
    assert isinstance(first, Table), "the header opens the page"
    assert "DỰ THẢO" not in docx_text_of(tmp_path, yaml_text)


def test_import_of_an_unmarked_document_without_a_number_keeps_it_unmarked(tmp_path):
    signing_copy = DRAFT.replace("draft: true", "draft: false")
    source = tmp_path / "plan.docx"
    source.write_bytes(render_text(tmp_path, signing_copy))
    back, _ = imported(tmp_path, source)
    assert "draft: false\n" in back


# ---------------------------------------------------------------- read back: totext, import


def docx_text_of(tmp_path, yaml_text: str) -> str:
    path = tmp_path / "read-back.docx"
    path.write_bytes(render_text(tmp_path, yaml_text))
    return docx_text(path)


def test_import_gives_back_the_groups_and_the_draft_round(tmp_path):
    yaml_text = STATE_GROUPS.replace("number: 5\ndate: 2020-01-07", "draft: 2\ndate: 2020-01")
    source = tmp_path / "plan.docx"
    source.write_bytes(render_text(tmp_path, yaml_text))
    back, _ = imported(tmp_path, source)
    assert "draft: 2\n" in back
    assert "- {group: [Bộ Y tế, Sở Tài chính, Ủy ban nhân dân tỉnh], note: để báo cáo}" in back
    assert "- {group: [Các phòng thuộc Sở, Các đơn vị trực thuộc], note: thực hiện}" in back
    assert "- {to: Ban Dân vận Tỉnh ủy, note: để b/c}" in back
    assert "DỰ THẢO" not in back.split("draft:")[0].split("# ====")[-1], "the mark is not taken for the issuer"


# ---------------------------------------------------------------- diff and next year's draft


def test_diff_says_when_the_draft_mark_changes():
    def plan_of(text: str):
        return parse_plan(*load_text(text.encode("utf-8"), "plan.yaml"))

    first, second = plan_of(DRAFT), plan_of(DRAFT.replace("draft: true", "draft: 2"))
    assert [str(change) for change in diff_plans(first, second)] == ["Dấu dự thảo: DỰ THẢO → DỰ THẢO LẦN 2"]
    assert "Dấu dự thảo: bỏ DỰ THẢO LẦN 2" in [str(change) for change in diff_plans(second, plan_of(MINIMAL_PLAN))]


def test_next_years_draft_drops_this_years_draft_round():
    new_text, changes = next_year(DRAFT.replace("draft: true", "draft: 3"), "plan.yaml")
    assert not [line for line in new_text.splitlines() if line.startswith("draft")]
    assert any(change.startswith("draft: 3 → bỏ") for change in changes), changes


def imported(tmp_path, source) -> tuple[str, str]:
    result = subprocess.run([*KEHOACH, "import", str(source), "-o", str(tmp_path / "back.yaml")],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return (tmp_path / "back.yaml").read_text(encoding="utf-8"), result.stdout + result.stderr


def test_a_group_name_with_a_typed_star_comes_back_as_typed(tmp_path):
    starred = edited_plan(("recipients: [Sở Nội vụ]\n", 'recipients:\n  - {group: ["Sở *Y* tế", Sở Tài chính], note: "b/c *"}\n'))
    source = tmp_path / "plan.docx"
    source.write_bytes(render_text(tmp_path, starred))
    back, _ = imported(tmp_path, source)
    assert parse_plan(*load_text(back.encode("utf-8"), "back.yaml")).recipients[0].group == ("Sở *Y* tế", "Sở Tài chính")


def test_a_note_standing_alone_beside_the_recipients_of_a_copied_text_is_listed_to_review(tmp_path):
    source = tmp_path / "old.txt"
    source.write_text("KẾ HOẠCH\nThử nghiệm\nI. MỤC ĐÍCH\nNâng cao nhận thức.\nNơi nhận:\n- Bộ Y tế;\n"
                      "- Sở Tài chính;      (để b/c)\n- Sở Nội vụ;\n- Lưu: VT, TCCB.\n", encoding="utf-8")
    back, said = imported(tmp_path, source)
    assert 'dòng 7: "(để b/c)" đứng riêng cạnh các nơi nhận' in said
    assert 'dòng 7: "(để b/c)" đứng riêng cạnh các nơi nhận' in back


def test_the_html_diff_page_reads_each_name_of_a_group_and_its_note_once():
    lines = document_lines(parse_plan(*load_text(STATE_GROUPS.encode("utf-8"), "plan.yaml")))
    start = lines.index("Nơi nhận:")
    assert lines[start + 2:start + 6] == ["- Bộ Y tế;", "- Sở Tài chính;", "- Ủy ban nhân dân tỉnh;", "(để báo cáo)"]
    assert lines.count("(để báo cáo)") == 1
