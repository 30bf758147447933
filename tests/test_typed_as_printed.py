"""Nothing silently changed: what a clerk types as it would print (a label, parentheses,
a dash and a semicolon, an end mark, a final period) is either printed right or
refused at its line and column with what to write instead.

Every case is MINIMAL_PLAN (conftest, lines listed in test_bad_plans.py) with an edit.
"""
from __future__ import annotations

import pytest

from conftest import edited_plan, open_docx, render_text
from kehoach.derive.tasks import task_rows
from kehoach.errors import PlanError
from kehoach.read import read_plan


def problems(tmp_path, text: str) -> list[str]:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        read_plan(path, "plan.yaml")
    except PlanError as err:
        return [str(problem) for problem in err.problems]
    return []


edited = edited_plan

ITEM = "      - Nội dung thứ nhất.\n"
RECIPIENTS = "recipients: [Sở Nội vụ]\n"

REFUSED = {
    "an item title typed with its label": (
        (ITEM, "      - title: 1. Đối tượng\n        text: Cán bộ.\n"),
        'plan.yaml:10:16: không gõ số thứ tự "1." ở đầu tiêu đề: số thứ tự được đánh tự động'),
    "a recipient note typed with its parentheses": (
        (RECIPIENTS, "recipients: [{to: Sở Nội vụ, note: (phối hợp)}]\n"),
        "plan.yaml:11:36: ghi chú không gõ dấu ngoặc (được thêm khi in): viết note: phối hợp"),
    "a recipient typed as printed": (
        (RECIPIENTS, "recipients: ['- Bộ Y tế;']\n"),
        'plan.yaml:11:14: nơi nhận gõ không kèm "- " đầu dòng và ";" cuối dòng (được thêm khi in): viết "Bộ Y tế"'),
    "a recipient of a group typed as printed": (
        (RECIPIENTS, "recipients: [{group: [Sở Nội vụ, '- Bộ Y tế;'], note: để b/c}]\n"),
        'plan.yaml:11:34: nơi nhận gõ không kèm "- " đầu dòng và ";" cuối dòng (được thêm khi in): viết "Bộ Y tế"'),
    "the archive line typed as a recipient": (
        (RECIPIENTS, "recipients: [Sở Nội vụ, 'Lưu: VT, TCCB']\n"),
        'plan.yaml:11:25: dòng "Lưu: ..." không phải nơi nhận: ghi vào "archive", ví dụ archive: {units: [TCCB]}'),
    "a recipient listed twice": (
        (RECIPIENTS, "recipients: [Sở Nội vụ, Bộ Y tế, {to: sở nội vụ, note: để b/c}]\n"),
        'plan.yaml:11:34: nơi nhận "sở nội vụ" đã có ở dòng 11, cột 14; mỗi nơi nhận ghi một lần'),
    "a section title typed with a final period": (
        ("  - title: Mục đích\n", "  - title: Mục đích.\n"),
        'plan.yaml:8:12: tên mục không có dấu chấm cuối (khi in, tên mục là một dòng tiêu đề): viết "Mục đích"'),
    "an introduction that announces a list without a colon": (
        ("sections:\n", "intro: Sở Y tế xây dựng kế hoạch như sau.\nsections:\n"),
        'plan.yaml:7:8: câu dẫn vào danh sách kết thúc bằng dấu hai chấm: viết "…Y tế xây dựng kế hoạch như sau:"'),
    "a section's text that announces a list without a colon": (
        ("    items:\n", "    text: Gồm các nội dung sau\n    items:\n"),
        'plan.yaml:9:11: câu dẫn vào danh sách kết thúc bằng dấu hai chấm: viết "…Gồm các nội dung sau:"'),
}


@pytest.mark.parametrize("edit, message", REFUSED.values(), ids=REFUSED.keys())
def test_what_would_print_wrong_is_refused_with_what_to_write(tmp_path, edit, message):
    assert problems(tmp_path, edited(edit)) == [message]


ACCEPTED = {
    "an introduction ending with a colon": ("sections:\n", "intro: 'Sở Y tế xây dựng kế hoạch như sau:'\nsections:\n"),
    "an adjective 'cụ thể' at the end of a sentence": (ITEM, "      - Đăng ký mục tiêu, tỷ lệ cụ thể.\n"),
    "an ellipsis at the end of a section title": ("  - title: Mục đích\n", "  - title: Mục đích...\n"),
    "a recipient whose name holds 'Lưu'": (RECIPIENTS, "recipients: [Phòng Lưu trữ]\n"),
}


@pytest.mark.parametrize("edit", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_what_prints_right_is_accepted(tmp_path, edit):
    assert problems(tmp_path, edited(edit)) == []


def body_texts(data: bytes) -> list[str]:
    return [p.text for p in open_docx(data).paragraphs]


@pytest.mark.parametrize("typed", ["./", "./.", ".", "", "/."])
def test_a_party_plan_ends_with_a_period_whatever_end_mark_was_typed(tmp_path, typed):
    plan = edited(("format: nd30", "format: party"), ("code: SYT", "code: ĐU"), ("authority: KT", "authority: T/M"),
                  ("title: Phó Giám đốc", "title: Bí thư"), ("head: Giám đốc", "head: Đảng ủy"),
                  (ITEM, f"      - Nội dung thứ nhất{typed}\n"))
    texts = body_texts(render_text(tmp_path, plan))
    assert "1. Nội dung thứ nhất." in texts


@pytest.mark.parametrize("typed", ["./", "./.", ".", ""])
def test_a_state_plan_ends_with_its_end_mark_whatever_was_typed(tmp_path, typed):
    texts = body_texts(render_text(tmp_path, edited((ITEM, f"      - Nội dung thứ nhất{typed}\n"))))
    assert "1. Nội dung thứ nhất./." in texts


def test_a_paragraph_ending_with_a_colon_keeps_with_what_follows(tmp_path):
    plan = edited((ITEM, "      - text: 'Các nội dung sau:'\n        items: [Thứ nhất., Thứ hai.]\n"))
    document = open_docx(render_text(tmp_path, plan))
    lead = next(p for p in document.paragraphs if p.text.endswith("Các nội dung sau:"))
    assert lead.paragraph_format.keep_with_next is True
    other = next(p for p in document.paragraphs if p.text == "- Thứ nhất.")
    assert not other.paragraph_format.keep_with_next


TASK = "task: {owner: Phòng TCCB, due: 2020-10-15}"


@pytest.mark.parametrize("numbering, items, where", [
    ("decimal", f"      - text: Nội dung.\n        items:\n          - {{text: Báo cáo., id: bao-cao, {TASK}}}\n", "I.1"),
    ("dash", f"      - {{text: Báo cáo., id: bao-cao, {TASK}}}\n", "I"),
    ("letters", f"      - Nội dung.\n      - {{text: Báo cáo., id: bao-cao, {TASK}}}\n", "I.b"),
], ids=["dash-under-item-1", "dash-in-section", "point-b"])
def test_a_task_cites_the_nearest_label_that_prints(tmp_path, numbering, items, where):
    path = tmp_path / "plan.yaml"
    plan = edited(("    items:\n" + ITEM, f"    numbering: {numbering}\n    items:\n{items}"),
                  ("place: Hà Tĩnh}", "place: Hà Tĩnh, called: Sở Y tế}"))
    path.write_text(plan, encoding="utf-8")
    assert [row.where for row in task_rows(read_plan(path))] == [where]


def test_every_problem_is_said_in_one_run(tmp_path):
    """A task without an id is reported together with a type error elsewhere, not after it is fixed."""
    plan = edited((ITEM, "      - {text: Báo cáo., task: {owner: Phòng TCCB, due: 2020-10-15}}\n"),
                  ("number: 5", "number: năm"))
    said = problems(tmp_path, plan)
    assert [line.split(": ")[0] for line in said] == ["plan.yaml:4:9", "plan.yaml:10:9"]
    assert 'khoản có "task" cần "id"' in said[1]


TASK_BEFORE_THE_PLAN = "      - {id: bao-cao, text: Báo cáo., task: {owner: Phòng TCCB, due: Tháng 1/2020}}\n"


@pytest.mark.parametrize("elsewhere", [
    ("title: Thử nghiệm", "tittle: Thử nghiệm"),  # another field: the sections are valid
    (TASK_BEFORE_THE_PLAN, TASK_BEFORE_THE_PLAN + "      - {id: khac, text: Việc khác., task: {owner: Phòng TCCB, due: Quý 5/2020}}\n"),
], ids=["another-field", "same-section"])
def test_a_deadline_before_the_plans_date_is_said_with_the_other_problems(tmp_path, elsewhere):
    """The checks against the plan's date and period run on every valid task, whatever else is wrong."""
    plan = edited((ITEM, TASK_BEFORE_THE_PLAN), ("date: 2020-01-07", "date: 2020-03-05"),
                  ("place: Hà Tĩnh}", "place: Hà Tĩnh, called: Sở Y tế}"), elsewhere)
    said = problems(tmp_path, plan)
    assert len(said) == 2, said
    assert [line for line in said if "trước ngày ban hành kế hoạch" in line] == [
        "plan.yaml:10:70: thời hạn Tháng 01/2020 (ngày cuối 31/01/2020) trước ngày ban hành kế hoạch (05/3/2020)"]
