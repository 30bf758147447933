"""The `kehoach` command as a user meets it: what it writes, what it prints, how it exits.

Every test works in its own tmp_path with a `plans/` folder and runs from
there (monkeypatch.chdir), so the repository's output/ is never touched.
"""
from __future__ import annotations

import json
import os
import subprocess
import time
import zipfile
from pathlib import Path

import click
import docx
import pytest
from click.testing import CliRunner

from conftest import KEHOACH, MINIMAL_PLAN, ROOT, open_docx
from kehoach.cli import main

PLAN = Path("plans/so-y-te-ha-tinh/2020/05-KH-SYT.yaml")
DOCUMENT = Path("output/so-y-te-ha-tinh/2020/05-KH-SYT.docx")
BROKEN = MINIMAL_PLAN.replace("number: 5", "number: 0")  # line 4, value at column 9


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """A fresh folder holding plans/so-y-te-ha-tinh/2020/05-KH-SYT.yaml, made the working folder."""
    monkeypatch.chdir(tmp_path)
    write_plan(MINIMAL_PLAN)
    return tmp_path


def write_plan(text: str, path: Path = PLAN) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def run(*args: str):
    return CliRunner().invoke(main, list(args), prog_name="kehoach")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under folder, hidden ones included: relative path -> bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def touch_later(path: Path, than: Path) -> None:
    """Make path newer than `than` whatever the file system's time resolution."""
    later = max(than.stat().st_mtime, time.time()) + 10
    os.utime(path, (later, later))


# --- build ---------------------------------------------------------------------------

def test_build_writes_the_document_at_the_mirrored_path(workdir):
    result = run("build")
    assert result.exit_code == 0, result.output
    assert DOCUMENT.is_file()
    assert open_docx(DOCUMENT.read_bytes()).paragraphs  # a real .docx
    assert [p for p in tree(workdir / "output") if p.endswith(".docx")] == ["so-y-te-ha-tinh/2020/05-KH-SYT.docx"]


def test_build_prints_one_line_per_file_written_and_a_summary(workdir):
    result = run("build")
    assert result.stdout.splitlines() == [
        f"đã ghi {DOCUMENT.as_posix()}",
        "Xong: 1 kế hoạch (1 đã dựng, 0 không thay đổi, 0 có lỗi); 1 văn bản đã ghi, 0 văn bản không thay đổi.",
    ]
    assert result.stderr == ""


def test_build_of_a_single_file_mirrors_from_the_enclosing_plans_folder(workdir):
    result = run("build", str(PLAN), "-o", "ban-in")
    assert result.exit_code == 0, result.output
    assert (workdir / "ban-in/so-y-te-ha-tinh/2020/05-KH-SYT.docx").is_file()
    assert not (workdir / "output").exists()


def test_a_second_build_reports_the_file_unchanged_and_leaves_it_alone(workdir):
    run("build")
    before = DOCUMENT.stat().st_mtime_ns
    result = run("build")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["Xong: 1 kế hoạch (0 đã dựng, 1 không thay đổi, 0 có lỗi); 0 văn bản đã ghi, 1 văn bản không thay đổi."]
    assert DOCUMENT.stat().st_mtime_ns == before


def test_force_rewrites_a_document_the_build_thinks_up_to_date(workdir):
    run("build")
    DOCUMENT.write_bytes(b"not a document")
    touch_later(DOCUMENT, PLAN)  # newer than the plan: a plain build keeps it
    assert run("build").stdout.splitlines() == ["Xong: 1 kế hoạch (0 đã dựng, 1 không thay đổi, 0 có lỗi); 0 văn bản đã ghi, 1 văn bản không thay đổi."]
    assert DOCUMENT.read_bytes() == b"not a document"
    result = run("build", "--force")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"đã ghi {DOCUMENT.as_posix()}",
        "Xong: 1 kế hoạch (1 đã dựng, 0 không thay đổi, 0 có lỗi); 1 văn bản đã ghi, 0 văn bản không thay đổi.",
    ]
    assert "Số: 05/KH-SYT" in paragraphs(DOCUMENT)


def test_editing_the_plan_rebuilds_its_document(workdir):
    run("build")
    write_plan(MINIMAL_PLAN.replace("number: 5", "number: 6"))
    touch_later(PLAN, DOCUMENT)
    result = run("build")
    assert "1 văn bản đã ghi" in result.stdout
    assert "Số: 06/KH-SYT" in paragraphs(DOCUMENT)


# --- a bad plan -------------------------------------------------------------------------

def test_a_bad_plan_exits_1_with_file_line_column_on_stderr(workdir):
    write_plan(BROKEN)
    result = run("build")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f'{PLAN.as_posix()}:4:9: "number" cần số nguyên dương, nhận được số nguyên "0"',
    ]
    assert result.stdout.splitlines() == [
        "Xong: 1 kế hoạch (0 đã dựng, 0 không thay đổi, 1 có lỗi); 0 văn bản đã ghi, 0 văn bản không thay đổi.",
        "Kế hoạch có lỗi:",
        f"  {PLAN.as_posix()}: 1 lỗi",
    ]
    assert "Traceback" not in result.output
    assert not DOCUMENT.exists()


def test_a_bad_plan_leaves_its_existing_document_byte_identical_and_no_temporary_file(workdir):
    assert run("build").exit_code == 0
    before = tree(workdir / "output")
    write_plan(BROKEN)
    touch_later(PLAN, DOCUMENT)  # newer than the document: the build must look at it
    result = run("build")
    assert result.exit_code == 1
    assert "4:9:" in result.stderr
    assert tree(workdir / "output") == before  # same files, same bytes: nothing written, nothing left over
    assert not [p for p in (workdir / "output").rglob("*") if p.name.endswith(".tmp")]


def test_a_bad_plan_does_not_stop_the_good_ones(workdir):
    write_plan(BROKEN, Path("plans/so-y-te-ha-tinh/2020/01-KH-SYT.yaml"))
    result = run("build")
    assert result.exit_code == 1
    assert DOCUMENT.is_file()
    assert not Path("output/so-y-te-ha-tinh/2020/01-KH-SYT.docx").exists()
    assert result.stdout.splitlines()[-3] == "Xong: 2 kế hoạch (1 đã dựng, 0 không thay đổi, 1 có lỗi); 1 văn bản đã ghi, 0 văn bản không thay đổi."
    assert result.stderr.startswith("plans/so-y-te-ha-tinh/2020/01-KH-SYT.yaml:4:9: ")


def test_a_failure_while_writing_leaves_the_old_document_and_no_temporary_file(workdir, monkeypatch):
    """The atomic write: a document is replaced only once its new bytes are complete."""
    assert run("build").exit_code == 0
    before = tree(workdir / "output")

    def disk_full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("kehoach.files.os.replace", disk_full)
    result = run("build", "--force")
    assert result.exit_code == 4  # the user's situation, not a bug
    assert "đĩa đầy; hãy giải phóng chỗ trống rồi chạy lại" in result.stderr and "Traceback" not in result.output
    assert "lỗi nội bộ" not in result.stderr
    assert tree(workdir / "output") == before


def test_no_traceback_reaches_the_terminal(workdir):
    """A real process, as a user runs it: a bad plan gives messages and exit code 1, never a traceback."""
    write_plan(BROKEN.replace("title: Thử nghiệm", "tittle: Thử nghiệm"))
    done = subprocess.run([*KEHOACH, "build"], cwd=workdir, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert done.stderr.splitlines() == [
        f'{PLAN.as_posix()}:4:9: "number" cần số nguyên dương, nhận được số nguyên "0"',
        f'{PLAN.as_posix()}:6:1: khóa không hợp lệ "tittle"; có phải ý bạn là "title"?',
    ]
    assert not (workdir / "output" / "so-y-te-ha-tinh").exists()


# --- check -----------------------------------------------------------------------------------

def test_check_of_a_good_plan_exits_0_and_writes_nothing(workdir):
    before = tree(workdir)
    result = run("check")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["Đã kiểm tra 1 kế hoạch: 0 kế hoạch có lỗi."]
    assert tree(workdir) == before
    assert not (workdir / "output").exists()


def test_check_of_a_bad_plan_exits_1_lists_the_problem_and_writes_nothing(workdir):
    write_plan(BROKEN)
    before = tree(workdir)
    result = run("check", str(PLAN))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f'{PLAN.as_posix()}:4:9: "number" cần số nguyên dương, nhận được số nguyên "0"',
    ]
    assert result.stdout.splitlines() == [
        "Đã kiểm tra 1 kế hoạch: 1 kế hoạch có lỗi.", "Kế hoạch có lỗi:", f"  {PLAN.as_posix()}: 1 lỗi"]
    assert tree(workdir) == before


# --- warnings ----------------------------------------------------------------------------------

SPLIT_RECIPIENTS = MINIMAL_PLAN.replace("recipients: [Sở Nội vụ]", "recipients: [Sở Nội vụ, các xã, thị trấn]")
SPLIT_RECIPIENTS_BLOCK = MINIMAL_PLAN.replace("recipients: [Sở Nội vụ]", "recipients:\n  - Sở Nội vụ\n  - các xã\n  - thị trấn")
SPLIT_WARNING = (f'{PLAN.as_posix()}:11:25: cảnh báo: "recipients[2]" bắt đầu bằng chữ thường: dấu phẩy trong [...] '
                 'ngăn cách các mục, nên "Sở Nội vụ, các xã, thị trấn" có lẽ là một cụm từ bị tách thành nhiều mục; nếu vậy '
                 'hãy viết danh sách theo khối, mỗi mục một dòng bắt đầu bằng "- " (kehoach fmt không tự đổi [...] thành khối)')


def test_check_prints_a_warning_at_its_place_and_exits_0(workdir):
    write_plan(SPLIT_RECIPIENTS)
    result = run("check")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [SPLIT_WARNING]
    assert result.stdout.splitlines() == ["Đã kiểm tra 1 kế hoạch: 0 kế hoạch có lỗi; 1 cảnh báo."]


def test_errors_and_warnings_are_printed_in_one_run_by_place_and_only_errors_fail(workdir):
    write_plan(SPLIT_RECIPIENTS.replace("number: 5", "number: 0"))
    result = run("check")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f'{PLAN.as_posix()}:4:9: "number" cần số nguyên dương, nhận được số nguyên "0"', SPLIT_WARNING]
    assert result.stdout.splitlines() == [
        "Đã kiểm tra 1 kế hoạch: 1 kế hoạch có lỗi; 1 cảnh báo.", "Kế hoạch có lỗi:", f"  {PLAN.as_posix()}: 1 lỗi"]


def test_build_prints_the_warning_and_writes_what_the_same_plan_without_it_writes(workdir):
    """A real process, as `make docs` runs it: the warning on stderr, exit 0, the documents byte for byte
    those of the same plan written as a block list (no warning)."""
    write_plan(SPLIT_RECIPIENTS_BLOCK)
    assert run("build").exit_code == 0
    without = tree(workdir / "output")
    write_plan(SPLIT_RECIPIENTS)
    done = subprocess.run([*KEHOACH, "build", "--force"], cwd=workdir, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)
    assert done.returncode == 0
    assert done.stderr.splitlines() == [SPLIT_WARNING]
    assert done.stdout.splitlines()[-1].endswith("0 văn bản không thay đổi; 1 cảnh báo.")
    assert tree(workdir / "output") == without


def test_a_bad_plan_beside_one_with_a_warning_fails_the_build_alone(workdir):
    write_plan(SPLIT_RECIPIENTS)
    write_plan(BROKEN, Path("plans/so-y-te-ha-tinh/2020/01-KH-SYT.yaml"))
    result = run("build")
    assert result.exit_code == 1
    assert DOCUMENT.is_file()
    assert result.stderr.splitlines() == [
        'plans/so-y-te-ha-tinh/2020/01-KH-SYT.yaml:4:9: "number" cần số nguyên dương, nhận được số nguyên "0"', SPLIT_WARNING]


def test_check_of_the_registry_prints_its_warnings(workdir):
    Path("plans/bodies.yaml").write_text(
        "so-y-te:\n  {name: SỞ Y TẾ, code: SYT, place: Hà Tĩnh, format: nd30,\n"
        "   departments: [Phòng Tổ chức cán bộ, phòng Điều dưỡng]}\n", encoding="utf-8")
    result = run("check", "plans/bodies.yaml")
    assert result.exit_code == 0
    assert result.stderr.startswith('plans/bodies.yaml:3:40: cảnh báo: "departments[2]" bắt đầu bằng chữ thường: '
                                  'dấu phẩy trong [...] ngăn cách các mục, nên "Phòng Tổ chức cán bộ, phòng Điều dưỡng" có lẽ')
    assert result.stdout.splitlines()[-1] == "Sổ cơ quan plans/bodies.yaml: hợp lệ."


# --- schema -------------------------------------------------------------------------------------

def test_schema_prints_the_committed_schema(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("schema")
    assert result.exit_code == 0
    committed = json.loads((ROOT / "plans/plan.schema.json").read_text(encoding="utf-8"))
    assert json.loads(result.stdout) == committed, "plans/plan.schema.json is stale: run `make schema`"


# --- totext ------------------------------------------------------------------------------------


def test_totext_reads_a_table_without_a_style_cell_by_cell(workdir):
    """A .docx typed in Word (not built here) may hold a table with no style: read like a layout table."""
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "SỞ Y TẾ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    document.save("go-tay.docx")
    assert '<w:tblStyle ' not in zipfile.ZipFile("go-tay.docx").read("word/document.xml").decode()
    result = run("totext", "go-tay.docx")
    assert (result.exit_code, result.stdout) == (0, "KẾ HOẠCH\nSỞ Y TẾ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n")


# --- help -------------------------------------------------------------------------------------

COMMANDS = sorted(main.commands)
CLICK_ENGLISH = ("Usage:", "Options:", "Commands:", "Arguments:", "Show this message", "Show the version",
                 "[default:", "[required]")


# show_default=True makes click print "[default: ...]" in English; other options say "(mặc định: ...)".
ENGLISH_DEFAULTS: dict[str, str] = {}  # commands whose help still shows click's English (none now)


def help_cases() -> list:
    cases = []
    for name in ["", *COMMANDS]:
        marks = []
        if name in ENGLISH_DEFAULTS:
            marks = [pytest.mark.xfail(strict=True, reason=ENGLISH_DEFAULTS[name])]
        cases.append(pytest.param(name, id=name or "kehoach", marks=marks))
    return cases


def test_the_commands_are_the_documented_ones():
    assert {"build", "check", "fmt", "schema", "totext"} <= set(COMMANDS)


@pytest.mark.parametrize("command", help_cases())
def test_help_is_in_vietnamese(command):
    result = run(*filter(None, [command]), "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("Cách dùng: kehoach")
    assert "Tùy chọn:" in result.stdout
    assert "Hiện hướng dẫn này rồi thoát." in result.stdout
    assert [word for word in CLICK_ENGLISH if word in result.stdout] == []


@pytest.mark.parametrize("command", ["", *COMMANDS], ids=lambda c: c or "kehoach")
def test_help_shows_an_example_of_the_command(command):
    result = run(*filter(None, [command]), "--help")
    examples = result.stdout.split("Ví dụ:", 1)
    assert len(examples) == 2, "no 'Ví dụ:' section"
    assert f"kehoach {command}".strip() in examples[1]


def test_short_h_is_help_too():
    assert run("build", "-h").stdout == run("build", "--help").stdout


# --- click's own errors, in Vietnamese -------------------------------------------------------------
# The messages are click's, translated where the CLI prints them (kehoach/clivn.py): a wording a new
# click changes prints in English, and these tests say which.

USAGE_ERRORS = [
    (["build", "--nope"], "kehoach build", "Không có tùy chọn '--nope'. Có phải ý bạn là '--force'?"),
    (["buil"], "kehoach", "Không có lệnh 'buil'. Có phải ý bạn là 'build'?"),
    (["bogus"], "kehoach", "Không có lệnh 'bogus'."),
    (["build", "khong-co"], "kehoach build", "Giá trị không hợp lệ cho '[PATHS]...': Đường dẫn 'khong-co' không tồn tại."),
    (["localize", "plans"], "kehoach localize", "Giá trị không hợp lệ cho 'PARENT': Tệp 'plans' là một thư mục."),
    (["localize"], "kehoach localize", "Thiếu đối số 'PARENT'."),
    (["new"], "kehoach new", "Thiếu tùy chọn '--from'."),
    (["diff", "--format", "xml", "a", "b"], "kehoach diff",
     "Giá trị không hợp lệ cho '--format': 'xml' không phải một trong 'text', 'json', 'html'."),
    (["build", "-j", "0"], "kehoach build", "Giá trị không hợp lệ cho '-j' / '--jobs': 0 nằm ngoài khoảng x>=1."),
    (["build", "-j", "x"], "kehoach build", "Giá trị không hợp lệ cho '-j' / '--jobs': 'x' không phải số nguyên hợp lệ."),
    (["schema", "thua"], "kehoach schema", "Thừa đối số (thua)"),
    (["build", "-o"], None, "Tùy chọn '-o' cần một giá trị."),
]


@pytest.mark.parametrize("args, usage, message", USAGE_ERRORS, ids=[" ".join(case[0]) for case in USAGE_ERRORS])
def test_click_usage_errors_are_in_vietnamese_with_exit_2(workdir, args, usage, message):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.endswith(f"Lỗi: {message}\n")
    if usage:
        assert result.stderr.startswith(f"Cách dùng: {usage} [TÙY_CHỌN]")


def test_no_command_prints_the_help_on_stderr_with_exit_2():
    result = run()
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("Cách dùng: kehoach [TÙY_CHỌN] LỆNH [ĐỐI_SỐ]...")
    assert "Lệnh:" in result.stderr


def test_help_brackets_are_in_vietnamese():
    assert "[mặc định: output]" in run("build", "--help").stdout
    assert "[bắt buộc]" in run("new", "--help").stdout


def test_the_cli_leaves_click_itself_untouched():
    """Vietnamese lives in kehoach's own classes: click used elsewhere in the process stays English."""
    @click.command()
    @click.option("--n", type=int)
    def other(n):
        pass

    result = CliRunner().invoke(other, ["--n", "x"])
    assert "Invalid value for '--n': 'x' is not a valid integer." in result.output
    assert click.Context.formatter_class is click.HelpFormatter


# --- text prints as typed ------------------------------------------------------------------------

AS_TYPED = [
    "Giữ nguyên {{ 7*7 }} và {% if x %}có{% endif %} như khi gõ.",
    "Sở Y tế & Sở Nội vụ: 1 < 2 và 3 > 2, <b>không đậm</b> &amp; &lt;.",
    "Trích dẫn \"thẳng\", 'đơn', “cong” và ‘cong đơn’.",
]


def test_template_syntax_markup_characters_and_quotes_print_exactly_as_typed(workdir):
    text = MINIMAL_PLAN.replace(
        "      - Nội dung thứ nhất.\n",
        "      - |-\n" + "".join(f"        {line}\n" for line in AS_TYPED) + "      - Nội dung thứ nhất.\n",
    ).replace("title: Thử nghiệm", "title: 'Thử nghiệm {{ 7*7 }} & <tiêu đề> \"A\"'")
    write_plan(text)
    result = run("build")
    assert result.exit_code == 0, result.output
    texts = paragraphs(DOCUMENT)
    for line in AS_TYPED:
        assert [t for t in texts if line in t], f"{line!r} not printed as typed"
    assert 'Thử nghiệm {{ 7*7 }} & <tiêu đề> "A"' in texts
    assert not [t for t in texts if "49" in t]  # nothing was evaluated


def paragraphs(document: Path) -> list[str]:
    """The text of every paragraph, in the body and in the layout tables (header, signature)."""
    doc = open_docx(document.read_bytes())
    texts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                texts += [p.text for p in cell.paragraphs]
    return texts

