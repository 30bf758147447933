"""A catalogue of bad plans and exactly what the user is told about each.

Every case is MINIMAL_PLAN (conftest) with a few edits, and the full list of
problems `plan.yaml:LINE:COLUMN: message`, in Vietnamese, as `kehoach check`
prints them. A position points at the offending value (or key, for a key that
should not be there); a missing field is reported at the mapping that lacks it.

Cases marked xfail describe what SHOULD happen where the code does not do it
yet (a wrong position, an English message, a traceback); their reason says
what happens now.

For reference, the lines of MINIMAL_PLAN:

     1  format: nd30
     2  type: KH
     3  issuer: {parent: UBND TỈNH HÀ TĨNH, name: SỞ Y TẾ, code: SYT, place: Hà Tĩnh}
     4  number: 5
     5  date: 2020-01-07
     6  title: Thử nghiệm
     7  sections:
     8    - title: Mục đích
     9      items:
    10        - Nội dung thứ nhất.
    11  recipients: [Sở Nội vụ]
    12  archive: {units: [TCCB]}
    13  signature: {authority: KT, head: Giám đốc, title: Phó Giám đốc, name: Nguyễn Văn A}
"""
from __future__ import annotations

import re
import unicodedata

import pytest

from conftest import MINIMAL_PLAN, edited_plan
from kehoach.errors import PlanError
from kehoach.read import read_plan

FIRST_ITEM = "    items:\n      - Nội dung thứ nhất.\n"
SIGNATURE = "signature: {authority: KT, head: Giám đốc, title: Phó Giám đốc, name: Nguyễn Văn A}"
FIRST_SECTION = "  - title: Mục đích\n    items:\n      - Nội dung thứ nhất.\n"
CITED = ("implements: {number: 96, code: UBND, date: 2020-01-02, issuer: UBND tỉnh, about: cải cách hành chính, "
         "format: nd30}")
ENGLISH = re.compile(r"\b(expected|found|but|while|could not|scanning|parsing)\b")


plan = edited_plan
DEADLINE_FORMS = ("các dạng thời hạn: 2022-10-15, Trước ngày 15/10, Trước ngày 15/10/2022, Tháng 6/2022, Quý II/2022, "
                  "6 tháng đầu năm 2022, 6 tháng cuối năm 2022, Năm 2022, Từ tháng 3 đến tháng 6/2022, Thường xuyên")


def task_plan(when: str, period: str | None = None, date: str | None = None) -> str:
    """MINIMAL_PLAN whose item 1 is a task `{owner: Các đơn vị, <when>}` (its value at line 12, column 40;
    a line lower with a period, a line higher in a draft, which has no number)."""
    edits = [("code: SYT,", "code: SYT, called: Sở Y tế,"),
             ("      - Nội dung thứ nhất.",
              f"      - text: Báo cáo.\n        id: bao-cao\n        task: {{owner: Các đơn vị, {when}}}")]
    if period:
        edits.append(("title: Thử nghiệm\n", f"title: Thử nghiệm\nperiod: {period}\n"))
    if date:
        edits.append(("number: 5\ndate: 2020-01-07", f"date: {date}"))
    return edited_plan(*edits)


class Said:
    """A problem at an exact place whose wording is not fixed yet: it must be in
    Vietnamese (no words of the YAML library's English) and contain `words`."""

    def __init__(self, where: str, *words: str):
        self.where, self.words = where, words

    def __eq__(self, other):
        if not isinstance(other, str) or not other.startswith(self.where + ": "):
            return False
        message = other[len(self.where) + 2:]
        return all(word in message for word in self.words) and not ENGLISH.search(message)

    def __repr__(self):
        return f"<{self.where}: a Vietnamese message containing {' and '.join(map(repr, self.words))}>"


def windows_1258(text: str) -> bytes:
    """Text as an old Vietnamese Windows editor saves it: letters with a horn,
    breve or circumflex precomposed (ư, ê), tone marks as combining bytes."""
    def encodable(char: str) -> bool:
        try:
            return len(char) == 1 and bool(char.encode("cp1258"))
        except UnicodeEncodeError:
            return False

    out = b""
    for char in text:
        base, *marks = unicodedata.normalize("NFD", char)
        for mark in list(marks):
            if encodable(unicodedata.normalize("NFC", base + mark)):
                base = unicodedata.normalize("NFC", base + mark)
                marks.remove(mark)
        out += (base + "".join(marks)).encode("cp1258")
    return out


def case(name: str, text: str | bytes, *expected, xfail: str | None = None):
    marks = [pytest.mark.xfail(strict=True, reason=xfail)] if xfail else []
    return pytest.param(text, list(expected), id=name, marks=marks)


def problems_of(tmp_path, text: str | bytes) -> list[str]:
    path = tmp_path / "plan.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        read_plan(path, display="plan.yaml")
    return [str(problem) for problem in caught.value.problems]


CASES = [
    # --- Keys ---------------------------------------------------------------------
    case("unknown-top-level-key-suggests-the-right-one",
         plan(("title: Thử nghiệm", "tittle: Thử nghiệm")),
         # one typo, one message: the missing "title" is the misspelt key, not a second problem
         'plan.yaml:6:1: khóa không hợp lệ "tittle"; có phải ý bạn là "title"?'),
    case("unknown-nested-key-suggests-the-right-one",
         plan(("archive: {units: [TCCB]}", "archive: {units: [TCCB], drafer: nadt}")),
         'plan.yaml:12:26: khóa không hợp lệ "drafer"; có phải ý bạn là "drafter"?'),
    case("unknown-item-key-lists-the-allowed-keys",
         plan(("      - Nội dung thứ nhất.", "      - text: Nội dung thứ nhất.\n        colour: red")),
         'plan.yaml:11:9: khóa không hợp lệ "colour"; các khóa được phép: id, title, text, numbering, items, closing, task, star, restart'),
    case("missing-required-fields-are-reported-together",
         plan(("format: nd30\ntype: KH\n", "")),
         'plan.yaml:1:1: thiếu trường bắt buộc "format" (thể thức: nd30 (Nghị định 30/2020) hoặc party (Hướng dẫn 05-HD/VPTW))',
         'plan.yaml:1:1: thiếu trường bắt buộc "type" (loại văn bản: KH)'),
    case("missing-nested-fields-are-reported-together-at-their-mapping",
         plan(("issuer: {parent: UBND TỈNH HÀ TĨNH, name: SỞ Y TẾ, code: SYT, place: Hà Tĩnh}",
               "issuer: {parent: UBND TỈNH HÀ TĨNH}")),
         'plan.yaml:3:9: thiếu trường bắt buộc "code" (mã viết tắt, ví dụ SYT)',
         'plan.yaml:3:9: thiếu trường bắt buộc "name" (cơ quan ban hành, ví dụ SỞ Y TẾ)',
         'plan.yaml:3:9: thiếu trường bắt buộc "place" (địa danh, ví dụ Hà Tĩnh)'),

    # --- Types ----------------------------------------------------------------------
    case("number-written-in-words",
         plan(("number: 5", "number: năm")),
         'plan.yaml:4:9: "number" cần số nguyên dương, nhận được chuỗi văn bản "năm"'),
    case("number-typed-with-its-symbol",
         plan(("number: 5", "number: 12/KH-SYT")),
         'plan.yaml:4:9: "number" chỉ ghi số (12), không ghi ký hiệu "12/KH-SYT": '
         'ký hiệu (Số: 12/KH-SYT hay Số 12-KH/ĐU) do "format" quyết định'),
    case("number-zero",
         plan(("number: 5", "number: 0")),
         'plan.yaml:4:9: "number" cần số nguyên dương, nhận được số nguyên "0"'),
    case("number-negative",
         plan(("number: 5", "number: -3")),
         'plan.yaml:4:9: "number" cần số nguyên dương, nhận được số nguyên "-3"'),
    case("draft-round-in-words",
         plan(("number: 5\ndate: 2020-01-07", "draft: hai\ndate: 2020-01")),
         'plan.yaml:4:8: "draft" cần true (DỰ THẢO) hoặc lần dự thảo, ví dụ 2 (DỰ THẢO LẦN 2); nhận được chuỗi văn bản "hai"'),
    case("draft-round-zero",
         plan(("number: 5\ndate: 2020-01-07", "draft: 0\ndate: 2020-01")),
         'plan.yaml:4:8: "draft" cần true (DỰ THẢO) hoặc lần dự thảo, ví dụ 2 (DỰ THẢO LẦN 2); nhận được số nguyên "0"'),
    case("title-as-a-list",
         plan(("title: Thử nghiệm", "title: [Thử, nghiệm]")),
         'plan.yaml:6:8: "title" cần chuỗi văn bản, nhận được danh sách'),
    case("sections-as-a-string",
         plan(("sections:\n  - title: Mục đích\n" + FIRST_ITEM, "sections: Mục đích\n")),
         'plan.yaml:7:11: "sections" cần danh sách, nhận được chuỗi văn bản "Mục đích"'),
    case("items-as-a-mapping",
         plan((FIRST_ITEM, "    items:\n      a: Nội dung thứ nhất.\n")),
         'plan.yaml:10:7: "items" cần danh sách, nhận được ánh xạ (các cặp khóa: giá trị)'),
    case("archive-units-as-a-string",
         plan(("archive: {units: [TCCB]}", "archive: {units: TCCB}")),
         'plan.yaml:12:18: "units" cần danh sách, nhận được chuỗi văn bản "TCCB"'),
    case("format-misspelled",
         plan(("format: nd30", "format: nd31")),
         'plan.yaml:1:9: "format" không hợp lệ: chuỗi văn bản "nd31"; có phải ý bạn là "nd30"? dùng một trong: nd30, party'),

    # --- Dates ------------------------------------------------------------------------
    case("date-february-31",
         plan(("date: 2020-01-07", "date: 2020-02-31")),
         'plan.yaml:5:7: "date": ngày 31 không tồn tại, tháng 2 năm 2020 chỉ có 29 ngày ("2020-02-31")'),
    case("date-month-13",
         plan(("date: 2020-01-07", "date: 2020-13-01")),
         'plan.yaml:5:7: "date": tháng 13 không tồn tại ("2020-13-01")'),
    case("date-typed-day-first-with-slashes",
         plan(("date: 2020-01-07", "date: 31/3/2020")),
         'plan.yaml:5:7: "date" cần ngày dạng NĂM-THÁNG-NGÀY, ví dụ 2020-03-31 hoặc 2021-02 (bản dự thảo); '
         'nhận được chuỗi văn bản "31/3/2020"'),
    case("draft-date-with-a-number",
         plan(("date: 2020-01-07", "date: 2021-02")),
         'plan.yaml:5:7: văn bản đã có số phải có ngày đầy đủ (NĂM-THÁNG-NGÀY)'),
    case("draft-mark-on-a-numbered-plan",
         plan(("number: 5", "number: 5\ndraft: 2")),
         'plan.yaml:5:8: văn bản đã có số (5) không còn là dự thảo: bỏ "draft"'),
    case("date-year-0",
         plan(("date: 2020-01-07", "date: 0000-01-07")),
         Said("plan.yaml:5:7", '"date"', "0000-01-07")),
    case("authority-unknown",
         plan(("authority: KT", "authority: XY")),
         'plan.yaml:13:24: "authority" không hợp lệ: "XY"; dùng một trong: KT, TM, TL, TUQ, Q'),
    case("authority-in-party-form-on-a-state-plan-gives-the-state-form",
         plan(("authority: KT", "authority: T/M")),
         'plan.yaml:13:24: "authority" không dùng "T/M": văn bản nhà nước viết "TM"'),
    case("authority-in-state-form-on-a-party-plan-gives-the-party-form",
         plan(("format: nd30", "format: party")),
         'plan.yaml:13:24: "authority" không dùng "KT": văn bản của Đảng viết "K/T"'),
    case("head-without-authority",
         plan(("authority: KT, ", "")),
         'plan.yaml:13:19: "head" chỉ dùng cùng "authority" (KT, TM, ...); người đứng đầu tự ký thì chỉ ghi "title"'),
    case("kt-without-title",
         plan((", title: Phó Giám đốc", "")),
         'plan.yaml:13:12: ký "KT" cần "title": chức vụ người ký, ví dụ Phó Giám đốc, Bí thư'),
    case("kt-without-head",
         plan(("head: Giám đốc, ", "")),
         'plan.yaml:13:12: ký "KT" cần "head": chức danh người đứng đầu hoặc tập thể, ví dụ Giám đốc, Chi bộ'),
    case("acting-head-with-a-title",
         plan(("authority: KT", "authority: Q")),
         'plan.yaml:13:50: ký "Q." (quyền) chỉ ghi "head", ví dụ head: Giám đốc → Q. GIÁM ĐỐC'),

    # --- Sections and items ---------------------------------------------------------------
    case("section-without-items-or-text",
         plan((FIRST_ITEM, "")),
         'plan.yaml:8:5: mục "Mục đích" không có nội dung: cần "items" hoặc "text"'),
    case("empty-items-list",
         plan((FIRST_ITEM, "    items: []\n")),
         'plan.yaml:9:12: "items" cần ít nhất 1 mục'),
    case("item-with-a-typed-number",
         plan(("- Nội dung thứ nhất.", "- 1. Nội dung thứ nhất.")),
         'plan.yaml:10:9: không gõ số thứ tự "1." ở đầu đoạn: số thứ tự được đánh tự động'),
    case("item-with-a-typed-dash",
         plan(("- Nội dung thứ nhất.", "- '- Nội dung thứ nhất.'")),
         'plan.yaml:10:9: không gõ số thứ tự "-" ở đầu đoạn: số thứ tự được đánh tự động'),
    case("item-with-a-typed-point-letter-under-a-title-points-at-the-text",
         plan(("      - Nội dung thứ nhất.", "      - title: Yêu cầu\n        text: a) Nội dung thứ nhất.")),
         'plan.yaml:11:15: không gõ số thứ tự "a)" ở đầu đoạn: số thứ tự được đánh tự động'),
    case("section-title-with-a-typed-roman-numeral",
         plan(("  - title: Mục đích", "  - title: I. Mục đích")),
         Said("plan.yaml:8:12", '"I."')),
    case("due-placeholder-in-an-item-without-a-task",
         plan(("- Nội dung thứ nhất.", "- Báo cáo trước ngày {due}.")),
         'plan.yaml:10:9: đoạn văn dùng "{due}" nhưng khoản không có task.due'),
    case("due-placeholder-in-an-item-whose-task-has-no-due",
         plan(("code: SYT,", "code: SYT, called: Sở Y tế,"),
              ("      - Nội dung thứ nhất.",
               "      - text: Báo cáo trước ngày {due}.\n        id: bao-cao\n        task: {owner: Các đơn vị}")),
         'plan.yaml:10:9: đoạn văn dùng "{due}" nhưng khoản không có task.due'),
    case("task-due-with-year-and-month-only",
         plan(("code: SYT,", "code: SYT, called: Sở Y tế,"),
              ("      - Nội dung thứ nhất.",
               "      - text: Báo cáo.\n        id: bao-cao\n        task: {owner: Các đơn vị, due: 2020-10}")),
         'plan.yaml:12:40: "due" "2020-10" thiếu ngày: cả tháng viết "Tháng 10/2020", một ngày viết 2020-10-15'),

    # --- Deadlines as written ---------------------------------------------------------------------
    case("task-due-in-no-form-of-deadline",
         task_plan("due: cuối năm"),
         'plan.yaml:12:40: "due" "cuối năm": không phải một thời hạn; các dạng thời hạn: 2022-10-15, Trước ngày 15/10, '
         'Trước ngày 15/10/2022, Tháng 6/2022, Quý II/2022, 6 tháng đầu năm 2022, 6 tháng cuối năm 2022, Năm 2022, '
         'Từ tháng 3 đến tháng 6/2022, Thường xuyên'),
    case("task-due-in-a-month-that-does-not-exist",
         task_plan("due: Tháng 13/2020"),
         'plan.yaml:12:40: "due" "Tháng 13/2020": tháng 13 không tồn tại; ' + DEADLINE_FORMS),
    case("task-due-before-a-day-the-month-lacks",
         task_plan("due: Trước ngày 31/4"),
         'plan.yaml:12:40: "due" "Trước ngày 31/4": ngày 31 không tồn tại, tháng 4 chỉ có 30 ngày; ' + DEADLINE_FORMS),
    case("task-due-range-ending-before-it-starts",
         task_plan("due: Từ tháng 6 đến tháng 3/2020"),
         'plan.yaml:12:40: "due" "Từ tháng 6 đến tháng 3/2020": tháng đầu (6) phải trước tháng cuối (3); ' + DEADLINE_FORMS),
    case("task-due-written-as-a-recurrence-belongs-to-repeat",
         task_plan('due: "6 tháng, hằng năm"'),
         'plan.yaml:12:40: "due" "6 tháng, hằng năm" là nhiệm vụ định kỳ: ghi vào "repeat", ví dụ repeat: "6 tháng, hằng năm"'),
    case("task-due-before-the-plans-date",
         task_plan("due: 2020-01-06"),
         "plan.yaml:12:40: thời hạn 06/01/2020 trước ngày ban hành kế hoạch (07/01/2020)"),
    case("task-due-month-before-the-plans-date-says-its-last-day",
         task_plan("due: Tháng 12/2019", period="2019-2020"),
         "plan.yaml:13:40: thời hạn Tháng 12/2019 (ngày cuối 31/12/2019) trước ngày ban hành kế hoạch (07/01/2020)"),
    case("task-due-before-a-day-that-is-the-plans-date",
         task_plan("due: Trước ngày 07/01"),
         "plan.yaml:12:40: thời hạn Trước ngày 07/01 (ngày cuối 06/01/2020) trước ngày ban hành kế hoạch (07/01/2020)"),
    case("task-due-quarter-outside-the-plans-period",
         task_plan("due: Quý I/2021"),
         "plan.yaml:12:40: thời hạn Quý I/2021 nằm ngoài thời kỳ của kế hoạch (2020)"),
    case("task-due-range-starting-before-the-plans-period",
         task_plan("due: Từ tháng 11/2019 đến tháng 2/2020"),
         "plan.yaml:12:40: thời hạn Từ tháng 11/2019 đến tháng 02/2020 nằm ngoài thời kỳ của kế hoạch (2020)"),
    case("task-due-before-a-day-without-year-in-a-plan-of-several-years",
         task_plan("due: Trước ngày 15/10", period="2020-2022"),
         'plan.yaml:13:40: thời hạn "Trước ngày 15/10" không ghi năm, mà kế hoạch kéo dài 2020-2022: '
         'ghi năm, ví dụ "Trước ngày 15/10/2020"'),
    case("task-due-in-a-draft-compared-by-month",
         task_plan("due: 2020-02-28", date="2020-03"),
         "plan.yaml:11:40: thời hạn 28/02/2020 trước tháng ban hành kế hoạch (3/2020)"),
    case("task-due-of-a-thousand-words-is-quoted-in-part",
         task_plan("due: " + "Quý II " * 1000),
         'plan.yaml:12:40: "due" "Quý II Quý II Quý II Quý II Quý II Quý II Quý II Quý II Quý…": '
         "không phải một thời hạn; " + DEADLINE_FORMS),
    case("task-due-a-bare-year",
         task_plan("due: 2022"),
         'plan.yaml:12:40: "due" "2022": không phải một thời hạn; ' + DEADLINE_FORMS),
    case("task-due-a-list",
         task_plan("due: [Quý II/2020]"),
         'plan.yaml:12:40: "due" cần một thời hạn, nhận được danh sách; ' + DEADLINE_FORMS),
    case("repeat-continues-and-until",
         task_plan("repeat: {every: quarterly, until: 2020-09, continues: true}"),
         'plan.yaml:12:89: "continues" (tiếp tục sau thời kỳ kế hoạch) không dùng cùng "until" (kỳ cuối cùng)'),

    # --- Parts and * lines --------------------------------------------------------------------
    case("parts-and-sections-both-at-the-top",
         plan(("sections:\n", "parts:\n  - title: Kết quả năm 2020\n    sections:\n      - title: Kết quả\n"
                             "        text: Tốt.\nsections:\n")),
         'plan.yaml:8:3: kế hoạch có "parts" thì các mục nằm trong từng phần: chuyển "sections" vào '
         'một phần (parts: - title: ... sections: ...), hoặc bỏ "parts"'),
    case("part-title-with-its-label-typed-or-a-final-period",
         plan(("sections:\n" + FIRST_SECTION, "parts:\n  - title: Phần I. Kết quả năm 2020\n    sections:\n      - title: Kết quả\n"
                              "        text: Tốt.\n  - title: Kế hoạch năm 2021.\n    sections: []\n")),
         'plan.yaml:8:12: không gõ số thứ tự "Phần I." ở đầu tên phần: "Phần I", "Phần II" được đánh tự động',
         'plan.yaml:12:12: tên phần không có dấu chấm cuối (khi in, tên phần là một dòng tiêu đề): viết "Kế hoạch năm 2021"',
         'plan.yaml:13:15: "sections" cần ít nhất 1 mục'),
    case("part-without-sections",
         plan(("sections:\n" + FIRST_SECTION, "parts:\n  - title: Kết quả\n")),
         'plan.yaml:8:5: thiếu trường bắt buộc "sections" (các mục I, II, ... của phần này)'),
    case("part-id-shared-with-a-section",
         plan(("sections:\n" + FIRST_SECTION, "parts:\n  - id: ket-qua\n    title: Kết quả\n    sections:\n      - id: ket-qua\n"
                              "        title: Kết quả\n        text: Tốt.\n")),
         'plan.yaml:11:13: mã "ket-qua" bị trùng (đã dùng ở dòng 8, cột 9)'),
    case("star-typed-in-a-star-line-or-in-an-item",
         plan(("      - Nội dung thứ nhất.", "      - star: '* Đối với tập thể:'\n      - '* Đối với cá nhân:'\n"
                                          "      - Nội dung thứ nhất.")),
         'plan.yaml:10:15: không gõ dấu "*" ở đầu "star": dấu * được in tự động; viết star: Đối với tập thể:',
         'plan.yaml:11:9: không gõ dấu "*" ở đầu đoạn: một dòng "* ..." giữa các khoản viết star: Đối với cá nhân:'),
    case("star-line-with-text-restart-without-star-star-line-last",
         plan(("      - Nội dung thứ nhất.", "      - star: 'Đối với tập thể:'\n        text: Nội dung.\n"
                                          "      - Nội dung thứ nhất.\n      - restart: false\n        text: Nội dung hai.\n"
                                          "      - star: 'Đối với cá nhân:'")),
         'plan.yaml:11:15: dòng "star" chỉ gồm lời của nó (và "restart", "id"), không có "text": '
         'các khoản thuộc dòng * viết ngay sau nó, trong cùng danh sách',
         'plan.yaml:13:18: "restart" chỉ dùng cho dòng "star" (dòng * giữa các khoản)',
         'plan.yaml:15:15: dòng "star" đứng cuối danh sách: dòng * dẫn vào các khoản theo sau nó'),
    case("star-line-left-empty",
         plan(("      - Nội dung thứ nhất.", "      - star:\n      - Nội dung thứ nhất.")),
         'plan.yaml:10:9: dòng "star" để trống: viết lời của dòng *, ví dụ star: Đối với tập thể:'),

    # --- Ids --------------------------------------------------------------------------------------
    case("duplicate-id-names-the-first-place",
         plan((FIRST_ITEM, "    id: muc-dich\n    items:\n      - text: Nội dung thứ nhất.\n        id: muc-dich\n")),
         'plan.yaml:12:13: mã "muc-dich" bị trùng (đã dùng ở dòng 9, cột 9)'),
    case("id-with-capitals-diacritics-and-underscore",
         plan((FIRST_ITEM, "    id: Mục_Đích\n" + FIRST_ITEM)),
         'plan.yaml:9:9: "id" không hợp lệ: "Mục_Đích"; chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, '
         'ví dụ bao-cao-ket-qua'),

    # --- Recipients -----------------------------------------------------------------------------------
    case("recipient-group-without-note",
         plan(("recipients: [Sở Nội vụ]", "recipients:\n  - {group: [Sở Nội vụ, Sở Tài chính]}")),
         'plan.yaml:12:5: nhóm nơi nhận cần "note", ví dụ note: thực hiện'),
    case("recipient-with-both-one-name-and-a-group",
         plan(("recipients: [Sở Nội vụ]", "recipients:\n  - {to: Sở Nội vụ, group: [Bộ Y tế, Sở Tài chính], note: để b/c}")),
         'plan.yaml:12:5: nơi nhận ghi "to" hoặc "group", không ghi cả hai: thêm "Sở Nội vụ" vào "group"'),
    case("recipient-with-a-note-and-nobody",
         plan(("recipients: [Sở Nội vụ]", "recipients:\n  - {note: để b/c}")),
         'plan.yaml:12:5: nơi nhận cần "to" (một nơi) hoặc "group" (nhiều nơi cùng ghi chú)'),

    # --- YAML syntax ------------------------------------------------------------------------------------
    case("yaml-tab-indenting-a-list-entry",
         plan(("      - Nội dung", "\t- Nội dung")),
         'plan.yaml:10:1: ký tự không thể đứng đầu giá trị (thường là phím Tab: hãy thụt lề bằng dấu cách)'),
    case("yaml-tab-indenting-a-key",
         plan(("    items:", "\titems:")),
         'plan.yaml:9:1: không dùng phím Tab để thụt lề, hãy dùng dấu cách'),
    case("yaml-key-indented-under-a-value",
         plan(("title: Thử nghiệm", "  title: Thử nghiệm")),
         Said("plan.yaml:6:8", "thụt lề")),
    case("yaml-duplicate-key-names-the-first-place",
         plan(("title: Thử nghiệm", "title: Thử nghiệm\ntitle: Lần hai")),
         'plan.yaml:7:1: khóa "title" bị lặp lại (đã có ở dòng 6, cột 1)'),
    case("yaml-merge-key-is-not-a-plan-key",
         plan(("archive: {units: [TCCB]}", "archive: {<<: {units: [TCCB]}}")),
         'plan.yaml:12:10: thiếu trường bắt buộc "units" (đơn vị soạn thảo, ví dụ [TCCB]; '
         'văn bản của Đảng: [Văn phòng Đảng ủy])',
         'plan.yaml:12:11: khóa không hợp lệ "<<"; các khóa được phép: units, drafter, copies'),
    case("yaml-complex-key-is-shown-as-typed",
         plan(("      - Nội dung thứ nhất.", "      - [a, b]: Nội dung thứ nhất.")),
         Said("plan.yaml:10:9", "khóa không hợp lệ", "a, b")),
    case("yaml-undefined-alias",
         plan(("title: Thử nghiệm", "title: *tieu-de")),
         'plan.yaml:6:8: bí danh (alias) chưa được định nghĩa'),
    case("yaml-missing-colon-points-at-the-key-line",
         plan(("title: Thử nghiệm", "title Thử nghiệm")),
         "plan.yaml:6:1: thiếu dấu ':' sau tên khóa"),
    case("yaml-no-space-after-colon",
         plan(("number: 5", "number:5")),
         Said("plan.yaml:4:1", "dấu cách")),
    case("yaml-indentation-mismatch",
         plan(("    items:", "   items:")),
         'plan.yaml:9:4: thụt lề không khớp với danh sách phía trên'),
    case("yaml-unclosed-quote-points-at-the-opening-quote",
         plan(("title: Thử nghiệm", 'title: "Thử nghiệm')),
         Said("plan.yaml:6:8", "dấu nháy")),
    case("yaml-unclosed-bracket-points-at-the-opening-bracket",
         plan(("recipients: [Sở Nội vụ]", "recipients: [Sở Nội vụ")),
         Said("plan.yaml:11:13", "]")),
    case("yaml-two-documents-in-one-file",
         plan(("title: Thử nghiệm", "title: Thử nghiệm\n---\nformat: nd30")),
         Said("plan.yaml:7:1", "---")),
    case("empty-text-field",
         plan((FIRST_ITEM, "    text: ''\n")),
         'plan.yaml:9:11: "text" không được để trống'),
    case("empty-title",
         plan(("title: Thử nghiệm", "title:")),
         'plan.yaml:6:7: "title" cần chuỗi văn bản, nhận được giá trị rỗng'),
    case("empty-title",
         plan(("title: Thử nghiệm", "title:")),
         'plan.yaml:6:7: "title" cần chuỗi văn bản, nhận được giá trị rỗng'),

    # --- Whole files ---------------------------------------------------------------------------------------
    case("empty-file", "",
         "plan.yaml:1:1: tệp trống: cần các trường format, type, issuer, date, title, sections, recipients, archive, signature"),
    case("file-with-only-a-comment", "# yaml-language-server: $schema=../../plan.schema.json\n",
         "plan.yaml:1:1: tệp trống: cần các trường format, type, issuer, date, title, sections, recipients, archive, signature"),
    case("file-holding-a-list", "- format: nd30\n",
         "plan.yaml:1:1: tệp cần ánh xạ (các cặp khóa: giá trị), nhận được danh sách"),
    case("file-saved-in-windows-1258",
         # Windows-1258 stores "Ỉ" as I + a combining hook (byte 0xD2): line 3 "issuer: {parent: UBND TỈ..."
         windows_1258(MINIMAL_PLAN),
         "plan.yaml:3:25: tệp không được mã hóa UTF-8; hãy lưu lại với mã hóa UTF-8"),
    case("file-saved-in-utf-16", MINIMAL_PLAN.encode("utf-16"),
         "plan.yaml:1:1: tệp không được mã hóa UTF-8; hãy lưu lại với mã hóa UTF-8"),
    case("file-not-utf8-column-counts-letters-not-bytes",
         # line 6 "title: Thử " is 11 letters but 13 bytes ("ử" takes 3) before the bad byte
         plan(("title: Thử nghiệm", "title: Thử @")).encode("utf-8").replace(b"@", b"\xe1"),
         "plan.yaml:6:12: tệp không được mã hóa UTF-8; hãy lưu lại với mã hóa UTF-8"),
    case("several-problems-in-one-file-are-all-reported",
         plan(("number: 5", "number: 0"),
              ("date: 2020-01-07", "date: 2020-02-31"),
              ("authority: KT", "authority: XY"),
              ("- Nội dung thứ nhất.", "- text: Nội dung thứ nhất.\n        numbering: roman")),
         'plan.yaml:4:9: "number" cần số nguyên dương, nhận được số nguyên "0"',
         'plan.yaml:5:7: "date": ngày 31 không tồn tại, tháng 2 năm 2020 chỉ có 29 ngày ("2020-02-31")',
         'plan.yaml:11:20: "numbering" không hợp lệ: chuỗi văn bản "roman"; '
         'dùng một trong: decimal, nested, letters, dash, plus, star, none',
         'plan.yaml:14:24: "authority" không hợp lệ: "XY"; dùng một trong: KT, TM, TL, TUQ, Q'),
    case("several-rule-problems-in-one-file-are-all-reported",
         plan(("authority: KT", "authority: XY"),
              ("      - Nội dung thứ nhất.", "      - 1. Nội dung thứ nhất.\n      - '- Nội dung thứ hai.'"),
              ("recipients: [Sở Nội vụ]", "recipients:\n  - {group: [Sở Nội vụ, Sở Tài chính]}")),
         'plan.yaml:10:9: không gõ số thứ tự "1." ở đầu đoạn: số thứ tự được đánh tự động',
         'plan.yaml:11:9: không gõ số thứ tự "-" ở đầu đoạn: số thứ tự được đánh tự động',
         'plan.yaml:13:5: nhóm nơi nhận cần "note", ví dụ note: thực hiện',
         'plan.yaml:15:24: "authority" không hợp lệ: "XY"; dùng một trong: KT, TM, TL, TUQ, Q'),
    # --- A parent cited by its particulars (implements without plan) ---------------------
    case("cited-parent-issued-after-the-plan-and-no-report-to-its-issuer",
         plan(("title: Thử nghiệm", "title: Thử nghiệm\n" + CITED.replace("2020-01-02", "2020-02-01"))),
         "plan.yaml:5:7: kế hoạch triển khai không thể ban hành trước kế hoạch cấp trên (01/02/2020)",
         "plan.yaml:12:13: nơi nhận cần có UBND tỉnh kèm ghi chú báo cáo, ví dụ {to: UBND tỉnh, note: báo cáo}: "
         "kế hoạch này triển khai kế hoạch của UBND tỉnh"),
    case("cited-parent-checks-run-beside-a-wrong-value-elsewhere",
         plan(("number: 5", "number: 0"),
              ("title: Thử nghiệm", "title: Thử nghiệm\n" + CITED.replace("2020-01-02", "2020-02-01"))),
         'plan.yaml:4:9: "number" cần số nguyên dương, nhận được số nguyên "0"',
         "plan.yaml:5:7: kế hoạch triển khai không thể ban hành trước kế hoạch cấp trên (01/02/2020)",
         "plan.yaml:12:13: nơi nhận cần có UBND tỉnh kèm ghi chú báo cáo, ví dụ {to: UBND tỉnh, note: báo cáo}: "
         "kế hoạch này triển khai kế hoạch của UBND tỉnh"),
    case("cited-directive-in-a-draft-month-before-it",
         plan(("number: 5\n", ""), ("date: 2020-01-07", "date: 2019-12"),
              ("title: Thử nghiệm", "title: Thử nghiệm\n" + CITED.replace("number: 96", "type: CT, number: 3")),
              ("recipients: [Sở Nội vụ]", "recipients: [{to: UBND tỉnh, note: để b/c}]")),
         "plan.yaml:4:7: kế hoạch triển khai không thể ban hành trước chỉ thị cấp trên (tháng 1/2020)"),
    case("cited-parent-lacks-its-particulars",
         plan(("title: Thử nghiệm", "title: Thử nghiệm\nimplements: {about: cải cách hành chính}")),
         'plan.yaml:7:13: thiếu trường bắt buộc "code" (ký hiệu cơ quan ban hành văn bản cấp trên, ví dụ UBND, TU, ĐU; '
         "không cần khi có plan)",
         'plan.yaml:7:13: thiếu trường bắt buộc "date" (ngày ban hành văn bản cấp trên, ví dụ 2022-03-15; không cần khi có plan)',
         'plan.yaml:7:13: thiếu trường bắt buộc "format" (thể thức của văn bản cấp trên, quyết định cách ghi số: '
         "nd30 (số 96/KH-UBND ngày 15/3/2022) hoặc party (số 45-KH/TU, ngày 10/3/2022); không cần khi có plan)",
         'plan.yaml:7:13: thiếu trường bắt buộc "issuer" (cơ quan ban hành văn bản cấp trên khi viết trong câu, '
         "ví dụ UBND tỉnh; không cần khi có plan)",
         'plan.yaml:7:13: thiếu trường bắt buộc "number" (số văn bản cấp trên, ví dụ 96; không cần khi có plan)'),
    case("cited-parent-has-no-sections-to-take",
         plan(("title: Thử nghiệm", "title: Thử nghiệm\n" + CITED),
              ("  - title: Mục đích", "  - from: muc-dich\n  - title: Mục đích"),
              ("recipients: [Sở Nội vụ]", "recipients: [{to: UBND tỉnh, note: để b/c}]")),
         'plan.yaml:9:11: "from" lấy mục từ tệp kế hoạch cấp trên, nhưng "implements" chỉ ghi số, ngày của văn bản '
         "cấp trên: không có tệp để lấy mục; viết các mục của đơn vị (title, items), hoặc thêm implements.plan"),
    case("cited-parent-leaves-the-plan-without-sections",
         plan(("title: Thử nghiệm", "title: Thử nghiệm\n" + CITED), (FIRST_SECTION, ""),
              ("recipients: [Sở Nội vụ]", "recipients: [{to: UBND tỉnh, note: để b/c}]")),
         'plan.yaml:1:1: thiếu trường bắt buộc "sections" (các mục I, II, ...) hoặc "parts" (Phần I, Phần II, ...)'),
    case("cited-parent-particulars-typed-as-printed",
         plan(("title: Thử nghiệm", "title: Thử nghiệm\n" + CITED.replace("number: 96", "number: 96/KH-UBND")
                                    .replace("issuer: UBND tỉnh", "issuer: của UBND tỉnh")
                                    .replace("about: cải cách hành chính", "about: về cải cách hành chính;")
                                    .replace("format: nd30", "format: nd30, type: KT")),
              ("recipients: [Sở Nội vụ]", "recipients: [{to: UBND tỉnh, note: để b/c}]")),
         'plan.yaml:7:22: "number" chỉ ghi số (96), không ghi ký hiệu "96/KH-UBND": ký hiệu (Số: 12/KH-SYT hay '
         'Số 12-KH/ĐU) do "format" quyết định',
         'plan.yaml:7:72: "issuer" không gõ "của" ở đầu (câu căn cứ đã có "của"): viết "UBND tỉnh"',
         'plan.yaml:7:94: "about" không gõ "về" ở đầu (câu căn cứ đã có "về"): viết "cải cách hành chính"',
         'plan.yaml:7:139: "type" không hợp lệ: chuỗi văn bản "KT"; dùng một trong: '
         "KH, CT, QĐ, NQ, KL, HD, TB, QĐi, CV"),
    case("cited-party-parent-is-never-a-legal-document",
         plan(("title: Thử nghiệm", "title: Thử nghiệm\n" + CITED.replace("format: nd30", "format: party, legal: true")),
              ("recipients: [Sở Nội vụ]", "recipients: [{to: UBND tỉnh, note: để b/c}]")),
         'plan.yaml:7:125: "legal" chỉ dùng cho văn bản quy phạm pháp luật của nhà nước; văn bản thể thức party '
         "không ghi năm trong số ký hiệu"),
    case("cited-parent-code-with-its-type",
         plan(("title: Thử nghiệm", "title: Thử nghiệm\n" + CITED.replace("code: UBND", "code: KH-UBND")),
              ("recipients: [Sở Nội vụ]", "recipients: [{to: UBND tỉnh, note: để b/c}]")),
         'plan.yaml:7:32: "code" chỉ là ký hiệu cơ quan (UBND): loại văn bản "KH" ghi ở "type"'),
    case("a-type-problem-does-not-hide-a-rule-problem",
         plan(("number: 5", "number: 0"), ("- Nội dung thứ nhất.", "- 1. Nội dung thứ nhất.")),
         'plan.yaml:4:9: "number" cần số nguyên dương, nhận được số nguyên "0"',
         'plan.yaml:10:9: không gõ số thứ tự "1." ở đầu đoạn: số thứ tự được đánh tự động'),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_bad_plan_is_reported_exactly(tmp_path, text, expected):
    assert problems_of(tmp_path, text) == expected


def test_the_minimal_plan_itself_has_no_problem(tmp_path):
    """The catalogue's starting point is good: every problem above comes from its edit."""
    path = tmp_path / "plan.yaml"
    path.write_text(MINIMAL_PLAN, encoding="utf-8")
    assert read_plan(path, display="plan.yaml").number == 5


@pytest.mark.parametrize("typed", ["KT", "KT.", "kt", "Kt."])
def test_authority_is_accepted_with_a_period_and_in_any_case(tmp_path, typed):
    path = tmp_path / "plan.yaml"
    path.write_text(plan(("authority: KT", f"authority: {typed}")), encoding="utf-8")
    assert read_plan(path, display="plan.yaml").signature.authority == "KT"


def test_an_empty_number_is_a_draft_like_no_number(tmp_path):
    """A clerk leaving `number:` empty means "no number yet", as the draft header shows."""
    path = tmp_path / "plan.yaml"
    path.write_text(plan(("number: 5", "number:")), encoding="utf-8")
    assert read_plan(path, display="plan.yaml").number is None


def test_a_draft_date_without_a_number_is_accepted(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(plan(("number: 5\n", ""), ("date: 2020-01-07", "date: 2021-02")), encoding="utf-8")
    loaded = read_plan(path, display="plan.yaml")
    assert (loaded.number, loaded.date.year, loaded.date.month, loaded.date.day) == (None, 2021, 2, None)


def test_a_date_in_year_9999_is_refused_at_its_place(tmp_path):
    """Before: accepted by `check`, then the calendar's end date (the day after) overflowed in `build`."""
    path = tmp_path / "plan.yaml"
    path.write_text(plan(("date: 2020-01-07", "date: 9999-12-31")), encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        read_plan(path, display="plan.yaml")
    assert [str(p) for p in caught.value.problems] == ['plan.yaml:5:7: "date": năm 9999 nằm ngoài khoảng 1900–2100 ("9999-12-31")']


def test_every_catalogued_message_is_in_vietnamese():
    """No case above expects English from the YAML library (the xfail ones say so too)."""
    expected = [item for param in CASES for item in param.values[1] if isinstance(item, str)]
    assert expected and not [message for message in expected if ENGLISH.search(message.split(": ", 1)[1])]


# --- Warnings: said at their place, `cảnh báo: ` before the message; the plan is still valid ---------------

CALLED = ("place: Hà Tĩnh}", "place: Hà Tĩnh, called: Sở Y tế}")  # a plan with forms needs it
FORM = "forms:\n  - id: phieu\n    title: Phiếu đăng ký\n    fields: [Tên xã, thị trấn, Thôn, tổ dân phố]\n"
SPLIT = ('dấu phẩy trong [...] ngăn cách các mục, nên "{phrase}" có lẽ là một cụm từ bị tách thành nhiều mục; '
         'nếu vậy hãy viết danh sách theo khối, mỗi mục một dòng bắt đầu bằng "- " (kehoach fmt không tự đổi [...] thành khối)')
WITH_FORM = plan(CALLED) + FORM


def split(where: str, name: str, phrase: str) -> str:
    return f'plan.yaml:{where}: cảnh báo: "{name}" bắt đầu bằng chữ thường: ' + SPLIT.format(phrase=phrase)


WARNING_CASES = [
    case("issue-11-form-fields-cut-by-commas", WITH_FORM,
         split("17:22", "fields[2]", "Tên xã, thị trấn"),
         split("17:38", "fields[4]", "Thôn, tổ dân phố")),
    case("entries-in-lower-case-in-a-row-are-one-phrase-said-once",
         WITH_FORM.replace("Thôn, tổ dân phố", "thôn, tổ dân phố"),
         split("17:22", "fields[2]", "Tên xã, thị trấn, thôn, tổ dân phố")),
    case("recipients", plan(("recipients: [Sở Nội vụ]", "recipients: [Sở Nội vụ, các phòng chuyên môn]")),
         split("11:25", "recipients[2]", "Sở Nội vụ, các phòng chuyên môn")),
    case("a-recipient-group", plan(("recipients: [Sở Nội vụ]", "recipients:\n  - {group: [Sở Nội vụ, phòng Tài chính], note: để biết}")),
         split("12:25", "group[2]", "Sở Nội vụ, phòng Tài chính")),
    case("items", plan((FIRST_ITEM, "    items: [Nội dung thứ nhất, tổ chức thực hiện.]\n")),
         split("9:32", "items[2]", "Nội dung thứ nhất, tổ chức thực hiện.")),
    case("task-partners", plan(CALLED, (FIRST_ITEM, "    items:\n      - text: Nội dung thứ nhất.\n        id: mot\n"
                                            "        task: {owner: Phòng Y tế, partners: [Phòng Nội vụ, các xã]}\n")),
         split("12:60", "partners[2]", "Phòng Nội vụ, các xã")),
    case("bases", plan(("title: Thử nghiệm\n", "title: Thử nghiệm\nbases: [Căn cứ Luật Y tế, nghị định số 5]\n")),
         split("7:27", "bases[2]", "Căn cứ Luật Y tế, nghị định số 5")),
    case("no-warning-for-a-block-list", WITH_FORM.replace("[Tên xã, thị trấn, Thôn, tổ dân phố]", "\n      - Tên xã, thị trấn\n      - thôn")),
    case("no-warning-for-a-first-entry-a-number-or-a-capital", WITH_FORM.replace(
        "[Tên xã, thị trấn, Thôn, tổ dân phố]", "[tên xã, 2020, Thôn, “tổ”, 0115]")),
    case("no-warning-for-entries-in-quotes", WITH_FORM.replace("[Tên xã, thị trấn, Thôn, tổ dân phố]",
                                                                "[Tên xã, 'thị trấn', Thôn, \"tổ dân phố\"]")),
    case("no-warning-for-ids", WITH_FORM.replace("fields: [Tên xã, thị trấn, Thôn, tổ dân phố]", "fields: [Tên]")
         + "  - {id: phieu-hai, title: Phiếu hai}\nappendices: [phieu, phieu-hai]\n"),
]


def warnings_of(tmp_path, text: str) -> list[str]:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return [str(warning) for warning in read_plan(path, display="plan.yaml").warnings]


@pytest.mark.parametrize("text, expected", WARNING_CASES)
def test_a_valid_plan_gets_its_warnings_exactly(tmp_path, text, expected):
    assert warnings_of(tmp_path, text) == expected


def test_errors_come_with_the_warnings_of_the_same_run(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(plan(("number: 5", "number: 0"), ("recipients: [Sở Nội vụ]", "recipients: [Sở Nội vụ, các xã]")),
                    encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        read_plan(path, display="plan.yaml")
    assert [str(p) for p in caught.value.problems] == ['plan.yaml:4:9: "number" cần số nguyên dương, nhận được số nguyên "0"']
    assert [str(w) for w in caught.value.warnings] == [split("11:25", "recipients[2]", "Sở Nội vụ, các xã")]


def test_a_warning_about_long_entries_quotes_their_start_and_keeps_its_advice_whole(tmp_path):
    long = "Ủy ban nhân dân " * 10
    text = plan(("recipients: [Sở Nội vụ]", f"recipients: [{long.strip()}, {'các xã ' * 12}]"))
    [warning] = warnings_of(tmp_path, text)
    assert warning.startswith(f'plan.yaml:11:{len("recipients: [") + len(long.strip()) + 3}: cảnh báo: "recipients[2]" bắt đầu bằng chữ thường: ')
    assert f'nên "{long[:60].rstrip()}…" có lẽ' in warning and warning.endswith("(kehoach fmt không tự đổi [...] thành khối)")


PARTY_CHILD = """\
format: party
type: KH
issuer: {parent: ĐẢNG BỘ SỞ Y TẾ, name: CHI BỘ BỆNH VIỆN, code: CB, place: Hà Tĩnh, called: Chi bộ Bệnh viện}
implements: {plan: parent.yaml}
date: 2020-02
title: triển khai thử nghiệm
recipients: [{to: SỞ Y TẾ, note: báo cáo}]
archive: {units: [Chi bộ]}
signature: {authority: T/M, head: Chi bộ, title: Bí thư, name: Lê Thị Hoa}
"""


def test_a_party_child_of_a_state_parent_without_a_party_superior(tmp_path):
    """A Party cell reports to its Party committee, never to the state issuer it implements: without a
    `party_superior` the child is refused at its issuer, whatever its recipients."""
    (tmp_path / "parent.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    assert problems_of(tmp_path, PARTY_CHILD) == [
        "plan.yaml:3:9: Chi bộ Bệnh viện là tổ chức đảng: kế hoạch triển khai báo cáo cấp ủy cấp trên trực tiếp, "
        "không báo cáo SỞ Y TẾ; khai cấp ủy đó ở party_superior của cơ quan (trong bodies.yaml hoặc issuer), "
        "ví dụ party_superior: Đảng ủy Sở Y tế"]
    with_superior = PARTY_CHILD.replace("called: Chi bộ Bệnh viện}", "called: Chi bộ Bệnh viện, party_superior: Đảng ủy Sở}")
    assert problems_of(tmp_path, with_superior) == [
        "plan.yaml:7:13: nơi nhận cần có Đảng ủy Sở kèm ghi chú báo cáo, ví dụ {to: Đảng ủy Sở, note: báo cáo}: "
        "kế hoạch này triển khai kế hoạch của SỞ Y TẾ"]
    reported = with_superior.replace("{to: SỞ Y TẾ, note: báo cáo}", "{to: Đảng ủy Sở, note: để b/c}")
    path = tmp_path / "plan.yaml"
    path.write_text(reported, encoding="utf-8")
    assert read_plan(path, display="plan.yaml").issuer.party_superior == "Đảng ủy Sở"


def test_a_party_child_of_a_party_parent_without_a_party_superior_reports_to_the_parent(tmp_path):
    party_parent = plan(("format: nd30", "format: party"), ("authority: KT", "authority: K/T"))
    (tmp_path / "parent.yaml").write_text(party_parent, encoding="utf-8")
    path = tmp_path / "plan.yaml"
    path.write_text(PARTY_CHILD, encoding="utf-8")
    assert read_plan(path, display="plan.yaml").recipients[0].to == "SỞ Y TẾ"


def test_a_party_plan_citing_a_state_parent_reports_to_its_party_superior(tmp_path):
    cited = PARTY_CHILD.replace("implements: {plan: parent.yaml}", "implements: {number: 5, code: SYT, date: 2020-01-07, "
                                "issuer: Sở Y tế, about: thử nghiệm, format: nd30}")
    cited += "sections:\n  - title: Mục đích\n" + FIRST_ITEM
    assert problems_of(tmp_path, cited) == [
        "plan.yaml:3:9: Chi bộ Bệnh viện là tổ chức đảng: kế hoạch triển khai báo cáo cấp ủy cấp trên trực tiếp, "
        "không báo cáo Sở Y tế; khai cấp ủy đó ở party_superior của cơ quan (trong bodies.yaml hoặc issuer), "
        "ví dụ party_superior: Đảng ủy Sở Y tế"]
    reported = cited.replace("called: Chi bộ Bệnh viện}", "called: Chi bộ Bệnh viện, party_superior: Đảng ủy Sở}")
    assert problems_of(tmp_path, reported) == [
        "plan.yaml:7:13: nơi nhận cần có Đảng ủy Sở kèm ghi chú báo cáo, ví dụ {to: Đảng ủy Sở, note: báo cáo}: "
        "kế hoạch này triển khai kế hoạch của Sở Y tế"]
