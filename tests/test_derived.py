"""The documents derived from a plan, read back from the files produced.

Task checklist rows and recurrences, the checklist .docx (a landscape appendix
with a repeated header row and a box to tick), the appendices carried by the
plan itself (section breaks, orientation, page numbering), the CSV, the
per-owner checklists, the registration forms (criteria taken by reference),
the .ics calendar (parsed with icalendar), the validation messages of the
fields behind them, `build --only` and determinism.

Expected values come from the plans and from the spec (format-rules.md of the project's shared notes)
section 6; generator code is only used to produce the documents and, where the
brief asks for it, as the reference the output must equal (`task_rows`,
`criterion_text`).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from conftest import MINIMAL_PLAN, PLAN_799, PLAN_THAI_NGUYEN, PLANS, open_docx, render_all, render_bytes
from effective import (
    TWIPS_PER_MM,
    Reader,
    StyleSheet,
    cell_paragraphs,
    drawn,
    iter_body,
    paragraph_style_id,
    paragraph_text,
    section_blocks,
    sections,
    table_geometry,
    unique_cells,
    w,
)
from kehoach.build import build
from kehoach.documents import render_outputs
from kehoach.cli import main
from kehoach.derive.forms import criterion_text
from kehoach.derive.checklist import checklist_csv
from kehoach.derive.tasks import TaskRow, task_rows
from kehoach.errors import PlanError
from kehoach.read import read_plan
from test_robustness import quick

KEY_799 = PLAN_799.relative_to(PLANS).with_suffix("").as_posix()
KEY_THAI_NGUYEN = PLAN_THAI_NGUYEN.relative_to(PLANS).with_suffix("").as_posix()

TICK_BOX = "\u25a1"  # □
CHECKLIST_TITLE = "BẢNG PHÂN CÔNG NHIỆM VỤ VÀ THEO DÕI TIẾN ĐỘ"
REFERENCE_799 = "(Kèm theo Kế hoạch số 799/KH-SYT ngày 31 tháng 3 năm 2020 của Sở Y tế)"
# A draft leaves room for the number and the day: "số <blanks>/KH-SYT ngày <blank> tháng 02 ..."
REFERENCE_DRAFT = re.compile(r"\(Kèm theo Kế hoạch số[\s\u00a0]{3,}/KH-SYT ngày[\s\u00a0]{3,}tháng 02 năm 2021 của Sở Y tế\)")
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
FORM_ENTRY_MIN_MM = 30
CSV_WORDING, CSV_OWNER, CSV_DATE = "Nội dung nhiệm vụ", "Chủ trì", "Thời hạn"

MINIMAL_ITEMS = "      - Nội dung thứ nhất.\n"


# ------------------------------------------------------------------ helpers


def plan_text(items: str, extra: str = "", called: bool = True, date: str | None = None) -> str:
    """MINIMAL_PLAN with its one item replaced by `items` (YAML at item indent) and keys appended."""
    assert MINIMAL_ITEMS in MINIMAL_PLAN
    text = MINIMAL_PLAN.replace(MINIMAL_ITEMS, items)
    if called:
        assert "place: Hà Tĩnh}" in text
        text = text.replace("place: Hà Tĩnh}", "place: Hà Tĩnh, called: Sở Y tế}")
    if date:
        text = text.replace("date: 2020-01-07", f"date: {date}")
    return text + extra


def task_item(item_id: str, task: str, text: str = "Báo cáo định kỳ.") -> str:
    """An item with an id, one paragraph and a task given as a YAML flow mapping."""
    return f"      - id: {item_id}\n        text: {text}\n        task: {task}\n"


def write(tmp_path: Path, text: str, name: str = "plan.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def rows_of(tmp_path: Path, text: str):
    return task_rows(read_plan(write(tmp_path, text)))


def outputs_of(tmp_path: Path, text: str, key: str = "plan", **options) -> dict[str, bytes]:
    return render_outputs(read_plan(write(tmp_path, text)), key, **options)


def problems_of(tmp_path: Path, text: str) -> list[str]:
    path = write(tmp_path, text)
    with pytest.raises(PlanError) as caught:
        read_plan(path, display="plan.yaml")
    return [str(problem) for problem in caught.value.problems]


def at(text: str, needle: str, occurrence: int = 1) -> str:
    """`line:column` (1-based) of the occurrence-th `needle` in text."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"{line}:{column}"


def short(date: dt.date) -> str:
    """`30/6/2020`, `15/01/2021`: the date as a Vietnamese document writes it."""
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"{date.day:02d}/{month}/{date.year}"


def dues(rows) -> list[dt.date | None]:
    return [row.due for row in rows]


def paragraphs_of(blocks) -> list:
    return [b for b in blocks if not hasattr(b, "rows")]


def tables_of(blocks) -> list:
    return [b for b in blocks if hasattr(b, "rows")]


def cell_texts(document, row) -> list[str]:
    return ["\n".join(paragraph_text(p) for p in cell_paragraphs(document, cell)) for cell in unique_cells(row)]


def row_height(row):
    """(twips, hRule) of a row's w:trHeight, or None."""
    height = row._tr.find(f"{w('trPr')}/{w('trHeight')}")
    if height is None:
        return None
    return int(height.get(w("val"))), height.get(w("hRule"))


def is_header_row(row) -> bool:
    return row._tr.find(f"{w('trPr')}/{w('tblHeader')}") is not None


def grid_table(document, first_header: str):
    """The ruled table whose first header cell reads `first_header`."""
    found = [b for b in iter_body(document) if hasattr(b, "rows")
             and cell_texts(document, b.rows[0])[0] == first_header]
    assert len(found) == 1, f"expected one table headed {first_header!r}, found {len(found)}"
    return found[0]


def body_texts(document) -> list[str]:
    return [paragraph_text(p) for p in document.element.body.iter(w("p"))]


def dotted_tabs(document, paragraph) -> list[dict]:
    """The tab stops of a paragraph (style chain, then direct), as attribute dicts by local name."""
    sheet = StyleSheet(document)
    sources = [style.find(w("pPr")) for style in sheet.chain(paragraph_style_id(sheet, paragraph._p))]
    sources.append(paragraph._p.find(w("pPr")))
    tabs = []
    for ppr in sources:
        if ppr is None:
            continue
        for tab in ppr.findall(f"{w('tabs')}/{w('tab')}"):
            tabs.append({key.split("}")[1]: value for key, value in tab.attrib.items()})
    return tabs


def events(ics: bytes) -> list:
    return Calendar.from_ical(ics).walk("VEVENT")


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# ------------------------------------------------------------------ checklist rows


def test_799_checklist_rows_are_the_three_due_dates_sorted():
    rows = task_rows(read_plan(PLAN_799))
    assert dues(rows) == [dt.date(2020, 6, 30), dt.date(2020, 10, 15), dt.date(2020, 12, 31)]
    recurring = "Báo cáo định kỳ kết quả phong trào thi đua “Dân vận khéo”"
    assert [row.wording for row in rows] == [
        f"{recurring} (6 tháng đầu năm 2020)",
        "Báo cáo kết quả thực hiện công tác dân vận khéo năm 2020",
        f"{recurring} (năm 2020)",
    ]
    assert [row.item_id for row in rows] == ["xay-dung-ke-hoach-don-vi", "bao-cao-ket-qua", "xay-dung-ke-hoach-don-vi"]
    assert {row.owner for row in rows} == {"Các đơn vị trong ngành"}
    assert {row.report_to for row in rows} == {"Phòng Tổ chức cán bộ, Sở Y tế"}


def test_draft_plan_yearly_task_gives_one_row_per_year_of_its_period():
    rows = task_rows(read_plan(PLAN_THAI_NGUYEN))
    assert dues(rows) == [dt.date(year, 12, 31) for year in range(2021, 2026)]
    assert [row.wording for row in rows] == [
        f"Báo cáo hằng năm tình hình thực hiện phong trào (năm {year})" for year in range(2021, 2026)]
    assert {row.owner for row in rows} == {"Các đơn vị trực thuộc Sở"}


def test_monthly_task_gives_twelve_month_ends_in_a_one_year_period(tmp_path):
    rows = rows_of(tmp_path, plan_text(task_item("bao-cao-thang", "{owner: Phòng A, repeat: monthly, summary: Báo cáo tháng}")))
    assert len(rows) == 12
    assert dues(rows) == [dt.date(2020, 1, 31), dt.date(2020, 2, 29), dt.date(2020, 3, 31), dt.date(2020, 4, 30),
                          dt.date(2020, 5, 31), dt.date(2020, 6, 30), dt.date(2020, 7, 31), dt.date(2020, 8, 31),
                          dt.date(2020, 9, 30), dt.date(2020, 10, 31), dt.date(2020, 11, 30), dt.date(2020, 12, 31)]
    assert rows[0].wording == "Báo cáo tháng (tháng 01/2020)"
    assert rows[2].wording == "Báo cáo tháng (tháng 3/2020)"
    assert rows[11].wording == "Báo cáo tháng (tháng 12/2020)"


def test_quarterly_task_is_due_at_each_quarter_end(tmp_path):
    rows = rows_of(tmp_path, plan_text(task_item("bao-cao-quy", "{owner: Phòng A, repeat: quarterly, summary: Báo cáo quý}")))
    assert dues(rows) == [dt.date(2020, 3, 31), dt.date(2020, 6, 30), dt.date(2020, 9, 30), dt.date(2020, 12, 31)]
    assert [row.wording for row in rows] == [f"Báo cáo quý (quý {q}/2020)" for q in ("I", "II", "III", "IV")]


def test_half_yearly_task_is_due_at_30_june_and_31_december(tmp_path):
    rows = rows_of(tmp_path, plan_text(task_item("bao-cao", "{owner: Phòng A, repeat: half-yearly, summary: Sơ kết}")))
    assert dues(rows) == [dt.date(2020, 6, 30), dt.date(2020, 12, 31)]
    assert [row.wording for row in rows] == ["Sơ kết (6 tháng đầu năm 2020)", "Sơ kết (năm 2020)"]


def test_day_sets_the_deadline_inside_the_last_month_of_each_period(tmp_path):
    rows = rows_of(tmp_path, plan_text(task_item("bao-cao", "{owner: Phòng A, repeat: {every: monthly, day: 15}}")))
    assert dues(rows) == [dt.date(2020, month, 15) for month in range(1, 13)]


def test_start_and_until_bound_the_periods(tmp_path):
    rows = rows_of(tmp_path, plan_text(task_item(
        "bao-cao", "{owner: Phòng A, repeat: {every: quarterly, day: 20, start: 2020-06, until: 2020-12}}")))
    assert dues(rows) == [dt.date(2020, 6, 20), dt.date(2020, 9, 20), dt.date(2020, 12, 20)]


def test_start_and_until_bound_monthly_periods(tmp_path):
    rows = rows_of(tmp_path, plan_text(task_item(
        "bao-cao", "{owner: Phòng A, repeat: {every: monthly, start: 2020-03, until: 2020-05}}")))
    assert dues(rows) == [dt.date(2020, 3, 31), dt.date(2020, 4, 30), dt.date(2020, 5, 31)]


def test_multi_year_period_repeats_in_every_year(tmp_path):
    rows = rows_of(tmp_path, plan_text(task_item("bao-cao", "{owner: Phòng A, repeat: quarterly, summary: Quý}"),
                                       extra="period: 2020-2021\n"))
    assert dues(rows) == [dt.date(year, month, day) for year in (2020, 2021)
                          for month, day in ((3, 31), (6, 30), (9, 30), (12, 31))]
    assert rows[4].wording == "Quý (quý I/2021)"


def test_start_inside_a_multi_year_period_skips_the_earlier_years(tmp_path):
    rows = rows_of(tmp_path, plan_text(task_item("bao-cao", "{owner: Phòng A, repeat: {every: yearly, start: 2021-01}}"),
                                       extra="period: 2020-2022\n"))
    assert dues(rows) == [dt.date(2021, 12, 31), dt.date(2022, 12, 31)]


def test_day_31_clamps_to_29_february_in_a_leap_year(tmp_path):
    rows = rows_of(tmp_path, plan_text(task_item("bao-cao", "{owner: Phòng A, repeat: {every: monthly, day: 31}}"),
                                       date="2024-01-07"))
    assert len(rows) == 12
    assert rows[1].due == dt.date(2024, 2, 29)
    assert dues(rows)[:4] == [dt.date(2024, 1, 31), dt.date(2024, 2, 29), dt.date(2024, 3, 31), dt.date(2024, 4, 30)]


def test_day_31_clamps_to_28_february_in_a_common_year(tmp_path):
    rows = rows_of(tmp_path, plan_text(task_item("bao-cao", "{owner: Phòng A, repeat: {every: monthly, day: 31}}"),
                                       date="2023-01-07"))
    assert rows[1].due == dt.date(2023, 2, 28)


def test_tasks_without_deadline_come_last_and_ties_keep_document_order(tmp_path):
    items = (
        task_item("a-khong-han", "{owner: Phòng A}", "Việc A không có hạn.")
        + task_item("b-thang-5", "{owner: Phòng A, due: 2020-05-01}", "Việc B.")
        + task_item("c-thang-3", "{owner: Phòng A, due: 2020-03-01}", "Việc C.")
        + task_item("d-thang-5", "{owner: Phòng A, due: 2020-05-01}", "Việc D.")
        + task_item("e-khong-han", "{owner: Phòng A}", "Việc E không có hạn.")
        + task_item("f-thang-3", "{owner: Phòng A, due: 2020-03-01}", "Việc F.")
    )
    text = plan_text(items)
    rows = rows_of(tmp_path, text)
    assert [row.item_id for row in rows] == ["c-thang-3", "f-thang-3", "b-thang-5", "d-thang-5", "a-khong-han", "e-khong-han"]
    assert dues(rows)[-2:] == [None, None]
    # the CSV keeps that order and leaves the missing deadlines blank; the calendar skips them
    outputs = outputs_of(tmp_path, text)
    body = csv_rows(outputs[".checklist.csv"])
    date_column = body[0].index(CSV_DATE)
    assert [r[date_column] for r in body[1:]] == ["01/3/2020", "01/3/2020", "01/5/2020", "01/5/2020", "", ""]
    assert len(events(outputs[".ics"])) == 4


def test_plan_whose_tasks_have_no_deadline_writes_no_calendar(tmp_path):
    outputs = outputs_of(tmp_path, plan_text(task_item("a", "{owner: Phòng A}", "Việc không hạn.")))
    assert ".ics" not in outputs
    assert ".checklist.docx" in outputs and ".checklist.csv" in outputs


# ------------------------------------------------------------------ the checklist .docx


@pytest.mark.parametrize("plan_path", [PLAN_799, PLAN_THAI_NGUYEN], ids=["799", "thai-nguyen"])
def test_checklist_docx_is_a_landscape_section_numbered_from_1(plan_path):
    document = open_docx(render_all(plan_path)[".checklist.docx"])
    (section,) = sections(document)
    size = document.element.body.find(f"{w('sectPr')}/{w('pgSz')}")
    assert size.get(w("orient")) == "landscape"
    assert int(size.get(w("w"))) > int(size.get(w("h")))
    assert (round(section.width_mm), round(section.height_mm)) == (297, 210)
    assert section.page_start == 1
    assert section.title_page is True


def test_checklist_heading_title_and_reference_line():
    document = open_docx(render_all(PLAN_799)[".checklist.docx"])
    reader = Reader(document)
    heading, title, reference = paragraphs_of(list(iter_body(document)))[:3]
    assert paragraph_text(heading) == "Phụ lục I"
    assert paragraph_text(title) == CHECKLIST_TITLE
    assert paragraph_text(title) == paragraph_text(title).upper()
    assert paragraph_text(reference) == REFERENCE_799
    for paragraph in (heading, title, reference):
        assert reader.paragraph(paragraph).alignment == "center"
    assert all(f.bold and f.size == 14 for f in reader.text_runs(heading))
    assert all(f.bold and f.size in (13, 14) for f in reader.text_runs(title))
    assert all(f.italic and f.size in (13, 14) for f in reader.text_runs(reference))
    assert not any(f.bold for f in reader.text_runs(reference))


def test_a_checklist_the_plan_does_not_attach_is_headed_as_a_document_of_its_own():
    """Thai Nguyen's plan attaches only its forms: its checklist is no "Phụ lục", and cites the
    plan it carries out, with the draft's number and day left blank."""
    document = open_docx(render_all(PLAN_THAI_NGUYEN)[".checklist.docx"])
    texts = [paragraph_text(p) for p in paragraphs_of(list(iter_body(document)))]
    assert texts[0] == CHECKLIST_TITLE
    assert not any(text.startswith("Phụ lục") for text in texts)
    assert REFERENCE_DRAFT.fullmatch(texts[1].replace("(Thực hiện ", "(Kèm theo ", 1)), texts[1]
    assert texts[1].startswith("(Thực hiện Kế hoạch số")


@pytest.mark.parametrize("plan_path", [PLAN_799, PLAN_THAI_NGUYEN], ids=["799", "thai-nguyen"])
def test_checklist_table_has_repeated_header_grid_and_one_row_per_due_date(plan_path):
    document = open_docx(render_all(plan_path)[".checklist.docx"])
    rows = task_rows(read_plan(plan_path))
    table = grid_table(document, "STT")
    header, *body = table.rows
    assert is_header_row(header)
    assert not any(is_header_row(row) for row in body)
    borders = table_geometry(document, table).borders
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        assert drawn(borders.get(side)), side
    header_texts = cell_texts(document, header)
    assert len(body) == len(rows)
    wording, owner, date, status = (header_texts.index(name) for name in ("Nội dung nhiệm vụ", "Chủ trì", "Thời hạn", "Tình trạng"))
    for number, (row, task) in enumerate(zip(body, rows), start=1):
        texts = cell_texts(document, row)
        assert texts[0] == str(number)
        assert texts[wording] == task.wording
        assert texts[owner] == task.owner
        assert texts[date] == short(task.due)
        assert texts[status] == TICK_BOX


def test_799_checklist_first_row_reads_30_6_2020():
    document = open_docx(render_all(PLAN_799)[".checklist.docx"])
    texts = cell_texts(document, grid_table(document, "STT").rows[1])
    assert "30/6/2020" in texts
    assert "Các đơn vị trong ngành" in texts
    assert texts[-1] == TICK_BOX


def test_checklist_table_fits_the_landscape_text_width():
    document = open_docx(render_all(PLAN_799)[".checklist.docx"])
    (section,) = sections(document)
    geometry = table_geometry(document, grid_table(document, "STT"))
    assert abs(geometry.width_mm - section.text_width_mm) < 1
    assert abs(sum(geometry.grid_mm) - section.text_width_mm) < 1


# ------------------------------------------------------------------ appendices in the plan .docx


def test_799_plan_carries_checklist_and_form_after_section_breaks():
    document = open_docx(render_bytes(PLAN_799))
    body = document.element.body
    in_paragraph = [p for p in body.findall(w("p")) if p.find(f"{w('pPr')}/{w('sectPr')}") is not None]
    assert len(in_paragraph) == 2
    assert body[-1].tag == w("sectPr")  # the last section's properties close the body
    assert [s.orient for s in sections(document)] == ["portrait", "landscape", "portrait"]
    for info in sections(document):
        assert (info.width_mm > info.height_mm) == (info.orient == "landscape")
        assert info.page_start == 1  # each part restarts its page numbers
        assert info.title_page is True
    plan, checklist, form = section_blocks(document)
    # the plan ends with its signature block, right before the break
    assert hasattr(plan[-1], "rows")
    assert "Trần Xuân Dâng" in "\n".join(cell_texts(document, plan[-1].rows[0]))
    assert in_paragraph[0].getprevious() is plan[-1]._tbl
    assert [paragraph_text(p) for p in paragraphs_of(checklist)[:3]] == ["Phụ lục I", CHECKLIST_TITLE, REFERENCE_799]
    assert [paragraph_text(p) for p in paragraphs_of(form)[:3]] == [
        "Phụ lục II", "MẪU PHIẾU ĐĂNG KÝ MÔ HÌNH “DÂN VẬN KHÉO” NĂM 2020", REFERENCE_799]
    (checklist_table,) = tables_of(checklist)
    assert len(checklist_table.rows) == 1 + 3
    form_texts = [paragraph_text(p) for p in paragraphs_of(form)]
    assert "PHIẾU ĐĂNG KÝ MÔ HÌNH “DÂN VẬN KHÉO” NĂM 2020" in form_texts


def test_799_appendix_headings_in_the_plan_are_bold_14_centred():
    document = open_docx(render_bytes(PLAN_799))
    reader = Reader(document)
    _plan, checklist, form = section_blocks(document)
    for blocks, heading in ((checklist, "Phụ lục I"), (form, "Phụ lục II")):
        first, _title, reference = paragraphs_of(blocks)[:3]
        assert paragraph_text(first) == heading
        assert reader.paragraph(first).alignment == "center"
        assert all(f.bold and f.size == 14 for f in reader.text_runs(first))
        assert all(f.italic for f in reader.text_runs(reference))


def test_draft_plan_without_appendices_is_one_portrait_section():
    document = open_docx(render_bytes(PLAN_THAI_NGUYEN))
    assert [s.orient for s in sections(document)] == ["portrait"]
    assert not [t for t in body_texts(document) if t.startswith("Phụ lục")]


def test_appendix_named_twice_is_an_error(tmp_path):
    text = plan_text(task_item("bao-cao", "{owner: Phòng A, due: 2020-05-01}"),
                     extra="forms:\n  - id: phieu\n    title: Phiếu\nappendices: [phieu, phieu]\n")
    path = write(tmp_path, text)
    with pytest.raises(PlanError) as caught:
        read_plan(path, display="plan.yaml")
    (problem,) = caught.value.problems
    assert f"{problem.line}:{problem.column}" == at(text, "phieu]")
    assert '"phieu"' in problem.message


# ------------------------------------------------------------------ CSV


@pytest.mark.parametrize("plan_path", [PLAN_799, PLAN_THAI_NGUYEN], ids=["799", "thai-nguyen"])
def test_csv_has_bom_header_and_the_task_rows(plan_path):
    data = render_all(plan_path)[".checklist.csv"]
    assert data.startswith(b"\xef\xbb\xbf")
    header, *body = csv_rows(data)
    assert header[0] == "STT"
    wording, owner, date = header.index(CSV_WORDING), header.index(CSV_OWNER), header.index(CSV_DATE)
    rows = task_rows(read_plan(plan_path))
    assert [(r[wording], r[owner], r[date]) for r in body] == [(t.wording, t.owner, short(t.due)) for t in rows]
    assert [r[0] for r in body] == [str(n) for n in range(1, len(rows) + 1)]
    assert len({len(r) for r in [header, *body]}) == 1


def test_799_csv_dates_as_written():
    header, *body = csv_rows(render_all(PLAN_799)[".checklist.csv"])
    assert [r[header.index(CSV_DATE)] for r in body] == ["30/6/2020", "15/10/2020", "31/12/2020"]



HOSTILE = ['=HYPERLINK("http://x.vn/?q="&A1,"Bấm")', "+84 912 345 678", "-1+2", "@SUM(A1:A9)",
           "  =1+1", "\t=1", "\r\n@A1"]  # a plan's text is read without its outer spaces and line breaks


def hostile_plan() -> str:
    """Each hostile text as an owner, a summary, a partner, a product and report_to."""
    items = ""
    for index, text in enumerate(HOSTILE):
        quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r") + '"'
        items += task_item(f"viec-{index}", f"{{owner: {quoted}, summary: {quoted}, partners: [{quoted}], "
                                             f"product: {quoted}, report_to: {quoted}, due: 2020-06-{10 + index}}}")
    return plan_text(items)


def test_csv_cells_that_would_start_a_formula_get_a_single_quote_and_nothing_else_changes(tmp_path):
    data = outputs_of(tmp_path, hostile_plan())[".checklist.csv"]
    header, *body = csv_rows(data)
    columns = [header.index(name) for name in (CSV_WORDING, CSV_OWNER, "Phối hợp", "Sản phẩm", "Gửi báo cáo")]
    assert [[row[c] for c in columns] for row in body] == [["'" + text.strip()] * 5 for text in HOSTILE]
    assert [row[header.index(CSV_DATE)] for row in body] == [f"{10 + i}/6/2020" for i in range(len(HOSTILE))]
    # every cell is quoted, so a separator or a quote inside a text never starts a new cell
    text = data.decode("utf-8-sig")
    assert text.startswith('"STT","Nội dung nhiệm vụ"')
    assert '\r\n"1","\'=HYPERLINK(""http://x.vn/?q=""&A1,""Bấm"")"' in text


def test_csv_keeps_ordinary_texts_exactly_as_typed():
    header, *body = csv_rows(render_all(PLAN_799)[".checklist.csv"])
    rows = task_rows(read_plan(PLAN_799))
    assert [r[header.index(CSV_WORDING)] for r in body] == [row.wording for row in rows]
    assert not any(cell.startswith("'") for row in body for cell in row)



FORMULA = ("=", "+", "-", "@", "\t", "\r")
CELL_TEXT = st.text(st.sampled_from("=+-@\t\r\n ,;\"'aăĐ1/"), max_size=8) | st.text(max_size=12)


@quick(200)
@given(texts=st.lists(st.tuples(CELL_TEXT, CELL_TEXT, CELL_TEXT, CELL_TEXT), min_size=1, max_size=4))
def test_no_csv_cell_starts_a_formula_and_each_reads_as_typed_after_its_quote(texts):
    rows = [TaskRow(item_id="x", where="I.1", wording=wording, owner=owner, partners=(partner,), due=None,
                    report_to=report, product=None) for wording, owner, partner, report in texts]
    header, *body = csv_rows(checklist_csv(rows))
    assert len(body) == len(rows)
    for row, typed in zip(body, texts):
        read = [row[header.index(name)] for name in (CSV_WORDING, CSV_OWNER, "Phối hợp", "Gửi báo cáo")]
        for cell, text in zip(read, typed):
            dangerous = text.lstrip(" ").startswith(FORMULA)
            assert cell == ("'" + text if dangerous else text)
            assert not cell.lstrip(" ").startswith(FORMULA)


# ------------------------------------------------------------------ per-owner checklists

OWNER_A, SLUG_A = "Phòng Tổ chức cán bộ", "phong-to-chuc-can-bo"
OWNER_B, SLUG_B = "Văn phòng Sở", "van-phong-so"
TWO_OWNERS_ITEMS = (
    task_item("bao-cao-quy", f"{{owner: {OWNER_A}, repeat: {{every: quarterly, start: 2020-09}}, summary: Báo cáo quý}}")
    + task_item("tong-ket", f"{{owner: {OWNER_B}, due: 2020-11-30, summary: Tổng kết năm}}")
    + task_item("xet-thi-dua", f"{{owner: {OWNER_A}, due: 2020-12-15, summary: Xét thi đua}}")
)
OWN_ROWS = {
    OWNER_A: [("Báo cáo quý (quý III/2020)", "30/9/2020"), ("Xét thi đua", "15/12/2020"),
              ("Báo cáo quý (quý IV/2020)", "31/12/2020")],
    OWNER_B: [("Tổng kết năm", "30/11/2020")],
}


def check_owner_checklist(data: bytes, owner: str) -> None:
    document = open_docx(data)
    texts = body_texts(document)
    assert f"Đơn vị chủ trì: {owner}" in texts
    assert not [t for t in texts if t.startswith("Đơn vị chủ trì:") and t != f"Đơn vị chủ trì: {owner}"]
    table = grid_table(document, "STT")
    header = cell_texts(document, table.rows[0])
    wording, chief, date = (header.index(name) for name in ("Nội dung nhiệm vụ", "Chủ trì", "Thời hạn"))
    body = [cell_texts(document, row) for row in table.rows[1:]]
    assert [(r[wording], r[date]) for r in body] == OWN_ROWS[owner]
    assert {r[chief] for r in body} == {owner}
    assert [r[0] for r in body] == [str(n) for n in range(1, len(body) + 1)]


def test_by_owner_flag_gives_one_checklist_per_owner_with_only_its_rows(tmp_path):
    outputs = outputs_of(tmp_path, plan_text(TWO_OWNERS_ITEMS, extra="checklist: {by_owner: true}\n"))
    per_owner = sorted(s for s in outputs if s.startswith(".checklist.") and s.endswith(".docx") and s != ".checklist.docx")
    assert per_owner == [f".checklist.{SLUG_A}.docx", f".checklist.{SLUG_B}.docx"]
    check_owner_checklist(outputs[f".checklist.{SLUG_A}.docx"], OWNER_A)
    check_owner_checklist(outputs[f".checklist.{SLUG_B}.docx"], OWNER_B)
    # the whole checklist keeps every row
    whole = open_docx(outputs[".checklist.docx"])
    assert len(grid_table(whole, "STT").rows) == 1 + 4


def test_without_by_owner_no_per_owner_checklists(tmp_path):
    outputs = outputs_of(tmp_path, plan_text(TWO_OWNERS_ITEMS))
    assert sorted(s for s in outputs if s.startswith(".checklist.")) == [".checklist.csv", ".checklist.docx"]


def test_build_by_owner_writes_per_owner_files(tmp_path):
    plan = write(tmp_path, plan_text(TWO_OWNERS_ITEMS), "ke-hoach.yaml")
    out = tmp_path / "out"
    report = build([plan], out, by_owner=True)
    assert report.ok
    names = {p.name for p in report.written}
    assert {f"ke-hoach.checklist.{SLUG_A}.docx", f"ke-hoach.checklist.{SLUG_B}.docx"} <= names
    check_owner_checklist((out / f"ke-hoach.checklist.{SLUG_A}.docx").read_bytes(), OWNER_A)
    check_owner_checklist((out / f"ke-hoach.checklist.{SLUG_B}.docx").read_bytes(), OWNER_B)


def test_every_row_lands_in_some_per_owner_checklist(tmp_path):
    items = (task_item("mot", "{owner: Phòng Tổ chức cán bộ, due: 2020-05-01, summary: Việc một}")
             + task_item("hai", "{owner: Phòng Tổ chức Cán bộ, due: 2020-06-01, summary: Việc hai}"))
    outputs = outputs_of(tmp_path, plan_text(items), by_owner=True)
    per_owner = [s for s in outputs if s.startswith(".checklist.") and s.endswith(".docx") and s != ".checklist.docx"]
    found = []
    for suffix in per_owner:
        document = open_docx(outputs[suffix])
        found += [cell_texts(document, row)[1] for row in grid_table(document, "STT").rows[1:]]
    assert sorted(found) == ["Việc hai", "Việc một"]


# ------------------------------------------------------------------ registration forms

FORMS = [
    (PLAN_799, "phieu-dang-ky-mo-hinh", ["Tên đơn vị", "Người đứng đầu", "Tên mô hình đăng ký"]),
    (PLAN_THAI_NGUYEN, "phieu-dang-ky-tap-the", ["Tên tập thể", "Người đứng đầu"]),
    (PLAN_THAI_NGUYEN, "phieu-dang-ky-ca-nhan", ["Họ và tên", "Chức vụ", "Đơn vị công tác"]),
]
FORM_IDS = [form_id for _, form_id, _ in FORMS]


def form_of(plan_path: Path, form_id: str):
    plan = read_plan(plan_path)
    (form,) = [f for f in plan.forms if f.id == form_id]
    return plan, form, open_docx(render_all(plan_path)[f".{form_id}.docx"])


def test_every_form_has_its_own_document():
    assert {s for s in render_all(PLAN_799) if s.startswith(".phieu")} == {".phieu-dang-ky-mo-hinh.docx"}
    assert {s for s in render_all(PLAN_THAI_NGUYEN) if s.startswith(".phieu")} == {
        ".phieu-dang-ky-tap-the.docx", ".phieu-dang-ky-ca-nhan.docx"}


@pytest.mark.parametrize("plan_path, form_id, fields", FORMS, ids=FORM_IDS)
def test_form_title_block(plan_path, form_id, fields):
    _plan, form, document = form_of(plan_path, form_id)
    texts = [paragraph_text(p) for p in paragraphs_of(list(iter_body(document)))]
    assert texts[:2] == [NATIONAL_TITLE, MOTTO]
    title = form.title.upper()
    assert title in texts and title == title.upper()
    assert texts.index(title) > texts.index(MOTTO)
    assert sections(document)[0].orient == "portrait"


@pytest.mark.parametrize("plan_path, form_id, fields", FORMS, ids=FORM_IDS)
def test_form_fields_are_lines_with_a_dotted_leader(plan_path, form_id, fields):
    _plan, _form, document = form_of(plan_path, form_id)
    text_width = sections(document)[0].text_width_mm
    field_paragraphs = [p for p in paragraphs_of(list(iter_body(document)))
                        if any(paragraph_text(p) == f"{name}:\t" for name in fields)]
    assert [paragraph_text(p) for p in field_paragraphs] == [f"{name}:\t" for name in fields]
    for paragraph in field_paragraphs:
        assert paragraph._p.find(f"{w('r')}/{w('tab')}") is not None  # a real tab, not typed dots
        dotted = [tab for tab in dotted_tabs(document, paragraph) if tab.get("leader") == "dot"]
        assert dotted, "no dotted tab stop"
        assert abs(int(dotted[-1]["pos"]) / TWIPS_PER_MM - text_width) < 1  # the dots run to the right margin
        assert dotted[-1].get("val") == "right"


@pytest.mark.parametrize("plan_path, form_id, fields", FORMS, ids=FORM_IDS)
def test_form_entries_rows_leave_room_to_write(plan_path, form_id, fields):
    _plan, form, document = form_of(plan_path, form_id)
    table = grid_table(document, "STT")
    header, *body = table.rows
    assert is_header_row(header)
    height = row_height(header)
    assert height is None or height[0] / TWIPS_PER_MM < FORM_ENTRY_MIN_MM
    assert len(body) == form.entries
    for number, row in enumerate(body, start=1):
        twips, rule = row_height(row)
        assert rule == "atLeast"
        assert twips / TWIPS_PER_MM >= FORM_ENTRY_MIN_MM - 0.05
        texts = cell_texts(document, row)
        assert texts[0] == str(number) and not any(texts[1:])
    assert all(drawn(table_geometry(document, table).borders.get(side)) for side in ("top", "insideH", "insideV"))


@pytest.mark.parametrize("plan_path, form_id, fields", FORMS, ids=FORM_IDS)
def test_form_criteria_are_the_plan_items_text(plan_path, form_id, fields):
    plan, form, document = form_of(plan_path, form_id)
    criteria = [t for t in body_texts(document) if t.startswith(TICK_BOX)]
    expected = [criterion_text(plan.find_item(c)) for c in form.criteria]
    assert criteria == [f"{TICK_BOX} {text}" for text in expected]
    # ... and each is the item's first paragraph as the plan prints it, after its label
    # (without the colon that introduces the item's sub-points in the plan)
    plan_texts = body_texts(open_docx(render_bytes(plan_path)))
    for text in expected:
        assert any(re.fullmatch(rf"\S+ {re.escape(text)}:?", t) for t in plan_texts), text


def test_799_form_criteria_words():
    _plan, _form, document = form_of(PLAN_799, "phieu-dang-ky-mo-hinh")
    criteria = [t for t in body_texts(document) if t.startswith(TICK_BOX)]
    assert criteria[1] == f'{TICK_BOX} Phong trào thi đua đặc biệt "Ngành Y tế Hà Tĩnh chung tay phòng, chống dịch bệnh COVID-19"'
    assert criteria[0].startswith(f"{TICK_BOX} Học tập và làm theo tấm gương đạo đức Hồ Chí Minh")


def test_form_criterion_is_the_first_paragraph_in_plain_text(tmp_path):
    items = ("      - id: xanh-sach\n        text: |-\n          Giữ gìn **cơ quan** xanh, *sạch*, đẹp.\n"
             "          Đoạn thứ hai không in trên phiếu.\n"
             "      - id: tieu-chi-tieu-de\n        title: Tiêu chí chỉ có tiêu đề\n        items: [Chi tiết.]\n")
    outputs = outputs_of(tmp_path, plan_text(
        items, extra="forms:\n  - id: phieu\n    title: Phiếu\n    criteria: [tieu-chi-tieu-de, xanh-sach]\n"))
    criteria = [t for t in body_texts(open_docx(outputs[".phieu.docx"])) if t.startswith(TICK_BOX)]
    assert criteria == [f"{TICK_BOX} Tiêu chí chỉ có tiêu đề", f"{TICK_BOX} Giữ gìn cơ quan xanh, sạch, đẹp."]
    assert "1. Giữ gìn cơ quan xanh, sạch, đẹp." in body_texts(open_docx(outputs[".docx"]))


def test_editing_a_criterion_in_the_plan_changes_the_form(tmp_path):
    original = PLAN_799.read_text(encoding="utf-8")
    old = 'Phong trào thi đua đặc biệt "Ngành Y tế Hà Tĩnh chung tay phòng,'
    new = 'Phong trào thi đua đặc biệt đã sửa "Ngành Y tế Hà Tĩnh chung tay phòng,'
    assert original.count(old) == 1
    outputs = outputs_of(tmp_path, original.replace(old, new), KEY_799)
    form_texts = body_texts(open_docx(outputs[".phieu-dang-ky-mo-hinh.docx"]))
    edited = f'{TICK_BOX} Phong trào thi đua đặc biệt đã sửa "Ngành Y tế Hà Tĩnh chung tay phòng, chống dịch bệnh COVID-19"'
    assert edited in form_texts
    assert not [t for t in form_texts if t.startswith(f"{TICK_BOX} Phong trào thi đua đặc biệt \"")]
    # the appendix copy of the form inside the plan follows too
    assert edited in body_texts(open_docx(outputs[".docx"]))


def test_editing_a_criterion_of_the_draft_plan_changes_its_form(tmp_path):
    original = PLAN_THAI_NGUYEN.read_text(encoding="utf-8")
    old = "              Thực hiện chuyên nghiệp về chuyên môn, nghiệp vụ:\n"
    assert original.count(old) == 1
    text = original.replace(old, "              Thực hiện chuyên nghiệp, hiện đại về chuyên môn:\n")
    outputs = outputs_of(tmp_path, text, KEY_THAI_NGUYEN)
    criteria = [t for t in body_texts(open_docx(outputs[".phieu-dang-ky-ca-nhan.docx"])) if t.startswith(TICK_BOX)]
    assert criteria[1] == f"{TICK_BOX} Thực hiện chuyên nghiệp, hiện đại về chuyên môn"
    assert f"{TICK_BOX} Thực hiện chuyên nghiệp về chuyên môn, nghiệp vụ" not in criteria


def test_criterion_with_due_placeholder_prints_the_date(tmp_path):
    items = ("      - id: nop-bao-cao\n        text: Nộp báo cáo trước ngày {due}.\n"
             "        task: {owner: Phòng A, due: 2020-05-01}\n      - Nội dung cuối.\n")
    outputs = outputs_of(tmp_path, plan_text(items, extra="forms:\n  - id: phieu\n    title: Phiếu\n    criteria: [nop-bao-cao]\n"))
    assert "1. Nộp báo cáo trước ngày 01/5/2020." in body_texts(open_docx(outputs[".docx"]))
    criteria = [t for t in body_texts(open_docx(outputs[".phieu.docx"])) if t.startswith(TICK_BOX)]
    assert criteria == [f"{TICK_BOX} Nộp báo cáo trước ngày 01/5/2020."]


@pytest.mark.parametrize("plan_path, form_id, fields", FORMS, ids=FORM_IDS)
def test_form_signature_blocks_side_by_side(plan_path, form_id, fields):
    _plan, form, document = form_of(plan_path, form_id)
    blocks = list(iter_body(document))
    signatures = tables_of(blocks)[-1]
    assert blocks[-1]._element is signatures._element  # the form ends with the signatures
    assert len(signatures.rows) == 1
    left, right = (cell_paragraphs(document, c) for c in unique_cells(signatures.rows[0]))
    grid = table_geometry(document, signatures).grid_mm
    assert len(grid) == 2 and abs(grid[0] - grid[1]) < 1
    left_texts, right_texts = [paragraph_text(p) for p in left], [paragraph_text(p) for p in right]
    assert "(Ký, ghi rõ họ tên)" in right_texts
    signer = "NGƯỜI ĐĂNG KÝ" if form.audience == "individual" else "THỦ TRƯỞNG ĐƠN VỊ"
    assert signer in right_texts
    assert right_texts.index(signer) < right_texts.index("(Ký, ghi rõ họ tên)")
    if form.audience == "individual":
        assert "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ" in left_texts
        assert signer not in left_texts
    else:
        assert not any(left_texts)


# ------------------------------------------------------------------ calendar


def test_799_calendar_has_one_all_day_event_per_due_date():
    found = events(render_all(PLAN_799)[".ics"])
    assert len(found) == 3
    starts = [e.decoded("dtstart") for e in found]
    assert starts == [dt.date(2020, 6, 30), dt.date(2020, 10, 15), dt.date(2020, 12, 31)]
    for event, start in zip(found, starts):
        assert type(start) is dt.date  # all-day: a DATE, not a DATE-TIME
        assert event.decoded("dtend") == start + dt.timedelta(days=1)
        assert type(event.decoded("dtend")) is dt.date


def test_799_calendar_summary_and_description():
    rows = task_rows(read_plan(PLAN_799))
    found = events(render_all(PLAN_799)[".ics"])
    for event, row in zip(found, rows):
        summary, description = str(event["summary"]), str(event["description"])
        assert summary.startswith("Hạn: ")
        assert summary == f"Hạn: {row.wording}"
        assert "Các đơn vị trong ngành" in description
        assert "Báo cáo gửi: Phòng Tổ chức cán bộ, Sở Y tế" in description
        assert "799/KH-SYT" in description


def test_calendar_uids_are_unique_and_stable_across_renders():
    first = [str(e["uid"]) for e in events(render_outputs(read_plan(PLAN_799), KEY_799)[".ics"])]
    second = [str(e["uid"]) for e in events(render_outputs(read_plan(PLAN_799), KEY_799)[".ics"])]
    assert len(set(first)) == 3
    assert first == second


def test_calendar_uids_do_not_move_when_an_item_is_inserted_before_the_task(tmp_path):
    original = PLAN_799.read_text(encoding="utf-8")
    anchor = "      - id: xay-dung-ke-hoach-don-vi\n"
    assert original.count(anchor) == 1
    text = original.replace(anchor, "      - Khoản mới chèn vào trước nhiệm vụ.\n" + anchor)
    before = events(render_all(PLAN_799)[".ics"])
    after = events(outputs_of(tmp_path, text, KEY_799)[".ics"])
    assert [str(e["uid"]) for e in after] == [str(e["uid"]) for e in before]
    # the insertion did happen: the tasks moved from III.1 / III.3 to III.2 / III.4
    assert "mục III.1" in str(before[0]["description"])
    assert "mục III.2" in str(after[0]["description"])
    assert "mục III.4" in str(after[1]["description"])


def test_draft_plan_calendar_has_five_yearly_events():
    found = events(render_all(PLAN_THAI_NGUYEN)[".ics"])
    assert [e.decoded("dtstart") for e in found] == [dt.date(year, 12, 31) for year in range(2021, 2026)]
    assert len({str(e["uid"]) for e in found}) == 5
    assert all(str(e["summary"]).startswith("Hạn: Báo cáo hằng năm") for e in found)



def uids(ics: bytes) -> list[str]:
    return [str(event["uid"]) for event in events(ics)]


def test_calendar_uids_name_the_plan_the_duty_and_the_period_never_the_date():
    assert uids(render_all(PLAN_799)[".ics"]) == [
        "so-y-te-ha-tinh/2020/799-kh-syt/xay-dung-ke-hoach-don-vi/6-thang-dau-nam-2020@kehoach",
        "so-y-te-ha-tinh/2020/799-kh-syt/bao-cao-ket-qua@kehoach",
        "so-y-te-ha-tinh/2020/799-kh-syt/xay-dung-ke-hoach-don-vi/nam-2020@kehoach",
    ]


def test_moving_a_one_off_deadline_keeps_its_uid_and_moves_the_event(tmp_path):
    """Before: the date was part of the UID, so a re-imported revision added a second event."""
    original = PLAN_799.read_text(encoding="utf-8")
    assert original.count("due: 2020-10-15") == 1
    before = events(render_all(PLAN_799)[".ics"])
    after = events(outputs_of(tmp_path, original.replace("due: 2020-10-15", "due: 2020-11-20"), KEY_799)[".ics"])
    assert [str(e["uid"]) for e in after] == [str(e["uid"]) for e in before]
    moved = {str(e["uid"]): e.decoded("dtstart") for e in after}
    assert moved["so-y-te-ha-tinh/2020/799-kh-syt/bao-cao-ket-qua@kehoach"] == dt.date(2020, 11, 20)


def test_moving_the_day_of_a_recurring_duty_keeps_each_occurrences_uid(tmp_path):
    quarterly = plan_text(task_item("bao-cao-quy", "{owner: Văn phòng Sở, repeat: quarterly}"))
    moved = quarterly.replace("repeat: quarterly", "repeat: {every: quarterly, day: 20}")
    before, after = (events(outputs_of(tmp_path, text)[".ics"]) for text in (quarterly, moved))
    assert [str(e["uid"]) for e in after] == [str(e["uid"]) for e in before] == [
        f"plan/bao-cao-quy/quy-{quarter}-2020@kehoach" for quarter in ("i", "ii", "iii", "iv")]
    assert [e.decoded("dtstart").day for e in after] == [20, 20, 20, 20]


def test_sequence_is_the_plans_revision_and_dtstamp_its_date(tmp_path):
    """A revision re-imported updates the events: same UID, higher SEQUENCE; nothing depends on the clock."""
    text = plan_text(task_item("tong-ket", "{owner: Văn phòng Sở, due: 2020-11-30}"))
    first = events(outputs_of(tmp_path, text)[".ics"])
    revised = events(outputs_of(tmp_path, text.replace("date: 2020-01-07\n", "date: 2020-01-07\nrevision: 2\n")
                                .replace("due: 2020-11-30", "due: 2020-12-10"))[".ics"])
    assert [int(e["sequence"]) for e in first] == [0]
    assert [int(e["sequence"]) for e in revised] == [2]
    assert [str(e["uid"]) for e in revised] == [str(e["uid"]) for e in first]
    assert {e.decoded("dtstamp") for e in first + revised} == {dt.datetime(2020, 1, 7, tzinfo=dt.timezone.utc)}


def test_the_calendar_is_the_same_bytes_whatever_the_clock_and_time_zone(tmp_path):
    script = ("import sys; from pathlib import Path; from kehoach.read import read_plan; "
              "from kehoach.documents import render_outputs; "
              "sys.stdout.buffer.write(render_outputs(read_plan(Path(sys.argv[1])), 'k')['.ics'])")
    runs = {subprocess.run([sys.executable, "-c", script, str(PLAN_799)], env={**os.environ, "TZ": zone},
                           capture_output=True, check=True).stdout
            for zone in ("UTC", "Asia/Ho_Chi_Minh", "America/Los_Angeles")}
    assert len(runs) == 1



@st.composite
def duties(draw) -> list[tuple[str, dict]]:
    """(id, task) pairs: one-off deadlines and recurring duties of the plan's year 2020 (from January,
    `start` saying so: a monthly duty due on the 1st would otherwise start after the plan's date, 7/1)."""
    found = []
    for index in range(draw(st.integers(1, 5))):
        if draw(st.booleans()):
            task = {"due": draw(st.dates(dt.date(2020, 1, 7), dt.date(2020, 12, 31)))}
        else:
            task = {"repeat": {"every": draw(st.sampled_from(["monthly", "quarterly", "half-yearly", "yearly"])),
                               "day": draw(st.integers(1, 31))}}
        found.append((f"viec-{index}", task))
    return found


def duties_plan(found: list[tuple[str, dict]], revision: int | None = None) -> str:
    items = ""
    for item_id, task in found:
        when = (f"due: {task['due'].isoformat()}" if "due" in task else
                f"repeat: {{every: {task['repeat']['every']}, day: {task['repeat']['day']}, start: 2020-01}}")
        items += task_item(item_id, f"{{owner: Văn phòng Sở, {when}}}")
    text = plan_text(items)
    return text.replace("date: 2020-01-07\n", f"date: 2020-01-07\nrevision: {revision}\n") if revision else text


@quick(120)
@given(before=duties(), moves=st.lists(st.integers(-200, 200), min_size=5, max_size=5),
       days=st.lists(st.integers(1, 31), min_size=5, max_size=5), revision=st.integers(1, 50))
def test_moving_any_deadline_keeps_every_uid_and_a_revision_raises_every_sequence(tmp_path_factory, before, moves,
                                                                                   days, revision):
    after = []
    for (item_id, task), move, day in zip(before, moves, days):
        if "due" in task:
            moved = task["due"] + dt.timedelta(days=move)
            task = {"due": min(max(moved, dt.date(2020, 1, 7)), dt.date(2020, 12, 31))}  # not before the plan's date
        else:
            task = {"repeat": dict(task["repeat"], day=day)}
        after.append((item_id, task))
    folder = tmp_path_factory.mktemp("lich")
    first = events(outputs_of(folder, duties_plan(before), only=("calendar",))[".ics"])
    revised = events(outputs_of(folder, duties_plan(after, revision), only=("calendar",))[".ics"])
    assert len({str(e["uid"]) for e in first}) == len(first)
    assert sorted(str(e["uid"]) for e in revised) == sorted(str(e["uid"]) for e in first)
    assert {int(e["sequence"]) for e in first} == {0} and {int(e["sequence"]) for e in revised} == {revision}
    assert not any(re.search(r"\d{8}", str(e["uid"])) for e in first)  # no date in a UID


@pytest.mark.parametrize("value, message", [
    ("0", 'cần số nguyên dương, nhận được số nguyên "0"'),
    ("hai", "cần số nguyên dương"),
])
def test_a_revision_that_is_not_a_positive_integer_is_reported_at_its_place(tmp_path, value, message):
    text = plan_text(MINIMAL_ITEMS).replace("date: 2020-01-07\n", f"date: 2020-01-07\nrevision: {value}\n")
    found = problems_of(tmp_path, text)
    line = at(text, "revision:").split(":")[0]
    assert len(found) == 1 and found[0].startswith(f"plan.yaml:{line}:11: "), found
    assert message in found[0]


# ------------------------------------------------------------------ validation


def test_unknown_criterion_is_reported_with_did_you_mean(tmp_path):
    text = plan_text("      - id: muc-dich-a\n        text: Một.\n",
                     extra="forms:\n  - id: phieu\n    title: Phiếu\n    criteria: [muc-dich-a, muc-dich-x]\n")
    assert problems_of(tmp_path, text) == [
        f'plan.yaml:{at(text, "muc-dich-x")}: tiêu chí "muc-dich-x" không có trong kế hoạch; '
        'có phải ý bạn là "muc-dich-a"?']


def test_recurrence_bounds_outside_the_period_are_reported(tmp_path):
    text = plan_text("      - id: bao-cao\n        text: Báo cáo.\n        task:\n          owner: Phòng A\n"
                     "          repeat: {every: quarterly, start: 2019-06, until: 2021-03}\n")
    assert problems_of(tmp_path, text) == [
        f'plan.yaml:{at(text, "2019-06")}: kỳ "start" 6/2019 nằm ngoài thời kỳ của kế hoạch (2020)',
        f'plan.yaml:{at(text, "2021-03")}: kỳ "until" 3/2021 nằm ngoài thời kỳ của kế hoạch (2020)',
    ]


def test_deadline_after_the_period_is_reported(tmp_path):
    text = plan_text(task_item("bao-cao", "{owner: Phòng A, due: 2021-01-15}"))
    assert problems_of(tmp_path, text) == [
        f"plan.yaml:{at(text, '2021-01-15')}: thời hạn 15/01/2021 nằm ngoài thời kỳ của kế hoạch (2020)"]


def test_deadline_inside_a_multi_year_period_is_accepted_and_outside_reported(tmp_path):
    assert dues(rows_of(tmp_path, plan_text(task_item("bao-cao", "{owner: Phòng A, due: 2021-01-15}"),
                                            extra="period: 2020-2021\n"))) == [dt.date(2021, 1, 15)]
    text = plan_text(task_item("bao-cao", "{owner: Phòng A, due: 2022-01-15}"), extra="period: 2020-2021\n")
    assert problems_of(tmp_path, text) == [
        f"plan.yaml:{at(text, '2022-01-15')}: thời hạn 15/01/2022 nằm ngoài thời kỳ của kế hoạch (2020-2021)"]


def test_task_on_item_without_id_is_reported(tmp_path):
    text = plan_text("      - text: Báo cáo không có mã.\n        task: {owner: Phòng A, due: 2020-05-01}\n")
    assert problems_of(tmp_path, text) == [
        f'plan.yaml:{at(text, "text: Báo cáo không có mã")}: khoản có "task" cần "id" ổn định '
        "(bảng phân công và lịch dùng nó để nhận ra nhiệm vụ)"]


def test_unknown_appendix_is_reported(tmp_path):
    text = MINIMAL_PLAN + "appendices: [checklst]\n"
    assert problems_of(tmp_path, text) == [
        f'plan.yaml:{at(text, "checklst")}: phụ lục "checklst" không phải "checklist" hay mã một phiếu trong "forms"']


def test_checklist_appendix_without_tasks_is_reported(tmp_path):
    text = MINIMAL_PLAN + "appendices: [checklist]\n"
    assert problems_of(tmp_path, text) == [
        f'plan.yaml:{at(text, "checklist]")}: phụ lục "checklist" cần ít nhất một khoản có "task"']


def test_tasks_without_issuer_called_are_reported(tmp_path):
    text = plan_text(task_item("bao-cao", "{owner: Phòng A, due: 2020-05-01}"), called=False)
    assert problems_of(tmp_path, text) == [
        f'plan.yaml:{at(text, "{parent: UBND")}: thiếu "called": tên cơ quan khi viết trong câu, ví dụ Sở Y tế '
        '(dùng trong dòng "Kèm theo Kế hoạch ... của Sở Y tế")']


def test_reversed_period_is_reported(tmp_path):
    text = MINIMAL_PLAN + "period: 2025-2021\n"
    assert problems_of(tmp_path, text) == [
        f'plan.yaml:{at(text, "2025-2021")}: "period": năm cuối 2021 đứng trước năm đầu 2025']


# ------------------------------------------------------------------ build --only


@pytest.fixture
def plan_tree(tmp_path):
    """A copy of the 799 plan under a plans/ folder, as `make docs` sees it."""
    path = tmp_path / "plans" / KEY_799
    path = path.with_suffix(".yaml")
    path.parent.mkdir(parents=True)
    path.write_bytes(PLAN_799.read_bytes())
    return path


def documents_in(out: Path) -> set[str]:
    """Every document written (build bookkeeping files, named with a leading dot, left out)."""
    return {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")}


def test_build_only_calendar_writes_only_the_ics(plan_tree, tmp_path):
    out = tmp_path / "out"
    report = build([plan_tree], out, only=("calendar",))
    assert report.ok
    assert [p.relative_to(out).as_posix() for p in report.written] == [f"{KEY_799}.ics"]
    assert documents_in(out) == {f"{KEY_799}.ics"}
    assert len(events((out / f"{KEY_799}.ics").read_bytes())) == 3


def test_build_only_checklist_writes_only_checklist_files(plan_tree, tmp_path):
    out = tmp_path / "out"
    report = build([plan_tree], out, only=("checklist",))
    assert report.ok
    expected = {f"{KEY_799}.checklist.docx", f"{KEY_799}.checklist.csv"}
    assert {p.relative_to(out).as_posix() for p in report.written} == expected
    assert documents_in(out) == expected


def test_cli_build_only_forms_writes_only_form_files(plan_tree, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(plan_tree), "-o", str(out), "--only", "forms"])
    assert result.exit_code == 0, result.output
    assert documents_in(out) == {f"{KEY_799}.phieu-dang-ky-mo-hinh.docx"}
    document = open_docx((out / f"{KEY_799}.phieu-dang-ky-mo-hinh.docx").read_bytes())
    assert "PHIẾU ĐĂNG KÝ MÔ HÌNH “DÂN VẬN KHÉO” NĂM 2020" in body_texts(document)


# ------------------------------------------------------------------ determinism


@pytest.mark.parametrize("plan_path", [PLAN_799, PLAN_THAI_NGUYEN], ids=["799", "thai-nguyen"])
def test_two_renders_give_identical_bytes_for_every_suffix(plan_path):
    render_uncached = render_all.__wrapped__  # the same function, without the session cache
    first, second = render_uncached(plan_path), render_uncached(plan_path)
    assert first is not second
    assert sorted(first) == sorted(second)
    assert {".docx", ".checklist.docx", ".checklist.csv", ".ics"} <= set(first)
    for suffix in first:
        assert first[suffix] == second[suffix], suffix
