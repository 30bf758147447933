"""Localized implementation plans: a unit's Kế hoạch triển khai built from its parent.

Every test works in a copy under tmp_path (the registry `plans/bodies.yaml`,
the parent 799/KH-SYT, child plans written as YAML text) with the working
folder there, so messages read `plans/...:line:column: ...` as a user sees
them and nothing in the repository changes. Expected bugs are marked
`xfail(strict=True)` with the input, what happens and what should.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from conftest import BUILTIN_TEMPLATES, PLAN_799, PLANS, open_docx, render_all
from kehoach.build import build
from kehoach.documents import render_outputs
from kehoach.cli import main
from kehoach.errors import PlanError
from kehoach.layout import layout
from kehoach.author.localize import localize
from kehoach.model import Archive, Issuer, Signature
from kehoach.read import read_plan
from kehoach.render import render
from kehoach import vn
from kehoach.review.totext import docx_text

PARENT = "plans/so-y-te-ha-tinh/2020/799-KH-SYT.yaml"
CHILD = "plans/bv-da-khoa-ha-tinh/2020/trien-khai.yaml"
REPO_CHILD = PLANS / "bv-da-khoa-ha-tinh/2020/trien-khai-799-KH-SYT.yaml"
REPO_PARTY_CHILD = PLANS / "chi-bo-bv-da-khoa-ha-tinh/2020/trien-khai-799-KH-SYT.yaml"
GENERATED = "trien-khai-799-KH-SYT.yaml"

BASIS = ("Thực hiện Kế hoạch số 799/KH-SYT ngày 31/3/2020 của Sở Y tế về thực hiện phong trào thi đua "
         "“Dân vận khéo” năm 2020, Bệnh viện Đa khoa tỉnh xây dựng Kế hoạch triển khai thực hiện như sau:")
PARTY_BASIS = ("Thực hiện Kế hoạch số 799/KH-SYT ngày 31/3/2020 của Sở Y tế về thực hiện phong trào thi đua "
               "“Dân vận khéo” năm 2020, Chi bộ Bệnh viện Đa khoa tỉnh xây dựng Kế hoạch triển khai thực "
               "hiện như sau:")

# Lines 1-6 of every child below; its `sections` start on line 7.
HEAD = """\
type: KH
issuer: bv-da-khoa-ha-tinh
implements:
  plan: ../../so-y-te-ha-tinh/2020/799-KH-SYT.yaml
date: 2020-04-02
title: Triển khai thực hiện phong trào thi đua “Dân vận khéo” năm 2020
"""
REPORT = """\
recipients:
  - {to: Sở Y tế, note: báo cáo}
"""

# The parent's sections, as the child renders them when it takes all three unchanged
# (each section title, and each item's first paragraph cut to its label and four words).
MUC_DICH = ["I. MỤC ĐÍCH, YÊU CẦU", "- Nâng cao nhận thức,", "- Tạo sự chuyển biến",
            "- Phong trào thi đua"]
NOI_DUNG = ["II. NỘI DUNG", "1. Tiếp tục quán triệt,", "2. Thực hiện nghiêm túc,",
            "3. Tập trung rà soát,", "4. Xây dựng kế hoạch", "5. Chấn chỉnh, xiết chặt",
            "6. Trên cơ sở nhiệm", "- Học tập và làm", "- Phong trào thi đua"]
TO_CHUC = ["III. TỔ CHỨC THỰC HIỆN", "1. Cấp ủy đảng, Thủ", "2. Trên cơ sở Kế", "3. Đề nghị báo cáo"]


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """tmp_path/plans with the registry and the parent; the working folder is tmp_path."""
    plans = tmp_path / "plans"
    (plans / "so-y-te-ha-tinh/2020").mkdir(parents=True)
    shutil.copy(PLANS / "bodies.yaml", plans / "bodies.yaml")
    shutil.copy(PLAN_799, tmp_path / PARENT)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: str, text: str) -> Path:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def edit(path: str, old: str, new: str) -> None:
    """Change one exact passage of a copied file (it must occur once)."""
    text = Path(path).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    Path(path).write_text(text.replace(old, new), encoding="utf-8")


def line_of(path: str, text: str) -> int:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if line == text)


def problems(path) -> list[str]:
    with pytest.raises(PlanError) as raised:
        read_plan(Path(path))
    return [str(problem) for problem in raised.value.problems]


def body_paragraphs(plan) -> list[tuple[str, str]]:
    """(style, text) of the rendered plan's body: from the first body paragraph or section on."""
    paragraphs = [(p.style.name, p.text) for p in open_docx(render(layout(plan))).paragraphs]
    start = next(i for i, (style, _) in enumerate(paragraphs) if style in ("KH Body", "KH Section"))
    return [(style, text) for style, text in paragraphs[start:] if text.strip()]


def outline(plan, words: int = 5) -> list[str]:
    """The rendered section titles and labelled paragraphs, cut to their first few words (label included);
    unlabelled paragraphs (the basis sentence, an item's second paragraph) are left out."""
    return [" ".join(text.split()[:words]) if style != "KH Section" else text
            for style, text in body_paragraphs(plan) if style != "KH Body"]


def checklist_rows(plan) -> list[list[str]]:
    data = render_outputs(plan, "x", only=("checklist",))[".checklist.csv"]
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[1:]


# --- the basis sentence


def test_basis_sentence_is_the_first_body_paragraph(repo):
    write(CHILD, HEAD + "sections:\n  - from: noi-dung\n" + REPORT)
    plan = read_plan(Path(CHILD))
    assert plan.intro == BASIS
    assert body_paragraphs(plan)[0] == ("KH Body", BASIS)


def test_about_overrides_what_the_basis_sentence_says_the_parent_is_about(repo):
    write(CHILD, HEAD.replace("  plan: ../../so-y-te-ha-tinh/2020/799-KH-SYT.yaml\n",
                              "  plan: ../../so-y-te-ha-tinh/2020/799-KH-SYT.yaml\n"
                              "  about: phong trào “Dân vận khéo” trong ngành Y tế\n")
          + "sections:\n  - from: noi-dung\n" + REPORT)
    expected = ("Thực hiện Kế hoạch số 799/KH-SYT ngày 31/3/2020 của Sở Y tế về phong trào “Dân vận khéo” "
                "trong ngành Y tế, Bệnh viện Đa khoa tỉnh xây dựng Kế hoạch triển khai thực hiện như sau:")
    assert body_paragraphs(read_plan(Path(CHILD)))[0] == ("KH Body", expected)


def test_an_intro_of_the_child_replaces_the_generated_sentence(repo):
    write(CHILD, HEAD + "intro: 'Căn cứ tình hình thực tế, Bệnh viện xây dựng kế hoạch như sau:'\n"
          "sections:\n  - from: noi-dung\n" + REPORT)
    plan = read_plan(Path(CHILD))
    assert body_paragraphs(plan)[0] == ("KH Body", "Căn cứ tình hình thực tế, Bệnh viện xây dựng kế hoạch như sau:")
    assert BASIS not in [text for _, text in body_paragraphs(plan)]


# --- the registry of issuing bodies

STANDALONE = """\
type: KH
issuer: bv-da-khoa-ha-tinh
number: 12
date: 2020-05-04
title: Tổ chức Ngày hội hiến máu
sections:
  - title: Nội dung
    items: [Tổ chức hiến máu tại Bệnh viện.]
recipients: [Các khoa lâm sàng]
"""


def test_a_registry_key_gives_issuer_format_signature_and_archive(repo):
    path = write("plans/bv-da-khoa-ha-tinh/2020/12-KH-BVDK.yaml", STANDALONE)
    plan = read_plan(path)
    assert plan.issuer == Issuer(name="BỆNH VIỆN ĐA KHOA TỈNH", code="BVĐK", place="Hà Tĩnh",
                                 parent="SỞ Y TẾ HÀ TĨNH", called="Bệnh viện Đa khoa tỉnh")
    assert plan.format == "nd30"
    assert plan.signature == Signature(name="Nguyễn Văn Hùng", title="Giám đốc")
    assert plan.archive == Archive(units=("TCCB",))
    assert plan.inputs == (path.resolve(), (repo / "plans/bodies.yaml").resolve())
    text = docx_text(write_bytes(repo / "out.docx", render(layout(plan))))
    for line in ("SỞ Y TẾ HÀ TĨNH", "BỆNH VIỆN ĐA KHOA TỈNH", "Số: 12/KH-BVĐK",
                 "Hà Tĩnh, ngày 04 tháng 5 năm 2020", "- Lưu: VT, TCCB.", "GIÁM ĐỐC", "Nguyễn Văn Hùng"):
        assert line in text.splitlines(), line


def test_a_party_body_from_the_registry_gives_the_party_format(repo):
    path = write("plans/chi-bo-bv-da-khoa-ha-tinh/2020/5-KH-CB.yaml",
                 STANDALONE.replace("issuer: bv-da-khoa-ha-tinh", "issuer: chi-bo-bv-da-khoa-ha-tinh"))
    plan = read_plan(path)
    assert plan.format == "party"
    assert plan.signature == Signature(name="Lê Thị Hoa", title="Bí thư", authority="T/M", head="Chi bộ")
    lines = docx_text(write_bytes(repo / "out.docx", render(layout(plan)))).splitlines()
    for line in ("ĐẢNG BỘ SỞ Y TẾ", "CHI BỘ BỆNH VIỆN ĐA KHOA TỈNH", "ĐẢNG CỘNG SẢN VIỆT NAM", "Số 12-KH/CB",
                 "T/M CHI BỘ", "BÍ THƯ", "Lê Thị Hoa", "- Lưu Chi bộ."):
        assert line in lines, line


def test_the_plans_own_signature_and_archive_win_over_the_registry(repo):
    path = write("plans/bv-da-khoa-ha-tinh/2020/12-KH-BVDK.yaml", STANDALONE + """\
signature: {authority: KT, head: Giám đốc, title: Phó Giám đốc, name: Trần Văn Bình}
archive: {units: [KHTH], drafter: tvb, copies: 3}
""")
    plan = read_plan(path)
    assert plan.signature == Signature(name="Trần Văn Bình", title="Phó Giám đốc", authority="KT", head="Giám đốc")
    assert plan.archive == Archive(units=("KHTH",), drafter="tvb", copies=3)
    lines = docx_text(write_bytes(repo / "out.docx", render(layout(plan)))).splitlines()
    assert ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Văn Bình"] == [
        line for line in lines if line in ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Văn Bình", "Nguyễn Văn Hùng")]
    assert "- Lưu: VT, KHTH, tvb (03b)." in lines


def test_an_unknown_registry_key_suggests_the_closest(repo):
    write(CHILD, HEAD.replace("issuer: bv-da-khoa-ha-tinh", "issuer: bv-da-khoa-ha-tnh")
          + "sections:\n  - from: noi-dung\n" + REPORT)
    assert problems(CHILD) == [
        f'{CHILD}:2:9: mã cơ quan "bv-da-khoa-ha-tnh" không có trong bodies.yaml; '
        'có phải ý bạn là "bv-da-khoa-ha-tinh"?']


def test_an_unknown_registry_key_without_a_close_one_lists_the_keys(repo):
    write(CHILD, HEAD.replace("issuer: bv-da-khoa-ha-tinh", "issuer: benh-vien-huyen")
          + "sections:\n  - from: noi-dung\n" + REPORT)
    assert problems(CHILD) == [
        f'{CHILD}:2:9: mã cơ quan "benh-vien-huyen" không có trong bodies.yaml; '
        'các mã có: so-y-te-ha-tinh, bv-da-khoa-ha-tinh, chi-bo-bv-da-khoa-ha-tinh']


def test_a_registry_key_without_any_bodies_yaml_up_the_tree(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = write("ke-hoach/12-KH-BVDK.yaml", STANDALONE)
    assert problems(path) == [
        'ke-hoach/12-KH-BVDK.yaml:2:9: không tìm thấy bodies.yaml để tra mã cơ quan "bv-da-khoa-ha-tinh"']


def test_an_unknown_key_in_bodies_yaml_is_reported_in_bodies_yaml(repo):
    write(CHILD, HEAD + "sections:\n  - from: noi-dung\n" + REPORT)
    edit("plans/bodies.yaml", "  called: Bệnh viện Đa khoa tỉnh\n", "  calld: Bệnh viện Đa khoa tỉnh\n")
    assert problems(CHILD) == [
        f'plans/bodies.yaml:{line_of("plans/bodies.yaml", "  calld: Bệnh viện Đa khoa tỉnh")}:3: '
        'khóa không hợp lệ "calld"; có phải ý bạn là "called"?']


def test_a_body_without_a_required_key_is_reported_in_bodies_yaml(repo):
    write(CHILD, HEAD + "sections:\n  - from: noi-dung\n" + REPORT)
    edit("plans/bodies.yaml", "  code: BVĐK\n", "")
    # At the body's first key, as for a record of a plan.
    assert problems(CHILD) == [
        f'plans/bodies.yaml:{line_of("plans/bodies.yaml", "bv-da-khoa-ha-tinh:") + 1}:3: '
        'thiếu trường bắt buộc "code" (mã viết tắt, ví dụ SYT)']


def test_an_invalid_value_in_bodies_yaml_is_reported_at_its_line_and_column(repo):
    write(CHILD, HEAD + "sections:\n  - from: noi-dung\n" + REPORT)
    edit("plans/bodies.yaml", "  code: BVĐK\n", "  code: bv đk\n")
    assert problems(CHILD) == [
        f'plans/bodies.yaml:{line_of("plans/bodies.yaml", "  code: bv đk")}:9: "code" không hợp lệ: "bv đk"; '
        "chỉ gồm chữ in hoa và chữ số, không dấu cách, ví dụ SYT, TCCB"]


def test_a_yaml_syntax_error_in_bodies_yaml_is_reported_in_bodies_yaml(repo):
    write(CHILD, HEAD + "sections:\n  - from: noi-dung\n" + REPORT)
    edit("plans/bodies.yaml", "  place: Hà Tĩnh\n  called: Bệnh viện Đa khoa tỉnh\n",
         "  place: Hà Tĩnh\n\tcalled: Bệnh viện Đa khoa tỉnh\n")
    tab_line = line_of("plans/bodies.yaml", "\tcalled: Bệnh viện Đa khoa tỉnh")
    assert problems(CHILD) == [
        f"plans/bodies.yaml:{tab_line}:1: không dùng phím Tab để thụt lề, hãy dùng dấu cách"]


# --- inheritance by stable ids


def test_from_takes_the_parents_sections_in_the_childs_order(repo):
    write(CHILD, HEAD + "sections:\n  - from: to-chuc-thuc-hien\n  - from: muc-dich-yeu-cau\n" + REPORT)
    assert outline(read_plan(Path(CHILD))) == [
        "I. TỔ CHỨC THỰC HIỆN", *TO_CHUC[1:], "II. MỤC ĐÍCH, YÊU CẦU", *MUC_DICH[1:]]


def test_remove_drops_an_item_and_the_next_items_renumber(repo):
    write(CHILD, HEAD + """\
sections:
  - from: noi-dung
    remove: [tiep-cong-dan, mo-hinh-chong-covid]
""" + REPORT)
    assert outline(read_plan(Path(CHILD))) == [
        "I. NỘI DUNG", "1. Tiếp tục quán triệt,", "2. Tập trung rà soát,", "3. Xây dựng kế hoạch",
        "4. Chấn chỉnh, xiết chặt", "5. Trên cơ sở nhiệm", "- Học tập và làm"]
    assert "Thực hiện nghiêm túc" not in " ".join(text for _, text in body_paragraphs(read_plan(Path(CHILD))))


def test_replace_swaps_the_content_and_keeps_the_place_and_id(repo):
    write(CHILD, HEAD + """\
sections:
  - from: noi-dung
    replace:
      cai-cach-hanh-chinh:
        text: Rà soát quy trình tiếp đón người bệnh tại Khoa Khám bệnh.
""" + REPORT)
    plan = read_plan(Path(CHILD))
    assert outline(plan) == ["I. NỘI DUNG", *NOI_DUNG[1:3], "3. Rà soát quy trình", *NOI_DUNG[4:]]
    assert plan.sections[0].items[2].id == "cai-cach-hanh-chinh"
    assert plan.sections[0].items[2].text == "Rà soát quy trình tiếp đón người bệnh tại Khoa Khám bệnh."


def test_add_appends_at_the_end_of_the_section_and_title_renames_it(repo):
    write(CHILD, HEAD + """\
sections:
  - from: to-chuc-thuc-hien
    title: Tổ chức thực hiện tại Bệnh viện
    add:
      - Phòng Điều dưỡng hướng dẫn các khoa đăng ký mô hình.
      - id: so-ket
        text: Sơ kết 6 tháng tại giao ban Bệnh viện.
""" + REPORT)
    assert outline(read_plan(Path(CHILD))) == [
        "I. TỔ CHỨC THỰC HIỆN TẠI BỆNH VIỆN", *TO_CHUC[1:], "4. Phòng Điều dưỡng hướng",
        "5. Sơ kết 6 tháng"]


def test_tasks_reassign_the_parents_task_in_the_checklist(repo):
    write(CHILD, HEAD + """\
sections:
  - from: to-chuc-thuc-hien
    tasks:
      bao-cao-ket-qua:
        owner: Phòng Điều dưỡng
        due: 2020-10-05
""" + REPORT)
    plan = read_plan(Path(CHILD))
    assert checklist_rows(plan) == [
        ["1", "Báo cáo định kỳ kết quả phong trào thi đua “Dân vận khéo” (6 tháng đầu năm 2020)", "I.1",
         "Các đơn vị trong ngành", "", "30/6/2020", "Báo cáo kết quả phong trào thi đua “Dân vận khéo”",
         "Phòng Tổ chức cán bộ, Sở Y tế", ""],
        ["2", "Báo cáo kết quả thực hiện công tác dân vận khéo năm 2020", "I.3", "Phòng Điều dưỡng", "",
         "05/10/2020", "Báo cáo kết quả công tác dân vận khéo năm 2020", "Phòng Tổ chức cán bộ, Sở Y tế", ""],
        ["3", "Báo cáo định kỳ kết quả phong trào thi đua “Dân vận khéo” (năm 2020)", "I.1",
         "Các đơn vị trong ngành", "", "31/12/2020", "Báo cáo kết quả phong trào thi đua “Dân vận khéo”",
         "Phòng Tổ chức cán bộ, Sở Y tế", ""],
    ]
    document = render_outputs(plan, "x", only=("checklist",))[".checklist.docx"]
    checklist = docx_text(write_bytes(repo / "checklist.docx", document))
    assert ("2 | Báo cáo kết quả thực hiện công tác dân vận khéo năm 2020 | I.3 | Phòng Điều dưỡng |  | "
            "05/10/2020 | Báo cáo kết quả công tác dân vận khéo năm 2020 Gửi: Phòng Tổ chức cán bộ, Sở Y tế | □"
            ) in checklist.splitlines()
    # the parent's words keep the parent's deadline (they name its addressee); the unit's follows, with who does it
    assert body_paragraphs(plan)[-2:] == [
        ("KH Item", "3. Đề nghị báo cáo kết quả thực hiện công tác dân vận khéo năm 2020 về phòng Tổ chức cán bộ "
                    "Sở Y tế trước ngày 15/10/2020."),
        ("KH Body", "Giao Phòng Điều dưỡng chủ trì thực hiện, hoàn thành trước ngày 05/10/2020./.")]
    assert read_plan(Path(PARENT)).find_item("bao-cao-ket-qua").task.owner == "Các đơn vị trong ngành"


def test_own_sections_mix_with_inherited_ones(repo):
    write(CHILD, HEAD + """\
sections:
  - title: Căn cứ xây dựng kế hoạch
    items: [Tình hình thực hiện công tác dân vận tại Bệnh viện năm 2019.]
  - from: noi-dung
    remove: [mo-hinh-dan-van-kheo]
  - title: Kinh phí
    text: Từ nguồn kinh phí hoạt động thường xuyên của Bệnh viện.
  - from: to-chuc-thuc-hien
""" + REPORT)
    assert outline(read_plan(Path(CHILD))) == [
        "I. CĂN CỨ XÂY DỰNG KẾ HOẠCH", "1. Tình hình thực hiện", *NOI_DUNG[:6],
        "III. KINH PHÍ", "IV. TỔ CHỨC THỰC HIỆN", *TO_CHUC[1:]]


def test_omitting_sections_inherits_every_parent_section(repo):
    write(CHILD, HEAD + REPORT)
    plan = read_plan(Path(CHILD))
    assert outline(plan) == [*MUC_DICH, *NOI_DUNG, *TO_CHUC]
    assert body_paragraphs(plan)[0] == ("KH Body", BASIS)


def test_omitting_sections_inherits_parent_sections_without_an_id(repo):
    edit(PARENT, "  - id: muc-dich-yeu-cau\n    title: MỤC ĐÍCH, YÊU CẦU\n", "  - title: MỤC ĐÍCH, YÊU CẦU\n")
    write(CHILD, HEAD + REPORT)
    assert outline(read_plan(Path(CHILD))) == [*MUC_DICH, *NOI_DUNG, *TO_CHUC]


def test_unknown_section_and_removed_ids_are_reported_with_did_you_mean(repo):
    write(CHILD, HEAD + """\
sections:
  - from: noi-dungg
  - from: to-chuc-thuc-hien
    remove: [nhan-rong-mo-hinh, bao-cao-ket-qa, kinh-phi]
  - from: ke-hoach-khac
""" + REPORT)
    assert problems(CHILD) == [
        f'{CHILD}:8:11: kế hoạch cấp trên không có mục "noi-dungg"; có phải ý bạn là "noi-dung"?',
        f'{CHILD}:10:33: mục "to-chuc-thuc-hien" của kế hoạch cấp trên không có khoản "bao-cao-ket-qa"; '
        'có phải ý bạn là "bao-cao-ket-qua"?',
        f'{CHILD}:10:49: mục "to-chuc-thuc-hien" của kế hoạch cấp trên không có khoản "kinh-phi"; '
        "mục này có các mã: bao-cao-ket-qua, nhan-rong-mo-hinh, xay-dung-ke-hoach-don-vi",
        f'{CHILD}:11:11: kế hoạch cấp trên không có mục "ke-hoach-khac"; '
        "các mã mục của kế hoạch cấp trên: muc-dich-yeu-cau, noi-dung, to-chuc-thuc-hien",
    ]


def test_an_id_of_another_section_is_unknown_in_this_one(repo):
    write(CHILD, HEAD + """\
sections:
  - from: noi-dung
    tasks: {bao-cao-ket-qua: {owner: Phòng Điều dưỡng}}
""" + REPORT)
    assert problems(CHILD) == [
        f'{CHILD}:9:13: mục "noi-dung" của kế hoạch cấp trên không có khoản "bao-cao-ket-qua"; mục này có các mã: '
        "cai-cach-hanh-chinh, dan-chu-co-so, ky-luat-ky-cuong, mo-hinh-chong-covid, mo-hinh-dan-van-kheo, "
        "mo-hinh-hoc-tap-lam-theo, quan-triet, tiep-cong-dan"]


def test_unknown_replaced_and_patched_ids_point_at_the_id(repo):
    write(CHILD, HEAD + """\
sections:
  - from: to-chuc-thuc-hien
    replace:
      nhan-rong-mo-hin:
        text: Nội dung của Bệnh viện.
    tasks:
      bao-cao-ket-qa:
        owner: Phòng Điều dưỡng
""" + REPORT)
    assert problems(CHILD) == [
        f'{CHILD}:10:7: mục "to-chuc-thuc-hien" của kế hoạch cấp trên không có khoản "nhan-rong-mo-hin"; '
        'có phải ý bạn là "nhan-rong-mo-hinh"?',
        f'{CHILD}:13:7: mục "to-chuc-thuc-hien" của kế hoạch cấp trên không có khoản "bao-cao-ket-qa"; '
        'có phải ý bạn là "bao-cao-ket-qua"?',
    ]


def test_an_item_inserted_in_the_parent_does_not_move_what_the_child_removes_or_replaces(repo):
    write(CHILD, HEAD + """\
sections:
  - from: noi-dung
    remove: [tiep-cong-dan]
    replace:
      cai-cach-hanh-chinh:
        text: Rà soát quy trình tiếp đón người bệnh.
""" + REPORT)
    assert outline(read_plan(Path(CHILD))) == [
        "I. NỘI DUNG", "1. Tiếp tục quán triệt,", "2. Rà soát quy trình", "3. Xây dựng kế hoạch",
        "4. Chấn chỉnh, xiết chặt", "5. Trên cơ sở nhiệm", "- Học tập và làm", "- Phong trào thi đua"]
    edit(PARENT, "      - id: quan-triet\n",
         "      - id: phong-chong-dich\n        text: Tham gia phòng, chống dịch COVID-19 tại cơ sở.\n"
         "      - id: quan-triet\n")
    assert outline(read_plan(Path(CHILD))) == [
        "I. NỘI DUNG", "1. Tham gia phòng, chống", "2. Tiếp tục quán triệt,", "3. Rà soát quy trình",
        "4. Xây dựng kế hoạch", "5. Chấn chỉnh, xiết chặt", "6. Trên cơ sở nhiệm", "- Học tập và làm",
        "- Phong trào thi đua"]


def test_a_duplicate_of_an_inherited_id_points_at_the_inherited_item(repo):
    write(CHILD, HEAD + """\
sections:
  - from: noi-dung
    add:
      - id: quan-triet
        text: Trùng mã với khoản của Sở.
  - title: Mục riêng
    items: [Nội dung riêng.]
""" + REPORT)
    [problem] = problems(CHILD)
    assert problem.startswith(f'{CHILD}:10:13: mã "quan-triet" bị trùng')
    assert "dòng 13, cột 13" not in problem


# --- checks that matter to the parent


def test_a_deadline_later_than_the_parents(repo):
    write(CHILD, HEAD + """\
sections:
  - from: to-chuc-thuc-hien
    tasks:
      bao-cao-ket-qua:
        owner: Phòng Tổ chức cán bộ
        due: 2020-10-20
""" + REPORT)
    assert problems(CHILD) == [
        f"{CHILD}:12:14: thời hạn 20/10/2020 muộn hơn thời hạn của kế hoạch cấp trên (15/10/2020): "
        "đơn vị phải báo cáo trước khi Sở Y tế báo cáo lên"]


def test_a_replaced_item_with_a_later_deadline(repo):
    write(CHILD, HEAD + """\
sections:
  - from: to-chuc-thuc-hien
    replace:
      bao-cao-ket-qua:
        text: Các khoa báo cáo kết quả về Phòng Tổ chức cán bộ trước ngày {due}.
        task: {owner: Các khoa lâm sàng, due: 2020-10-16}
""" + REPORT)
    assert problems(CHILD) == [
        f"{CHILD}:12:47: thời hạn 16/10/2020 muộn hơn thời hạn của kế hoạch cấp trên (15/10/2020): "
        "đơn vị phải báo cáo trước khi Sở Y tế báo cáo lên"]


def test_the_parents_deadline_itself_is_allowed(repo):
    write(CHILD, HEAD + """\
sections:
  - from: to-chuc-thuc-hien
    tasks:
      bao-cao-ket-qua: {owner: Phòng Tổ chức cán bộ, due: 2020-10-15}
""" + REPORT)
    assert read_plan(Path(CHILD)).find_item("bao-cao-ket-qua").task.due.last_day().isoformat() == "2020-10-15"


@pytest.fixture
def parent_day_20(repo):
    """The parent's half-yearly report due on the 20th (30/6 -> 20/6, 31/12 -> 20/12)."""
    edit(PARENT, "          repeat: half-yearly\n", "          repeat: {every: half-yearly, day: 20}\n")
    return repo


@pytest.mark.parametrize("repeat, shown", [("{every: half-yearly, day: 25}", "ngày 25"),
                                           ("half-yearly", "ngày cuối tháng")])
def test_a_recurrence_day_later_than_the_parents(parent_day_20, repeat, shown):
    write(CHILD, HEAD + f"""\
sections:
  - from: to-chuc-thuc-hien
    tasks:
      xay-dung-ke-hoach-don-vi:
        repeat: {repeat}
""" + REPORT)
    assert problems(CHILD) == [
        f"{CHILD}:11:17: hạn định kỳ ({shown}) muộn hơn hạn của kế hoạch cấp trên (ngày 20)"]


def test_an_earlier_recurrence_day_is_allowed(parent_day_20):
    write(CHILD, HEAD + """\
sections:
  - from: to-chuc-thuc-hien
    tasks:
      xay-dung-ke-hoach-don-vi:
        owner: Phòng Tổ chức cán bộ
        repeat: {every: half-yearly, day: 15}
""" + REPORT)
    rows = checklist_rows(read_plan(Path(CHILD)))
    assert [(row[3], row[5]) for row in rows] == [
        ("Phòng Tổ chức cán bộ", "15/6/2020"), ("Các đơn vị trong ngành", "15/10/2020"),
        ("Phòng Tổ chức cán bộ", "15/12/2020")]


@pytest.mark.parametrize("recipients", [
    "recipients:\n  - Sở Nội vụ\n  - Phòng Điều dưỡng\n",
    "recipients:\n  - Sở Y tế\n  - Phòng Điều dưỡng\n",
    "recipients:\n  - {to: Sở Y tế, note: để biết}\n  - Phòng Điều dưỡng\n",
], ids=["missing", "no-note", "not-a-report"])
def test_the_parent_issuer_must_receive_a_report(repo, recipients):
    write(CHILD, HEAD + "sections:\n  - from: noi-dung\n" + recipients)
    assert problems(CHILD) == [
        f"{CHILD}:10:3: nơi nhận cần có Sở Y tế kèm ghi chú báo cáo, ví dụ {{to: Sở Y tế, note: báo cáo}}: "
        "kế hoạch này triển khai kế hoạch của Sở Y tế"]


@pytest.mark.parametrize("recipients", [
    "recipients:\n  - {to: Sở Y tế, note: để b/c}\n",
    "recipients:\n  - {to: SỞ Y TẾ, note: Báo cáo}\n",
    "recipients:\n  - {group: [Sở Nội vụ, Sở Y tế], note: B/cáo}\n",
], ids=["b/c", "upper-case", "group"])
def test_a_report_to_the_parent_issuer_in_other_wordings(repo, recipients):
    write(CHILD, HEAD + "sections:\n  - from: noi-dung\n" + recipients)
    assert read_plan(Path(CHILD)).intro == BASIS


@pytest.mark.parametrize("date, shown", [("2020-03-30", "31/3/2020"), ("2020-02", "tháng 3/2020"),
                                         ("2019-12-31", "31/3/2020")])
def test_a_child_dated_before_its_parent(repo, date, shown):
    write(CHILD, HEAD.replace("date: 2020-04-02", f"date: {date}") + "sections:\n  - from: noi-dung\n" + REPORT)
    assert problems(CHILD) == [
        f"{CHILD}:5:7: kế hoạch triển khai không thể ban hành trước kế hoạch cấp trên ({shown})"]


@pytest.mark.parametrize("date", ["2020-03-31", "2020-03"])
def test_a_child_dated_on_the_parents_day_or_month(repo, date):
    write(CHILD, HEAD.replace("date: 2020-04-02", f"date: {date}") + "sections:\n  - from: noi-dung\n" + REPORT)
    assert read_plan(Path(CHILD)).date.month == 3


def test_a_plan_implementing_itself(repo):
    write(CHILD, HEAD.replace("../../so-y-te-ha-tinh/2020/799-KH-SYT.yaml", "trien-khai.yaml")
          + "sections:\n  - from: noi-dung\n" + REPORT)
    assert problems(CHILD) == [f"{CHILD}:4:9: kế hoạch cấp trên dẫn ngược về chính kế hoạch này (vòng lặp)"]


def test_two_plans_implementing_each_other(repo):
    a, b = "plans/bv-da-khoa-ha-tinh/2020/a.yaml", "plans/bv-da-khoa-ha-tinh/2020/b.yaml"
    for this, other in ((a, "b.yaml"), (b, "a.yaml")):
        write(this, HEAD.replace("../../so-y-te-ha-tinh/2020/799-KH-SYT.yaml", other)
              + "sections:\n  - from: noi-dung\n" + REPORT)
    # Reading A goes to B, whose parent is A again: the loop is reported where it closes.
    assert problems(a) == [f"{b}:4:9: kế hoạch cấp trên dẫn ngược về chính kế hoạch này (vòng lặp)"]
    assert problems(b) == [f"{a}:4:9: kế hoạch cấp trên dẫn ngược về chính kế hoạch này (vòng lặp)"]


def test_a_missing_parent_file(repo):
    write(CHILD, HEAD.replace("799-KH-SYT.yaml", "800-KH-SYT.yaml") + "sections:\n  - from: noi-dung\n" + REPORT)
    assert problems(CHILD) == [
        f'{CHILD}:4:9: không tìm thấy kế hoạch cấp trên "../../so-y-te-ha-tinh/2020/800-KH-SYT.yaml"']


def test_from_without_implements(repo):
    write(CHILD, """\
type: KH
issuer: bv-da-khoa-ha-tinh
date: 2020-04-02
title: Triển khai
sections:
  - title: Mục đích
    items: [Nâng cao nhận thức.]
  - from: noi-dung
""" + REPORT)
    assert problems(CHILD) == [f'{CHILD}:8:11: "from" lấy mục của kế hoạch cấp trên: cần khai báo "implements"']


def test_problems_of_the_parent_are_reported_in_the_parent(repo):
    edit(PARENT, "          due: 2020-10-15\n", "          due: 2020-10-32\n")
    write(CHILD, HEAD + "sections:\n  - from: noi-dung\n" + REPORT)
    [problem] = problems(CHILD)
    assert problem.startswith(f"{PARENT}:{line_of(PARENT, '          due: 2020-10-32')}:16: ")


# --- kehoach localize


def run(*args):
    return CliRunner().invoke(main, ["localize", *args])


def test_localize_writes_the_unit_plan_under_the_registry_folder(repo):
    result = run(PARENT, "--unit", "bv-da-khoa-ha-tinh")
    target = Path("plans/bv-da-khoa-ha-tinh/2020") / GENERATED
    assert (result.exit_code, result.stdout) == (0, f"đã ghi {target}\n")
    text = target.read_text(encoding="utf-8")
    assert text == localize(Path(PARENT), "bv-da-khoa-ha-tinh")[1]
    lines = text.splitlines()
    for line in ("# yaml-language-server: $schema=../../plan.schema.json",
                 "# Kế hoạch triển khai của Bệnh viện Đa khoa tỉnh, tạo từ Kế hoạch số 799/KH-SYT của Sở Y tế.",
                 "# Việc cần làm trước khi trình ký:",
                 "issuer: bv-da-khoa-ha-tinh",
                 "  plan: ../../so-y-te-ha-tinh/2020/799-KH-SYT.yaml",
                 "date: 2020-03  # dự thảo; ngày ban hành không trước ngày của kế hoạch cấp trên",
                 "  - from: noi-dung  # II. NỘI DUNG",
                 '        owner: Phòng Tổ chức cán bộ  # trước đây: Các đơn vị trong ngành',
                 "        due: 2020-10-08  # hạn của cấp trên: 15/10/2020",
                 "  - {to: Sở Y tế, note: báo cáo}"):
        assert line in lines, line
    plan = read_plan(target)
    assert plan.intro == BASIS
    assert [row[3:6] for row in checklist_rows(plan)] == [
        ["Phòng Tổ chức cán bộ", "", "30/6/2020"], ["Phòng Tổ chức cán bộ", "", "08/10/2020"],
        ["Phòng Tổ chức cán bộ", "", "31/12/2020"]]


def test_localize_does_not_overwrite_without_force(repo):
    target = Path("plans/bv-da-khoa-ha-tinh/2020") / GENERATED
    assert run(PARENT, "--unit", "bv-da-khoa-ha-tinh").exit_code == 0
    edited = target.read_text(encoding="utf-8") + "remark: Gửi VB điện tử.\n"
    target.write_text(edited, encoding="utf-8")
    result = run(PARENT, "--unit", "bv-da-khoa-ha-tinh")
    assert (result.exit_code, result.stdout) == (0, f"đã có, không ghi đè (dùng --force): {target}\n")
    assert target.read_text(encoding="utf-8") == edited
    result = run(PARENT, "--unit", "bv-da-khoa-ha-tinh", "--force")
    assert (result.exit_code, result.stdout) == (0, f"đã ghi {target}\n")
    assert target.read_text(encoding="utf-8") == localize(Path(PARENT), "bv-da-khoa-ha-tinh")[1]


def test_localize_needs_a_unit(repo):
    result = run(PARENT)
    assert result.exit_code == 2
    assert "cần --unit MÃ hoặc --all-units" in result.stderr


@pytest.mark.parametrize("units", [["--all-units"], ["--unit", "bv-da-khoa-ha-tinh"]], ids=["all-units", "unit"])
def test_localize_without_bodies_yaml_says_so_in_vietnamese(repo, units):
    (repo / "plans/bodies.yaml").unlink()
    result = run(PARENT, *units)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"{PARENT}:1:1: không tìm thấy plans/bodies.yaml (danh sách cơ quan)\n"
    assert not Path("plans/bv-da-khoa-ha-tinh").exists()


@pytest.mark.parametrize("out", [None, "plans/du-thao"], ids=["default-root", "output-option"])
def test_localize_all_units_writes_plans_that_all_build(repo, out):
    result = run(PARENT, "--all-units", *(["-o", out] if out else []))
    root = Path(out or "plans")
    written = [root / "bv-da-khoa-ha-tinh/2020" / GENERATED, root / "chi-bo-bv-da-khoa-ha-tinh/2020" / GENERATED]
    assert (result.exit_code, result.stdout) == (0, "".join(f"đã ghi {path}\n" for path in written))
    assert not (root / "so-y-te-ha-tinh/2020" / GENERATED).exists()
    for path in written:
        assert read_plan(path).implements.plan.endswith("so-y-te-ha-tinh/2020/799-KH-SYT.yaml")
    report = build(written, repo / "output")
    assert report.problems == [] and report.failed == []
    mirrored = "du-thao/" if out else ""  # output/ mirrors the paths under plans/
    assert documents(report.written) == [f"{mirrored}bv-da-khoa-ha-tinh/2020/trien-khai-799-KH-SYT.docx",
                                         f"{mirrored}chi-bo-bv-da-khoa-ha-tinh/2020/trien-khai-799-KH-SYT.docx"]


def test_localized_party_plan_of_a_state_parent(repo):
    assert run(PARENT, "--all-units").exit_code == 0
    path = Path("plans/chi-bo-bv-da-khoa-ha-tinh/2020") / GENERATED
    report = build([path], repo / "output")
    assert report.problems == []
    lines = docx_text(repo / "output/chi-bo-bv-da-khoa-ha-tinh/2020" / "trien-khai-799-KH-SYT.docx").splitlines()
    assert lines[:11] == [
        "DỰ THẢO", "ĐẢNG BỘ SỞ Y TẾ", "CHI BỘ BỆNH VIỆN ĐA KHOA TỈNH", "*", "ĐẢNG CỘNG SẢN VIỆT NAM", "Số       -KH/CB",
        "Hà Tĩnh, ngày        tháng 3 năm 2020", "KẾ HOẠCH",
        "triển khai thực hiện phong trào thi đua “Dân vận khéo” năm 2020", "-----", PARTY_BASIS]
    assert [line for line in lines if line.startswith(("I.", "II.", "III.", "IV."))] == [
        "I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG", "III. TỔ CHỨC THỰC HIỆN"]
    assert lines[-3:] == ["T/M CHI BỘ", "BÍ THƯ", "Lê Thị Hoa"]


def test_localize_to_a_folder_outside_the_plans_tree_writes_a_plan_that_builds(repo):
    result = run(PARENT, "--unit", "bv-da-khoa-ha-tinh", "-o", "du-thao")
    target = Path("du-thao/bv-da-khoa-ha-tinh/2020") / GENERATED
    assert (result.exit_code, result.stdout) == (0, f"đã ghi {target}\n")
    assert read_plan(target).intro == BASIS


def test_localize_an_unknown_unit_is_a_user_error(repo):
    result = run(PARENT, "--unit", "nope")
    assert result.exit_code == 1
    assert "lỗi nội bộ" not in result.stderr
    assert ('không có cơ quan mã "nope"; các mã có: so-y-te-ha-tinh, bv-da-khoa-ha-tinh, '
            "chi-bo-bv-da-khoa-ha-tinh") in result.stderr


@pytest.mark.parametrize("units", [["--all-units"], ["--unit", "bv-da-khoa-ha-tinh"]], ids=["all-units", "unit"])
def test_localize_without_bodies_yaml_is_a_user_error(repo, units):
    Path("plans/bodies.yaml").unlink()
    result = run(PARENT, *units)
    assert result.exit_code == 1
    assert "lỗi nội bộ" not in result.stderr and "Traceback" not in result.stderr
    assert f"{PARENT}:1:1: không tìm thấy plans/bodies.yaml (danh sách cơ quan)" in result.stderr
    assert not Path("plans/bv-da-khoa-ha-tinh").exists()


def test_localize_a_deadline_early_in_january(repo):
    early = "plans/so-y-te-ha-tinh/2021/3-KH-SYT.yaml"
    write(early, Path(PARENT).read_text(encoding="utf-8"))
    edit(early, "date: 2020-03-31\n", "date: 2021-01-02\n")
    edit(early, "          due: 2020-10-15\n", "          due: 2021-01-05\n")
    assert read_plan(Path(early)).number == 799
    assert run(early, "--unit", "bv-da-khoa-ha-tinh").exit_code == 0
    plan = read_plan(Path("plans/bv-da-khoa-ha-tinh/2021/trien-khai-3-KH-SYT.yaml"))
    assert plan.find_item("bao-cao-ket-qua").task.due.year == 2021


# --- who leads, whom the unit reports to, and what the child's text says

STATE_UNIT, PARTY_UNIT = "bv-da-khoa-ha-tinh", "chi-bo-bv-da-khoa-ha-tinh"
PARENT_TASK = "          owner: Các đơn vị trong ngành\n          due: 2020-10-15\n"  # bao-cao-ket-qua's
REPORT_ITEM = ("3. Đề nghị báo cáo kết quả thực hiện công tác dân vận khéo năm 2020 về phòng Tổ chức cán bộ "
               "Sở Y tế trước ngày 15/10/2020.")


def generated(unit: str) -> dict:
    """The YAML `localize` writes for a unit, read back as data."""
    return YAML(typ="safe").load(localize(Path(PARENT), unit)[1])


def generated_tasks(unit: str) -> dict:
    return generated(unit)["sections"][2]["tasks"]


def localized_lines(unit: str) -> list[str]:
    """The unit's generated plan, built, as the lines of its .docx."""
    assert run(PARENT, "--unit", unit).exit_code == 0
    path = Path("plans") / unit / "2020" / GENERATED
    report = build([path], Path("output"))
    assert report.problems == []
    return docx_text(Path("output") / unit / "2020" / "trien-khai-799-KH-SYT.docx").splitlines()


def test_a_state_units_department_leads_and_reports_to_the_parents_addressee(repo):
    report_to = "Phòng Tổ chức cán bộ, Sở Y tế"  # the parent's addressee: not the unit's own department
    assert generated_tasks(STATE_UNIT) == {
        "xay-dung-ke-hoach-don-vi": {"owner": "Phòng Tổ chức cán bộ", "report_to": report_to},
        "bao-cao-ket-qua": {"owner": "Phòng Tổ chức cán bộ", "due": dt.date(2020, 10, 8), "report_to": report_to}}
    assert generated(STATE_UNIT)["recipients"] == [
        {"to": "Sở Y tế", "note": "báo cáo"}, "Phòng Tổ chức cán bộ", "Phòng Điều dưỡng", "Các khoa lâm sàng"]


def test_a_party_unit_reports_to_its_party_superior_not_to_the_state_issuer(repo):
    assert generated_tasks(PARTY_UNIT) == {
        "xay-dung-ke-hoach-don-vi": {"owner": "Chi ủy", "report_to": "Đảng ủy Sở Y tế"},
        "bao-cao-ket-qua": {"owner": "Chi ủy", "due": dt.date(2020, 10, 8), "report_to": "Đảng ủy Sở Y tế"}}
    assert generated(PARTY_UNIT)["recipients"] == [{"to": "Đảng ủy Sở Y tế", "note": "báo cáo"}, "Chi ủy", "Các tổ đảng"]
    lines = localized_lines(PARTY_UNIT)
    assert lines[lines.index(REPORT_ITEM) + 1] == (
        "Giao Chi ủy chủ trì thực hiện, hoàn thành trước ngày 08/10/2020, báo cáo kết quả về Đảng ủy Sở Y tế.")
    assert lines[lines.index("Nơi nhận:") + 1:lines.index("- Lưu Chi bộ.")] == [
        "- Đảng ủy Sở Y tế (báo cáo);", "- Chi ủy;", "- Các tổ đảng;"]
    rows = checklist_rows(read_plan(Path("plans") / PARTY_UNIT / "2020" / GENERATED))
    assert {(row[3], row[7]) for row in rows} == {("Chi ủy", "Đảng ủy Sở Y tế")}


def test_the_state_child_prints_the_parents_deadline_beside_the_parents_addressee(repo):
    lines = localized_lines(STATE_UNIT)
    # the parent's words name the Sở's department: its deadline stays; the unit's earlier one is the department's
    assert lines[lines.index(REPORT_ITEM) + 1] == (
        "Giao Phòng Tổ chức cán bộ chủ trì thực hiện, hoàn thành trước ngày 08/10/2020./.")
    periodic = ("Định kỳ 6 tháng, một năm báo cáo kết quả tổ chức thực hiện phong trào thi đua “Dân vận khéo” "
                "gửi về Phòng Tổ chức cán bộ, Sở Y tế.")
    assert lines[lines.index(periodic) + 1] == "Giao Phòng Tổ chức cán bộ chủ trì thực hiện."
    assert not any("Sở Y tế trước ngày 08/10/2020" in line for line in lines)
    rows = checklist_rows(read_plan(Path("plans") / STATE_UNIT / "2020" / GENERATED))
    assert [(row[3], row[5], row[7]) for row in rows] == [
        ("Phòng Tổ chức cán bộ", "30/6/2020", "Phòng Tổ chức cán bộ, Sở Y tế"),
        ("Phòng Tổ chức cán bộ", "08/10/2020", "Phòng Tổ chức cán bộ, Sở Y tế"),
        ("Phòng Tổ chức cán bộ", "31/12/2020", "Phòng Tổ chức cán bộ, Sở Y tế")]


def test_the_assignment_is_a_body_paragraph_after_the_parents_words(repo):
    assert run(PARENT, "--unit", STATE_UNIT).exit_code == 0
    document = open_docx(render(layout(read_plan(Path("plans") / STATE_UNIT / "2020" / GENERATED))))
    texts = [p.text for p in document.paragraphs]
    item, sentence = (document.paragraphs[texts.index(REPORT_ITEM) + i] for i in (0, 1))
    assert (item.style.name, sentence.style.name) == ("KH Item", "KH Body")
    assert not any(run.bold or run.italic for run in sentence.runs)


TO_TCCB = "report_to: Phòng Tổ chức cán bộ, Sở Y tế"


@pytest.mark.parametrize("parent_task, owner, partners", [
    # the parent's owner names one of the unit's departments
    (["owner: Các khoa lâm sàng của các bệnh viện", TO_TCCB], "Các khoa lâm sàng", None),
    # the parent's addressee is a department of the parent: its counterpart in the unit leads
    (["owner: Các đơn vị trong ngành", "report_to: Phòng Điều dưỡng, Sở Y tế"], "Phòng Điều dưỡng", None),
    # the parent's partners: the unit's departments among them partner; the others are the parent's own
    (["owner: Các đơn vị trong ngành", TO_TCCB, "partners: [Phòng Điều dưỡng, Công đoàn ngành]"],
     "Phòng Tổ chức cán bộ", ["Phòng Điều dưỡng"]),
    (["owner: Các đơn vị trong ngành", TO_TCCB, "partners: [Công đoàn ngành]"], "Phòng Tổ chức cán bộ", []),
    # named only as a partner: that department leads
    (["owner: Các đơn vị trong ngành", "partners: [Phòng Điều dưỡng]"], "Phòng Điều dưỡng", []),
    # named nowhere: the unit's first department
    (["owner: Các đơn vị trong ngành"], "Phòng Tổ chức cán bộ", None),
], ids=["owner", "counterpart", "partners", "foreign-partners", "only-partner", "first-department"])
def test_the_lead_department_is_the_one_the_parents_task_names(repo, parent_task, owner, partners):
    edit(PARENT, PARENT_TASK + f"          {TO_TCCB}\n",
         "".join(f"          {line}\n" for line in [*parent_task, "due: 2020-10-15"]))
    task = generated_tasks(STATE_UNIT)["bao-cao-ket-qua"]
    assert (task["owner"], task.get("partners")) == (owner, partners)
    assert run(PARENT, "--unit", STATE_UNIT).exit_code == 0
    assert CliRunner().invoke(main, ["fmt", "--check", f"plans/{STATE_UNIT}"]).exit_code == 0
    child = read_plan(Path("plans") / STATE_UNIT / "2020" / GENERATED)
    assert child.find_item("bao-cao-ket-qua").task.partners == tuple(partners or ())
    joined = f", phối hợp với {', '.join(partners)}" if partners else ""
    assert body_paragraphs(child)[-1] == (
        "KH Body", f"Giao {owner} chủ trì{joined} thực hiện, hoàn thành trước ngày 08/10/2020./.")


@pytest.mark.parametrize("parent_says, child_says", [
    ("Phòng Tổ chức cán bộ", "Phòng Tổ chức cán bộ, Sở Y tế"),  # the unit has one too: name the parent's
    ("Ban Dân vận Tỉnh ủy", "Ban Dân vận Tỉnh ủy"),
    ("Sở Y tế (Phòng Tổ chức cán bộ)", "Sở Y tế (Phòng Tổ chức cán bộ)"),
])
def test_the_parents_addressee_never_reads_as_the_units_own_department(repo, parent_says, child_says):
    edit(PARENT, PARENT_TASK + "          report_to: Phòng Tổ chức cán bộ, Sở Y tế\n",
         PARENT_TASK + f"          report_to: {parent_says}\n")
    task = generated_tasks(STATE_UNIT)["bao-cao-ket-qua"]
    assert (task["owner"], task["report_to"]) == ("Phòng Tổ chức cán bộ", child_says)


def test_a_unit_without_departments_leads_itself(repo):
    edit("plans/bodies.yaml", "  departments:\n    - Chi ủy\n    - Các tổ đảng\n", "")
    assert generated_tasks(PARTY_UNIT)["bao-cao-ket-qua"]["owner"] == "Chi bộ Bệnh viện Đa khoa tỉnh"
    assert generated(PARTY_UNIT)["recipients"] == [{"to": "Đảng ủy Sở Y tế", "note": "báo cáo"}]
    lines = localized_lines(PARTY_UNIT)
    assert lines[lines.index(REPORT_ITEM) + 1] == (
        "Chi bộ Bệnh viện Đa khoa tỉnh chủ trì thực hiện, hoàn thành trước ngày 08/10/2020, "
        "báo cáo kết quả về Đảng ủy Sở Y tế.")


def test_localize_a_party_unit_without_a_party_superior_is_reported_in_bodies_yaml(repo):
    edit("plans/bodies.yaml", "  party_superior: Đảng ủy Sở Y tế  # kế hoạch triển khai của chi bộ báo cáo về đây\n", "")
    result = run(PARENT, "--all-units")
    line = line_of("plans/bodies.yaml", "chi-bo-bv-da-khoa-ha-tinh:")
    assert result.exit_code == 1
    assert result.stderr == (
        f"plans/bodies.yaml:{line}:1: Chi bộ Bệnh viện Đa khoa tỉnh là tổ chức đảng: kế hoạch triển khai báo cáo "
        "cấp ủy cấp trên trực tiếp, không báo cáo Sở Y tế; khai cấp ủy đó ở party_superior của cơ quan "
        "(trong bodies.yaml hoặc issuer), ví dụ party_superior: Đảng ủy Sở Y tế\n")
    assert result.stdout == f"đã ghi {Path('plans/bv-da-khoa-ha-tinh/2020') / GENERATED}\n"  # the other unit is written
    assert not Path("plans/chi-bo-bv-da-khoa-ha-tinh").exists()


PARTY_HEAD = HEAD.replace("issuer: bv-da-khoa-ha-tinh", "issuer: chi-bo-bv-da-khoa-ha-tinh")


def test_a_party_child_of_a_state_parent_must_report_to_its_party_superior(repo):
    write(CHILD, PARTY_HEAD + "sections:\n  - from: noi-dung\n" + REPORT)
    assert problems(CHILD) == [
        f"{CHILD}:10:3: nơi nhận cần có Đảng ủy Sở Y tế kèm ghi chú báo cáo, ví dụ {{to: Đảng ủy Sở Y tế, "
        "note: báo cáo}: kế hoạch này triển khai kế hoạch của Sở Y tế"]
    write(CHILD, PARTY_HEAD + "sections:\n  - from: noi-dung\nrecipients:\n  - {to: Đảng ủy Sở Y tế, note: để b/c}\n")
    assert read_plan(Path(CHILD)).recipients[0].to == "Đảng ủy Sở Y tế"


def test_a_party_child_of_a_state_parent_without_a_party_superior_is_located_at_its_issuer(repo):
    edit("plans/bodies.yaml", "  party_superior: Đảng ủy Sở Y tế  # kế hoạch triển khai của chi bộ báo cáo về đây\n", "")
    write(CHILD, PARTY_HEAD + "sections:\n  - from: noi-dung\n" + REPORT)
    assert problems(CHILD) == [
        f"{CHILD}:2:9: Chi bộ Bệnh viện Đa khoa tỉnh là tổ chức đảng: kế hoạch triển khai báo cáo cấp ủy cấp trên "
        "trực tiếp, không báo cáo Sở Y tế; khai cấp ủy đó ở party_superior của cơ quan (trong bodies.yaml hoặc "
        "issuer), ví dụ party_superior: Đảng ủy Sở Y tế"]


def test_a_replaced_item_says_the_units_own_words_and_deadline(repo):
    write(CHILD, HEAD + """\
sections:
  - from: to-chuc-thuc-hien
    replace:
      bao-cao-ket-qua:
        text: Các khoa báo cáo kết quả về Phòng Tổ chức cán bộ trước ngày {due}.
        task: {owner: Các khoa lâm sàng, due: 2020-10-08, report_to: Phòng Tổ chức cán bộ}
""" + REPORT)
    assert body_paragraphs(read_plan(Path(CHILD)))[-1] == (
        "KH Item", "3. Các khoa báo cáo kết quả về Phòng Tổ chức cán bộ trước ngày 08/10/2020./.")


def test_names_in_the_assignment_print_as_typed(repo):
    write(CHILD, HEAD + """\
sections:
  - from: to-chuc-thuc-hien
    tasks:
      bao-cao-ket-qua: {owner: 'Tổ *công tác* {{ 7*7 }} & <b>', due: 2020-10-08}
""" + REPORT)
    document = open_docx(render(layout(read_plan(Path(CHILD)))))
    last = [p for p in document.paragraphs if p.text.strip()][-1]
    assert last.text == "Giao Tổ *công tác* {{ 7*7 }} & <b> chủ trì thực hiện, hoàn thành trước ngày 08/10/2020./."
    assert not any(run.italic for run in last.runs)


# --- rebuilding children when the parent or the registry changes


@pytest.fixture
def built(repo):
    """A parent and both repository children, built once into output/."""
    for child in (REPO_CHILD, REPO_PARTY_CHILD):
        write(str(child.relative_to(PLANS.parent)), child.read_text(encoding="utf-8"))
    report = build([repo / "plans"], repo / "output")
    assert report.problems == []
    assert documents(report.written) == sorted(ALL_DOCUMENTS)
    return repo


CHILD_DOC = "bv-da-khoa-ha-tinh/2020/trien-khai-799-KH-SYT.docx"
PARTY_DOC = "chi-bo-bv-da-khoa-ha-tinh/2020/trien-khai-799-KH-SYT.docx"
PARENT_DOC = "so-y-te-ha-tinh/2020/799-KH-SYT.docx"
ALL_DOCUMENTS = (CHILD_DOC, PARTY_DOC, PARENT_DOC)


def documents(paths) -> list[str]:
    """The plans' own documents among written or unchanged files (not checklists, forms, calendars)."""
    out = Path("output").resolve()
    return sorted(str(p.resolve().relative_to(out)) for p in paths if p.suffixes == [".docx"])


def rebuild(repo, *touched: str):
    later = time.time() + 60
    for path in touched:
        os.utime(repo / path, (later, later))
    report = build([repo / "plans"], repo / "output")
    assert report.problems == []
    return documents(report.written), documents(report.unchanged)


def test_nothing_changed_nothing_rebuilt(built):
    assert rebuild(built) == ([], sorted(ALL_DOCUMENTS))


def test_a_changed_parent_rebuilds_its_children(built):
    assert rebuild(built, PARENT) == (sorted(ALL_DOCUMENTS), [])


def test_a_changed_registry_rebuilds_the_plans_that_use_it(built):
    assert rebuild(built, "plans/bodies.yaml") == (sorted([CHILD_DOC, PARTY_DOC]), [PARENT_DOC])


def test_a_changed_child_rebuilds_only_itself(built):
    assert rebuild(built, str(REPO_CHILD.relative_to(PLANS.parent))) == ([CHILD_DOC], sorted([PARTY_DOC, PARENT_DOC]))


def test_the_dependencies_are_remembered_in_the_output_folder(built):
    table = json.loads((built / "output/.kehoach-deps.json").read_text(encoding="utf-8"))
    plans = (built / "plans").resolve()
    template = str(BUILTIN_TEMPLATES / "nd30/plan.docx")  # the repository has no templates/ of its own
    assert table[str(plans / "bv-da-khoa-ha-tinh/2020/trien-khai-799-KH-SYT.yaml")]["inputs"] == sorted([
        str(plans / "bodies.yaml"), str(plans / "bv-da-khoa-ha-tinh/2020/trien-khai-799-KH-SYT.yaml"),
        str(plans / "so-y-te-ha-tinh/2020/799-KH-SYT.yaml"), template])
    parent = str(plans / "so-y-te-ha-tinh/2020/799-KH-SYT.yaml")
    assert table[parent]["inputs"] == sorted([parent, template])
    output = Path(os.path.abspath(built / "output/so-y-te-ha-tinh/2020"))
    assert table[parent]["documents"] == sorted(str(output / name) for name in (
        "799-KH-SYT.docx", "799-KH-SYT.checklist.docx", "799-KH-SYT.checklist.csv",
        "799-KH-SYT.phieu-dang-ky-mo-hinh.docx", "799-KH-SYT.ics", "799-KH-SYT.bao-cao.cac-don-vi-trong-nganh.docx"))


# --- the repository's own children


def test_the_repository_state_child_reads_and_renders(tmp_path):
    plan = read_plan(REPO_CHILD)
    assert (plan.format, plan.issuer.code, plan.parent.number) == ("nd30", "BVĐK", 799)
    lines = docx_text(write_bytes(tmp_path / "child.docx", render_all(REPO_CHILD)[".docx"])).splitlines()
    assert lines[:9] == [
        "SỞ Y TẾ HÀ TĨNH", "BỆNH VIỆN ĐA KHOA TỈNH", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "Số: 215/KH-BVĐK", "Hà Tĩnh, ngày 08 tháng 4 năm 2020", "KẾ HOẠCH",
        "Triển khai thực hiện phong trào thi đua “Dân vận khéo” năm 2020", BASIS]
    assert [line for line in lines if line.startswith(("I.", "II.", "III."))] == [
        "I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG", "III. TỔ CHỨC THỰC HIỆN"]
    # the hospital removes the parent's II.2, replaces II.4 (now 3) and adds its own item at the end
    section_two = lines[lines.index("II. NỘI DUNG") + 1:lines.index("III. TỔ CHỨC THỰC HIỆN")]
    numbered = [line for line in section_two if line[:2] in {f"{n}." for n in range(1, 10)}]
    assert len(numbered) == 6
    assert not any("Tiếp công dân" in line for line in section_two)
    assert numbered[2].startswith("3. Xây dựng kế hoạch và phân công nhiệm vụ trong cấp ủy, Ban Giám đốc")
    assert numbered[5].startswith("6. Các khoa lâm sàng thực hiện nghiêm Quy tắc ứng xử")
    # the Sở's words keep the Sở's deadline; the hospital's department and its earlier deadline follow them
    assert lines[lines.index(REPORT_ITEM) + 1] == (
        "Giao Phòng Tổ chức cán bộ chủ trì thực hiện, hoàn thành trước ngày 08/10/2020./.")
    assert lines[-2:] == ["GIÁM ĐỐC", "Nguyễn Văn Hùng"]
    assert "- Sở Y tế (báo cáo);" in lines
    assert [row[3:6] for row in checklist_rows(plan)] == [
        ["Phòng Tổ chức cán bộ", "", "30/6/2020"], ["Phòng Tổ chức cán bộ", "", "08/10/2020"],
        ["Phòng Tổ chức cán bộ", "", "31/12/2020"]]


def test_the_repository_party_child_reads_and_renders(tmp_path):
    plan = read_plan(REPO_PARTY_CHILD)
    assert (plan.format, plan.issuer.code, plan.parent.format) == ("party", "CB", "nd30")
    outputs = render_all(REPO_PARTY_CHILD)
    assert sorted(outputs) == [".checklist.csv", ".checklist.docx", ".docx", ".ics"]
    lines = docx_text(write_bytes(tmp_path / "party.docx", outputs[".docx"])).splitlines()
    assert lines[:1] + lines[4:6] == ["DỰ THẢO", "ĐẢNG CỘNG SẢN VIỆT NAM", "Số       -KH/CB"]
    assert PARTY_BASIS in lines
    assert lines[lines.index(REPORT_ITEM) + 1] == (
        "Giao Chi ủy chủ trì thực hiện, hoàn thành trước ngày 08/10/2020, báo cáo kết quả về Đảng ủy Sở Y tế.")
    assert "- Đảng ủy Sở Y tế (báo cáo);" in lines and "- Sở Y tế (báo cáo);" not in lines
    assert lines[-3:] == ["T/M CHI BỘ", "BÍ THƯ", "Lê Thị Hoa"]


# --- deadlines as written, against the parent's: compared by their last day

def child_with_due(due: str) -> str:
    """A child taking the report task, its deadline `due` (at line 12, column 14)."""
    return write(CHILD, HEAD + f"""\
sections:
  - from: to-chuc-thuc-hien
    tasks:
      bao-cao-ket-qua:
        owner: Phòng Tổ chức cán bộ
        due: {due}
""" + REPORT)


@pytest.mark.parametrize("parent_due, child_due", [
    ("Tháng 10/2020", "Quý IV/2020"),
    ("Trước ngày 15/10/2020", "2020-10-15"),  # "before the 15th": the 14th is the parent's last day
    ("2020-10-15", "Thường xuyên"),  # a fixed deadline is never met by an ongoing duty
])
def test_a_written_deadline_later_than_the_parents_is_refused(repo, parent_due, child_due):
    edit(PARENT, "due: 2020-10-15", f"due: {parent_due}")
    child_with_due(child_due)
    shown = {"Quý IV/2020": "Quý IV/2020", "2020-10-15": "15/10/2020", "Thường xuyên": "Thường xuyên"}[child_due]
    parent_shown = {"Tháng 10/2020": "Tháng 10/2020", "Trước ngày 15/10/2020": "Trước ngày 15/10/2020",
                    "2020-10-15": "15/10/2020"}[parent_due]
    assert problems(CHILD) == [
        f"{CHILD}:12:14: thời hạn {shown} muộn hơn thời hạn của kế hoạch cấp trên ({parent_shown}): "
        "đơn vị phải báo cáo trước khi Sở Y tế báo cáo lên"]


@pytest.mark.parametrize("parent_due, child_due", [
    ("Quý IV/2020", "Tháng 10/2020"),
    ("Tháng 10/2020", "Tháng 10/2020"),  # the same form is the same last day
    ("Tháng 10/2020", "Trước ngày 15/10"),
    ("Trước ngày 15/10/2020", "2020-10-14"),
    ("Thường xuyên", "Quý IV/2020"),  # an ongoing duty of the parent takes any deadline
    ("Thường xuyên", "Thường xuyên"),
])
def test_a_written_deadline_no_later_than_the_parents_is_allowed(repo, parent_due, child_due):
    edit(PARENT, "due: 2020-10-15", f"due: {parent_due}")
    child_with_due(child_due)
    assert read_plan(Path(CHILD)).find_item("bao-cao-ket-qua").task.due.text == vn.parse_deadline(child_due).text


@pytest.mark.parametrize("parent_due, child_line", [
    ("Trước ngày 15/10", "due: Trước ngày 08/10  # hạn của cấp trên: Trước ngày 15/10"),
    ("Quý III/2020", "due: Quý III/2020  # hạn của cấp trên: Quý III/2020"),
    ("Thường xuyên", "due: Thường xuyên  # hạn của cấp trên: Thường xuyên"),
])
def test_localize_gives_a_written_deadline_a_week_earlier_or_as_written(repo, parent_due, child_line):
    edit(PARENT, "due: 2020-10-15", f"due: {parent_due}")
    text = localize(Path(PARENT), "bv-da-khoa-ha-tinh")[1]
    assert "        " + child_line in text.splitlines()
    target = write("plans/bv-da-khoa-ha-tinh/2020/" + GENERATED, text)
    read_plan(target)


def test_an_inherited_task_reporting_to_its_own_lead(repo):
    """What `localize` wrote before: the unit's department reporting to itself."""
    write(CHILD, HEAD + """\
sections:
  - from: to-chuc-thuc-hien
    tasks:
      bao-cao-ket-qua:
        owner: Phòng Tổ chức cán bộ
        due: 2020-10-08
        report_to: phòng Tổ chức cán bộ
""" + REPORT)
    assert problems(CHILD) == [
        f"{CHILD}:13:20: Phòng Tổ chức cán bộ chủ trì nhiệm vụ nên không tự nhận báo cáo của mình; report_to là "
        "nơi đơn vị báo cáo lên (nơi kế hoạch cấp trên nhận báo cáo: Phòng Tổ chức cán bộ, Sở Y tế)"]


@pytest.mark.parametrize("parent_due, child_due, sentence", [
    ("Trước ngày 15/10", "Trước ngày 08/10", "Giao Phòng Tổ chức cán bộ chủ trì thực hiện, hoàn thành trước ngày 08/10./."),
    ("Quý IV/2020", "Tháng 11/2020", "Giao Phòng Tổ chức cán bộ chủ trì thực hiện, hoàn thành trong tháng 11/2020./."),
    ("Quý IV/2020", "Quý IV/2020", "Giao Phòng Tổ chức cán bộ chủ trì thực hiện./."),  # the parent's: said by its words
])
def test_the_assignment_says_a_written_deadline_as_a_sentence_does(repo, parent_due, child_due, sentence):
    edit(PARENT, "due: 2020-10-15", f"due: {parent_due}")
    child_with_due(child_due)
    assert body_paragraphs(read_plan(Path(CHILD)))[-1] == ("KH Body", sentence)
