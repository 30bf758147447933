"""`kehoach diff`: changes in meaning, named as the document numbers them."""
from __future__ import annotations

import copy
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import assume, given
from hypothesis import strategies as st

from conftest import KEHOACH, MINIMAL_PLAN, PLAN_799, ROOT
from test_robustness import dump, plans as generated_plans, quick
from kehoach.cli import main
from kehoach.review.diff import NO_CHANGES, diff_plans, format_json, format_text, placed_by_id
from kehoach.review.git import extract_inside, git_pairs
from kehoach.review.page import format_html
from kehoach.errors import PlanError
from kehoach.load import load_text
from kehoach.model import Item, parse_plan

MINIMAL_SECTIONS = """\
sections:
  - title: Mục đích
    items:
      - Nội dung thứ nhất.
"""
assert MINIMAL_SECTIONS in MINIMAL_PLAN

FIVE_ITEMS = ["Tuyên truyền nâng cao nhận thức.", "Tiếp công dân định kỳ.", "Cải cách hành chính.",
              "Xây dựng quy chế dân chủ.", "Siết chặt kỷ luật hành chính."]


def plan_text(sections: str = MINIMAL_SECTIONS, **fields: str) -> str:
    """MINIMAL_PLAN with other sections, and top-level lines replaced or added (key -> YAML value)."""
    lines = MINIMAL_PLAN.replace(MINIMAL_SECTIONS, sections).splitlines()
    for key, value in fields.items():
        line = f"{key}: {value}"
        at = next((n for n, old in enumerate(lines) if old.startswith(f"{key}:")), None)
        if at is None:
            lines.append(line)
        else:
            lines[at] = line
    return "\n".join(lines) + "\n"


def items_section(items: list[str], numbering: str = "decimal", title: str = "Nội dung") -> str:
    listed = "".join(f"      - {item}\n" for item in items)
    return f"sections:\n  - title: {title}\n    numbering: {numbering}\n    items:\n{listed}"


def parse(text: str, name: str = "plan.yaml"):
    return parse_plan(*load_text(text.encode("utf-8"), name))


def diff_lines(old: str, new: str) -> list[str]:
    return format_text(diff_plans(parse(old, "old.yaml"), parse(new, "new.yaml"))).splitlines()


# Nothing changed.

def test_identical_plans_have_no_changes():
    assert diff_lines(MINIMAL_PLAN, MINIMAL_PLAN) == [NO_CHANGES]
    assert format_text([]) == "Không có thay đổi về nội dung."


def test_reflowed_yaml_is_no_change():
    folded = MINIMAL_SECTIONS.replace("      - Nội dung thứ nhất.", "      - >-\n        Nội dung\n        thứ   nhất.")
    assert diff_lines(MINIMAL_PLAN, plan_text(folded)) == [NO_CHANGES]


def test_799_against_itself():
    text = PLAN_799.read_text(encoding="utf-8")
    assert diff_lines(text, text) == [NO_CHANGES]


# Insertions, removals, moves: one change each, with the renumbering they cause.

def test_insertion_in_the_middle_is_reported_once_with_its_renumbering():
    old = plan_text(items_section(FIVE_ITEMS))
    new = plan_text(items_section([*FIVE_ITEMS[:2], "Chuyển đổi số trong tiếp nhận phản ánh.", *FIVE_ITEMS[2:]]))
    assert diff_lines(old, new) == ["Mục I: thêm khoản 3; các khoản 3–5 đánh số lại thành 4–6"]


def test_insertion_at_the_end_renumbers_nothing():
    old = plan_text(items_section(FIVE_ITEMS))
    new = plan_text(items_section([*FIVE_ITEMS, "Chuyển đổi số trong tiếp nhận phản ánh."]))
    assert diff_lines(old, new) == ["Mục I: thêm khoản 6"]


def test_removal_is_named_by_the_old_numbering():
    old = plan_text(items_section(FIVE_ITEMS))
    new = plan_text(items_section([FIVE_ITEMS[0], *FIVE_ITEMS[2:]]))
    assert diff_lines(old, new) == ["Mục I: bỏ khoản 2; các khoản 3–5 đánh số lại thành 2–4"]


def test_insertion_and_removal_report_the_renumbering_on_its_own_line():
    old = plan_text(items_section(FIVE_ITEMS))
    new = plan_text(items_section([FIVE_ITEMS[0], *FIVE_ITEMS[2:4], "Chuyển đổi số trong tiếp nhận phản ánh.", FIVE_ITEMS[4]]))
    assert diff_lines(old, new) == [
        "Mục I: bỏ khoản 2",
        "Mục I: thêm khoản 4",
        "Mục I: các khoản 3–4 đánh số lại thành 2–3",
    ]


def test_insertion_among_points_renumbers_the_letters():
    points = "".join(f"          - {item}\n" for item in FIVE_ITEMS[:4])
    new_points = points.replace(f"          - {FIVE_ITEMS[1]}\n", f"          - Nội dung mới chen vào.\n          - {FIVE_ITEMS[1]}\n")
    section = "sections:\n  - title: Nội dung\n    items:\n      - title: Nhiệm vụ\n        numbering: letters\n        items:\n"
    assert diff_lines(plan_text(section + points), plan_text(section + new_points)) == [
        "Mục I, khoản 1: thêm điểm b; các điểm b–d đánh số lại thành c–đ",
    ]


def test_insertion_among_bullets_names_the_position_and_renumbers_nothing():
    old = plan_text(items_section(FIVE_ITEMS[:3], "dash"))
    new = plan_text(items_section([FIVE_ITEMS[0], "Nội dung mới chen vào.", *FIVE_ITEMS[1:3]], "dash"))
    assert diff_lines(old, new) == ["Mục I: thêm ý 2"]


def test_moved_item_down():
    old = plan_text(items_section(FIVE_ITEMS))
    new = plan_text(items_section([FIVE_ITEMS[0], *FIVE_ITEMS[2:], FIVE_ITEMS[1]]))
    assert diff_lines(old, new) == ["Mục I, khoản 2 chuyển thành khoản 5; các khoản 3–5 đánh số lại thành 2–4"]


def test_moved_item_up_and_edited():
    old = plan_text(items_section(FIVE_ITEMS))
    new = plan_text(items_section(["Siết chặt kỷ luật, kỷ cương hành chính.", *FIVE_ITEMS[:4]]))
    assert diff_lines(old, new) == [
        "Mục I, khoản 5 chuyển thành khoản 1; các khoản 1–4 đánh số lại thành 2–5",
        "Mục I, khoản 1: sửa nội dung: “luật” → “luật, kỷ cương”",
    ]


# Text.

def test_changed_text_shows_the_words_that_changed():
    old = plan_text(items_section(FIVE_ITEMS))
    new = plan_text(items_section([*FIVE_ITEMS[:2], "Cải cách thủ tục hành chính.", *FIVE_ITEMS[3:]]))
    assert diff_lines(old, new) == ["Mục I, khoản 3: sửa nội dung: thêm “thủ tục” sau “Cải cách”"]


def test_edited_item_next_to_an_insertion_is_matched_by_similar_text():
    old = plan_text(items_section(FIVE_ITEMS))
    new = plan_text(items_section([FIVE_ITEMS[0], "Chuyển đổi số trong tiếp nhận phản ánh.",
                                   "Tiếp công dân định kỳ và đột xuất.", *FIVE_ITEMS[2:]]))
    assert diff_lines(old, new) == [
        "Mục I: thêm khoản 2; các khoản 2–5 đánh số lại thành 3–6",
        "Mục I, khoản 3: sửa nội dung: “kỳ.” → “kỳ và đột xuất.”",
    ]


def test_emphasis_only_is_named_as_such():
    new = MINIMAL_PLAN.replace("Nội dung thứ nhất.", "Nội dung *thứ nhất*.")
    assert diff_lines(MINIMAL_PLAN, new) == ["Mục I, khoản 1: sửa chữ đậm, nghiêng trong nội dung"]


def test_intro_bases_and_closing():
    new = plan_text(intro="Thực hiện chỉ đạo của UBND tỉnh.", bases='["Căn cứ Luật Thi đua, khen thưởng"]',
                    closing="Trên đây là Kế hoạch của Sở Y tế.")
    assert diff_lines(MINIMAL_PLAN, new) == [
        "Căn cứ: thêm nội dung: “Căn cứ Luật Thi đua, khen thưởng”",
        "Phần mở đầu: thêm nội dung: “Thực hiện chỉ đạo của UBND tỉnh.”",
        "Phần kết: thêm nội dung: “Trên đây là Kế hoạch của Sở Y tế.”",
    ]
    edited = plan_text(intro="Thực hiện chỉ đạo của Sở Nội vụ.", bases='["Căn cứ Luật Thi đua, khen thưởng"]',
                       closing="Trên đây là Kế hoạch của Sở Y tế.")
    assert diff_lines(new, edited) == ["Phần mở đầu: sửa nội dung: “UBND tỉnh.” → “Sở Nội vụ.”"]


# Sections.

def test_section_added_renumbers_the_following_sections_once():
    two = MINIMAL_SECTIONS + "  - title: Tổ chức thực hiện\n    items:\n      - Các đơn vị thực hiện.\n"
    three = two.replace("  - title: Tổ chức thực hiện", "  - title: Kinh phí\n    items:\n      - Từ nguồn chi thường xuyên.\n"
                                                        "  - title: Tổ chức thực hiện")
    assert diff_lines(plan_text(two), plan_text(three)) == [
        "Kế hoạch: thêm Mục II “KINH PHÍ”; mục II đánh số lại thành III",
    ]
    assert diff_lines(plan_text(three), plan_text(two)) == [
        "Kế hoạch: bỏ Mục II “KINH PHÍ”; mục III đánh số lại thành II",
    ]


def test_section_renamed_is_matched_by_id_or_position():
    renamed = MINIMAL_SECTIONS.replace("title: Mục đích", "title: Mục đích, yêu cầu")
    assert diff_lines(MINIMAL_PLAN, plan_text(renamed)) == ["Mục I: đổi tên: MỤC ĐÍCH → MỤC ĐÍCH, YÊU CẦU"]
    same_title_other_case = MINIMAL_SECTIONS.replace("title: Mục đích", "title: MỤC ĐÍCH")
    assert diff_lines(MINIMAL_PLAN, plan_text(same_title_other_case)) == [NO_CHANGES]


def test_numbering_changed():
    old = plan_text(items_section(FIVE_ITEMS[:2], "dash"))
    new = plan_text(items_section(FIVE_ITEMS[:2], "letters"))
    assert diff_lines(old, new) == ["Mục I: đổi cách đánh số: gạch đầu dòng - → chữ cái a), b)"]


def test_nested_labels_name_the_item_once():
    children = "        numbering: nested\n        items:\n          - Thứ nhất của khoản.\n          - Thứ hai của khoản.\n"
    section = f"sections:\n  - title: Nội dung\n    items:\n      - title: Nhiệm vụ\n{children}"
    new = section.replace("Thứ hai của khoản.", "Thứ hai của khoản này.")
    assert diff_lines(plan_text(section), plan_text(new)) == [
        "Mục I, khoản 1.2: sửa nội dung: “khoản.” → “khoản này.”",
    ]


# Tasks.

TASK_SECTION = """\
sections:
  - title: Tổ chức thực hiện
    items:
      - Các đơn vị triển khai.
      - id: bao-cao
        text: Báo cáo kết quả trước ngày {due}.
        task:
          owner: Các đơn vị trong ngành
          due: 2020-10-15
          report_to: Phòng Tổ chức cán bộ
"""


def test_changed_deadline():
    old = plan_text(TASK_SECTION, **{"issuer": "{name: SỞ Y TẾ, code: SYT, place: Hà Tĩnh, called: Sở Y tế}"})
    new = old.replace("due: 2020-10-15", "due: 2020-10-30")
    assert diff_lines(old, new) == ["Mục I, khoản 2: thời hạn 15/10/2020 → 30/10/2020"]


def test_changed_owner_report_to_and_repeat():
    old = plan_text(TASK_SECTION, issuer="{name: SỞ Y TẾ, code: SYT, place: Hà Tĩnh, called: Sở Y tế}")
    new = (old.replace("owner: Các đơn vị trong ngành", "owner: Phòng Nghiệp vụ Y")
              .replace("report_to: Phòng Tổ chức cán bộ", "report_to: Văn phòng Sở\n          repeat: quarterly"))
    assert diff_lines(old, new) == [
        "Mục I, khoản 2: chủ trì: Các đơn vị trong ngành → Phòng Nghiệp vụ Y",
        "Mục I, khoản 2: thêm định kỳ: hằng quý",
        "Mục I, khoản 2: báo cáo về: Phòng Tổ chức cán bộ → Văn phòng Sở",
    ]


# The rest of the document.

def test_header_changes():
    new = plan_text(number="6", date="2020-02-03", title="Thử nghiệm lần hai", urgency="KHẨN",
                    issuer="{parent: UBND TỈNH HÀ TĨNH, name: SỞ NỘI VỤ, code: SNV, place: Hà Tĩnh}")
    assert diff_lines(MINIMAL_PLAN, new) == [
        "Số: 05/KH-SYT → 06/KH-SNV",
        "Ngày ban hành: 07/01/2020 → 03/02/2020",
        "Độ khẩn: thêm KHẨN",
        "Cơ quan ban hành: SỞ Y TẾ → SỞ NỘI VỤ",
        "Ký hiệu cơ quan: SYT → SNV",
        "Trích yếu: “Thử nghiệm” → “Thử nghiệm lần hai”",
    ]


def test_signer_changed():
    new = MINIMAL_PLAN.replace("name: Nguyễn Văn A", "name: Trần Xuân Dâng")
    assert diff_lines(new, MINIMAL_PLAN) == ["Người ký: Trần Xuân Dâng → Nguyễn Văn A"]


def test_signing_authority_and_title_changed():
    new = MINIMAL_PLAN.replace("{authority: KT, head: Giám đốc, title: Phó Giám đốc,", "{title: Giám đốc,")
    assert diff_lines(MINIMAL_PLAN, new) == [
        "Thẩm quyền ký: bỏ KT. GIÁM ĐỐC",
        "Chức vụ người ký: PHÓ GIÁM ĐỐC → GIÁM ĐỐC",
    ]


def test_recipients_added_removed_and_note_changed():
    old = plan_text(recipients="[{to: Ban Dân vận Tỉnh ủy, note: để b/c}, Sở Nội vụ, Lãnh đạo Sở]")
    new = plan_text(recipients="[{to: Ban Dân vận Tỉnh ủy, note: để biết}, Sở Nội vụ, Sở Tài chính]")
    assert diff_lines(old, new) == [
        "Nơi nhận: bỏ Lãnh đạo Sở",
        "Nơi nhận: thêm Sở Tài chính",
        "Nơi nhận: ghi chú của Ban Dân vận Tỉnh ủy: để b/c → để biết",
    ]


def test_recipient_added():
    new = plan_text(recipients="[Sở Nội vụ, Sở Nội vụ Hà Tĩnh]")
    assert diff_lines(MINIMAL_PLAN, new) == ["Nơi nhận: thêm Sở Nội vụ Hà Tĩnh"]


def test_archive_and_remark():
    new = plan_text(archive="{units: [TCCB], drafter: nadt, copies: 5}", remark="Gửi VB giấy và điện tử.")
    assert diff_lines(MINIMAL_PLAN, new) == [
        "Lưu: VT, TCCB. → VT, TCCB, nadt (05b).",
        "Ghi chú: thêm Gửi VB giấy và điện tử.",
    ]


# The repository's plan.

def modified_799(*replacements: tuple[str, str]) -> str:
    text = PLAN_799.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    return text


def test_799_deadline():
    new = modified_799(("due: 2020-10-15", "due: 2020-10-30"))
    assert diff_lines(PLAN_799.read_text(encoding="utf-8"), new) == ["Mục III, khoản 3: thời hạn 15/10/2020 → 30/10/2020"]


def test_799_bullet_under_an_item_and_an_insertion():
    new = modified_799(
        ('chống dịch bệnh COVID-19"', 'chống dịch bệnh COVID-19" năm 2020'),
        ("      - id: cai-cach-hanh-chinh\n",
         "      - id: chuyen-doi-so\n        text: Đẩy mạnh chuyển đổi số trong tiếp nhận phản ánh của người dân.\n"
         "      - id: cai-cach-hanh-chinh\n"),
    )
    assert diff_lines(PLAN_799.read_text(encoding="utf-8"), new) == [
        "Mục II: thêm khoản 3; các khoản 3–6 đánh số lại thành 4–7",
        "Mục II, khoản 7, ý 2: sửa nội dung: thêm “năm 2020” sau “bệnh COVID-19\"”",
    ]


def test_json_lists_the_same_changes():
    old, new = parse(PLAN_799.read_text(encoding="utf-8")), parse(modified_799(("due: 2020-10-15", "due: 2020-10-30")))
    changes = diff_plans(old, new)
    assert json.loads(format_json(changes)) == [{
        "kind": "task-due", "where": "Mục III, khoản 3", "message": "thời hạn 15/10/2020 → 30/10/2020",
        "old": "15/10/2020", "new": "30/10/2020",
    }]
    assert "thời hạn" in format_json(changes)  # Vietnamese as such, not \\u escapes


# Moves between lists: an id found under another parent is one move, named by both places.

def cut(text: str, start: str, end: str) -> tuple[str, str]:
    """The text without the lines from `start` to `end` (excluded), and those lines."""
    block = text[text.index(start):text.index(end)]
    return text.replace(block, "", 1), block


def moved_799(start: str, end: str, before: str, edit: tuple[str, str] = ("", ""), indent: int = 0) -> str:
    """The 799 plan with the block from `start` to `end` put before the line `before` (indented by `indent`)."""
    rest, block = cut(PLAN_799.read_text(encoding="utf-8"), start, end)
    block = block.replace(*edit) if edit[0] else block
    if indent:
        block = textwrap.indent(textwrap.dedent(block), " " * indent)
    assert before in rest
    return rest.replace(before, block + before, 1)


def test_item_moved_to_another_section_is_one_move_with_its_edit():
    new = moved_799("      - id: nhan-rong-mo-hinh", "      - id: bao-cao-ket-qua", "  - id: to-chuc-thuc-hien",
                    ("nghiên cứu", "nghiên cứu, nhân rộng"))
    old = PLAN_799.read_text(encoding="utf-8")
    assert diff_lines(old, new) == [
        "Mục III, khoản 2 chuyển thành Mục II, khoản 7",
        "Mục II, khoản 7: sửa nội dung: “cứu” → “cứu, nhân rộng”",
        "Mục III: khoản 3 đánh số lại thành 2",
    ]
    assert diff_lines(new, old) == [
        "Mục II, khoản 7 chuyển thành Mục III, khoản 2",
        "Mục III, khoản 2: sửa nội dung: “cứu, nhân rộng” → “cứu”",
        "Mục III: khoản 2 đánh số lại thành 3",
    ]


def test_item_moved_to_another_level_keeps_its_task_changes_under_it():
    new = moved_799("      - id: bao-cao-ket-qua", "recipients:", "          - id: mo-hinh-hoc-tap-lam-theo",
                    ("due: 2020-10-15", "due: 2020-10-30"), indent=10)
    assert diff_lines(PLAN_799.read_text(encoding="utf-8"), new) == [
        "Mục III, khoản 3 chuyển thành Mục II, khoản 6, ý 1",
        "Mục II, khoản 6, ý 1: thời hạn 15/10/2020 → 30/10/2020",
    ]


MOVING = """\
sections:
  - id: muc-mot
    title: Mục đích
    numbering: decimal
    items:
      - Khoản một.
      - id: co-diem
        text: Khoản có các điểm.
        numbering: letters
        items:
          - Điểm thứ nhất.
          - Điểm thứ hai của khoản.
{first}  - id: muc-hai
    title: Nội dung
    numbering: decimal
    items:
{second}      - Khoản cuối.
"""


def test_a_moved_item_carries_its_children_and_their_changes():
    children = "      - id: co-diem\n        text: Khoản có các điểm.\n        numbering: letters\n        items:\n" \
               "          - Điểm thứ nhất.\n          - Điểm thứ hai của khoản.\n"
    old = plan_text(MOVING.format(first="", second=""))
    new_moving = MOVING.replace(children, "").replace("{second}", children.replace("của khoản.", "của khoản này.") + "{second}")
    assert diff_lines(old, plan_text(new_moving.format(first="", second=""))) == [
        "Mục I, khoản 2 chuyển thành Mục II, khoản 1",
        "Mục II, khoản 1, điểm b: sửa nội dung: “khoản.” → “khoản này.”",
        "Mục II: khoản 1 đánh số lại thành 2",
    ]


def test_whole_section_moved_is_one_move():
    new = moved_799("  - id: muc-dich-yeu-cau", "  - id: noi-dung", "recipients:")
    assert diff_lines(PLAN_799.read_text(encoding="utf-8"), new) == [
        "Mục I chuyển thành Mục III; các mục II–III đánh số lại thành I–II",
    ]


def test_item_moved_into_a_new_item_is_reported_under_the_addition():
    rest, block = cut(PLAN_799.read_text(encoding="utf-8"), "      - id: nhan-rong-mo-hinh", "      - id: bao-cao-ket-qua")
    group = "      - title: Nhân rộng mô hình\n        items:\n" + textwrap.indent(textwrap.dedent(block), " " * 10)
    new = rest.replace("      - id: bao-cao-ket-qua", group + "      - id: bao-cao-ket-qua", 1)
    assert diff_lines(PLAN_799.read_text(encoding="utf-8"), new) == [
        "Mục III: thêm khoản 2",
        "Mục III, khoản 2 chuyển thành Mục III, khoản 2, ý 1",
    ]


def test_item_whose_new_parent_has_its_old_parents_number():
    old = plan_text(MOVING.format(first="", second="")).replace("Khoản có các điểm.", "Khoản cũ bị thay thế hẳn.")
    new = old.replace("      - id: co-diem\n        text: Khoản cũ bị thay thế hẳn.\n",
                      "      - title: Một khoản khác hoàn toàn\n")
    new = new.replace("          - Điểm thứ nhất.\n", "          - id: diem-mot\n            text: Điểm thứ nhất.\n")
    old = old.replace("          - Điểm thứ nhất.\n", "          - id: diem-mot\n            text: Điểm thứ nhất.\n")
    assert diff_lines(old, new) == [
        "Mục I: bỏ khoản 2",
        "Mục I: thêm khoản 2",
        "Mục I, khoản 2, điểm a chuyển sang Mục I, khoản 2 mới (vẫn là điểm a)",
    ]


def test_within_a_list_only_an_item_whose_order_changed_moved():
    """Inserting before an item renumbers it; it moved only if its order among the kept items changed."""
    ids = [f"      - id: k{n}\n        text: {item}\n" for n, item in enumerate(FIVE_ITEMS, start=1)]
    head = "sections:\n  - title: Nội dung\n    numbering: decimal\n    items:\n"
    inserted = "      - Chuyển đổi số trong tiếp nhận phản ánh.\n"
    assert diff_lines(plan_text(head + "".join(ids)), plan_text(head + inserted + "".join(ids))) == [
        "Mục I: thêm khoản 1; các khoản 1–5 đánh số lại thành 2–6",
    ]
    swapped = [ids[0], ids[2], ids[1], *ids[3:]]
    assert diff_lines(plan_text(head + "".join(ids)), plan_text(head + inserted + "".join(swapped))) == [
        "Mục I: thêm khoản 1",
        "Mục I, khoản 2 chuyển thành khoản 4",
        "Mục I: khoản 1 đánh số lại thành 2, các khoản 4–5 đánh số lại thành 5–6",
    ]


def test_a_move_within_a_renumbered_section_names_the_new_section():
    ids = "".join(f"      - id: k{n}\n        text: {item}\n" for n, item in enumerate(FIVE_ITEMS, start=1))
    second = "      - id: k2\n        text: Tiếp công dân định kỳ.\n"
    head = "sections:\n  - title: Nội dung\n    numbering: decimal\n    items:\n"
    new_head = "sections:\n  - title: Căn cứ mới\n    items:\n      - Một.\n" + head.removeprefix("sections:\n")
    assert diff_lines(plan_text(head + ids), plan_text(new_head + ids.replace(second, "") + second)) == [
        "Kế hoạch: thêm Mục I “CĂN CỨ MỚI”; mục I đánh số lại thành II",
        "Mục I, khoản 2 chuyển thành Mục II, khoản 5; các khoản 3–5 đánh số lại thành 2–4",
    ]


def test_items_without_ids_moving_between_sections_are_a_removal_and_an_addition():
    old = plan_text(MOVING.format(first="", second="      - Khoản không có mã.\n"))
    new = plan_text(MOVING.format(first="      - Khoản không có mã.\n", second=""))
    assert diff_lines(old, new) == ["Mục I: thêm khoản 3", "Mục II: bỏ khoản 1; khoản 2 đánh số lại thành 1"]


def test_an_id_in_one_version_only_falls_back_to_matching_by_text():
    old = plan_text(MOVING.format(first="", second=""))
    new = plan_text(MOVING.format(first="", second="").replace("      - Khoản một.\n", "      - id: mot\n        text: Khoản một.\n"))
    assert diff_lines(old, new) == [NO_CHANGES]


def test_a_section_and_an_item_sharing_an_id_are_not_a_move():
    old = plan_text(MOVING.format(first="", second=""))
    new = plan_text(MOVING.format(first="", second="").replace("  - id: muc-hai\n", "  - id: muc-khac\n")
                    .replace("      - id: co-diem\n", "      - id: muc-hai\n"))
    assert "chuyển thành" not in "\n".join(diff_lines(old, new))


def item_lists(data: dict) -> dict[tuple, list]:
    """Every list of items of a generated plan, by where it stands: (section, item, item, ...)."""
    def under(node: dict, path: tuple) -> dict[tuple, list]:
        found = {path: node["items"]} if node.get("items") else {}
        for n, child in enumerate(node.get("items", [])):
            if isinstance(child, dict):
                found.update(under(child, (*path, n)))
        return found
    return {where: items for k, section in enumerate(data["sections"]) for where, items in under(section, (k,)).items()}


@quick(40)
@given(data=generated_plans(), choice=st.data())
def test_any_item_with_an_id_moved_to_another_list_is_one_move(data, choice):
    """Generated plans: an item with an id taken from its list into another is one move from its old place,
    never a removal and an addition, whatever the two lists and their numbering."""
    lists = item_lists(data)
    movable = [(where, n) for where, items in lists.items() for n in range(len(items)) if len(items) > 1]
    assume(movable)
    source, n = choice.draw(st.sampled_from(movable))
    targets = [where for where in lists if where != source and where[:len(source) + 1] != (*source, n)]
    assume(targets)  # another list, not one inside the item itself
    target = choice.draw(st.sampled_from(targets))
    item = lists[source][n]
    lists[source][n] = {"id": "chuyen-di", "text": item} if isinstance(item, str) else {"id": "chuyen-di", **item}
    new_data = copy.deepcopy(data)
    new_lists = item_lists(new_data)
    moved = new_lists[source].pop(n)
    new_lists[target].insert(choice.draw(st.integers(0, len(new_lists[target]))), moved)
    old = parse(dump(data), "old.yaml")
    changes = diff_plans(old, parse(dump(new_data), "new.yaml"))
    kinds = [change.kind for change in changes]
    assert kinds.count("item-moved") == 1 and "item-removed" not in kinds and "item-added" not in kinds, changes
    move = next(change for change in changes if change.kind == "item-moved")
    assert move.where == placed_by_id(old)[(Item, moved["id"])].place


def test_json_and_html_show_a_move_by_both_places():
    old = parse(PLAN_799.read_text(encoding="utf-8"))
    new = parse(moved_799("      - id: nhan-rong-mo-hinh", "      - id: bao-cao-ket-qua", "  - id: to-chuc-thuc-hien"))
    changes = diff_plans(old, new)
    assert json.loads(format_json(changes))[0] == {
        "kind": "item-moved", "where": "Mục III, khoản 2", "message": "chuyển thành Mục II, khoản 7",
        "old": "Mục III, khoản 2", "new": "Mục II, khoản 7",
    }
    page = format_html(old, new, changes)
    assert '<li class="item-moved"><span class="where">Mục III, khoản 2</span> chuyển thành Mục II, khoản 7</li>' in page
    assert '<span class="where">Mục III</span>: khoản 3 đánh số lại thành 2</li>' in page


# HTML.

def html_799(tmp_path: Path) -> str:
    old = parse(PLAN_799.read_text(encoding="utf-8"), "799-cu.yaml")
    new = parse(modified_799(("due: 2020-10-15", "due: 2020-10-30"),
                             ("name: Trần Xuân Dâng", "name: Nguyễn Văn A")), "799-moi.yaml")
    return format_html(old, new, diff_plans(old, new))


def test_html_shows_both_versions_labelled_and_marks_the_changed_line(tmp_path):
    page = html_799(tmp_path)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="vi">' in page and '<meta charset="utf-8">' in page
    assert "http" not in page.replace('lang="vi"', "")  # no external resources
    assert "Mục III, khoản 3</span>: thời hạn 15/10/2020 → 30/10/2020" in page
    assert "III. TỔ CHỨC THỰC HIỆN" in page and "Số: 799/KH-SYT" in page
    changed = next(line for line in page.splitlines() if 'class="changed"' in line and "trước ngày" in line)
    assert '<mark class="del">15/10/2020./.</mark>' in changed and '<mark class="ins">30/10/2020./.</mark>' in changed
    signer = next(line for line in page.splitlines() if "<tr" in line and "Trần Xuân Dâng" in line)
    assert "Nguyễn Văn A" in signer and "<mark" in signer


def test_html_escapes_plan_text():
    new = MINIMAL_PLAN.replace("Nội dung thứ nhất.", "Nội dung {{ 7*7 }} và <b>thẻ</b> & <script>x</script>.")
    old_plan, new_plan = parse(MINIMAL_PLAN), parse(new)
    page = format_html(old_plan, new_plan, diff_plans(old_plan, new_plan))
    assert "{{ 7*7 }}" in page
    assert "<b>" not in page and "<script>" not in page
    assert "&lt;b&gt;thẻ&lt;/b&gt;" in page and "&lt;script&gt;" in page and "&amp;" in page


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_html_screenshot(tmp_path):
    page = tmp_path / "diff.html"
    page.write_text(html_799(tmp_path), encoding="utf-8")
    shot = tmp_path / "diff.png"
    profile = tempfile.mkdtemp(dir=tmp_path)
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                    f"--screenshot={shot}", "--window-size=1400,1000", page.as_uri()],
                   capture_output=True, timeout=120, check=False)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000


# The command.

def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_command_compares_two_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "cu.yaml", MINIMAL_PLAN)
    write(tmp_path / "moi.yaml", MINIMAL_PLAN.replace("name: Nguyễn Văn A", "name: Trần Xuân Dâng"))
    result = CliRunner().invoke(main, ["diff", "cu.yaml", "moi.yaml"])
    assert (result.exit_code, result.output) == (0, "Người ký: Nguyễn Văn A → Trần Xuân Dâng\n")
    result = CliRunner().invoke(main, ["diff", "cu.yaml", "cu.yaml"])
    assert (result.exit_code, result.output) == (0, "Không có thay đổi về nội dung.\n")


def test_command_writes_json_and_html_to_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "cu.yaml", MINIMAL_PLAN)
    write(tmp_path / "moi.yaml", plan_text(recipients="[Sở Nội vụ, Sở Tài chính]"))
    result = CliRunner().invoke(main, ["diff", "cu.yaml", "moi.yaml", "--format", "json", "-o", "thay-doi.json"])
    assert (result.exit_code, result.output) == (0, "đã ghi thay-doi.json\n")
    assert json.loads((tmp_path / "thay-doi.json").read_text(encoding="utf-8"))[0]["message"] == "thêm Sở Tài chính"
    result = CliRunner().invoke(main, ["diff", "cu.yaml", "moi.yaml", "--format", "html", "-o", "thay-doi.html"])
    assert result.exit_code == 0
    assert "Nơi nhận</span>: thêm Sở Tài chính" in (tmp_path / "thay-doi.html").read_text(encoding="utf-8")


def test_command_reports_the_errors_of_either_side(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "cu.yaml", MINIMAL_PLAN.replace("title: Thử nghiệm", "tittle: Thử nghiệm"))
    write(tmp_path / "moi.yaml", MINIMAL_PLAN.replace("date: 2020-01-07", "date: 2020-02-31"))
    result = CliRunner().invoke(main, ["diff", "cu.yaml", "moi.yaml"])
    assert result.exit_code == 1
    assert 'cu.yaml:6:1: khóa không hợp lệ "tittle"' in result.output
    assert "moi.yaml:5:7:" in result.output and "ngày 31 không tồn tại" in result.output
    assert "Traceback" not in result.output


def test_command_needs_two_files():
    result = CliRunner().invoke(main, ["diff", "cu.yaml"])
    assert result.exit_code == 2 and "cần đúng hai tệp" in result.output


@pytest.fixture(autouse=True)
def own_repositories(monkeypatch):
    """Run under a git hook or `git rebase -x`, GIT_DIR names the project's own repository: these tests
    make theirs in tmp_path, and neither they nor `kehoach diff --git` must touch the project's."""
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_PREFIX", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR"):
        monkeypatch.delenv(name, raising=False)


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=Kiểm thử", "-c", "user.email=kiem-thu@example.com", *args],
                   cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repository(tmp_path, monkeypatch):
    """A git repository with one committed plan, the working folder its root."""
    git(tmp_path, "init", "-q")
    write(tmp_path / "plans/so/2020/ke-hoach.yaml", plan_text(items_section(FIVE_ITEMS)))
    write(tmp_path / "plans/plan.schema.json", "{}")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "Kế hoạch ban đầu")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_git_compares_the_working_tree_with_a_revision(repository):
    write(repository / "plans/so/2020/ke-hoach.yaml",
          plan_text(items_section([*FIVE_ITEMS[:2], "Chuyển đổi số trong tiếp nhận phản ánh.", *FIVE_ITEMS[2:]])))
    write(repository / "plans/so/2020/moi.yaml", MINIMAL_PLAN)
    write(repository / "plans/plan.schema.json", "{\"changed\": true}")
    result = CliRunner().invoke(main, ["diff", "--git", "HEAD"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "== plans/so/2020/ke-hoach.yaml\n"
        "Mục I: thêm khoản 3; các khoản 3–5 đánh số lại thành 4–6\n\n"
        "== plans/so/2020/moi.yaml\n"
        "Kế hoạch: kế hoạch mới: “Thử nghiệm”\n"
    )
    pairs = git_pairs("HEAD", [Path("plans/so/2020/moi.yaml")])
    assert pairs == [("plans/so/2020/moi.yaml", None, MINIMAL_PLAN.encode("utf-8"))]


def test_git_deleted_plan_and_json(repository):
    (repository / "plans/so/2020/ke-hoach.yaml").unlink()
    result = CliRunner().invoke(main, ["diff", "--git", "HEAD", "plans", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [{"file": "plans/so/2020/ke-hoach.yaml", "changes": [{
        "kind": "plan-removed", "where": "Kế hoạch", "message": "xóa kế hoạch: “Thử nghiệm”",
        "old": "Thử nghiệm", "new": None}]}]


def test_git_html_names_each_file_and_keeps_their_anchors_apart(repository):
    write(repository / "plans/so/2020/ke-hoach.yaml", plan_text(items_section([*FIVE_ITEMS[:4], "Sở Y tế & <b>Sở</b>"])))
    write(repository / "plans/so/2020/moi.yaml", MINIMAL_PLAN)
    result = CliRunner().invoke(main, ["diff", "--git", "HEAD", "--format", "html"])
    assert result.exit_code == 0, result.output
    page = result.output
    assert "<title>So sánh kế hoạch với phiên bản HEAD</title>" in page
    assert '<h2 class="file">plans/so/2020/ke-hoach.yaml</h2>' in page and '<h2 class="file">plans/so/2020/moi.yaml</h2>' in page
    assert 'id="tep-1-dong-' in page and 'id="tep-2-dong-' in page
    assert "Sở Y tế &amp; &lt;b&gt;Sở&lt;/b&gt;" in page and "<b>Sở</b>" not in page


def test_git_html_with_nothing_changed(repository):
    result = CliRunner().invoke(main, ["diff", "--git", "HEAD", "--format", "html"])
    assert result.exit_code == 0
    assert "<p>Không có kế hoạch nào khác với phiên bản HEAD.</p>" in result.output


def test_a_revision_archive_is_extracted_inside_its_folder_only(tmp_path):
    """What tarfile's filter="data" does, on every Python the project supports: no name leaves the folder."""
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w") as tar:
        for name in ("plans/a.yaml", "../ngoai.yaml", "/tuyet-doi.yaml"):
            member = tarfile.TarInfo(name)
            member.size = 3
            tar.addfile(member, io.BytesIO(b"a: "))
        for name, target in (("plans/b.yaml", "a.yaml"), ("plans/c.yaml", "../../ngoai.yaml")):
            link = tarfile.TarInfo(name)
            link.type, link.linkname = tarfile.SYMTYPE, target
            tar.addfile(link)
    folder = tmp_path / "mirror"
    folder.mkdir()
    archive.seek(0)
    with tarfile.open(fileobj=archive) as tar:
        extract_inside(tar, folder)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "mirror", "mirror/plans", "mirror/plans/a.yaml", "mirror/plans/b.yaml"]
    assert (folder / "plans/b.yaml").read_text() == "a: "


def test_git_with_nothing_changed(repository):
    result = CliRunner().invoke(main, ["diff", "--git", "HEAD"])
    assert (result.exit_code, result.output) == (0, "Không có kế hoạch nào khác với phiên bản HEAD.\n")


def test_git_errors_are_messages_not_tracebacks(repository):
    result = CliRunner().invoke(main, ["diff", "--git", "khong-co"])
    assert result.exit_code == 1
    assert result.output == 'git: không tìm thấy phiên bản "khong-co" trong git\n'
    with pytest.raises(PlanError):
        git_pairs("khong-co", [])


def test_git_plan_with_errors_names_the_revision(repository):
    broken = plan_text(items_section(FIVE_ITEMS)).replace("title: Thử nghiệm", "tittle: Thử nghiệm")
    write(repository / "plans/so/2020/ke-hoach.yaml", broken)
    git(repository, "commit", "-q", "-am", "Hỏng")
    write(repository / "plans/so/2020/ke-hoach.yaml", plan_text(items_section(FIVE_ITEMS)))
    result = CliRunner().invoke(main, ["diff", "--git", "HEAD"])
    assert result.exit_code == 1
    assert 'HEAD:plans/so/2020/ke-hoach.yaml:6:1: khóa không hợp lệ "tittle"' in result.output


def test_git_old_child_plan_reads_its_registry_and_parent_as_they_were(tmp_path, monkeypatch):
    """A unit's plan names its issuer in plans/bodies.yaml and takes its sections from a parent plan."""
    child = "plans/bv-da-khoa-ha-tinh/2020/trien-khai-799-KH-SYT.yaml"
    for path in ("plans/bodies.yaml", "plans/so-y-te-ha-tinh/2020/799-KH-SYT.yaml", child):
        write(tmp_path / path, (ROOT / path).read_text(encoding="utf-8"))
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "Kế hoạch triển khai")
    text = (tmp_path / child).read_text(encoding="utf-8")
    assert "due: 2020-10-08" in text
    write(tmp_path / child, text.replace("due: 2020-10-08", "due: 2020-10-05"))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["diff", "--git", "HEAD"])
    assert (result.exit_code, result.output) == (0, f"== {child}\nMục III, khoản 3: thời hạn 08/10/2020 → 05/10/2020\n")


# Where `diff --git` looks: the repository's plans/ from any sub-folder, paths as typed where one stands.

def test_git_from_a_sub_folder_finds_the_changed_plans(repository, monkeypatch):
    write(repository / "plans/so/2020/ke-hoach.yaml", plan_text(items_section([*FIVE_ITEMS, "Chuyển đổi số."])))
    write(repository / "plans/khac/2020/moi.yaml", MINIMAL_PLAN)
    monkeypatch.chdir(repository / "plans/so")
    result = CliRunner().invoke(main, ["diff", "--git", "HEAD"])
    assert (result.exit_code, result.output) == (0, (
        "== ../khac/2020/moi.yaml\n"
        "Kế hoạch: kế hoạch mới: “Thử nghiệm”\n\n"
        "== 2020/ke-hoach.yaml\n"
        "Mục I: thêm khoản 6\n"))
    monkeypatch.chdir(repository / "plans/so/2020")
    result = CliRunner().invoke(main, ["diff", "--git", "HEAD", "ke-hoach.yaml"])
    assert (result.exit_code, result.output) == (0, "== ke-hoach.yaml\nMục I: thêm khoản 6\n")
    result = CliRunner().invoke(main, ["diff", "--git", "HEAD", "../../khac", "--format", "json"])
    assert result.exit_code == 0 and json.loads(result.output)[0]["file"] == "../../khac/2020/moi.yaml"


def test_git_from_a_sub_folder_outside_plans(repository, monkeypatch):
    write(repository / "plans/so/2020/ke-hoach.yaml", plan_text(items_section(FIVE_ITEMS[:4])))
    (repository / "tai-lieu").mkdir()
    monkeypatch.chdir(repository / "tai-lieu")
    result = CliRunner().invoke(main, ["diff", "--git", "HEAD"])
    assert (result.exit_code, result.output) == (0, "== ../plans/so/2020/ke-hoach.yaml\nMục I: bỏ khoản 5\n")


def test_git_nothing_differs_only_when_plans_were_compared(repository, monkeypatch):
    monkeypatch.chdir(repository / "plans/so")
    for args in ([], ["2020"], ["2020/ke-hoach.yaml"], [str(repository / "plans")]):
        result = CliRunner().invoke(main, ["diff", "--git", "HEAD", *args])
        assert (result.exit_code, result.output) == (0, "Không có kế hoạch nào khác với phiên bản HEAD.\n"), args


def usage_error(result) -> str:
    """The message of a refused command (exit 2), without click's usage lines."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "Không có kế hoạch nào khác" not in result.output
    return result.output.split("Lỗi: ", 1)[1]


def test_git_mistyped_path_is_refused_with_the_closest_name(repository, monkeypatch):
    write(repository / "plans/so/2020/ke-hoach.yaml", plan_text(items_section(FIVE_ITEMS[:4])))
    result = CliRunner().invoke(main, ["diff", "--git", "HEAD", "plans/so/2020/ke-hoach.yml"])
    assert usage_error(result) == ('"plans/so/2020/ke-hoach.yml": không có tệp hay thư mục này, trên đĩa cũng như '
                                   'trong phiên bản HEAD; có phải ý bạn là "plans/so/2020/ke-hoach.yaml"?\n')
    monkeypatch.chdir(repository / "plans")
    result = CliRunner().invoke(main, ["diff", "--git", "HEAD", "so/2021"])
    assert usage_error(result) == ('"so/2021": không có tệp hay thư mục này, trên đĩa cũng như trong phiên bản HEAD; '
                                   'có phải ý bạn là "so/2020"?\n')
    shutil.rmtree(repository / "plans/so")  # deleted on disk: the names come from the revision
    result = CliRunner().invoke(main, ["diff", "--git", "HEAD", "so/2020/ke-hoach.yml"])
    assert usage_error(result).endswith('; có phải ý bạn là "so/2020/ke-hoach.yaml"?\n')
    result = CliRunner().invoke(main, ["diff", "--git", "HEAD", "so/2020/ke-hoach.yaml"])
    assert (result.exit_code, result.output) == (0, "== so/2020/ke-hoach.yaml\nKế hoạch: xóa kế hoạch: “Thử nghiệm”\n")


def test_git_paths_that_hold_no_plan_are_each_refused(repository, tmp_path_factory):
    write(repository / "plans/so/2020/ke-hoach.yaml", plan_text(items_section(FIVE_ITEMS[:4])))
    write(repository / "plans/bodies.yaml", "{}\n")
    write(repository / "tai-lieu/ghi-chu.txt", "Ghi chú\n")
    elsewhere = tmp_path_factory.mktemp("ngoai")
    result = CliRunner().invoke(main, ["diff", "--git", "HEAD", "plans/so", "tai-lieu", "tai-lieu/ghi-chu.txt",
                                       "plans/bodies.yaml", str(elsewhere), "khong-co"])
    assert usage_error(result).splitlines() == [
        '"tai-lieu": thư mục này không chứa kế hoạch nào (tệp .yaml), trên đĩa cũng như trong phiên bản HEAD',
        '"tai-lieu/ghi-chu.txt": không phải tệp kế hoạch (.yaml hoặc .yml)',
        '"plans/bodies.yaml": là sổ cơ quan, không phải kế hoạch; kehoach diff so sánh các kế hoạch',
        f'"{elsewhere}": nằm ngoài kho git {repository.resolve()}',
        '"khong-co": không có tệp hay thư mục này, trên đĩa cũng như trong phiên bản HEAD',
    ]


def test_git_plans_deleted_and_added_named_on_the_command_line(repository, monkeypatch):
    (repository / "plans/so/2020/ke-hoach.yaml").unlink()
    write(repository / "plans/so/2021/ke-hoach.yaml", MINIMAL_PLAN)
    monkeypatch.chdir(repository / "plans/so")
    result = CliRunner().invoke(main, ["diff", "--git", "HEAD", "2020/ke-hoach.yaml", "2021/ke-hoach.yaml"])
    assert (result.exit_code, result.output) == (0, (
        "== 2020/ke-hoach.yaml\nKế hoạch: xóa kế hoạch: “Thử nghiệm”\n\n"
        "== 2021/ke-hoach.yaml\nKế hoạch: kế hoạch mới: “Thử nghiệm”\n"))


def test_git_a_plan_git_ignores_is_compared_when_named(repository):
    write(repository / ".gitignore", "nhap/\n")
    write(repository / "plans/nhap/ke-hoach.yaml", MINIMAL_PLAN)
    result = CliRunner().invoke(main, ["diff", "--git", "HEAD", "plans/nhap/ke-hoach.yaml"])
    assert (result.exit_code, result.output) == (0, "== plans/nhap/ke-hoach.yaml\nKế hoạch: kế hoạch mới: “Thử nghiệm”\n")


def test_git_without_a_plans_folder_says_where_it_looked(tmp_path, monkeypatch):
    git(tmp_path, "init", "-q")
    write(tmp_path / "ke-hoach/a.yaml", MINIMAL_PLAN)
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "Không có plans/")
    monkeypatch.chdir(tmp_path / "ke-hoach")
    result = CliRunner().invoke(main, ["diff", "--git", "HEAD"])
    assert usage_error(result) == (f"ở gốc kho git {tmp_path.resolve()} không có thư mục plans/ chứa kế hoạch, trên đĩa cũng "
                                   "như trong phiên bản HEAD; "
                                   "hãy chỉ ra thư mục hoặc tệp kế hoạch: kehoach diff --git HEAD ĐƯỜNG_DẪN\n")
    result = CliRunner().invoke(main, ["diff", "--git", "HEAD", "."])
    assert (result.exit_code, result.output) == (0, "Không có kế hoạch nào khác với phiên bản HEAD.\n")


def test_git_outside_a_repository_and_a_revision_like_an_option(repository, tmp_path_factory, monkeypatch):
    result = CliRunner().invoke(main, ["diff", "--git=--output=ra.txt"])
    assert (result.exit_code, result.output) == (1, 'git: không tìm thấy phiên bản "--output=ra.txt" trong git\n')
    assert not (repository / "ra.txt").exists()
    outside = tmp_path_factory.mktemp("ngoai-kho")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(outside.parent))
    monkeypatch.chdir(outside)
    result = CliRunner().invoke(main, ["diff", "--git", "HEAD"])
    assert result.exit_code == 1
    assert result.output.startswith("git: thư mục hiện tại không nằm trong một kho git;")


def test_command_from_a_sub_folder_reports_a_move_in_text_and_html(repository):
    """The installed command, run in a sub-folder as a clerk would: the move is one line, on the page too."""
    text = plan_text(MOVING.format(first="", second=""))
    write(repository / "plans/so/2020/ke-hoach.yaml", text)
    git(repository, "commit", "-q", "-am", "Có mã")
    children = text[text.index("      - id: co-diem"):text.index("  - id: muc-hai")]
    moved = text.replace(children, "").replace("      - Khoản cuối.\n", children + "      - Khoản cuối.\n")
    write(repository / "plans/so/2020/ke-hoach.yaml", moved)
    folder = repository / "plans/so/2020"
    env = {name: value for name, value in os.environ.items() if not name.startswith("GIT_")}
    done = subprocess.run([*KEHOACH, "diff", "--git", "HEAD"], cwd=folder, env=env, capture_output=True, text=True)
    assert (done.returncode, done.stdout, done.stderr) == (0, (
        "== ke-hoach.yaml\n"
        "Mục I, khoản 2 chuyển thành Mục II, khoản 1\n"
        "Mục II: khoản 1 đánh số lại thành 2\n"), "")
    done = subprocess.run([*KEHOACH, "diff", "--git", "HEAD", "--format", "html", "-o", "../so-sanh.html"],
                          cwd=folder, env=env, capture_output=True, text=True)
    assert (done.returncode, done.stdout) == (0, "đã ghi ../so-sanh.html\n")
    page = (repository / "plans/so/so-sanh.html").read_text(encoding="utf-8")
    assert '<span class="where">Mục I, khoản 2</span> chuyển thành Mục II, khoản 1</li>' in page


CHILD = "plans/bv-da-khoa-ha-tinh/2020/trien-khai-799-KH-SYT.yaml"
PARENT = "plans/so-y-te-ha-tinh/2020/799-KH-SYT.yaml"


@pytest.fixture
def family(tmp_path, monkeypatch):
    """A repository holding the registry, a parent plan and a unit's plan implementing it."""
    for path in ("plans/bodies.yaml", PARENT, CHILD):
        write(tmp_path / path, (ROOT / path).read_text(encoding="utf-8"))
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "Kế hoạch và kế hoạch triển khai")
    monkeypatch.chdir(tmp_path / "plans/bv-da-khoa-ha-tinh")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_git_a_plan_whose_registry_changed_is_compared_though_its_file_is_not(family):
    edit(family / "plans/bodies.yaml", "name: BỆNH VIỆN ĐA KHOA TỈNH\n", "name: BỆNH VIỆN ĐA KHOA TỈNH HÀ TĨNH\n")
    result = CliRunner().invoke(main, ["diff", "--git", "HEAD"])
    assert (result.exit_code, result.output) == (0, (
        "== 2020/trien-khai-799-KH-SYT.yaml (tệp không sửa; nội dung đổi theo ../bodies.yaml)\n"
        "Cơ quan ban hành: BỆNH VIỆN ĐA KHOA TỈNH → BỆNH VIỆN ĐA KHOA TỈNH HÀ TĨNH\n"))
    result = CliRunner().invoke(main, ["diff", "--git", "HEAD", "2020", "--format", "json"])
    assert json.loads(result.output)[0]["because"] == "tệp không sửa; nội dung đổi theo ../bodies.yaml"


def test_git_a_child_plan_changes_with_its_parent_and_only_then(family):
    edit(family / PARENT, "tục nghiên cứu hướng dẫn", "tục nghiên cứu, hướng dẫn")
    result = CliRunner().invoke(main, ["diff", "--git", "HEAD"])
    assert (result.exit_code, result.output) == (0, (
        "== ../so-y-te-ha-tinh/2020/799-KH-SYT.yaml\n"
        "Mục III, khoản 2: sửa nội dung: “cứu” → “cứu,”\n\n"
        "== 2020/trien-khai-799-KH-SYT.yaml (tệp không sửa; nội dung đổi theo ../so-y-te-ha-tinh/2020/799-KH-SYT.yaml)\n"
        "Mục III, khoản 2: sửa nội dung: “cứu” → “cứu,”\n"))
    git(family, "checkout", "-q", ".")
    # the unit's plan sets its own deadline, and prints the parent's words with the parent's deadline
    edit(family / PARENT, "due: 2020-10-15", "due: 2020-10-30")
    result = CliRunner().invoke(main, ["diff", "--git", "HEAD"])
    assert (result.exit_code, result.output) == (0, (
        "== ../so-y-te-ha-tinh/2020/799-KH-SYT.yaml\nMục III, khoản 3: thời hạn 15/10/2020 → 30/10/2020\n\n"
        "== 2020/trien-khai-799-KH-SYT.yaml (tệp không sửa; nội dung đổi theo ../so-y-te-ha-tinh/2020/799-KH-SYT.yaml)\n"
        "Mục III, khoản 3: sửa nội dung: “15/10/2020.” → “30/10/2020.”\n"))
    git(family, "checkout", "-q", ".")
    edit(family / PARENT, "remark: Gửi VB giấy và điện tử.", "remark: Gửi VB điện tử.")  # nothing the child prints
    result = CliRunner().invoke(main, ["diff", "--git", "HEAD"])
    assert (result.exit_code, result.output) == (0, (
        "== ../so-y-te-ha-tinh/2020/799-KH-SYT.yaml\nGhi chú: Gửi VB giấy và điện tử. → Gửi VB điện tử.\n"))
    result = CliRunner().invoke(main, ["diff", "--git", "HEAD", "2020"])
    assert (result.exit_code, result.output) == (0, "Không có kế hoạch nào khác với phiên bản HEAD.\n")


def test_a_section_moved_to_another_part_is_one_move():
    parts = ("parts:\n  - title: Kết quả\n    sections:\n      - title: Kết quả đạt được\n        text: Hoàn thành.\n"
             "{first}  - title: Kế hoạch\n    sections:\n{second}      - title: Mục tiêu\n        text: Nâng cao.\n")
    section = "      - id: han-che\n        title: Hạn chế\n        text: Một số đơn vị còn chậm.\n"
    old = plan_text(parts.format(first=section, second=""))
    new = plan_text(parts.format(first="", second=section.replace("chậm.", "chậm lắm.")))
    assert diff_lines(old, new) == [
        "Phần I, Mục II chuyển thành Phần II, Mục I",
        "Phần II, Mục I: sửa đoạn mở đầu: “chậm.” → “chậm lắm.”",
        "Phần II: mục I đánh số lại thành II",
    ]
