"""A parent cited by its particulars (`implements: {number, code, date, issuer, about, format}`): the
basis sentence each format prints, read back from the .docx; the checks that need no parent text; the
switch to the parent's YAML (`plan:`) printing the same document; the derived documents that name it."""
from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import docx
import pytest

import effective as E
from conftest import KEHOACH, PLANS, edited_plan, open_docx, render_all
from kehoach.derive.office_context import plan_context
from kehoach.derive.tasks import task_rows
from kehoach.documents import render_outputs
from kehoach.errors import PlanError
from kehoach.author.newyear import next_year
from kehoach.layout import layout
from kehoach.load import load_text
from kehoach.model import json_schema
from kehoach.read import read_plan
from kehoach.render import render
from kehoach.review.diff import diff_plans

CITED = "implements: {number: 96, code: UBND, date: 2022-03-15, issuer: UBND tỉnh, about: công tác cải cách hành chính năm 2022, format: nd30}"
STATE_SENTENCE = ("Thực hiện Kế hoạch số 96/KH-UBND ngày 15/3/2022 của UBND tỉnh về công tác cải cách hành chính năm 2022, "
                  "Sở Y tế xây dựng Kế hoạch triển khai thực hiện như sau:")

CHILD = """\
format: nd30
type: KH
issuer: {parent: UBND TỈNH HÀ TĨNH, name: SỞ Y TẾ, code: SYT, place: Hà Tĩnh, called: Sở Y tế}
number: 1025
date: 2022-03-28
title: Triển khai công tác cải cách hành chính năm 2022
IMPLEMENTS
sections:
  - title: Nhiệm vụ
    items:
      - id: bao-cao
        text: Văn phòng Sở tổng hợp, báo cáo kết quả.
        task: {owner: Văn phòng Sở, due: 2022-11-30}
recipients:
  - {to: UBND tỉnh, note: để b/c}
  - Các đơn vị trực thuộc
archive: {units: [VP]}
signature: {authority: KT, head: Giám đốc, title: Phó Giám đốc, name: Trần Xuân Dâng}
"""

PARENT = """\
format: nd30
type: KH
issuer: {name: ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH, code: UBND, place: Hà Tĩnh, called: UBND tỉnh}
number: 96
date: 2022-03-15
title: Công tác cải cách hành chính năm 2022
sections:
  - title: Nhiệm vụ
    items: [Các sở, ngành triển khai.]
recipients: [Các sở, ban, ngành]
archive: {units: [NC]}
signature: {authority: TM, head: Ủy ban nhân dân, title: Chủ tịch, name: Võ Trọng Hải}
"""

# A Party cell citing its Party committee's plan: `số 45-KH/ĐU, ngày 10/3/2022` (spec 6: a comma before "ngày")
PARTY_CHILD = """\
format: party
type: KH
issuer: {parent: ĐẢNG BỘ SỞ Y TẾ, name: CHI BỘ VĂN PHÒNG, code: CB, place: Hà Tĩnh, called: Chi bộ Văn phòng}
number: 12
date: 2022-03-20
title: triển khai công tác dân vận năm 2022
implements: {number: 45, code: ĐU, date: 2022-03-10, issuer: Đảng ủy Sở Y tế, about: công tác dân vận năm 2022, format: party}
sections:
  - title: Nhiệm vụ
    items: [Các đảng viên thực hiện.]
recipients: [{to: Đảng ủy Sở Y tế, note: để b/c}]
archive: {units: [Chi bộ]}
signature: {authority: T/M, head: Chi bộ, title: Bí thư, name: Lê Thị Hoa}
"""
PARTY_SENTENCE = ("Thực hiện Kế hoạch số 45-KH/ĐU, ngày 10/3/2022 của Đảng ủy Sở Y tế về công tác dân vận năm 2022, "
                  "Chi bộ Văn phòng xây dựng Kế hoạch triển khai thực hiện như sau:")


def child(implements: str = CITED, *edits: tuple[str, str]) -> str:
    return edited_plan(("IMPLEMENTS", implements), *edits, text=CHILD)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / "plans" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(PlanError) as caught:
        read_plan(path, display=path.name)
    return [str(problem) for problem in caught.value.problems]


def basis_paragraph(document):
    return E.find_paragraph(document, lambda text: text.startswith("Thực hiện "))


def test_the_state_basis_sentence_prints_the_cited_parent_in_the_body(tmp_path):
    document = open_docx(render(layout(read_plan(write(tmp_path, "syt/child.yaml", child())))))
    paragraph = basis_paragraph(document)
    assert E.paragraph_text(paragraph) == STATE_SENTENCE
    reader = E.Reader(document)
    shape = reader.paragraph(paragraph)
    assert (shape.alignment, round(shape.first_line_cm, 2)) == ("justify", 1.27)
    assert {(f.size, f.bold, f.fonts["ascii"]) for f in reader.text_runs(paragraph)} == {(14, False, "Times New Roman")}


def test_the_party_basis_sentence_cites_with_a_comma_before_the_date(tmp_path):
    document = open_docx(render(layout(read_plan(write(tmp_path, "cb/child.yaml", PARTY_CHILD)))))
    paragraph = basis_paragraph(document)
    assert E.paragraph_text(paragraph) == PARTY_SENTENCE
    assert round(E.Reader(document).paragraph(paragraph).first_line_cm, 2) == 1.0


@pytest.mark.parametrize("particulars, cited", [
    ("type: CT, number: 5, code: UBND, format: nd30", "Chỉ thị số 05/CT-UBND ngày 15/3/2022 của UBND tỉnh"),
    ("type: QĐ, number: 690, code: UBND, format: nd30", "Quyết định số 690/QĐ-UBND ngày 15/3/2022 của UBND tỉnh"),
    ("type: CV, number: 1234, code: UBND-NC, format: nd30", "Công văn số 1234/UBND-NC ngày 15/3/2022 của UBND tỉnh"),
    ("type: NQ, number: 8, code: TU, format: party", "Nghị quyết số 08-NQ/TU, ngày 15/3/2022 của UBND tỉnh"),
    ("type: CV, number: 77, code: TU, format: party", "Công văn số 77-CV/TU, ngày 15/3/2022 của UBND tỉnh"),
    ("type: QĐ, number: 20, code: UBND, format: nd30, legal: true",
     "Quyết định số 20/2022/QĐ-UBND ngày 15/3/2022 của UBND tỉnh"),
])
def test_each_type_of_parent_is_cited_as_its_format_writes_it(tmp_path, particulars, cited):
    implements = f"implements: {{{particulars}, date: 2022-03-15, issuer: UBND tỉnh, about: cải cách hành chính}}"
    plan = read_plan(write(tmp_path, "syt/child.yaml", child(implements)))
    assert plan.intro == f"Thực hiện {cited} về cải cách hành chính, Sở Y tế xây dựng Kế hoạch triển khai thực hiện như sau:"


def test_a_typed_intro_wins_over_the_generated_sentence(tmp_path):
    plan = read_plan(write(tmp_path, "syt/child.yaml", child(CITED + "\nintro: Căn cứ tình hình thực tế, Sở Y tế ban hành kế hoạch.")))
    assert plan.intro == "Căn cứ tình hình thực tế, Sở Y tế ban hành kế hoạch."


@pytest.mark.parametrize("implements", [
    "implements: {plan: ../ubnd/96-KH-UBND.yaml}",
    "implements: {plan: ../ubnd/96-KH-UBND.yaml, about: công tác cải cách hành chính năm 2022}",
    CITED.replace("{", "{plan: ../ubnd/96-KH-UBND.yaml, "),
], ids=["file", "file-and-about", "file-and-particulars"])
def test_switching_to_the_parents_file_is_one_line_and_prints_the_same_document(tmp_path, implements):
    write(tmp_path, "ubnd/96-KH-UBND.yaml", PARENT)
    cited = render(layout(read_plan(write(tmp_path, "syt/cited.yaml", child()))))
    read = render(layout(read_plan(write(tmp_path, "syt/read.yaml", child(implements)))))
    assert read == cited
    assert E.paragraph_text(basis_paragraph(open_docx(read))) == STATE_SENTENCE


def test_particulars_that_disagree_with_the_parents_file_are_each_said_at_their_place(tmp_path):
    write(tmp_path, "ubnd/96-KH-UBND.yaml", PARENT)
    disagreeing = ("implements: {plan: ../ubnd/96-KH-UBND.yaml, number: 69, code: UBND, date: 2022-03-16, "
                   "issuer: Sở Nội vụ, format: party}")
    assert problems(write(tmp_path, "syt/child.yaml", child(disagreeing))) == [
        'child.yaml:7:53: "number" ghi 69, tệp kế hoạch cấp trên ghi 96: sửa cho khớp, hoặc bỏ "number" để lấy theo tệp',
        'child.yaml:7:75: "date" ghi 16/3/2022, tệp kế hoạch cấp trên ghi 15/3/2022: sửa cho khớp, hoặc bỏ "date" để lấy theo tệp',
        'child.yaml:7:95: "issuer" ghi Sở Nội vụ, tệp kế hoạch cấp trên ghi UBND tỉnh: sửa cho khớp, hoặc bỏ "issuer" để lấy theo tệp',
        'child.yaml:7:114: "format" ghi party, tệp kế hoạch cấp trên ghi nd30: sửa cho khớp, hoặc bỏ "format" để lấy theo tệp',
    ]


def test_a_parents_file_is_a_plan_never_a_legal_document(tmp_path):
    write(tmp_path, "ubnd/96-KH-UBND.yaml", PARENT)
    implements = "implements: {plan: ../ubnd/96-KH-UBND.yaml, legal: true}"
    assert problems(write(tmp_path, "syt/child.yaml", child(implements))) == [
        'child.yaml:7:52: "legal" dùng cho văn bản quy phạm pháp luật dẫn theo số, ngày; tệp kế hoạch cấp trên là '
        'một kế hoạch: bỏ "legal"']


def test_the_issuer_agrees_with_the_file_however_the_body_is_written(tmp_path):
    """`Ủy ban nhân dân tỉnh Hà Tĩnh` is the parent's name, `UBND tỉnh` its name in a sentence: either agrees."""
    write(tmp_path, "ubnd/96-KH-UBND.yaml", PARENT)
    implements = "implements: {plan: ../ubnd/96-KH-UBND.yaml, issuer: Uỷ ban nhân dân tỉnh Hà Tĩnh}"
    plan = read_plan(write(tmp_path, "syt/child.yaml", child(implements)))
    assert plan.intro.startswith("Thực hiện Kế hoạch số 96/KH-UBND ngày 15/3/2022 của Uỷ ban nhân dân tỉnh Hà Tĩnh về")


def test_the_report_to_the_parent_is_found_under_another_spelling_of_its_name(tmp_path):
    spelled = child(CITED, ("{to: UBND tỉnh, note: để b/c}", "{to: Ủy ban nhân dân Tỉnh, note: báo cáo}"))
    assert read_plan(write(tmp_path, "syt/child.yaml", spelled)).number == 1025


def test_the_recipient_to_look_for_can_differ_from_the_name_in_the_sentence(tmp_path):
    implements = CITED.replace("format: nd30", "format: nd30, recipient: Chủ tịch UBND tỉnh")
    plan_text = child(implements, ("{to: UBND tỉnh, note: để b/c}", "{to: Sở Nội vụ, note: để biết}"))
    assert problems(write(tmp_path, "syt/child.yaml", plan_text)) == [
        "child.yaml:15:3: nơi nhận cần có Chủ tịch UBND tỉnh kèm ghi chú báo cáo, ví dụ {to: Chủ tịch UBND tỉnh, "
        "note: báo cáo}: kế hoạch này triển khai kế hoạch của UBND tỉnh"]
    fixed = child(implements, ("{to: UBND tỉnh, note: để b/c}", "{to: Chủ tịch UBND tỉnh, note: để b/c}"))
    assert read_plan(write(tmp_path, "syt/child.yaml", fixed)).number == 1025


def test_a_cited_parent_is_checked_with_every_other_problem_in_one_run(tmp_path):
    bad = child(CITED.replace("2022-03-15", "2022-04-01"), ("{to: UBND tỉnh, note: để b/c}", "UBND tỉnh"),
                ("authority: KT", "authority: XY"))
    assert problems(write(tmp_path, "syt/child.yaml", bad)) == [
        "child.yaml:5:7: kế hoạch triển khai không thể ban hành trước kế hoạch cấp trên (01/4/2022)",
        "child.yaml:15:3: nơi nhận cần có UBND tỉnh kèm ghi chú báo cáo, ví dụ {to: UBND tỉnh, note: báo cáo}: "
        "kế hoạch này triển khai kế hoạch của UBND tỉnh",
        'child.yaml:18:24: "authority" không hợp lệ: "XY"; dùng một trong: KT, TM, TL, TUQ, Q',
    ]


def test_check_says_it_on_the_command_line_with_exit_1(tmp_path):
    path = write(tmp_path, "syt/child.yaml", child(CITED.replace("2022-03-15", "2022-04-01")))
    result = subprocess.run([*KEHOACH, "check", str(path)], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "plans/syt/child.yaml:5:7: kế hoạch triển khai không thể ban hành trước kế hoạch cấp trên (01/4/2022)"]


# --- what is made from a plan that cites its parent


def test_every_document_of_a_cited_plan_is_built_and_an_office_document_cites_the_parent(tmp_path):
    template = docx.Document()
    template.add_paragraph("{% if parent %}Thực hiện {{ parent.citation_short }} về {{ parent.about }}.{% endif %}")
    template.add_paragraph("(Kèm theo {{ parent.citation }})")
    (tmp_path / "templates").mkdir()
    template.save(tmp_path / "templates/bao-cao-ubnd.docx")
    plan = read_plan(write(tmp_path, "syt/child.yaml", child() + "documents: [bao-cao-ubnd.docx, bao-cao]\n"))
    documents = render_outputs(plan, "syt/child")
    assert {".docx", ".checklist.docx", ".checklist.csv", ".ics", ".bao-cao-ubnd.docx", ".bao-cao.docx"} <= set(documents)
    texts = [E.paragraph_text(p) for p in E.all_paragraphs(open_docx(documents[".bao-cao-ubnd.docx"]))]
    assert texts == ["Thực hiện Kế hoạch số 96/KH-UBND ngày 15/3/2022 của UBND tỉnh về công tác cải cách hành chính năm 2022.",
                     "(Kèm theo Kế hoạch số 96/KH-UBND ngày 15 tháng 3 năm 2022 của UBND tỉnh)"]
    checklist = [E.paragraph_text(p) for p in E.all_paragraphs(open_docx(documents[".checklist.docx"]))]
    assert "(Thực hiện Kế hoạch số 1025/KH-SYT ngày 28 tháng 3 năm 2022 của Sở Y tế)" in checklist


def test_office_documents_see_the_parent_in_their_context(tmp_path):
    plan = read_plan(write(tmp_path, "syt/child.yaml", child()))
    parent = plan_context(plan, task_rows(plan)).parent
    assert parent is not None
    assert (parent.type_name, parent.number_symbol, str(parent.date), parent.issuer, parent.about) == (
        "Kế hoạch", "96/KH-UBND", "15/3/2022", "UBND tỉnh", "công tác cải cách hành chính năm 2022")
    assert parent.citation == "Kế hoạch số 96/KH-UBND ngày 15 tháng 3 năm 2022 của UBND tỉnh"
    assert parent.citation_short == "Kế hoạch số 96/KH-UBND ngày 15/3/2022 của UBND tỉnh"


def test_a_plan_that_implements_nothing_has_no_parent_in_its_context(tmp_path):
    plan = read_plan(write(tmp_path, "syt/child.yaml", child("")))
    assert plan_context(plan, task_rows(plan)).parent is None


def test_the_party_parent_in_the_context_is_cited_the_party_way(tmp_path):
    plan = read_plan(write(tmp_path, "cb/child.yaml", PARTY_CHILD))
    parent = plan_context(plan, task_rows(plan)).parent
    assert parent is not None and parent.citation == "Kế hoạch số 45-KH/ĐU, ngày 10/3/2022 của Đảng ủy Sở Y tế"


def test_diff_says_a_change_of_the_cited_particulars_once(tmp_path):
    old = read_plan(write(tmp_path, "syt/old.yaml", child()))
    new = read_plan(write(tmp_path, "syt/new.yaml", child(CITED.replace("number: 96", "number: 97"))))
    assert [str(change) for change in diff_plans(old, new)] == [
        "Văn bản cấp trên: sửa văn bản cấp trên: “96/KH-UBND” → “97/KH-UBND”"]


def test_diff_of_a_switch_to_the_parents_file_finds_nothing(tmp_path):
    write(tmp_path, "ubnd/96-KH-UBND.yaml", PARENT)
    old = read_plan(write(tmp_path, "syt/old.yaml", child()))
    new = read_plan(write(tmp_path, "syt/new.yaml", child("implements: {plan: ../ubnd/96-KH-UBND.yaml}")))
    assert diff_plans(old, new) == []


# --- the description: schema and the catalogue plan


def test_the_schema_requires_the_particulars_unless_the_file_is_named():
    implements = json_schema()["$defs"]["Implements"]
    assert implements["required"] == []
    assert implements["if"] == {"not": {"required": ["plan"]}}
    assert set(implements["then"]["required"]) == {"number", "code", "date", "issuer", "about", "format"}
    assert set(implements["properties"]) == {"plan", "type", "number", "code", "date", "issuer", "recipient", "about", "format", "legal"}


def test_the_repository_schema_is_the_models():
    assert json.loads((PLANS / "plan.schema.json").read_text(encoding="utf-8")) == json_schema()


def test_the_catalogue_plan_cites_the_provincial_committees_plan():
    plan = read_plan(PLANS / "so-y-te-ha-tinh/2022/1025-KH-SYT.yaml")
    assert plan.implements is not None and plan.implements.cited
    document = open_docx(render(layout(plan)))
    assert E.paragraph_text(basis_paragraph(document)).startswith(
        "Thực hiện Kế hoạch số 96/KH-UBND ngày 15/3/2022 của UBND tỉnh về công tác cải cách hành chính")


def test_a_sentence_part_typed_over_several_lines_is_one_sentence_and_its_text_is_data(tmp_path):
    implements = ("implements:\n  number: 96\n  code: UBND\n  date: 2022-03-15\n  issuer: \"UBND tỉnh {{ x }} & <b>\"\n"
                  "  about: |\n    công tác cải cách\n    hành chính năm 2022\n  format: nd30")
    text = child(implements, ("{to: UBND tỉnh, note: để b/c}", '{to: "UBND tỉnh {{ x }} & <b>", note: để b/c}'))
    document = open_docx(render(layout(read_plan(write(tmp_path, "syt/child.yaml", text)))))
    assert E.paragraph_text(basis_paragraph(document)) == STATE_SENTENCE.replace("UBND tỉnh", "UBND tỉnh {{ x }} & <b>")


def test_next_years_draft_keeps_the_cited_particulars_and_asks_to_review_them():
    text, changes = next_year(child(), "child.yaml")
    data, _ = load_text(text.encode("utf-8"), "child.yaml")
    assert data["implements"] == {"number": 96, "code": "UBND", "date": "2022-03-15", "issuer": "UBND tỉnh",
                                  "about": "công tác cải cách hành chính năm 2022", "format": "nd30"}  # as issued
    assert ("cần xem lại: implements: văn bản cấp trên ghi theo số, ngày (giữ nguyên như năm 2022): nếu năm 2023 "
            "cấp trên ban hành văn bản mới, sửa number, date, about cho khớp") in changes


def test_the_party_catalogue_plan_cites_its_party_committee_with_deadlines_as_written():
    """A hospital Party cell implementing its Party committee's plan, which the office keeps only on paper."""
    path = PLANS / "chi-bo-bv-da-khoa-ha-tinh/2022/12-KH-CB.yaml"
    plan = read_plan(path)
    assert plan.implements is not None and plan.implements.cited and plan.format == "party"
    outputs = render_all(path)
    lines = [E.paragraph_text(p) for p in open_docx(outputs[".docx"]).paragraphs]
    assert ("Thực hiện Kế hoạch số 45-KH/ĐU, ngày 10/3/2022 của Đảng ủy Sở Y tế về học tập và làm theo tư tưởng, "
            "đạo đức, phong cách Hồ Chí Minh năm 2022, Chi bộ Bệnh viện Đa khoa tỉnh xây dựng Kế hoạch triển khai "
            "thực hiện như sau:") in lines
    assert [line for line in lines if line.startswith("* ")] == ["* Đối với tập thể:", "* Đối với cá nhân:"]
    rows = list(csv.reader(io.StringIO(outputs[".checklist.csv"].decode("utf-8-sig"))))
    deadlines = [row[rows[0].index("Thời hạn")] for row in rows[1:]]
    assert deadlines == ["Tháng 4/2022", "Quý II/2022", "30/6/2022", "31/12/2022", "Thường xuyên", "6 tháng một lần"]
