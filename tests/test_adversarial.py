"""The adversarial catalogue (issue 10): hostile plans and faults of the machine, each run as a
user runs it, asserting the exact message and exit code, that nothing outside output/ was
written and that no existing output was lost.

1. What `check` accepts, `build` builds: every limit (limits.py) reported at its place.
2. One bad plan never stops the others.
3. Two plans writing one file: reported before anything is written, both files named.
4. Paths and contents outside the plans folder: refused at their place, never quoted whole.
5. Text printed as typed: numbers, true/false in a text field.
6. The user's own situation (exit 4), not a bug (exit 3) nor a plan's problem (exit 1).
7. Interrupted builds: leftovers cleaned, workers end with their build.
"""
from __future__ import annotations

import errno
import fcntl
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from conftest import KEHOACH, PLANS, open_docx
from kehoach.cli import main
from test_robustness import quick

PLAN = """\
format: nd30
type: KH
issuer: {parent: UBND TỈNH HÀ TĨNH, name: SỞ Y TẾ, code: SYT, place: Hà Tĩnh, called: Sở Y tế}
number: 5
date: 2020-01-07
title: Thử nghiệm
sections:
  - title: Mục đích
    items:
      - Nội dung thứ nhất.
      - {id: bao-cao, text: Báo cáo kết quả., task: {owner: Phòng Tổ chức, due: 2020-10-15}}
recipients: [Sở Nội vụ]
archive: {units: [TCCB]}
signature: {authority: KT, head: Giám đốc, title: Phó Giám đốc, name: Nguyễn Văn A}
"""
FORM = "forms:\n  - {id: phieu, title: Phiếu đăng ký}\n"  # line 15 and 16 of PLAN + FORM


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(main, list(args), prog_name="kehoach")


def write(path: str | Path, text: str) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def edited(*edits: tuple[str, str], text: str = PLAN) -> str:
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def documents(folder: str | Path = "output") -> list[str]:
    return sorted(name for name in tree(Path(folder)) if not name.startswith(".kehoach"))


# --- 1. what check accepts, build builds ---------------------------------------------------------

LIMITS = [
    pytest.param(edited(("due: 2020-10-15", "due: 9999-12-31"), ("date: 2020-01-07", "date: 9999-01-07")),
                 ['plans/x.yaml:5:7: "date": năm 9999 nằm ngoài khoảng 1900–2100 ("9999-01-07")',
                  'plans/x.yaml:11:81: "due": năm 9999 nằm ngoài khoảng 1900–2100 ("9999-12-31")'], id="year-9999"),
    pytest.param(PLAN + "period: 1000-3000\n",
                 ['plans/x.yaml:15:9: "period": năm nằm ngoài khoảng 1900–2100 (1000-3000)'], id="period-of-millennia"),
    pytest.param(PLAN + "period: 1901-2100\n",
                 ['plans/x.yaml:15:9: "period": giai đoạn 1901-2100 dài 200 năm; tối đa 30 năm (hãy chia thành nhiều kế hoạch)'],
                 id="period-of-two-centuries"),
    pytest.param(PLAN + "forms:\n  - {id: phieu, title: Phiếu, entries: 10000000}\n",
                 ['plans/x.yaml:16:40: "entries" tối đa là 500, nhận được số nguyên "10000000"'], id="form-entries"),
    pytest.param(PLAN + "forms:\n  - {id: phieu, title: Phiếu, columns: [" + ", ".join(["Cột"] * 13) + "]}\n",
                 ['plans/x.yaml:16:101: "columns" có 13 mục; tối đa 12 mục'], id="form-columns"),
    pytest.param(edited(("number: 5", "number: 10000000")),
                 ['plans/x.yaml:4:9: "number" tối đa là 999999, nhận được số nguyên "10000000"'], id="number"),
    pytest.param(edited(("archive: {units: [TCCB]}", "archive: {units: [TCCB], copies: 99999999999999999999999}")),
                 ['plans/x.yaml:13:34: "copies" tối đa là 999999, nhận được số nguyên "99999999999999999999999"'], id="copies"),
    pytest.param(edited(("      - {id: bao-cao", "".join(f"      - {{id: t{n}, text: Việc {n}., task: {{owner: Phòng, repeat: {{every: monthly, start: 2000-01}}}}}}\n"
                                                            for n in range(29)) + "      - {id: bao-cao")) + "period: 2000-2029\n",
                 ['plans/x.yaml:38:41: kế hoạch có hơn 10000 thời hạn (kể cả các kỳ định kỳ) tính đến nhiệm vụ này; '
                  'hãy chia thành nhiều kế hoạch'], id="recurrences"),
    pytest.param(edited(("      - {id: bao-cao", "".join(f"      - {{id: t{n}, text: Việc {n}., task: {{owner: Phòng {n}}}}}\n"
                                                       for n in range(201)) + "      - {id: bao-cao")),
                 ['plans/x.yaml:211:51: kế hoạch có hơn 200 đơn vị chủ trì khác nhau tính đến nhiệm vụ này; '
                  'hãy gộp đơn vị hoặc chia thành nhiều kế hoạch'], id="owners"),
]


@pytest.mark.parametrize("text, messages", LIMITS)
def test_a_plan_past_a_limit_is_refused_alike_by_check_and_build(here, text, messages):
    """Before: `check` accepted these and `build` ran for minutes, ran out of memory or crashed (exit 3)."""
    write("plans/x.yaml", text)
    write("plans/y.yaml", PLAN)
    checked = run("check")
    built = run("build")
    assert (checked.exit_code, built.exit_code) == (1, 1), built.output
    assert checked.stderr.splitlines() == built.stderr.splitlines() == messages
    assert documents() == ["y.checklist.csv", "y.checklist.docx", "y.docx", "y.ics"]


def test_the_limits_let_a_plan_at_them_build(here):
    """Just inside every limit: 30 years, 500 entries, 12 columns, 200 owners; check and build agree."""
    owners = "".join(f"      - {{id: t{n}, text: Việc {n}., task: {{owner: Phòng {n}, due: 2030-01-01}}}}\n" for n in range(199))
    columns = ", ".join(f"Cột {n}" for n in range(12))
    text = edited(("      - {id: bao-cao", owners + "      - {id: bao-cao"))
    write("plans/x.yaml", text + f"period: 2001-2030\nforms:\n  - {{id: phieu, title: Phiếu, entries: 500, columns: [{columns}]}}\n")
    assert run("check").exit_code == 0
    result = run("build")
    assert result.exit_code == 0, result.output
    form = open_docx(Path("output/x.phieu.docx").read_bytes())
    assert len(form.tables[-2].rows) == 501 and len(form.tables[-2].columns) == 13


def test_a_plan_name_too_long_for_its_documents_is_refused_and_the_others_built(here):
    """Before: the temporary file's name passed the file system's 255 bytes: exit 3, and no plan after it was written."""
    long_name = "ke-hoach-" + "ạ" * 60  # 9 + 180 bytes
    write(f"plans/{long_name}.yaml", PLAN)
    write("plans/z.yaml", PLAN)
    message = (f"plans/{long_name}.yaml: tên tệp dài 189 byte; tên tệp kế hoạch (không kể .yaml) tối đa 140 byte, "
               "để tên các văn bản dựng từ nó còn chỗ: hãy đặt tên ngắn hơn")
    assert run("check").stderr.splitlines() == [message]
    result = run("build", "--by-owner")
    assert (result.exit_code, result.stderr.splitlines()) == (1, [message])
    assert documents() == ["z.checklist.csv", "z.checklist.docx", "z.checklist.phong-to-chuc.docx", "z.docx", "z.ics"]


def test_a_file_larger_than_the_limit_is_refused_without_reading_it_all(here):
    path = write("plans/big.yaml", PLAN)
    with open(path, "ab") as out:
        out.write(b"# " + b"x" * 21_000_000 + b"\n")
    result = run("check")
    assert (result.exit_code, result.stderr) == (1, "plans/big.yaml: tệp lớn hơn 20 MB; hãy chia thành nhiều kế hoạch\n")


def test_owners_alike_in_their_first_80_letters_each_get_their_checklist(here):
    """Before: the second owner's file name was the first's, and its rows were in no per-owner checklist."""
    long = "Phòng " * 14  # 84 letters as a file-name key
    write("plans/x.yaml", edited(("task: {owner: Phòng Tổ chức, due: 2020-10-15}}",
                                  f"task: {{owner: {long}Một, due: 2020-10-15}}}}\n"
                                  f"      - {{id: viec-hai, text: Việc hai., task: {{owner: {long}Hai, due: 2020-11-15}}}}")))
    assert run("build", "--by-owner", "--only", "checklist").exit_code == 0
    key = "phong-" * 13 + "ph"
    names = [n for n in documents() if n.count(".") == 3]
    assert names == [f"x.checklist.{key[:77]}-2.docx", f"x.checklist.{key}.docx"]
    first, second = (" ".join(body_texts(Path("output") / name)) for name in reversed(names))
    assert "Báo cáo kết quả" in first and "Việc hai" not in first
    assert "Việc hai" in second and "Báo cáo kết quả" not in second


# --- 2. one bad plan never stops the others --------------------------------------------------------

def test_a_bug_in_one_plan_is_reported_for_it_and_the_others_are_written(here, monkeypatch):
    from kehoach import documents as documents_module

    real = documents_module.render_outputs

    def fails_for_b(plan, key, *args, **kwargs):
        if key == "b":
            raise ZeroDivisionError("division by zero")
        return real(plan, key, *args, **kwargs)

    monkeypatch.setattr(documents_module, "render_outputs", fails_for_b)
    for name in "abc":
        write(f"plans/{name}.yaml", PLAN)
    result = run("build", "--only", "plan")
    assert (result.exit_code, result.stderr.splitlines()) == (3, [BUG.format(plan="b", error="ZeroDivisionError: division by zero")])
    assert documents() == ["a.docx", "c.docx"]
    assert "Xong: 3 kế hoạch (2 đã dựng, 0 không thay đổi, 1 có lỗi); 2 văn bản đã ghi, 0 văn bản không thay đổi." in result.stdout


BUG = ("kehoach: plans/{plan}.yaml: lỗi nội bộ với kế hoạch này ({error}). Đây là lỗi của chương trình, không phải của "
       "kế hoạch; các kế hoạch khác vẫn được xử lý; xin báo lại kèm tệp YAML")


def test_a_bug_in_checking_one_plan_is_reported_for_it_and_the_others_are_checked(here, monkeypatch):
    from kehoach import read as read_module  # the build imports read_plan from it when it first needs it

    real = read_module.read_plan

    def fails_for_b(path, *args, **kwargs):
        if path.stem == "b":
            raise KeyError("x")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(read_module, "read_plan", fails_for_b)
    write("plans/a.yaml", PLAN)
    write("plans/b.yaml", PLAN)
    write("plans/c.yaml", edited(("title: Thử nghiệm", "tittle: Thử nghiệm")))
    result = run("check")
    assert result.exit_code == 3
    assert result.stderr.splitlines() == ['plans/c.yaml:6:1: khóa không hợp lệ "tittle"; có phải ý bạn là "title"?',
                                          BUG.format(plan="b", error="KeyError: 'x'")]


# --- 3. two plans, one file ----------------------------------------------------------------------

def clash(one: str, other: str, document: str, more: int = 0) -> list[str]:
    says = "hai kế hoạch không thể ghi cùng một tệp; hãy đổi tên một trong hai tệp (hoặc mã phiếu)"
    shared = f"output/{document}" + (f" (và {more} văn bản khác)" if more else "")
    return [f"plans/{one}: văn bản {shared} trùng với văn bản của plans/{other}: {says}",
            f"plans/{other}: văn bản {shared} trùng với văn bản của plans/{one}: {says}"]


COLLISIONS = [
    pytest.param({"a.yaml": PLAN, "a.yml": PLAN}, (), clash("a.yaml", "a.yml", "a.docx", more=3), id="yaml-and-yml"),
    pytest.param({"a.yaml": PLAN, "a.checklist.yaml": PLAN}, (), clash("a.checklist.yaml", "a.yaml", "a.checklist.docx"),
                 id="a-plan-named-like-a-checklist"),
    pytest.param({"a.yaml": PLAN + FORM, "a.phieu.yaml": PLAN}, (), clash("a.phieu.yaml", "a.yaml", "a.phieu.docx"),
                 id="a-form-and-a-plan"),
    pytest.param({"a.yaml": PLAN, "a.checklist.phong-to-chuc.yaml": PLAN}, ("--by-owner",),
                 clash("a.checklist.phong-to-chuc.yaml", "a.yaml", "a.checklist.phong-to-chuc.docx"), id="an-owner-checklist-and-a-plan"),
]


@pytest.mark.parametrize("plans, options, messages", COLLISIONS)
def test_two_plans_writing_one_file_are_reported_and_neither_is_written(here, plans, options, messages):
    """Before: exit 0, and one plan's documents silently replaced by the other's."""
    for name, text in plans.items():
        write(f"plans/{name}", text)
    write("plans/other.yaml", PLAN)
    result = run("build", *options)
    assert (result.exit_code, result.stderr.splitlines()) == (1, sorted(messages))
    assert not [name for name in documents() if not name.startswith("other.")]


@pytest.mark.parametrize("built_alone", [False, True], ids=["building-all", "building-the-new-plan-alone"])
def test_a_new_plan_that_would_overwrite_a_built_plan_is_reported_and_the_old_documents_stay(here, built_alone):
    write("plans/a.yaml", PLAN)
    assert run("build").exit_code == 0
    before = tree(here / "output")
    write("plans/a.yml", edited(("title: Thử nghiệm", "title: Kế hoạch khác")))
    result = run("build", *(["plans/a.yml"] if built_alone else []))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == clash("a.yml", "a.yaml", "a.docx", more=3)[:1]
    assert {k: v for k, v in tree(here / "output").items() if not k.startswith(".")} == \
           {k: v for k, v in before.items() if not k.startswith(".")}


STEMS = ("a", "a.b", "a.checklist", "a.checklist.phong", "a.b.docx", "b")
EVERY_PLAN_WRITES = (".docx", ".checklist.docx", ".checklist.csv", ".ics", ".checklist.phong.docx")  # README, with --by-owner


def expected_files(stem: str, forms: list[str]) -> set[str]:
    return {stem + suffix for suffix in EVERY_PLAN_WRITES} | {f"{stem}.{form}.docx" for form in forms}


@quick(40)
@given(plans=st.dictionaries(st.tuples(st.sampled_from(STEMS), st.sampled_from([".yaml", ".yml"])),
                             st.lists(st.sampled_from(["b", "phong", "b-docx"]), unique=True, max_size=2), min_size=1, max_size=4))
def test_random_plan_names_and_forms_never_overwrite_each_other(tmp_path_factory, plans):
    """Whatever the names: a file two plans would write is reported (exit 1) and neither plan is written;
    every other plan writes exactly the files the README lists."""
    folder = tmp_path_factory.mktemp("names")
    for (stem, suffix), forms in plans.items():
        listed = "".join(f"  - {{id: {form}, title: Phiếu}}\n" for form in forms)
        write(folder / "plans" / (stem + suffix), PLAN.replace("Phòng Tổ chức", "Phòng") + (f"forms:\n{listed}" if forms else ""))
    files = {(stem, suffix): expected_files(stem, forms) for (stem, suffix), forms in plans.items()}
    clashing = {plan for plan in files for other in files if other != plan and files[plan] & files[other]}
    before = os.getcwd()
    os.chdir(folder)
    try:
        result = run("build", "--by-owner")
    finally:
        os.chdir(before)
    assert result.exit_code == (1 if clashing else 0), result.output
    assert set(documents(folder / "output")) == set().union(*(files[p] for p in files if p not in clashing))
    assert {line.split(":")[0] for line in result.stderr.splitlines()} == {f"plans/{s}{x}" for s, x in clashing}


# --- 4. paths and contents outside the plans folder ------------------------------------------------

CHILD = edited(("number: 5\n", "number: 6\nimplements: {plan: PARENT}\n"), ("date: 2020-01-07", "date: 2020-02-01"),
               ("recipients: [Sở Nội vụ]", "recipients: [{to: Sở Y tế, note: báo cáo}]"))
OUTSIDE = 'plans/so-y-te/x.yaml:5:20: kế hoạch cấp trên "{named}" nằm ngoài thư mục kế hoạch plans; chỉ dẫn tới kế hoạch trong thư mục này'


@pytest.mark.parametrize("named, says", [
    (".", 'kế hoạch cấp trên "." không phải tệp kế hoạch (.yaml hoặc .yml)'),
    ("a/" * 3000 + "p.yaml", 'không tìm thấy kế hoạch cấp trên "' + "a/" * 30 + '…"'),  # before: OSError, exit 3
    ("a" * 300 + ".yaml", 'không tìm thấy kế hoạch cấp trên "' + "a" * 60 + '…"'),
    ("../so-y-te/x.yaml", "kế hoạch cấp trên dẫn ngược về chính kế hoạch này (vòng lặp)"),
])
def test_a_parent_path_that_names_no_plan_is_refused_at_its_place(here, named, says):
    write("plans/so-y-te/x.yaml", CHILD.replace("PARENT", named))
    for command in ("check", "build"):
        result = run(command)
        assert (result.exit_code, result.stderr) == (1, f"plans/so-y-te/x.yaml:5:20: {says}\n")


def test_a_broken_link_among_the_plans_is_reported(here):
    write("plans/a.yaml", PLAN)
    Path("plans/b.yaml").symlink_to("/khong/co/b.yaml")
    result = run("build")
    assert (result.exit_code, result.stderr) == (
        4, "kehoach: plans/b.yaml là liên kết tới /khong/co/b.yaml, nơi không có tệp nào; hãy sửa hoặc xóa liên kết này\n")
    assert "a.docx" in documents()


@pytest.mark.parametrize("named", ["/etc/passwd", "../../secret.yaml", "../../plans-old/a.yaml", "link.yaml"])
def test_a_parent_plan_outside_the_plans_folder_is_refused_at_its_place_and_never_quoted(here, named):
    """Before: `implements: {plan: /etc/passwd}` printed the whole file in the error message."""
    secret = "format: nd30\n# mật khẩu: hunter2\n" + "x: " + "bí mật " * 500 + "\n"
    write("secret.yaml", secret)
    write("plans-old/a.yaml", PLAN)
    write("plans/so-y-te/x.yaml", CHILD.replace("PARENT", named))
    if named == "link.yaml":
        Path("plans/so-y-te/link.yaml").symlink_to(here / "secret.yaml")
    result = run("build", "plans/so-y-te/x.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [OUTSIDE.format(named=named)]
    assert "hunter2" not in result.output and "bí mật" not in result.output
    assert not Path("output").exists() or not documents()


def test_a_plans_folder_of_another_name_bounds_its_children_when_built_from_elsewhere(here, monkeypatch):
    """Plans in `ke-hoach/` (not `plans/`), built from another folder: a parent inside the folder named
    on the command line is found; one outside it is refused."""
    write("ke-hoach/a/p.yaml", PLAN)
    write("ke-hoach/b/x.yaml", CHILD.replace("PARENT", "../a/p.yaml"))
    write("ke-hoach/b/y.yaml", CHILD.replace("PARENT", "../../ngoai.yaml"))
    write("ngoai.yaml", PLAN)
    Path("noi-khac").mkdir()
    monkeypatch.chdir("noi-khac")
    result = run("build", "../ke-hoach", "-o", "ra")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f'../ke-hoach/b/y.yaml:5:20: kế hoạch cấp trên "../../ngoai.yaml" nằm ngoài thư mục kế hoạch {here / "ke-hoach"}; '
        "chỉ dẫn tới kế hoạch trong thư mục này"]
    assert "b/x.docx" in documents("ra")


def test_a_plan_that_is_a_link_to_a_system_file_is_reported_in_short_excerpts(here):
    write("secret.txt", "root:x:0:0:root:/root:/bin/bash\n" + "".join(f"user{n}:x:{n}:{n}::/home/user{n}:/bin/sh\n" for n in range(500)))
    Path("plans").mkdir()
    Path("plans/passwd.yaml").symlink_to(here / "secret.txt")
    result = run("check")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines and all(len(line) < 500 for line in lines)
    assert "user499" not in result.output and "user10:" not in result.output


def test_a_registry_above_the_plans_folder_is_never_used(here):
    write("bodies.yaml", "syt:\n  format: nd30\n  name: SỞ Y TẾ\n  code: SYT\n  place: Hà Tĩnh\n")
    write("plans/x.yaml", edited(("issuer: {parent: UBND TỈNH HÀ TĨNH, name: SỞ Y TẾ, code: SYT, place: Hà Tĩnh, called: Sở Y tế}",
                                  "issuer: syt")))
    result = run("check")
    assert result.stderr.splitlines() == ['plans/x.yaml:3:9: không tìm thấy bodies.yaml để tra mã cơ quan "syt"']


BODIES = """\
so-y-te:
  format: nd30
  name: SỞ Y TẾ
  code: SYT
  place: Hà Tĩnh
  called: Sở Y tế
../../evil:
  format: nd30
  name: BỆNH VIỆN
  code: BV
  place: Hà Tĩnh
"""


def test_a_registry_key_that_is_not_an_identifier_is_refused_and_localize_writes_nothing(here):
    """Before: `localize --all-units` wrote `plans/../../evil/...`, outside plans/."""
    write("plans/bodies.yaml", BODIES)
    write("plans/so-y-te/2020/a.yaml", PLAN)
    before = tree(here)
    result = run("localize", "plans/so-y-te/2020/a.yaml", "--all-units")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        'plans/bodies.yaml:7:1: mã cơ quan "../../evil" không hợp lệ: chỉ gồm chữ thường không dấu, chữ số và dấu gạch '
        'ngang, ví dụ bao-cao-ket-qua']
    assert tree(here) == before


def test_build_never_writes_through_a_symlinked_folder_inside_output(here, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    write("plans/so-y-te/a.yaml", PLAN)
    write("plans/b.yaml", PLAN)
    Path("output").mkdir()
    Path("output/so-y-te").symlink_to(elsewhere)
    result = run("build")
    assert result.exit_code == 4
    assert result.stderr.splitlines() == [
        f"kehoach: output/so-y-te là liên kết tới {elsewhere}: kehoach chỉ ghi trong output; hãy xóa liên kết này "
        "(hoặc thay bằng một thư mục thật)"]
    assert list(elsewhere.iterdir()) == []
    assert documents() == ["b.checklist.csv", "b.checklist.docx", "b.docx", "b.ics"]


# --- 5. text printed as typed ----------------------------------------------------------------------

TYPED = ["0123", "1.50", "0x1F", "1e3", "007", "true", "True", "no", "yes", "1_000", "0o17", ".inf", ".5", "1E-3", "2020",
         "null", "~", "NULL"]


def body_texts(path: Path) -> list[str]:
    """Every paragraph, those in tables (the recipients, the header) included."""
    document = open_docx(path.read_bytes())
    cells = [p.text for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return [p.text for p in document.paragraphs] + cells


@pytest.mark.parametrize("typed", TYPED)
def test_a_text_that_yaml_reads_as_a_number_prints_as_typed(here, typed):
    """Before: `0123` printed 123, `1.50` 1.5, `0x1F` 31, `1e3` 1000.0, `true` and `null` were refused."""
    write("plans/x.yaml", edited(("title: Thử nghiệm", f"title: {typed}"), ("      - Nội dung thứ nhất.", f"      - {typed}"),
                                 ("recipients: [Sở Nội vụ]", f"recipients: [{typed}]")))
    result = run("build", "--only", "plan")
    assert result.exit_code == 0, result.output
    texts = body_texts(Path("output/x.docx"))
    assert f"1. {typed}" in texts
    assert typed.upper() in texts or typed in texts  # the title (trích yếu)
    assert f"- {typed};" in texts  # the recipient


def test_a_yaml_1_1_directive_changes_nothing(here):
    """Every file is read as YAML 1.2: `no` is text, the same for `build` as without the directive."""
    write("plans/x.yaml", "%YAML 1.1\n---\n" + edited(("title: Thử nghiệm", "title: no"), ("      - Nội dung thứ nhất.", "      - off")))
    assert run("build", "--only", "plan").exit_code == 0
    assert {"no", "1. off"} <= set(body_texts(Path("output/x.docx")))


def test_a_registry_key_and_code_typed_as_numbers_are_taken_as_typed(here):
    """Before: `issuer: 0115` was an internal error (exit 3), and `code: 0115` printed 115."""
    write("plans/bodies.yaml", "0115:\n  format: nd30\n  name: TRUNG TÂM CẤP CỨU\n  code: 0115\n  place: Hà Tĩnh\n"
                               "  called: Trung tâm\n")
    write("plans/x.yaml", edited(("issuer: {parent: UBND TỈNH HÀ TĨNH, name: SỞ Y TẾ, code: SYT, place: Hà Tĩnh, called: Sở Y tế}",
                                  "issuer: 0115")))
    result = run("build", "--only", "plan")
    assert result.exit_code == 0, result.output
    assert "Số: 05/KH-0115" in body_texts(Path("output/x.docx"))


@pytest.mark.parametrize("typed, says", [
    ("null", 'plans/x.yaml:3:9: không tìm thấy bodies.yaml để tra mã cơ quan "null"'),  # found by the fuzzer: exit 3
    ("", 'plans/x.yaml:3:8: "issuer" cần chuỗi văn bản, nhận được giá trị rỗng'),
])
def test_an_issuer_typed_as_null_or_left_empty_is_reported(here, typed, says):
    write("plans/x.yaml", edited(("issuer: {parent: UBND TỈNH HÀ TĨNH, name: SỞ Y TẾ, code: SYT, place: Hà Tĩnh, called: Sở Y tế}",
                                  f"issuer: {typed}".rstrip())))
    result = run("build")
    assert (result.exit_code, result.stderr) == (1, says + "\n")


NUMBER_LIKE = st.one_of(
    st.from_regex(r"\A[+-]?0[0-9]{1,6}\Z"), st.from_regex(r"\A[0-9]{1,4}\.[0-9]{0,3}0\Z"),
    st.from_regex(r"\A0x[0-9A-F]{1,4}\Z"), st.from_regex(r"\A[1-9][0-9]?e[0-9]\Z"), st.from_regex(r"\A[0-9]{1,3}(_[0-9]{3}){1,2}\Z"),
    st.sampled_from(["true", "false", "True", "FALSE", ".nan", ".Inf", "-.inf", "0o777", "null", "~", "Null"]))


@quick(40)
@given(typed=NUMBER_LIKE)
def test_any_number_like_text_prints_as_typed(tmp_path_factory, typed):
    from kehoach.documents import render_outputs
    from kehoach.read import read_plan

    folder = tmp_path_factory.mktemp("typed")
    path = write(folder / "x.yaml", edited(("      - Nội dung thứ nhất.", f"      - {typed}"),
                                           ("owner: Phòng Tổ chức", f"owner: {typed}")))
    document = render_outputs(read_plan(path, "x.yaml"), "x", ("plan", "checklist"))
    assert f"1. {typed}" in [p.text for p in open_docx(document[".docx"]).paragraphs]
    checklist = open_docx(document[".checklist.docx"])
    assert typed in [cell.text for table in checklist.tables for row in table.rows for cell in row.cells]  # the owner


# --- 6. the user's own situation ---------------------------------------------------------------------

def fail_with(code: int):
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))
    return fail


@pytest.mark.parametrize("code, says", [
    (errno.EACCES, "không ghi được output/x.checklist.docx: không có quyền ghi vào thư mục output (hoặc ổ đĩa chỉ đọc); "
                   "hãy cấp quyền ghi, hoặc chọn thư mục khác bằng -o"),
    (errno.EROFS, "không ghi được output/x.checklist.docx: không có quyền ghi vào thư mục output (hoặc ổ đĩa chỉ đọc); "
                  "hãy cấp quyền ghi, hoặc chọn thư mục khác bằng -o"),
    (errno.ENOSPC, "không ghi được output/x.checklist.docx: đĩa đầy; hãy giải phóng chỗ trống rồi chạy lại (các tệp đã có vẫn nguyên vẹn)"),
])
def test_a_folder_that_cannot_be_written_is_the_users_situation(here, monkeypatch, code, says):
    write("plans/x.yaml", PLAN)
    assert run("build").exit_code == 0
    before = tree(here / "output")
    monkeypatch.setattr("kehoach.files.tempfile.mkstemp", fail_with(code))
    result = run("build", "--force")
    assert (result.exit_code, result.stderr.splitlines()) == (4, [f"kehoach: {says}"])
    assert tree(here / "output") == before


def test_a_file_where_a_folder_should_be(here):
    write("plans/so-y-te/x.yaml", PLAN)
    write("output/so-y-te", "một tệp")
    result = run("build")
    assert (result.exit_code, result.stderr.splitlines()) == (
        4, ["kehoach: output/so-y-te là một tệp, nơi cần một thư mục; hãy xóa hoặc đổi tên tệp này"])
    assert Path("output/so-y-te").read_text(encoding="utf-8") == "một tệp"


def test_a_folder_where_a_document_should_be(here):
    write("plans/x.yaml", PLAN)
    Path("output/x.docx").mkdir(parents=True)
    result = run("build")
    assert (result.exit_code, result.stderr.splitlines()) == (
        4, ["kehoach: output/x.docx là một thư mục, nơi cần ghi một tệp; hãy xóa hoặc đổi tên thư mục này"])


def test_an_output_folder_that_is_a_file(here):
    write("plans/x.yaml", PLAN)
    write("ra", "")
    result = run("build", "-o", "ra/con")
    assert (result.exit_code, result.stderr.splitlines()) == (
        4, ["kehoach: ra là một tệp, nơi cần một thư mục; hãy xóa hoặc đổi tên tệp này"])


def test_a_folder_that_cannot_be_read_is_reported_not_skipped(here, monkeypatch):
    """Before: `check` said "0 kế hoạch có lỗi" after skipping the folder."""
    write("plans/a/x.yaml", PLAN)
    write("plans/khoa/y.yaml", PLAN)
    real = os.scandir

    def refuse(path="."):
        if Path(path).name == "khoa":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", refuse)
    for command in ("check", "build"):
        result = run(command)
        assert (result.exit_code, result.stderr.splitlines()) == (4, [
            "kehoach: không đọc được thư mục plans/khoa: không có quyền đọc; hãy cấp quyền đọc (chmod) cho người dùng "
            "này (các kế hoạch trong đó chưa được xử lý)"]), command
    assert "a/x.docx" in documents()


@pytest.mark.parametrize("command", ["check", "build", "fmt"])
def test_a_pipe_named_like_a_plan_is_reported_not_read_forever(here, command):
    Path("plans").mkdir()
    os.mkfifo("plans/x.yaml")
    result = run(command, "plans/x.yaml")
    assert (result.exit_code, result.stderr) == (
        4, "kehoach: plans/x.yaml không phải một tệp thường (mà là thiết bị hay đường ống); hãy chỉ đến tệp .yaml\n")


def test_totext_of_a_file_that_is_not_a_docx(here):
    write("ghi-chu.docx", "không phải Word")
    result = run("totext", "ghi-chu.docx")
    assert (result.exit_code, result.stderr) == (
        4, "kehoach: ghi-chu.docx không phải văn bản .docx (Word) đọc được; totext chỉ đọc tệp .docx, ví dụ output/.../799-KH-SYT.docx\n")


def test_localize_and_new_onto_a_folder(here):
    for path in ("plans/bodies.yaml", "plans/so-y-te-ha-tinh/2020/799-KH-SYT.yaml"):
        write(path, (PLANS / path.removeprefix("plans/")).read_text(encoding="utf-8"))
    Path("plans/bv-da-khoa-ha-tinh/2020/trien-khai-799-KH-SYT.yaml").mkdir(parents=True)
    Path("plans/so-y-te-ha-tinh/2021/799-KH-SYT.yaml").mkdir(parents=True)
    localized = run("localize", "plans/so-y-te-ha-tinh/2020/799-KH-SYT.yaml", "--unit", "bv-da-khoa-ha-tinh", "--force")
    assert (localized.exit_code, localized.stderr) == (4, (
        "kehoach: plans/bv-da-khoa-ha-tinh/2020/trien-khai-799-KH-SYT.yaml là một thư mục, nơi cần ghi một tệp; "
        "hãy xóa hoặc đổi tên thư mục này\n"))
    drafted = run("new", "--from", "plans/so-y-te-ha-tinh/2020/799-KH-SYT.yaml", "--force")
    assert (drafted.exit_code, drafted.stderr) == (4, (
        "kehoach: plans/so-y-te-ha-tinh/2021/799-KH-SYT.yaml là một thư mục, nơi cần ghi một tệp; "
        "hãy xóa hoặc đổi tên thư mục này\n"))


def test_any_other_error_about_a_path_is_the_users_situation(here, monkeypatch):
    """An OSError naming a path, wherever it comes from, says which path and exits 4, not "lỗi nội bộ"."""
    write("bao-cao.docx", "")

    def denied(path):
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr("kehoach.review.totext.docx_text", denied)
    result = run("totext", "bao-cao.docx")
    assert (result.exit_code, result.stderr) == (
        4, "kehoach: không truy cập được bao-cao.docx: không có quyền (hoặc ổ đĩa chỉ đọc); hãy cấp quyền cho người dùng này\n")


def test_a_terminal_that_is_not_utf8_gets_messages_not_a_traceback(here):
    write("plans/x.yaml", edited(("title: Thử nghiệm", "tittle: Thử nghiệm")))
    done = subprocess.run([*KEHOACH, "build"], capture_output=True, env={**os.environ, "PYTHONIOENCODING": "latin-1"}, timeout=120)
    assert done.returncode == 1
    assert b"Traceback" not in done.stderr + done.stdout
    assert done.stderr.decode("latin-1").startswith("plans/x.yaml:6:1: khóa không h\\u1ee3p l\\u1ec7")


# --- 7. interrupted builds ---------------------------------------------------------------------------

def test_the_next_build_removes_what_an_interrupted_build_left(here):
    write("plans/so-y-te/x.yaml", PLAN)
    leftovers = [write("output/so-y-te/.x.docx.k3j_9a2b.tmp", "nửa tệp"), write("output/.x.ics.abcdefgh.tmp", "")]
    kept = [write("output/so-y-te/ghi-chu.tmp", "của người dùng"), write("output/.an.tmp", "")]
    assert run("build").exit_code == 0
    assert [p.exists() for p in leftovers + kept] == [False, False, True, True]


def test_a_concurrent_builds_temporary_files_are_left_alone(here):
    """Another build holds the output folder: its temporary files are alive, so they stay."""
    write("plans/x.yaml", PLAN)
    live = write("output/.x.docx.abcdefgh.tmp", "đang ghi")
    handle = os.open("output", os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_SH)
        assert run("build").exit_code == 0
    finally:
        os.close(handle)
    assert live.exists()


def test_without_flock_only_old_leftovers_are_removed(here, monkeypatch):
    """Windows has no flock: a temporary file an hour old is a leftover; a fresh one may be another build's."""
    monkeypatch.setattr("kehoach.files.fcntl", None)
    write("plans/x.yaml", PLAN)
    old, fresh = write("output/.x.docx.aaaaaaaa.tmp", ""), write("output/.x.ics.bbbbbbbb.tmp", "")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    assert run("build").exit_code == 0
    assert (old.exists(), fresh.exists()) == (False, True)


def test_killing_the_build_ends_its_workers_and_the_next_build_cleans_up(here):
    source = PLANS / "so-y-te-ha-tinh/2020/799-KH-SYT.yaml"
    for n in range(24):
        write(f"plans/a/{n:02d}.yaml", source.read_text(encoding="utf-8"))
    build = subprocess.Popen([*KEHOACH, "build", "-j", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers = _children_of(build.pid, wait=60)
    build.send_signal(signal.SIGKILL)
    build.wait(timeout=30)
    deadline = time.monotonic() + 20
    while [w for w in workers if _alive(w)] and time.monotonic() < deadline:
        time.sleep(0.1)
    assert workers and not [w for w in workers if _alive(w)]
    write("output/a/.00.docx.zzzzzzzz.tmp", "")  # what a kill during a write leaves
    assert subprocess.run([*KEHOACH, "build", "-j", "1", "plans/a/00.yaml"], capture_output=True, timeout=120).returncode == 0
    assert not list(Path("output").rglob("*.tmp"))


def _children_of(pid: int, wait: float) -> list[int]:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            pytest.skip("no /proc here")
        if len(children) >= 2:
            return [int(c) for c in children]
        time.sleep(0.02)
    pytest.fail("the build started no workers")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"
