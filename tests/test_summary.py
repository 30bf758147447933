"""The build's and the check's last words: plans and documents counted apart, each number what
it says, the failing plans repeated after the summary, and a counter while a long build runs
on a terminal (and only there)."""
from __future__ import annotations

import os
import pty
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import KEHOACH, MINIMAL_PLAN
from kehoach.cli import main

FOLDER = Path("plans/so-y-te-ha-tinh/2020")
BROKEN = MINIMAL_PLAN.replace("number: 5", "number: 0").replace("title: Thử nghiệm", "tittle: Thử nghiệm")


def run(*args: str):
    return CliRunner().invoke(main, list(args), prog_name="kehoach")


def write(name: str, text: str) -> None:
    (FOLDER / name).write_text(text, encoding="utf-8")


@pytest.fixture
def three_plans(tmp_path, monkeypatch):
    """01 built before and up to date, 02 new, 03 broken (two problems)."""
    monkeypatch.chdir(tmp_path)
    FOLDER.mkdir(parents=True)
    write("01-KH-SYT.yaml", MINIMAL_PLAN)
    assert run("build").exit_code == 0
    write("02-KH-SYT.yaml", MINIMAL_PLAN.replace("number: 5", "number: 2"))
    write("03-KH-SYT.yaml", BROKEN)
    return tmp_path


def test_the_build_counts_plans_and_documents_apart(three_plans):
    result = run("build")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "đã ghi output/so-y-te-ha-tinh/2020/02-KH-SYT.docx",
        "Xong: 3 kế hoạch (1 đã dựng, 1 không thay đổi, 1 có lỗi); 1 văn bản đã ghi, 1 văn bản không thay đổi.",
        "Kế hoạch có lỗi:",
        "  plans/so-y-te-ha-tinh/2020/03-KH-SYT.yaml: 2 lỗi",
    ]
    assert [line.split(":")[1] for line in result.stderr.splitlines()] == ["4", "6"]  # the problems, on stderr


def test_documents_of_an_up_to_date_plan_are_counted_one_by_one(tmp_path, monkeypatch):
    """A plan with tasks, a form and an owner's report has six documents: all six are 'unchanged', not one."""
    monkeypatch.chdir(tmp_path)
    FOLDER.mkdir(parents=True)
    write("799-KH-SYT.yaml", (Path(__file__).parent.parent / "plans/so-y-te-ha-tinh/2020/799-KH-SYT.yaml")
          .read_text(encoding="utf-8"))
    first = run("build").stdout.splitlines()[-1]
    assert first == "Xong: 1 kế hoạch (1 đã dựng, 0 không thay đổi, 0 có lỗi); 6 văn bản đã ghi, 0 văn bản không thay đổi."
    again = run("build").stdout.splitlines()
    assert again == ["Xong: 1 kế hoạch (0 đã dựng, 1 không thay đổi, 0 có lỗi); 0 văn bản đã ghi, 6 văn bản không thay đổi."]


def test_a_missing_document_rebuilds_its_plan(three_plans):
    (FOLDER / "03-KH-SYT.yaml").unlink()
    run("build")
    Path("output/so-y-te-ha-tinh/2020/01-KH-SYT.docx").unlink()
    result = run("build")
    assert result.stdout.splitlines() == [
        "đã ghi output/so-y-te-ha-tinh/2020/01-KH-SYT.docx",
        "Xong: 2 kế hoạch (1 đã dựng, 1 không thay đổi, 0 có lỗi); 1 văn bản đã ghi, 1 văn bản không thay đổi.",
    ]


def test_a_partial_build_makes_the_next_full_build_render_the_plan_again(three_plans):
    """--only plan leaves the other documents as they were: the next full build cannot call them up to date."""
    (FOLDER / "03-KH-SYT.yaml").unlink()
    run("build")
    assert run("build", "--only", "plan").exit_code == 0
    result = run("build")
    assert result.stdout.splitlines()[-1] == (
        "Xong: 2 kế hoạch (2 đã dựng, 0 không thay đổi, 0 có lỗi); 2 văn bản đã ghi, 0 văn bản không thay đổi.")


def test_check_repeats_the_failing_plans_after_its_summary(three_plans):
    result = run("check")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "Đã kiểm tra 3 kế hoạch: 1 kế hoạch có lỗi.",
        "Kế hoạch có lỗi:",
        "  plans/so-y-te-ha-tinh/2020/03-KH-SYT.yaml: 2 lỗi",
    ]


# --- progress ----------------------------------------------------------------------------------

def build_with_stderr_on_a_terminal(folder: Path) -> tuple[int, str, str]:
    """Run `kehoach build` with stderr on a pseudo-terminal (as in a user's shell) and stdout on a pipe."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen([*KEHOACH, "build"], cwd=folder, stdout=subprocess.PIPE, stderr=terminal)
    os.close(terminal)
    seen = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # EIO: the process closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    os.close(controller)
    stdout = process.stdout.read().decode("utf-8")
    return process.wait(timeout=120), stdout, seen.decode("utf-8")


def plans(count: int) -> None:
    FOLDER.mkdir(parents=True)
    for number in range(1, count + 1):
        write(f"{number:02d}-KH-SYT.yaml", MINIMAL_PLAN.replace("number: 5", f"number: {number}"))


def test_a_build_of_five_plans_on_a_terminal_counts_them_in_place(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plans(5)
    code, stdout, terminal = build_with_stderr_on_a_terminal(tmp_path)
    assert code == 0
    assert terminal == "".join(f"\r[{n}/5]" for n in range(1, 6)) + "\r" + " " * len("[5/5]") + "\r"
    assert stdout.splitlines()[-1].startswith("Xong: 5 kế hoạch (5 đã dựng")


def test_a_short_build_on_a_terminal_shows_no_counter(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plans(4)
    code, _stdout, terminal = build_with_stderr_on_a_terminal(tmp_path)
    assert (code, terminal) == (0, "")


def test_no_counter_when_stderr_is_not_a_terminal(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    plans(5)
    done = subprocess.run([*KEHOACH, "build"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert (done.returncode, done.stderr) == (0, "")
