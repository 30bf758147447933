"""Deadlines as plans write them (issue 11): `Quý II/2022`, `Trước ngày 15/10`, `Thường xuyên`, ...

What the clerk gets is read back: the checklist's cells (.docx and CSV), the
calendar's events, the plan's text where `{due}` stands, an office document's
fields, `kehoach new` and `kehoach diff`. The forms one by one (parse, print,
last day) are in test_vn.py; the refused ones, with their messages, in
test_bad_plans.py.
"""
from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from icalendar import Calendar

from conftest import MINIMAL_PLAN, open_docx
from kehoach.author.newyear import next_year
from kehoach.cli import main
from kehoach.layout import layout
from kehoach.read import read_plan
from kehoach.render import render
from test_derived import csv_rows, dues, events, outputs_of, plan_text, rows_of, task_item
from test_diff import diff_lines
from test_office import make_template

def written(*tasks: tuple[str, str], date: str | None = None, extra: str = "") -> str:
    """A plan dated 7/1/2020 (or `date`) whose items are the tasks `(id, flow mapping)`."""
    items = "".join(task_item(item_id, task, f"Việc {item_id}.") for item_id, task in tasks)
    return plan_text(items, extra=extra, date=date)


def checklist_cells(tmp_path, text: str) -> list[tuple[str, str]]:
    """(Nội dung nhiệm vụ, Thời hạn) of every row of the checklist as the clerk opens it."""
    table = open_docx(outputs_of(tmp_path, text)[".checklist.docx"]).tables[-1]
    return [(row.cells[1].text, row.cells[5].text) for row in table.rows[1:]]


MIXED = written(("thuong-xuyen", "{owner: Phòng A, due: Thường xuyên}"),
                ("quy-hai", "{owner: Phòng A, due: Quý 2/2020}"),
                ("truoc-ngay", "{owner: Phòng A, due: Trước ngày 15/10}"),
                ("khong-han", "{owner: Phòng A}"),
                ("thang-sau", "{owner: Phòng A, due: tháng 06 năm 2020}"),
                ("nam", "{owner: Phòng A, due: Năm 2020}"),
                ("mot-ngay", "{owner: Phòng A, due: 2020-05-04}"),
                ("tu-den", "{owner: Phòng A, due: Từ tháng 3 đến tháng 6/2020}"),
                ("nua-nam", "{owner: Phòng A, due: 6 tháng cuối năm 2020}"))
MIXED_CELLS = [
    ("Việc mot-ngay.", "04/5/2020"),
    # three deadlines ending 30/6/2020, in the plan's order
    ("Việc quy-hai.", "Quý II/2020"),
    ("Việc thang-sau.", "Tháng 6/2020"),
    ("Việc tu-den.", "Từ tháng 3 đến tháng 6/2020"),
    ("Việc truoc-ngay.", "Trước ngày 15/10"),  # last day 14/10/2020
    ("Việc nam.", "Năm 2020"),
    ("Việc nua-nam.", "6 tháng cuối năm 2020"),
    ("Việc thuong-xuyen.", "Thường xuyên"),  # ongoing: after every dated row
    ("Việc khong-han.", ""),  # no deadline: last
]


def test_the_checklist_prints_each_deadline_as_written_sorted_by_its_last_day(tmp_path):
    assert checklist_cells(tmp_path, MIXED) == MIXED_CELLS


def test_the_csv_prints_each_deadline_as_written(tmp_path):
    rows = csv_rows(outputs_of(tmp_path, MIXED)[".checklist.csv"])
    assert [(row[1], row[5]) for row in rows[1:]] == MIXED_CELLS


def test_the_calendar_puts_a_period_on_its_last_day_and_says_so_and_leaves_ongoing_duties_out(tmp_path):
    found = events(outputs_of(tmp_path, MIXED)[".ics"])
    by_summary = {str(event["summary"]): event for event in found}
    assert len(found) == 7  # nine tasks: one ongoing, one without a deadline
    quarter = by_summary["Hạn cuối quý II/2020: Việc quy-hai."]
    assert quarter.decoded("dtstart") == dt.date(2020, 6, 30)
    assert str(quarter["description"]).splitlines()[0] == "Thời hạn: Quý II/2020 (sự kiện vào ngày cuối, 30/6/2020)"
    before = by_summary["Hạn cuối trước ngày 15/10: Việc truoc-ngay."]
    assert before.decoded("dtstart") == dt.date(2020, 10, 14)
    day = by_summary["Hạn: Việc mot-ngay."]  # a day is its own last day: said as before
    assert day.decoded("dtstart") == dt.date(2020, 5, 4)
    assert str(day["description"]).startswith("Chủ trì: Phòng A")
    assert not any("thuong-xuyen" in str(event["uid"]) for event in found)


def test_the_calendar_says_how_many_ongoing_duties_have_no_event(tmp_path):
    calendar = Calendar.from_ical(outputs_of(tmp_path, MIXED)[".ics"])
    assert str(calendar["x-wr-caldesc"]) == "1 nhiệm vụ thường xuyên (không có ngày) không có sự kiện trong lịch"


def test_a_plan_of_ongoing_duties_only_has_no_calendar(tmp_path):
    outputs = outputs_of(tmp_path, written(("a", "{owner: Phòng A, due: Thường xuyên}")))
    assert ".ics" not in outputs and ".checklist.docx" in outputs


@pytest.mark.parametrize("due, printed", [
    ("Quý I/2020", "1. Tổ chức hội nghị, hoàn thành trong Quý I/2020./."),  # as the Party's seed writes it
    ("quý 1/2020", "1. Tổ chức hội nghị, hoàn thành trong quý I/2020./."),
    ("2020-03-05", "1. Tổ chức hội nghị, hoàn thành trong 05/3/2020./."),
])
def test_due_in_an_items_text_prints_the_deadline_as_written(due, printed, tmp_path):
    text = plan_text(task_item("hoi-nghi", f"{{owner: Phòng A, due: {due}}}", "Tổ chức hội nghị, hoàn thành trong {due}."))
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    document = open_docx(render(layout(read_plan(path))))
    assert printed in [paragraph.text for paragraph in document.paragraphs]


# --- recurrences start after the plan's date (issue 11's two examples)

def test_a_half_yearly_duty_in_a_plan_dated_october_is_first_due_in_december(tmp_path):
    rows = rows_of(tmp_path, written(("bao-cao", "{owner: Phòng A, repeat: half-yearly}"), date="2022-10-15"))
    assert [(row.deadline, row.period) for row in rows] == [("31/12/2022", "năm 2022")]


def test_a_2021_2025_plan_dated_2022_has_no_2021_rows(tmp_path):
    rows = rows_of(tmp_path, written(("bao-cao", "{owner: Phòng A, repeat: yearly}"), date="2022-03-15",
                                     extra="period: 2021-2025\n"))
    assert dues(rows) == [dt.date(year, 12, 31) for year in range(2022, 2026)]


def test_start_says_otherwise(tmp_path):
    rows = rows_of(tmp_path, written(("bao-cao", "{owner: Phòng A, repeat: {every: yearly, start: 2021-01}}"),
                                     date="2022-03-15", extra="period: 2021-2025\n"))
    assert dues(rows)[0] == dt.date(2021, 12, 31)


def test_a_draft_compares_recurrences_by_month(tmp_path):
    text = written(("bao-cao", "{owner: Phòng A, repeat: monthly}"), date="2020-06").replace("number: 5\n", "")
    assert dues(rows_of(tmp_path, text))[0] == dt.date(2020, 6, 30)


def test_a_recurrence_due_on_a_day_before_the_plans_date_in_its_month_is_not_generated(tmp_path):
    rows = rows_of(tmp_path, written(("bao-cao", "{owner: Phòng A, repeat: {every: monthly, day: 5}}"), date="2020-10-10"))
    assert dues(rows) == [dt.date(2020, 11, 5), dt.date(2020, 12, 5)]


# --- recurrences written as words, and a duty that continues after the plan's period

def test_a_recurrence_written_as_words_is_its_repeat_and_a_continuing_duty_gets_an_ongoing_row(tmp_path):
    text = written(("bao-cao", '{owner: Phòng A, repeat: {every: "6 tháng, hằng năm", continues: true}}'),
                   date="2020-03-31")
    assert checklist_cells(tmp_path, text) == [
        ("Việc bao-cao. (6 tháng đầu năm 2020)", "30/6/2020"),
        ("Việc bao-cao. (năm 2020)", "31/12/2020"),
        ("Việc bao-cao. (các kỳ sau năm 2020)", "6 tháng, hằng năm")]
    assert len(events(outputs_of(tmp_path, text)[".ics"])) == 2


def test_a_short_recurrence_written_as_words(tmp_path):
    rows = rows_of(tmp_path, written(("bao-cao", "{owner: Phòng A, repeat: Hằng quý}")))
    assert [row.period for row in rows] == ["quý I/2020", "quý II/2020", "quý III/2020", "quý IV/2020"]


# --- office documents: the deadline as written, and its last day

def test_an_office_document_gets_the_deadline_as_written_and_its_last_day(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make_template(tmp_path / "templates/x.docx", [
        "{% for t in tasks %}{{ t.due }} | {{ t.due.last_day }} | {{ t.due | spelled }} | {{ t.due.ongoing }}; {% endfor %}"])
    plan = tmp_path / "plans/plan.yaml"
    plan.parent.mkdir()
    plan.write_text(written(("quy", "{owner: Phòng A, due: Quý II/2020}"), ("ngay", "{owner: Phòng A, due: 2020-10-15}"),
                            ("tx", "{owner: Phòng A, due: Thường xuyên}"), extra="documents: [x.docx]\n"), encoding="utf-8")
    result = CliRunner().invoke(main, ["build"], prog_name="kehoach")
    assert result.exit_code == 0, result.output
    filled = open_docx((tmp_path / "output/plan.x.docx").read_bytes()).paragraphs[0].text
    assert filled == ("Quý II/2020 | 30/6/2020 | quý II/2020 | False; "
                      "15/10/2020 | 15/10/2020 | ngày 15 tháng 10 năm 2020 | False; "
                      "Thường xuyên |  | thường xuyên | True; ")  # an ongoing duty has no last day


# --- next year's draft and the diff

def test_next_year_moves_written_deadlines_as_written():
    text = MINIMAL_PLAN.replace("      - Nội dung thứ nhất.", "".join(
        task_item(item_id, f"{{owner: Phòng A, due: {due}}}") for item_id, due in (
            ("quy", "Quý II/2020"), ("tu-den", "Từ tháng 11/2020 đến tháng 2/2021"), ("truoc", "Trước ngày 15/10"),
            ("tx", "thường xuyên"), ("thang", "tháng 6/2020"))).rstrip("\n")).replace(
        "place: Hà Tĩnh}", "place: Hà Tĩnh, called: Sở Y tế}") + "period: 2020-2021\n"
    moved, changes = next_year(text, "plan.yaml", None)
    for line in ("due: Quý II/2021", "due: Từ tháng 11/2021 đến tháng 02/2022", "due: Trước ngày 15/10",
                 "due: thường xuyên", "due: tháng 6/2021"):
        assert "task: {owner: Phòng A, " + line + "}" in moved, line
    assert "sections[0].items[0].task.due: Quý II/2020 → Quý II/2021 (id: quy)" in changes


def test_the_diff_says_a_written_deadline_as_written():
    old = written(("bao-cao", "{owner: Phòng A, due: Quý II/2020}"))
    assert diff_lines(old, old.replace("Quý II/2020", "Tháng 5/2020")) == [
        "Mục I, khoản 1: thời hạn Quý II/2020 → Tháng 5/2020"]
    same = diff_lines(old, old.replace("Quý II/2020", "quý 2/2020"))  # the same deadline, typed otherwise
    assert same == ["Không có thay đổi về nội dung."]
