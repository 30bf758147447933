"""Parts (`Phần I` over its title, sections counted from I in each) and `* ...`
lines inside a list ("* Đối với tập thể:" between points, the points after it
counted again): what the clerk gets in the .docx, the checklist, the diff, an
import, a unit's plan and next year's draft.
"""
from __future__ import annotations

import csv
import io
import shutil

import pytest

from conftest import PLANS, open_docx
from effective import find_paragraph, paragraph_format, paragraph_text, run_format
from kehoach.author.importer import import_plan
from kehoach.author.localize import localize
from kehoach.author.newyear import draft_from
from kehoach.documents import render_outputs
from kehoach.places import item_references
from kehoach.read import read_plan
from kehoach.review.diff import diff_plans
from kehoach.review.fmt import format_text
from kehoach.review.totext import docx_text

CATALOGUE = PLANS / "so-y-te-ha-tinh/2021/KH-SYT-thi-dua-2021.yaml"

HEAD = {
    "nd30": ("format: nd30\nissuer: {parent: UBND TỈNH HÀ TĨNH, name: SỞ Y TẾ, code: SYT, place: Hà Tĩnh, called: Sở Y tế}\n"
             "signature: {authority: KT, head: Giám đốc, title: Phó Giám đốc, name: Nguyễn Văn A}\n"
             "archive: {units: [TCCB]}\n"),
    "party": ("format: party\nissuer: {parent: ĐẢNG BỘ KHỐI CƠ QUAN TỈNH, name: ĐẢNG ỦY SỞ Y TẾ, code: ĐU, place: Hà Tĩnh,"
              " called: Đảng ủy Sở Y tế}\n"
              "signature: {authority: T/M, head: Đảng ủy, title: Bí thư, name: Nguyễn Văn A}\n"
              "archive: {units: [Văn phòng Đảng ủy]}\n"),
}
PLAN = """\
type: KH
number: 5
date: 2021-01-07
title: Tổng kết năm 2020 và kế hoạch năm 2021
recipients: [Các đơn vị trực thuộc]
parts:
  - id: ket-qua
    title: Kết quả năm 2020
    sections:
      - title: Kết quả đạt được
        text: Các đơn vị hoàn thành nhiệm vụ.
      - title: Hạn chế
        text: Một số đơn vị còn chậm.
  - id: ke-hoach
    title: Kế hoạch năm 2021
    sections:
      - id: muc-tieu
        title: Mục tiêu
        text: Hoàn thành xuất sắc nhiệm vụ.
      - id: tieu-chuan
        title: Tiêu chuẩn
        items:
          - id: danh-hieu
            text: 'Tiêu chuẩn xét danh hiệu:'
            numbering: letters
            items:
              - star: 'Đối với tập thể:'
              - Hoàn thành xuất sắc nhiệm vụ.
              - Nội bộ đoàn kết.
              - star: 'Đối với *cá nhân*:'
              - Hoàn thành tốt nhiệm vụ.
              - id: sang-kien
                text: Có sáng kiến, nộp về Sở trước ngày {due}.
                task: {owner: Các đơn vị, due: 2021-03-15}
              - star: 'Đối với cá nhân được đề nghị khen cao:'
                restart: false
              - Có hai năm liền hoàn thành xuất sắc nhiệm vụ.
"""


def write(tmp_path, text: str, name: str = "plan.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def plan_file(tmp_path, fmt: str = "nd30", edit=lambda text: text):
    return write(tmp_path, edit(HEAD[fmt] + PLAN))


def body_lines(document) -> list[str]:
    return [paragraph_text(p) for p in document.paragraphs]


@pytest.fixture(params=["nd30", "party"])
def rendered(request, tmp_path):
    outputs = render_outputs(read_plan(plan_file(tmp_path, request.param)), "plan")
    return request.param, open_docx(outputs[".docx"]), outputs


def test_a_part_prints_phan_and_its_title_in_capitals_bold_and_centred(rendered):
    _, document, _ = rendered
    lines = body_lines(document)
    for heading, title in (("Phần I", "KẾT QUẢ NĂM 2020"), ("Phần II", "KẾ HOẠCH NĂM 2021")):
        assert lines[lines.index(heading) + 1] == title
        for text in (heading, title):
            paragraph = find_paragraph(document, text)
            form = paragraph_format(document, paragraph)
            assert (form.alignment, form.first_line_cm, form.keep_next) == ("center", 0, True), text
            assert all(run_format(document, paragraph, run).bold for run in paragraph.runs), text
            assert run_format(document, paragraph, paragraph.runs[0]).size == 14


def test_sections_count_from_i_again_in_each_part(rendered):
    _, document, _ = rendered
    lines = body_lines(document)
    assert [line for line in lines if line.startswith(("Phần ", "I. ", "II. ", "III. "))] == [
        "Phần I", "I. KẾT QUẢ ĐẠT ĐƯỢC", "II. HẠN CHẾ", "Phần II", "I. MỤC TIÊU", "II. TIÊU CHUẨN"]


def test_star_lines_take_no_number_and_the_points_after_them_count_again(rendered):
    fmt, document, _ = rendered
    lines = body_lines(document)
    start = lines.index("1. Tiêu chuẩn xét danh hiệu:")
    assert lines[start + 1:start + 9] == [
        "* Đối với tập thể:",
        "a) Hoàn thành xuất sắc nhiệm vụ.",
        "b) Nội bộ đoàn kết.",
        "* Đối với cá nhân:",
        "a) Hoàn thành tốt nhiệm vụ.",
        "b) Có sáng kiến, nộp về Sở trước ngày 15/3/2021.",
        "* Đối với cá nhân được đề nghị khen cao:",  # restart: false, the count goes on
        "c) Có hai năm liền hoàn thành xuất sắc nhiệm vụ" + (".", "./.")[fmt == "nd30"],
    ]
    star, point = find_paragraph(document, "* Đối với tập thể:"), find_paragraph(document, "b) Nội bộ đoàn kết.")
    assert paragraph_format(document, star).first_line_cm == pytest.approx(paragraph_format(document, point).first_line_cm)
    assert paragraph_format(document, star).first_line_cm > 0 and paragraph_format(document, star).keep_next
    assert not any(run_format(document, star, run).bold for run in star.runs)
    marked = find_paragraph(document, "* Đối với cá nhân:")
    assert [(run.text, run_format(document, marked, run).italic) for run in marked.runs] == [
        ("* Đối với ", False), ("cá nhân", True), (":", False)]


def test_the_checklist_names_the_part_and_the_star_line_a_point_is_counted_under(rendered):
    _, _, outputs = rendered
    rows = list(csv.reader(io.StringIO(outputs[".checklist.csv"].decode("utf-8-sig"))))
    assert rows[1][2] == "Phần II, II.1.b (Đối với cá nhân)"


def test_places_of_every_item(tmp_path):
    references = [reference for reference, _ in item_references(read_plan(plan_file(tmp_path)))]
    assert references == [
        "Phần II, II.1", "Phần II, II.1", "Phần II, II.1.a (Đối với tập thể)", "Phần II, II.1.b (Đối với tập thể)",
        "Phần II, II.1", "Phần II, II.1.a (Đối với cá nhân)", "Phần II, II.1.b (Đối với cá nhân)",
        "Phần II, II.1", "Phần II, II.1.c (Đối với cá nhân)"]


def test_a_list_counted_once_names_its_points_without_the_star_line(tmp_path):
    """One `* ...` line at the head of a list, or `restart: false`: `điểm a` is unique, named plainly."""
    def one_star(text):
        return (text.replace("              - star: 'Đối với *cá nhân*:'\n", "              - star: 'Đối với *cá nhân*:'\n"
                                                                       "                restart: false\n"))
    references = [reference for reference, _ in item_references(read_plan(plan_file(tmp_path, edit=one_star)))]
    assert references[2:] == ["Phần II, II.1.a", "Phần II, II.1.b", "Phần II, II.1", "Phần II, II.1.c",
                              "Phần II, II.1.d", "Phần II, II.1", "Phần II, II.1.đ"]


def test_diff_names_places_with_their_part_and_star_line(tmp_path):
    old = read_plan(plan_file(tmp_path))
    new = read_plan(write(tmp_path, (HEAD["nd30"] + PLAN)
                          .replace("title: Kế hoạch năm 2021", "title: Kế hoạch thi đua năm 2021")
                          .replace("              - Nội bộ đoàn kết.\n",
                                   "              - Có sáng kiến.\n              - Nội bộ đoàn kết.\n")
                          .replace("due: 2021-03-15", "due: 2021-03-20")
                          .replace("star: 'Đối với tập thể:'", "star: 'Đối với tập thể, đơn vị:'"), "new.yaml"))
    assert [str(change) for change in diff_plans(old, new)] == [
        "Phần II: đổi tên: KẾ HOẠCH NĂM 2021 → KẾ HOẠCH THI ĐUA NĂM 2021",
        "Phần II, Mục II, khoản 1, dòng “* Đối với tập thể, đơn vị:”: sửa dòng *: “thể:” → “thể, đơn vị:”",
        "Phần II, Mục II, khoản 1: thêm điểm b (Đối với tập thể, đơn vị); "
        "điểm b đánh số lại thành c (Đối với tập thể, đơn vị)",
        "Phần II, Mục II, khoản 1, điểm b (Đối với cá nhân): thời hạn 15/3/2021 → 20/3/2021",
    ]


def test_diff_of_a_plan_divided_into_parts(tmp_path):
    flat = write(tmp_path, HEAD["nd30"] + PLAN.split("parts:")[0]
                 + "sections:\n  - title: Kết quả đạt được\n    text: Các đơn vị hoàn thành nhiệm vụ.\n", "flat.yaml")
    changes = [str(change) for change in diff_plans(read_plan(flat), read_plan(plan_file(tmp_path)))]
    assert changes[0] == "Kế hoạch: chia thành 2 phần"
    assert "Kế hoạch: thêm Phần II “KẾ HOẠCH NĂM 2021”" in changes
    assert "Phần I: thêm Mục II “HẠN CHẾ”" in changes


def test_import_reads_parts_and_star_lines_back_to_the_same_document(tmp_path):
    original = tmp_path / "old.docx"
    outputs = render_outputs(read_plan(plan_file(tmp_path)), "old", ("plan",))
    original.write_bytes(outputs[".docx"])
    for source in (original, write(tmp_path, docx_text(original), "old.txt")):
        result = import_plan(source, None, tmp_path / "imported.yaml")
        assert format_text(result.text) == result.text
        target = write(tmp_path, result.text, "imported.yaml")
        rebuilt = render_outputs(read_plan(target), "new", ("plan",))[".docx"]
        assert body_lines(open_docx(rebuilt))[8:] == body_lines(open_docx(outputs[".docx"]))[8:], source.name
        assert "parts:" in result.text and "- star: 'Đối với tập thể:'" in result.text
        assert "restart: false" in result.text


def test_import_of_a_part_written_on_one_line_and_a_star_bullet_kept(tmp_path):
    """`PHẦN I. TITLE` on one line is a part; a `*` line with `-` lines under it stays a star bullet
    (the Party seed's `* **Xác định rõ đối tượng**: ... là:`)."""
    text = ("KẾ HOẠCH\nThử nghiệm\nPHẦN I. KẾT QUẢ\nI. MỤC ĐÍCH\n1. Yêu cầu:\n* Xác định đối tượng:\n"
            "- Đối với tổ chức.\n- Đối với cá nhân.\n* Xác định công việc.\nPHẦN THỨ HAI\nKẾ HOẠCH\n"
            "I. NỘI DUNG\nNội dung chung.\n")
    result = import_plan(write(tmp_path, text, "old.txt"), "nd30", tmp_path / "imported.yaml")
    plan = read_plan(write(tmp_path, result.text, "imported.yaml"))
    assert [(part.title, [s.title for s in part.sections]) for part in plan.parts] == [
        ("KẾT QUẢ", ["MỤC ĐÍCH"]), ("KẾ HOẠCH", ["NỘI DUNG"])]
    requirement = plan.parts[0].sections[0].items[0]
    assert requirement.numbering == "star" and [item.star for item in requirement.items] == [None, None]
    assert 'kehoach in "Phần II"' in result.text  # "PHẦN THỨ HAI" is printed as the decree's "Phần II"


@pytest.fixture
def plans_copy(tmp_path):
    shutil.copytree(PLANS, tmp_path / "plans")
    return tmp_path / "plans"


def test_a_unit_plan_of_a_parent_in_parts_takes_its_parts_and_sections_by_id(plans_copy):
    parent = plans_copy / CATALOGUE.relative_to(PLANS)
    target, text = localize(parent, "bv-da-khoa-ha-tinh")
    assert "parts:\n  - id: ket-qua-2020\n    title: Kết quả thực hiện phong trào thi đua năm 2020  # Phần I\n" in text
    assert "      - from: tieu-chuan  # II. TIÊU CHUẨN THI ĐUA\n" in text
    assert format_text(text) == text
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    lines = body_lines(open_docx(render_outputs(read_plan(target), "child", ("plan",))[".docx"]))
    assert lines[lines.index("Phần II") + 1:lines.index("Phần II") + 3] == ["KẾ HOẠCH THI ĐUA NĂM 2021", "I. MỤC TIÊU"]


def test_a_unit_plan_takes_one_section_of_a_parent_in_parts_by_id(plans_copy):
    child = plans_copy / "bv-da-khoa-ha-tinh/2021/trien-khai.yaml"
    child.parent.mkdir(parents=True)
    write(child.parent, "issuer: bv-da-khoa-ha-tinh\ntype: KH\ndate: 2021-02\ntitle: Triển khai thi đua năm 2021\n"
                        "implements: {plan: ../../so-y-te-ha-tinh/2021/KH-SYT-thi-dua-2021.yaml}\n"
                        "sections:\n  - from: tieu-chuan\n  - from: ket-qua-dat-duoc\n"
                        "recipients:\n  - {to: Sở Y tế, note: báo cáo}\n", child.name)
    plan = read_plan(child)
    assert [section.title for section in plan.sections] == ["Tiêu chuẩn thi đua", "Kết quả đạt được"]
    assert not plan.parts


def test_next_years_draft_moves_the_dates_inside_parts(tmp_path):
    draft = draft_from(plan_file(tmp_path), 2022)
    assert "due: 2022-03-15" in draft.text
    assert any("parts[1].sections[1].items[0].items[5].task.due" in line for line in draft.text.splitlines())


def test_fmt_puts_parts_and_star_lines_in_the_schemas_key_order():
    part = ("  - id: ket-qua\n    title: Kết quả năm 2020\n    sections:\n      - title: Kết quả đạt được\n"
            "        text: Các đơn vị hoàn thành nhiệm vụ.\n      - title: Hạn chế\n        text: Một số đơn vị còn chậm.\n")
    scrambled = ("  - sections:\n      - text: Các đơn vị hoàn thành nhiệm vụ.\n        title: Kết quả đạt được\n"
                 "      - title: Hạn chế\n        text: Một số đơn vị còn chậm.\n    title: Kết quả năm 2020\n    id: ket-qua\n")
    star = "              - star: 'Đối với cá nhân được đề nghị khen cao:'\n                restart: false\n"
    text = HEAD["nd30"] + PLAN.replace(part, scrambled).replace(
        star, "              - restart: false\n                star: 'Đối với cá nhân được đề nghị khen cao:'\n")
    formatted = format_text(text)
    assert part in formatted and star in formatted


def test_star_lines_and_part_titles_print_as_typed_on_one_line(tmp_path):
    """A `|` block keeps its line break, `{{ }}`, `&` and `<` are data: one line each, as typed."""
    def hostile(text):
        return (text.replace("title: Kết quả năm 2020", "title: |-\n      Kết quả {{ 7*7 }} & <năm>\n      2020")
                .replace("star: 'Đối với tập thể:'", "star: |-\n                  Đối với {% tập thể %}\n"
                                                     "                  & <đơn vị>:"))
    document = open_docx(render_outputs(read_plan(plan_file(tmp_path, edit=hostile)), "plan", ("plan",))[".docx"])
    lines = body_lines(document)
    assert lines[lines.index("Phần I") + 1] == "KẾT QUẢ {{ 7*7 }} & <NĂM> 2020"
    assert "* Đối với {% tập thể %} & <đơn vị>:" in lines
