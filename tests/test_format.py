"""The produced .docx obeys the state format (Decree 30/2020), read back from the package.

Every number below is copied from the spec (format-rules.md of the project's shared notes) (sections 1-5,
state column), not from kehoach/rules.py: a wrong rules table must fail
here. Where the spec gives a range (a body of 13-14 pt) the tests accept the
range, so a legal restyle passes them: the plans are checked as rendered with
the built-in template and with an office's restyled copy (body and motto 13,
issuer 12). Where the spec fixes a value, the value is checked. Formatting is
the EFFECTIVE one (tests/effective.py resolves paragraph style -> basedOn ->
docDefaults, with run and paragraph properties on top), which is what Word
shows and what a clerk checks on paper.

The only project code used is generator.textwidth, to know how long a line of
text is (the drawn lines are measured against it).
"""
from __future__ import annotations

import io
import re
import zipfile
from functools import cache
from pathlib import Path

import pytest
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from conftest import MINIMAL_PLAN, PLAN_799, REPOSITORY_PLANS, open_docx, render_bytes, render_text, restyled_template
from effective import (
    FONT_SLOTS,
    Reader,
    all_paragraph_elements,
    all_runs,
    cell_borders,
    cell_paragraphs,
    cell_text_width_mm,
    cell_width_mm,
    drawn,
    field_result_runs,
    page_field_paragraphs,
    paragraph_text,
    section_blocks,
    sections,
    table_geometry,
    theme_font_attributes,
    unique_cells,
    w,
)
from kehoach.documents import render_outputs
from kehoach.read import read_plan
from kehoach.textwidth import text_width_mm

# ------------------------------------------------------------- the spec's numbers

FONT = "Times New Roman"  # spec 1: every run, every script slot
A4_MM = (210, 297)  # spec 1
MARGINS_MM = {"top": (20, 25), "bottom": (20, 25), "left": (30, 35), "right": (15, 20)}  # spec 1, state ranges
MM_TOLERANCE = 0.5

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"  # spec 2
MOTTO = "Độc lập - Tự do - Hạnh phúc"  # spec 2
HEADER_LEFT_SHARE = 0.40  # spec 2: left about 40 %, right about 60 %
HEADER_SHARE_TOLERANCE = 0.02
NATIONAL_TITLE_SIZES = (12, 13)  # spec 2
MOTTO_SIZES = (13, 14)  # spec 2
MOTTO_LINE_TOLERANCE = 0.15  # "as long as the text", within 15 %
PARENT_SIZES = ISSUER_SIZES = (12, 13)  # spec 2
NUMBER_SIZE = 13  # spec 2: fixed
PLACE_DATE_SIZES = (13, 14)  # spec 2
SHORT_LINE = (1 / 3, 1 / 2)  # spec 2 and 3: issuer and summary lines

TYPE_NAME = "KẾ HOẠCH"  # spec 3
TITLE_SIZES = (13, 14)  # spec 3 (type name and summary)

BODY_SIZES = (13, 14)  # spec 4
FIRST_LINE_INDENTS_CM = (1.27, 1.0)  # spec 4: 1.27 cm default, 1 cm allowed
MIN_SPACE_BEFORE = 6  # spec 4: at least 6 pt (default 6 before, 0 after)
LINE_SPACING = (1.0, 1.5)  # spec 4: single to 1.5 lines
END_MARK = "./."  # spec 4
POINT_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()  # spec 4: no f, j, w, z

SIGNATURE_LEFT_SHARE = (0.35, 0.40)  # spec 5
SIGNATURE_RIGHT_SHARE = (0.60, 0.65)  # spec 5
SHARE_ROUNDING = 0.001  # twips rounding of the column widths
RECIPIENTS_LABEL = "Nơi nhận:"
RECIPIENTS_LABEL_SIZE = 12  # spec 5: bold italic 12
RECIPIENT_SIZE = 11  # spec 5
SIGNATURE_SIZES = (13, 14)  # spec 5: authority line and name
MIN_BLANK_LINES = 3  # spec 5: about 4 empty lines for the signature and seal
AUTHORITIES = ("KT", "TM", "TL", "TUQ", "Q")  # spec 5
ACADEMIC_TITLES = ("GS.", "PGS.", "TS.", "ThS.", "BS.", "CN.", "KS.", "Dr.")
PAGE_NUMBER_SIZES = (13, 14)  # spec 1

LEAN_LIMIT_BYTES = 20_000

PLACE_DATE = re.compile(r"^[^,]+, ngày (\d{2}|\s{3,}) tháng (0[12]|[3-9]|1[012]) năm \d{4}$")
NUMBER_LINE = re.compile(r"^Số: (\d{2,}|\s{3,})/KH-[A-ZĐ]+$")
SECTION_HEADING = re.compile(r"^([IVXLC]+)\. (.+)$")
POINT_LABEL = re.compile(r"^([a-zđ]{1,2})\) ")
ITEM_LABEL = re.compile(r"^(\d+)\. ")
ROMAN = "I II III IV V VI VII VIII IX X XI XII XIII XIV XV".split()


# ------------------------------------------------------------- reading a plan


class PlanParts:
    """The blocks of the plan's own pages (the first section), by role."""

    def __init__(self, document):
        self.doc = document
        self.read = Reader(document)
        self.section = sections(document)[0]
        blocks = section_blocks(document)[0]
        first_table = next(i for i, b in enumerate(blocks) if isinstance(b, Table))
        self.draft_mark = blocks[:first_table]  # a draft's `DỰ THẢO` box; nothing else stands above the header
        assert all(paragraph_text(b).startswith("DỰ THẢO") for b in self.draft_mark), "the plan must open with the header table"
        blocks = blocks[first_table:]
        self.header = blocks[0]
        tables = [b for b in blocks if isinstance(b, Table)]
        assert len(tables) >= 2, "the plan needs a header table and a signature table"
        self.signature = tables[-1]
        end = blocks.index(self.signature)
        paragraphs = [b for b in blocks[1:end] if isinstance(b, Paragraph)]
        self.type_name = paragraphs[0]
        self.summary = paragraphs[1]
        self.summary_line = paragraphs[2]
        self.body = paragraphs[3:]
        assert all(isinstance(b, Paragraph) for b in blocks[1:end]), "no table between title and signature"

    def cells(self, table, row: int) -> list:
        rows = table._tbl.findall(w("tr"))
        return unique_cells(table.rows[row]) if row < len(rows) else []

    def paragraphs(self, table, row: int, column: int) -> list[Paragraph]:
        return cell_paragraphs(self.doc, self.cells(table, row)[column])

    def runs(self, paragraph):
        return self.read.text_runs(paragraph)

    def size(self, paragraph) -> set[float]:
        return {f.size for f in self.runs(paragraph)}

    def bold(self, paragraph) -> set[bool]:
        return {f.bold for f in self.runs(paragraph)}

    def italic(self, paragraph) -> set[bool]:
        return {f.italic for f in self.runs(paragraph)}

    def line_mm(self, rule: Paragraph, width_mm: float) -> float:
        """Length of a paragraph's bottom border: the width it fills minus its indents."""
        fmt = self.read.paragraph(rule)
        return width_mm - (fmt.left_cm + fmt.right_cm) * 10


def in_range(sizes: set[float], bounds: tuple[float, float]) -> bool:
    """One size for the whole paragraph, within the spec's range."""
    return len(sizes) == 1 and bounds[0] <= next(iter(sizes)) <= bounds[1]


TEMPLATES = ("built-in", "restyled")


@pytest.fixture(scope="module")
def restyled(tmp_path_factory) -> bytes:
    """An office's legal restyle of the built-in template: body and motto 13, issuer 12."""
    return restyled_template(tmp_path_factory.mktemp("template"), body=13, issuer=12, motto=13).read_bytes()


@cache
def render_with(plan_path: Path, template: bytes) -> bytes:
    return render_outputs(read_plan(plan_path), plan_path.stem, ("plan",), template=template)[".docx"]


@pytest.fixture(params=[(p, t) for p in REPOSITORY_PLANS for t in TEMPLATES], ids=lambda pt: f"{pt[0].stem}-{pt[1]}")
def plan(request, restyled) -> PlanParts:
    """Each repository plan, rendered with the built-in template and with a legally restyled copy."""
    plan_path, template = request.param
    data = render_bytes(plan_path) if template == "built-in" else render_with(plan_path, restyled)
    return PlanParts(open_docx(data))


@pytest.fixture(params=REPOSITORY_PLANS, ids=lambda p: p.stem)
def plan_package(request) -> bytes:
    return render_bytes(request.param)


@pytest.fixture(scope="module")
def plan_799() -> PlanParts:
    return PlanParts(open_docx(render_bytes(PLAN_799)))


def small(tmp_path, yaml_text: str) -> PlanParts:
    return PlanParts(open_docx(render_text(tmp_path, yaml_text)))


def text(paragraph) -> str:
    return paragraph_text(paragraph)


def is_capitals(value: str) -> bool:
    return value == value.upper() and any(c.isalpha() for c in value)


def share_in(share: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] - SHARE_ROUNDING <= share <= bounds[1] + SHARE_ROUNDING


# ------------------------------------------------------------- 1. page


def test_plan_pages_are_a4_portrait(plan_document):
    first = sections(plan_document)[0]
    assert first.width_mm == pytest.approx(A4_MM[0], abs=MM_TOLERANCE)
    assert first.height_mm == pytest.approx(A4_MM[1], abs=MM_TOLERANCE)
    assert first.orient == "portrait"


def test_every_section_is_a4_with_the_state_margins(plan_document):
    for index, section in enumerate(sections(plan_document)):
        size = sorted((section.width_mm, section.height_mm))
        assert size == pytest.approx(list(A4_MM), abs=MM_TOLERANCE), f"section {index}: paper {size}"
        if section.orient == "landscape":  # only wide appendices, and then really landscape
            assert section.width_mm > section.height_mm
        else:
            assert section.width_mm < section.height_mm
        margins = {"top": section.top_mm, "bottom": section.bottom_mm, "left": section.left_mm, "right": section.right_mm}
        for side, (low, high) in MARGINS_MM.items():
            assert low - MM_TOLERANCE <= margins[side] <= high + MM_TOLERANCE, f"section {index}: margins {margins}"


def test_each_section_numbers_its_own_pages_from_one(plan_document):
    assert [s.page_start for s in sections(plan_document)] == [1] * len(sections(plan_document))


# ------------------------------------------------------------- 1. font


def test_every_run_is_times_new_roman_in_all_four_slots(plan_document):
    read = Reader(plan_document)
    wrong = []
    for p, r in all_runs(plan_document):
        fonts = read.run(p, r).fonts
        if any(fonts[slot] != FONT for slot in FONT_SLOTS):
            wrong.append((paragraph_text(p)[:30], fonts))
    for p in all_paragraph_elements(plan_document):  # paragraph marks: empty lines have a height too
        fonts = read.run(p).fonts
        if any(fonts[slot] != FONT for slot in FONT_SLOTS):
            wrong.append(("¶ " + paragraph_text(p)[:30], fonts))
    assert sum(1 for _ in all_runs(plan_document)) > 50
    assert not wrong, wrong[:5]


def test_no_theme_fonts_anywhere(plan_package):
    assert theme_font_attributes(open_docx(plan_package)) == []
    with zipfile.ZipFile(io.BytesIO(plan_package)) as archive:
        for name in archive.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                xml = archive.read(name).decode("utf-8")
                assert not re.search(r"(ascii|hAnsi|eastAsia|cs)[Tt]heme=", xml), name


# ------------------------------------------------------------- 2. header


def test_header_table_has_two_columns_of_40_and_60_percent(plan):
    geometry = table_geometry(plan.read.sheet, plan.header)
    text_width = plan.section.text_width_mm
    assert len(geometry.grid_mm) == 2
    assert None not in geometry.grid_mm, "every gridCol needs a width"
    assert geometry.width_type == "dxa" and geometry.width_mm is not None, "the table width must be set"
    assert geometry.width_mm == pytest.approx(text_width, abs=MM_TOLERANCE)
    assert sum(geometry.grid_mm) == pytest.approx(geometry.width_mm, abs=MM_TOLERANCE)
    left, right = (width / text_width for width in geometry.grid_mm)
    assert left == pytest.approx(HEADER_LEFT_SHARE, abs=HEADER_SHARE_TOLERANCE)
    assert right == pytest.approx(1 - HEADER_LEFT_SHARE, abs=HEADER_SHARE_TOLERANCE)
    for row in plan.header.rows:
        cells = unique_cells(row)
        assert len(cells) == 2
        assert [cell_width_mm(c) for c in cells] == pytest.approx(geometry.grid_mm, abs=MM_TOLERANCE)


@pytest.mark.parametrize("which", ["header", "signature"])
def test_layout_tables_have_no_borders(plan, which):
    table = getattr(plan, which)
    borders = table_geometry(plan.read.sheet, table).borders
    assert not [side for side, value in borders.items() if drawn(value)], borders
    for row in table.rows:
        for cell in unique_cells(row):
            assert not [side for side, value in cell_borders(cell).items() if drawn(value)]


def test_number_and_place_date_sit_level_in_row_two(plan):
    assert len(plan.header.rows) == 2
    row_one = [text(p) for column in (0, 1) for p in plan.paragraphs(plan.header, 0, column)]
    assert not any(t.startswith("Số") or ", ngày" in t for t in row_one)
    number = plan.paragraphs(plan.header, 1, 0)[0]
    place_date = plan.paragraphs(plan.header, 1, 1)[0]
    assert text(number).startswith("Số:")
    assert PLACE_DATE.match(text(place_date)), text(place_date)
    before = plan.read.paragraph(number).space_before, plan.read.paragraph(place_date).space_before
    assert before[0] == pytest.approx(before[1], abs=1)


def test_national_title_is_bold_capitals_12_to_13(plan):
    title = plan.paragraphs(plan.header, 0, 1)[0]
    assert text(title) == NATIONAL_TITLE
    assert is_capitals(text(title))
    assert plan.bold(title) == {True}
    assert plan.italic(title) == {False}
    (size,) = plan.size(title)
    assert NATIONAL_TITLE_SIZES[0] <= size <= NATIONAL_TITLE_SIZES[1]
    assert plan.read.paragraph(title).alignment == "center"


def test_motto_is_bold_13_to_14(plan):
    motto = plan.paragraphs(plan.header, 0, 1)[1]
    assert text(motto) == MOTTO
    assert plan.bold(motto) == {True}
    assert plan.italic(motto) == {False}
    (size,) = plan.size(motto)
    assert MOTTO_SIZES[0] <= size <= MOTTO_SIZES[1]
    assert plan.read.paragraph(motto).alignment == "center"


def test_line_under_the_motto_is_as_long_as_the_motto(plan):
    cell = plan.cells(plan.header, 0)[1]
    paragraphs = plan.paragraphs(plan.header, 0, 1)
    motto, rule = paragraphs[1], paragraphs[2]
    assert text(rule) == ""
    fmt = plan.read.paragraph(rule)
    assert fmt.bottom_border is not None and fmt.bottom_border["val"] == "single", fmt.borders
    assert set(fmt.borders) == {"bottom"}, "a line, not a box"
    assert fmt.left_cm == pytest.approx(fmt.right_cm, abs=0.05), "centred"
    motto_fmt = plan.runs(motto)[0]
    expected = text_width_mm(MOTTO, motto_fmt.size, motto_fmt.bold)
    line = plan.line_mm(rule, cell_text_width_mm(plan.read.sheet, plan.header, cell))
    assert abs(line / expected - 1) <= MOTTO_LINE_TOLERANCE, (line, expected)


def test_parent_body_is_regular_capitals_12_to_13(plan):
    parent = plan.paragraphs(plan.header, 0, 0)[0]
    assert is_capitals(text(parent))
    assert plan.bold(parent) == {False}
    assert plan.italic(parent) == {False}
    assert in_range(plan.size(parent), PARENT_SIZES)


def _issuer_lines_and_rule(plan, row_cell_paragraphs):
    rule_index = next(i for i, p in enumerate(row_cell_paragraphs) if plan.read.paragraph(p).bottom_border)
    return row_cell_paragraphs[1:rule_index], row_cell_paragraphs[rule_index]


def test_issuing_body_is_bold_capitals_12_to_13_with_a_third_to_half_line(plan):
    issuer, rule = _issuer_lines_and_rule(plan, plan.paragraphs(plan.header, 0, 0))
    assert issuer, "the issuing body sits under the parent body"
    _check_issuer(plan, issuer, rule)


def _check_issuer(plan, issuer, rule):
    cell = plan.cells(plan.header, 0)[0]
    for line in issuer:
        assert is_capitals(text(line))
        assert plan.bold(line) == {True}
        assert in_range(plan.size(line), ISSUER_SIZES)
        assert plan.read.paragraph(line).alignment == "center"
    fmt = plan.read.paragraph(rule)
    assert text(rule) == "" and fmt.bottom_border["val"] == "single"
    assert fmt.left_cm == pytest.approx(fmt.right_cm, abs=0.05), "centred under the name"
    cell_width = cell_text_width_mm(plan.read.sheet, plan.header, cell)
    # The name as printed: at the size the issuer's style gives it in this document.
    name = max(min(text_width_mm(text(p), plan.runs(p)[0].size, True), cell_width) for p in issuer)
    ratio = plan.line_mm(rule, cell_width) / name
    assert SHORT_LINE[0] <= ratio <= SHORT_LINE[1], ratio


def test_number_line_is_regular_13(plan):
    number = plan.paragraphs(plan.header, 1, 0)[0]
    assert NUMBER_LINE.match(text(number)), text(number)
    assert plan.bold(number) == {False}
    assert plan.italic(number) == {False}
    assert plan.size(number) == {NUMBER_SIZE}


def test_place_date_is_italic_13_to_14(plan):
    place_date = plan.paragraphs(plan.header, 1, 1)[0]
    assert plan.italic(place_date) == {True}
    assert plan.bold(place_date) == {False}
    assert in_range(plan.size(place_date), PLACE_DATE_SIZES)


# ------------------------------------------------------------- 3. title block


def test_type_name_is_bold_13_to_14_centred(plan):
    assert text(plan.type_name) == TYPE_NAME
    assert plan.bold(plan.type_name) == {True}
    assert in_range(plan.size(plan.type_name), TITLE_SIZES)
    assert plan.read.paragraph(plan.type_name).alignment == "center"


def test_summary_is_bold_13_to_14_centred_sentence_case(plan):
    summary = text(plan.summary)
    assert summary[0].isupper() and not is_capitals(summary)
    assert plan.bold(plan.summary) == {True}
    assert in_range(plan.size(plan.summary), TITLE_SIZES)
    assert plan.read.paragraph(plan.summary).alignment == "center"


def test_line_under_the_summary_is_a_third_to_half_of_it(plan):
    rule = plan.summary_line
    fmt = plan.read.paragraph(rule)
    assert text(rule) == ""
    assert fmt.bottom_border is not None and fmt.bottom_border["val"] == "single", fmt.borders
    assert set(fmt.borders) == {"bottom"}
    assert fmt.left_cm == pytest.approx(fmt.right_cm, abs=0.05), "centred"
    text_width = plan.section.text_width_mm
    summary_fmt = plan.runs(plan.summary)[0]
    summary = text_width_mm(text(plan.summary), summary_fmt.size, summary_fmt.bold)
    longest = min(summary, text_width)  # a wrapped summary fills the text width
    ratio = plan.line_mm(rule, text_width) / longest
    assert SHORT_LINE[0] <= ratio <= SHORT_LINE[1], ratio


# ------------------------------------------------------------- 4. body


def test_body_paragraphs_are_13_to_14_justified_indented_spaced(plan):
    assert len(plan.body) > 10
    assert len({size for paragraph in plan.body for size in plan.size(paragraph)}) == 1, "one size for the body"
    wrong = []
    for paragraph in plan.body:
        fmt = plan.read.paragraph(paragraph)
        sizes = plan.size(paragraph)
        spacing = fmt.line_spacing
        single_pt = max(sizes) * 1.15  # a single line of Times New Roman
        line_ok = (LINE_SPACING[0] <= spacing.value <= LINE_SPACING[1] if spacing.rule == "auto"
                   else single_pt * LINE_SPACING[0] <= spacing.value <= single_pt * LINE_SPACING[1])
        problems = [
            not in_range(sizes, BODY_SIZES) and f"size {sizes}",
            fmt.alignment != "justify" and f"alignment {fmt.alignment}",
            not any(abs(fmt.first_line_cm - cm) < 0.02 for cm in FIRST_LINE_INDENTS_CM) and f"first line {fmt.first_line_cm:.2f} cm",
            (abs(fmt.left_cm) > 0.01 or abs(fmt.right_cm) > 0.01) and f"indents {fmt.left_cm:.2f}/{fmt.right_cm:.2f} cm",
            fmt.space_before < MIN_SPACE_BEFORE and f"space before {fmt.space_before}",
            fmt.space_after != 0 and f"space after {fmt.space_after}",
            not line_ok and f"line spacing {spacing}",
        ]
        problems = [p for p in problems if p]
        if problems:
            wrong.append((text(paragraph)[:40], problems))
    assert not wrong, wrong[:5]


def test_section_headings_are_bold_capitals_in_roman_order(plan):
    headings = [p for p in plan.body if SECTION_HEADING.match(text(p))]
    assert len(headings) >= 2
    numerals = [SECTION_HEADING.match(text(p)).group(1) for p in headings]
    assert numerals == ROMAN[:len(numerals)]
    for heading in headings:
        assert is_capitals(SECTION_HEADING.match(text(heading)).group(2)), text(heading)
        assert plan.bold(heading) == {True}, text(heading)
        assert not text(heading).endswith("."), "a section title takes no final period"


def _labels_in_sequence(paragraphs) -> tuple[list[str], list[str]]:
    """(point labels, items labels) in order; asserts both sequences."""
    points, items = [], []
    last_point, last_item = None, 0
    for paragraph in paragraphs:
        value = text(paragraph)
        if SECTION_HEADING.match(value):
            last_item = 0
            continue
        item = ITEM_LABEL.match(value)
        if item:
            number = int(item.group(1))
            assert number in (1, last_item + 1), f"item {number} after {last_item}: {value[:40]}"
            last_item, last_point = number, None
            items.append(item.group(1))
            continue
        point = POINT_LABEL.match(value)
        if point:
            letter = point.group(1)
            assert letter in POINT_LETTERS, f"{letter}) is not a Vietnamese point letter"
            expected = "a" if last_point is None else POINT_LETTERS[POINT_LETTERS.index(last_point) + 1]
            assert letter in ("a", expected), f"{letter}) after {last_point})"
            last_point = letter
            points.append(letter)
    return points, items


def test_labels_follow_their_sequences(plan):
    points, items = _labels_in_sequence(plan.body)
    assert points or items
    assert not {"f", "j", "w", "z"} & set(points)


def test_last_body_paragraph_ends_with_the_end_mark(plan):
    assert text(plan.body[-1]).endswith(END_MARK)
    assert not [text(p)[:40] for p in plan.body[:-1] if text(p).endswith(END_MARK)]


# ------------------------------------------------------------- 5. signature and recipients


def test_signature_table_has_two_columns_35_40_and_60_65(plan):
    geometry = table_geometry(plan.read.sheet, plan.signature)
    assert len(geometry.grid_mm) == 2 and None not in geometry.grid_mm
    assert geometry.width_type == "dxa" and geometry.width_mm == pytest.approx(plan.section.text_width_mm, abs=MM_TOLERANCE)
    total = sum(geometry.grid_mm)
    left, right = (width / total for width in geometry.grid_mm)
    assert share_in(left, SIGNATURE_LEFT_SHARE), left
    assert share_in(right, SIGNATURE_RIGHT_SHARE), right
    assert len(plan.signature.rows) == 1 and len(unique_cells(plan.signature.rows[0])) == 2


def test_recipients_label_is_bold_italic_12_flush_left(plan):
    label = plan.paragraphs(plan.signature, 0, 0)[0]
    assert text(label) == RECIPIENTS_LABEL
    assert plan.bold(label) == {True}
    assert plan.italic(label) == {True}
    assert plan.size(label) == {RECIPIENTS_LABEL_SIZE}
    fmt = plan.read.paragraph(label)
    assert fmt.alignment == "left"
    assert fmt.first_line_cm == pytest.approx(0, abs=0.01) and fmt.left_cm == pytest.approx(0, abs=0.01)


def test_recipient_entries_are_11_dashed_and_end_with_the_archive_line(plan):
    paragraphs = plan.paragraphs(plan.signature, 0, 0)[1:]
    archive_index = next(i for i, p in enumerate(paragraphs) if text(p).startswith("- Lưu"))
    entries = paragraphs[:archive_index + 1]
    assert len(entries) >= 2
    for entry in entries:
        fmt = plan.read.paragraph(entry)
        assert text(entry).startswith("- "), text(entry)
        assert plan.size(entry) == {RECIPIENT_SIZE}, text(entry)
        assert plan.bold(entry) == {False}
        assert fmt.alignment == "left"
        # the dash flush left; a wrapped line continues under the name, not under the dash
        assert fmt.left_cm + fmt.first_line_cm == pytest.approx(0, abs=0.01), text(entry)
        assert fmt.left_cm == pytest.approx(text_width_mm("- ", RECIPIENT_SIZE) / 10, abs=0.01), text(entry)
    for entry in entries[:-1]:
        assert text(entry).endswith(";"), text(entry)
    assert re.match(r"^- Lưu: VT, \S.*\.$", text(entries[-1])), text(entries[-1])
    assert not [text(p) for p in paragraphs[archive_index + 1:] if text(p).startswith("- ")], "the archive line is last"


def test_signature_block(plan):
    paragraphs = plan.paragraphs(plan.signature, 0, 1)
    first = paragraphs[0]
    assert is_capitals(text(first)), text(first)
    assert plan.bold(first) == {True}
    assert in_range(plan.size(first), SIGNATURE_SIZES)
    assert plan.read.paragraph(first).alignment == "center"
    if text(first).split(".")[0] in AUTHORITIES and "." in text(first):
        title = paragraphs[1]
        assert is_capitals(text(title)) and text(title), "the signer's own title"
        assert plan.bold(title) == {True}
        assert plan.read.paragraph(title).alignment == "center"
    name = paragraphs[-1]
    blanks = 0
    for paragraph in reversed(paragraphs[:-1]):
        if text(paragraph).strip():
            break
        blanks += 1
    assert blanks >= MIN_BLANK_LINES, blanks
    assert text(name).strip() and not is_capitals(text(name))
    assert not text(name).startswith(ACADEMIC_TITLES)
    assert plan.bold(name) == {True}
    assert in_range(plan.size(name), SIGNATURE_SIZES)
    assert plan.read.paragraph(name).alignment == "center"


def test_recipients_label_and_first_signature_line_sit_level(plan):
    left, right = plan.cells(plan.signature, 0)
    label, first = cell_paragraphs(plan.doc, left)[0], cell_paragraphs(plan.doc, right)[0]
    assert text(label) == RECIPIENTS_LABEL
    assert is_capitals(text(first))
    before = plan.read.paragraph(label).space_before, plan.read.paragraph(first).space_before
    assert before[0] == pytest.approx(before[1], abs=1)
    valign = [c._tc.find(f"{w('tcPr')}/{w('vAlign')}") for c in (left, right)]
    assert [v.get(w("val")) if v is not None else "top" for v in valign] == ["top", "top"]


def test_plan_799_signs_kt_giam_doc(plan_799):
    paragraphs = [text(p) for p in plan_799.paragraphs(plan_799.signature, 0, 1)]
    assert paragraphs[:2] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert paragraphs[-1] == "Trần Xuân Dâng"
    first = plan_799.paragraphs(plan_799.signature, 0, 1)[0]
    assert plan_799.bold(first) == {True} and in_range(plan_799.size(first), SIGNATURE_SIZES)
    assert plan_799.read.paragraph(first).alignment == "center"


# ------------------------------------------------------------- 1. page numbers


def test_page_numbers_centred_13_to_14_not_on_page_one(plan_document):
    read = Reader(plan_document)
    for index, section in enumerate(sections(plan_document)):
        assert section.title_page, f"section {index}: page 1 needs its own header"
        assert "first" in section.headers and "default" in section.headers
        assert page_field_paragraphs(section.headers["first"]) == [], f"section {index}: number on page 1"
        numbered = page_field_paragraphs(section.headers["default"])
        assert len(numbered) == 1, f"section {index}: no PAGE field"
        paragraph = numbered[0]
        assert read.paragraph(paragraph).alignment == "center"
        shown = field_result_runs(paragraph)
        sizes = {read.run(paragraph, r).size for r in shown} | {read.run(paragraph).size}
        assert in_range(sizes, PAGE_NUMBER_SIZES)
        fonts = [read.run(paragraph, r).fonts for r in paragraph.iter(w("r"))]
        assert all(f[slot] == FONT for f in fonts for slot in FONT_SLOTS)


# ------------------------------------------------------------- small plans


def test_draft_leaves_the_number_and_the_day_blank(tmp_path):
    draft = MINIMAL_PLAN.replace("number: 5\n", "").replace("date: 2020-01-07", "date: 2021-02")
    plan = small(tmp_path, draft)
    number = text(plan.paragraphs(plan.header, 1, 0)[0])
    place_date = text(plan.paragraphs(plan.header, 1, 1)[0])
    assert re.fullmatch(r"Số:\s{3,}/KH-SYT", number), repr(number)
    assert re.fullmatch(r"Hà Tĩnh, ngày\s{3,}tháng 02 năm 2021", place_date), repr(place_date)


def test_number_and_day_below_ten_and_january_take_a_leading_zero(tmp_path):
    plan = small(tmp_path, MINIMAL_PLAN)
    assert text(plan.paragraphs(plan.header, 1, 0)[0]) == "Số: 05/KH-SYT"
    assert text(plan.paragraphs(plan.header, 1, 1)[0]) == "Hà Tĩnh, ngày 07 tháng 01 năm 2020"


SECTION_OF_MINIMAL = """\
sections:
  - title: Mục đích
    items:
      - Nội dung thứ nhất.
"""


def test_section_titles_typed_in_lower_case_print_bold_in_capitals(tmp_path):
    plan = small(tmp_path, MINIMAL_PLAN)  # the title is typed "Mục đích"
    heading = plan.body[0]
    assert text(heading) == "I. MỤC ĐÍCH"
    assert plan.bold(heading) == {True}
    assert in_range(plan.size(heading), BODY_SIZES)


def test_seven_points_are_lettered_without_f(tmp_path):
    items = "".join(f"      - Điểm số {n}.\n" for n in range(1, 8))
    yaml_text = MINIMAL_PLAN.replace(SECTION_OF_MINIMAL, f"sections:\n  - title: Nội dung\n    numbering: letters\n    items:\n{items}")
    assert yaml_text != MINIMAL_PLAN
    plan = small(tmp_path, yaml_text)
    labels = [POINT_LABEL.match(text(p)).group(1) for p in plan.body if POINT_LABEL.match(text(p))]
    assert labels == ["a", "b", "c", "d", "đ", "e", "g"]
    assert not [text(p) for p in plan.body if text(p).startswith("f)")]
    points, _ = _labels_in_sequence(plan.body)
    assert points == labels


def test_inline_italic_and_bold_become_runs_without_markers(tmp_path):
    yaml_text = MINIMAL_PLAN.replace("      - Nội dung thứ nhất.\n",
                                     "      - Nội dung có *chữ nghiêng* và **chữ đậm** ở giữa.\n")
    assert yaml_text != MINIMAL_PLAN
    plan = small(tmp_path, yaml_text)
    paragraph = next(p for p in plan.body if "chữ nghiêng" in text(p))
    assert "*" not in text(paragraph)
    assert text(paragraph).startswith("1. Nội dung có chữ nghiêng và chữ đậm ở giữa")
    runs = plan.read.runs(paragraph)
    by_text = {t: f for t, f in runs}
    assert (by_text["chữ nghiêng"].italic, by_text["chữ nghiêng"].bold) == (True, False)
    assert (by_text["chữ đậm"].bold, by_text["chữ đậm"].italic) == (True, False)
    plain = [f for t, f in runs if t not in ("chữ nghiêng", "chữ đậm")]
    assert plain and all(not f.bold and not f.italic for f in plain)
    assert in_range({f.size for _t, f in runs}, BODY_SIZES)
    assert all(set(f.fonts.values()) == {FONT} for _t, f in runs)


HEADER_VARIANTS = {
    "no-parent": ("issuer: {parent: UBND TỈNH HÀ TĨNH, name: SỞ Y TẾ,", "issuer: {name: SỞ Y TẾ,"),
    "two-line-issuer": ("name: SỞ Y TẾ,", 'name: "BAN QUẢN LÝ DỰ ÁN ĐẦU TƯ\\nXÂY DỰNG NGÀNH Y TẾ",'),
}


@pytest.mark.parametrize("variant", HEADER_VARIANTS, ids=list(HEADER_VARIANTS))
def test_number_and_place_date_stay_level_whatever_the_left_column_holds(tmp_path, variant):
    old, new = HEADER_VARIANTS[variant]
    yaml_text = MINIMAL_PLAN.replace(old, new)
    assert yaml_text != MINIMAL_PLAN
    plan = small(tmp_path, yaml_text)
    assert len(plan.header.rows) == 2
    number, place_date = plan.paragraphs(plan.header, 1, 0)[0], plan.paragraphs(plan.header, 1, 1)[0]
    assert text(number) == "Số: 05/KH-SYT"
    assert text(place_date) == "Hà Tĩnh, ngày 07 tháng 01 năm 2020"
    cell = plan.paragraphs(plan.header, 0, 0)
    if variant == "no-parent":
        issuer, rule = cell[:1], cell[1]
        assert [text(p) for p in cell if text(p)] == ["SỞ Y TẾ"]
    else:
        issuer, rule = cell[1:3], cell[3]
        assert [text(p) for p in cell if text(p)] == ["UBND TỈNH HÀ TĨNH", "BAN QUẢN LÝ DỰ ÁN ĐẦU TƯ", "XÂY DỰNG NGÀNH Y TẾ"]
    _check_issuer(plan, issuer, rule)


def test_urgency_is_a_bold_capital_box_under_the_number(tmp_path):
    plan = small(tmp_path, MINIMAL_PLAN.replace("number: 5\n", "number: 5\nurgency: THƯỢNG KHẨN\n"))
    left = plan.paragraphs(plan.header, 1, 0)
    assert [text(p) for p in left[:2]] == ["Số: 05/KH-SYT", "THƯỢNG KHẨN"]
    box = left[1]
    assert plan.bold(box) == {True}
    (size,) = plan.size(box)
    assert 13 <= size <= 14
    borders = plan.read.paragraph(box).borders
    assert {side: b["val"] for side, b in borders.items()} == dict.fromkeys(("top", "left", "bottom", "right"), "single")


def test_legal_bases_are_italic_lines_ending_with_semicolons_then_a_period(tmp_path):
    bases = "bases:\n  - Căn cứ Luật Thi đua, khen thưởng\n  - Căn cứ Kế hoạch số 96/KH-UBND ngày 23/3/2020;\n"
    plan = small(tmp_path, MINIMAL_PLAN.replace("title: Thử nghiệm\n", "title: Thử nghiệm\n" + bases))
    lines = [p for p in plan.body if text(p).startswith("Căn cứ")]
    assert [text(p) for p in lines] == ["Căn cứ Luật Thi đua, khen thưởng;", "Căn cứ Kế hoạch số 96/KH-UBND ngày 23/3/2020."]
    for line in lines:
        assert plan.italic(line) == {True}
        assert in_range(plan.size(line), BODY_SIZES)
        assert plan.read.paragraph(line).alignment == "justify"


# ------------------------------------------------------------- lean package


def test_package_has_no_theme_and_no_thumbnail(plan_package):
    with zipfile.ZipFile(io.BytesIO(plan_package)) as archive:
        names = archive.namelist()
        rels = "".join(archive.read(n).decode("utf-8") for n in names if n.endswith(".rels"))
        types = archive.read("[Content_Types].xml").decode("utf-8")
    assert "word/document.xml" in names and "word/styles.xml" in names
    assert not [n for n in names if "theme" in n.lower() or "thumbnail" in n.lower()], names
    assert "/theme" not in rels and "thumbnail" not in rels
    assert "theme" not in types.lower() and "thumbnail" not in types.lower()


def test_plan_799_docx_is_under_20_kb():
    assert len(render_bytes(PLAN_799)) < LEAN_LIMIT_BYTES


# ------------------------------------------------------------- the reader itself
# A reader that always answered "Times New Roman, 14" would pass everything
# above; these tests change the XML in memory and expect the reader to follow.


@pytest.fixture
def doc_799():
    return open_docx(render_bytes(PLAN_799))


def _style(document, style_id):
    return document.styles.element.find(f"{w('style')}[@{w('styleId')}='{style_id}']")


def _set(parent, tag, **attrs):
    element = parent.find(w(tag))
    if element is None:
        element = etree.SubElement(parent, w(tag))
    for key, value in attrs.items():
        element.set(w(key), value)
    return element


def _heading(document) -> Paragraph:
    parts = PlanParts(document)
    return next(p for p in parts.body if SECTION_HEADING.match(text(p)))


def test_reader_follows_the_based_on_chain_to_the_defaults(doc_799):
    heading = _heading(doc_799)
    read = Reader(doc_799)
    assert read.paragraph(heading).style_id == "KHSection"
    assert read.text_runs(heading)[0].size == 14
    body_rpr = _style(doc_799, "KHBody").find(w("rPr"))
    body_rpr.remove(body_rpr.find(w("sz")))  # KH Section -> KH Body -> KH Normal
    _set(_style(doc_799, "KHNormal").find(w("rPr")), "sz", val="20")
    assert Reader(doc_799).text_runs(heading)[0].size == 10
    _style(doc_799, "KHNormal").find(w("rPr")).remove(_style(doc_799, "KHNormal").find(f"{w('rPr')}/{w('sz')}"))
    assert Reader(doc_799).text_runs(heading)[0].size == 14  # docDefaults: 28 half-points


def test_reader_lets_run_properties_override_the_style(doc_799):
    heading = _heading(doc_799)
    run = heading._p.find(w("r"))
    rpr = run.find(w("rPr"))
    if rpr is None:
        rpr = etree.Element(w("rPr"))
        run.insert(0, rpr)
    _set(rpr, "b", val="0")
    _set(rpr, "sz", val="26")
    _set(rpr, "rFonts", ascii="Arial")
    fmt = Reader(doc_799).run(heading, run)
    assert (fmt.bold, fmt.size) == (False, 13)
    assert fmt.fonts == {"ascii": "Arial", "hAnsi": FONT, "eastAsia": FONT, "cs": FONT}


def test_reader_merges_indent_and_spacing_attributes(doc_799):
    body = PlanParts(doc_799).body[0]
    ppr = body._p.find(w("pPr"))
    _set(ppr, "ind", left="567")
    _set(ppr, "spacing", after="120")
    fmt = Reader(doc_799).paragraph(body)
    assert fmt.first_line_cm == pytest.approx(1.27, abs=0.01)
    assert fmt.left_cm == pytest.approx(1.0, abs=0.01)
    assert (fmt.space_before, fmt.space_after) == (6, 6)
    assert fmt.alignment == "justify"


def test_reader_sees_theme_fonts(doc_799):
    defaults = doc_799.styles.element.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('rFonts')}")
    defaults.set(w("eastAsiaTheme"), "minorEastAsia")
    assert theme_font_attributes(doc_799) == ["styles.xml: rFonts@eastAsiaTheme"]
    body = PlanParts(doc_799).body[0]
    assert Reader(doc_799).text_runs(body)[0].fonts["eastAsia"] == "theme:minorEastAsia"
