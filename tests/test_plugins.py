"""What plugs kehoach into other tools: the JSON Schemas editors read, the pre-commit hooks,
git's textconv for .docx, and shell completion.

`pre-commit try-repo` itself is not run here: its first run installs the hook's environment
from the package index (about a minute); the README says how to run it by hand. These
tests check what decides the hooks' behaviour: which files their patterns select, and what
their commands do with those files.
"""
from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from conftest import KEHOACH, MINIMAL_PLAN, PLAN_799, PLANS, ROOT
from kehoach.cli import main
from kehoach.load import load_file

PLAN_FILES = sorted(p for p in PLANS.rglob("*.yaml") if p.name != "bodies.yaml")


def cli(*args: str):
    return CliRunner().invoke(main, list(args), prog_name="kehoach")


def schema_errors(schema: dict, data) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema)
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data))


def committed(name: str) -> dict:
    return json.loads((PLANS / name).read_text(encoding="utf-8"))


def plan_data(text: str, tmp_path: Path):
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    return load_file(path)[0]


# --- JSON Schema ---------------------------------------------------------------------------------

def test_the_committed_schemas_are_what_kehoach_schema_prints():
    for args, name in ((["schema"], "plan.schema.json"), (["schema", "--bodies"], "bodies.schema.json")):
        result = cli(*args)
        assert result.exit_code == 0
        assert result.stdout == (PLANS / name).read_text(encoding="utf-8"), f"run `make schema`: {name} is stale"


@pytest.mark.parametrize("plan", PLAN_FILES, ids=lambda p: p.relative_to(PLANS).as_posix())
def test_every_repository_plan_is_valid_against_the_committed_schema(plan):
    assert len(PLAN_FILES) >= 5
    assert schema_errors(committed("plan.schema.json"), load_file(plan)[0]) == []


def test_a_plan_naming_a_body_needs_no_format_signature_or_archive(tmp_path):
    data = plan_data(MINIMAL_PLAN, tmp_path)
    for key in ("format", "signature", "archive"):
        del data[key]
    data["issuer"] = "bv-da-khoa-ha-tinh"
    assert schema_errors(committed("plan.schema.json"), data) == []


def test_a_plan_with_its_own_issuer_still_needs_format_signature_and_archive(tmp_path):
    data = plan_data(MINIMAL_PLAN, tmp_path)
    assert schema_errors(committed("plan.schema.json"), data) == []
    for key in ("format", "signature", "archive"):
        del data[key]
    assert schema_errors(committed("plan.schema.json"), data) == [
        ": 'archive' is a required property", ": 'format' is a required property",
        ": 'signature' is a required property"]


def test_the_registry_is_valid_against_its_schema_and_points_editors_at_it():
    bodies = PLANS / "bodies.yaml"
    assert bodies.read_text(encoding="utf-8").splitlines()[0] == "# yaml-language-server: $schema=bodies.schema.json"
    assert schema_errors(committed("bodies.schema.json"), load_file(bodies)[0]) == []


def test_the_registry_schema_flags_what_the_check_refuses():
    data = load_file(PLANS / "bodies.yaml")[0]
    data["bv-da-khoa-ha-tinh"]["format"] = "nd31"
    data["bv-da-khoa-ha-tinh"]["calld"] = "Bệnh viện"
    del data["so-y-te-ha-tinh"]["code"]
    assert schema_errors(committed("bodies.schema.json"), data) == [
        "bv-da-khoa-ha-tinh/format: 'nd31' is not one of ['nd30', 'party']",
        "bv-da-khoa-ha-tinh: Additional properties are not allowed ('calld' was unexpected)",
        "so-y-te-ha-tinh: 'code' is a required property",
    ]


# --- pre-commit hooks ----------------------------------------------------------------------------

HOOKS = {hook["id"]: hook for hook in YAML(typ="safe").load(ROOT / ".pre-commit-hooks.yaml")}
CANDIDATES = [
    "plans/so-y-te-ha-tinh/2020/799-KH-SYT.yaml", "plans/x.yml", "plans/bodies.yaml",
    "plans/don-vi/bodies.yaml", "plans/plan.schema.json", ".pre-commit-config.yaml", ".pre-commit-hooks.yaml",
    ".github/workflows/ci.yaml", "docs/mkdocs.yml", "output/so-y-te-ha-tinh/2020/799-KH-SYT.docx",
]


def selected(hook: dict) -> list[str]:
    """The files pre-commit hands the hook: `files` and `exclude` are Python regexes searched in the path."""
    return [path for path in CANDIDATES
            if re.search(hook["files"], path) and not re.search(hook.get("exclude", "^$"), path)]


def test_the_hooks_are_given_plans_only():
    assert sorted(HOOKS) == ["kehoach-check", "kehoach-fmt", "kehoach-fmt-check"]
    for hook in HOOKS.values():
        assert hook["language"] == "python"
        assert selected(hook) == ["plans/so-y-te-ha-tinh/2020/799-KH-SYT.yaml", "plans/x.yml"]


def run_hook(hook_id: str, files: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """The hook's entry with the files appended, as pre-commit runs it (kehoach from this interpreter)."""
    command = shlex.split(HOOKS[hook_id]["entry"])
    assert command[0] == "kehoach"
    return subprocess.run([*KEHOACH, *command[1:], *files], cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture
def plans_repo(tmp_path):
    """A plans repository: a plan in the canonical layout, one with its keys out of order, the registry."""
    folder = tmp_path / "plans" / "so-y-te-ha-tinh" / "2020"
    folder.mkdir(parents=True)
    shutil.copy(PLAN_799, folder)
    (folder / "05-KH-SYT.yaml").write_text(MINIMAL_PLAN.replace("format: nd30\ntype: KH\n", "type: KH\nformat: nd30\n"),
                                           encoding="utf-8")
    shutil.copy(PLANS / "bodies.yaml", tmp_path / "plans")
    return tmp_path


def test_the_fmt_hook_fixes_and_the_fmt_check_hook_only_reports(plans_repo):
    files = ["plans/so-y-te-ha-tinh/2020/799-KH-SYT.yaml", "plans/so-y-te-ha-tinh/2020/05-KH-SYT.yaml"]
    untidy = plans_repo / files[1]
    before = untidy.read_text(encoding="utf-8")
    checked = run_hook("kehoach-fmt-check", files, plans_repo)
    assert checked.returncode == 1
    assert checked.stdout.splitlines()[0] == f"sẽ định dạng lại {files[1]}"
    assert untidy.read_text(encoding="utf-8") == before
    fixed = run_hook("kehoach-fmt", files, plans_repo)
    assert fixed.returncode == 0  # pre-commit fails the hook because the file changed
    assert untidy.read_text(encoding="utf-8") == MINIMAL_PLAN
    assert run_hook("kehoach-fmt-check", files, plans_repo).returncode == 0


def test_the_check_hook_reports_a_broken_plan(plans_repo):
    broken = plans_repo / "plans/so-y-te-ha-tinh/2020/05-KH-SYT.yaml"
    broken.write_text(MINIMAL_PLAN.replace("number: 5", "number: 0"), encoding="utf-8")
    result = run_hook("kehoach-check", ["plans/so-y-te-ha-tinh/2020/799-KH-SYT.yaml", "plans/so-y-te-ha-tinh/2020/05-KH-SYT.yaml"],
                      plans_repo)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        'plans/so-y-te-ha-tinh/2020/05-KH-SYT.yaml:4:9: "number" cần số nguyên dương, nhận được số nguyên "0"']
    assert result.stdout.splitlines() == [
        "Đã kiểm tra 2 kế hoạch: 1 kế hoạch có lỗi.", "Kế hoạch có lỗi:", "  plans/so-y-te-ha-tinh/2020/05-KH-SYT.yaml: 1 lỗi"]


def test_check_of_the_registry_named_explicitly_checks_it_as_the_registry(plans_repo, monkeypatch):
    monkeypatch.chdir(plans_repo)
    result = cli("check", "plans/bodies.yaml")
    assert (result.exit_code, result.stdout.splitlines()) == (0, [
        "Đã kiểm tra 0 kế hoạch: 0 kế hoạch có lỗi.", "Sổ cơ quan plans/bodies.yaml: hợp lệ."])
    registry = Path("plans/bodies.yaml")
    registry.write_text(registry.read_text(encoding="utf-8").replace("  code: BVĐK\n", "  code: bv đk\n"), encoding="utf-8")
    result = cli("check", "plans/bodies.yaml")
    assert result.exit_code == 1
    assert result.stderr.startswith("plans/bodies.yaml:17:9: \"code\" không hợp lệ")
    assert result.stdout.splitlines() == [
        "Đã kiểm tra 0 kế hoạch: 0 kế hoạch có lỗi.", "Sổ cơ quan plans/bodies.yaml: có lỗi.",
        "Tệp có lỗi:", "  plans/bodies.yaml: 1 lỗi"]


def test_check_of_another_yaml_file_says_it_is_not_a_plan(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path(".pre-commit-config.yaml").write_text("repos:\n  - repo: local\n    hooks: []\n", encoding="utf-8")
    result = cli("check", ".pre-commit-config.yaml")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        ".pre-commit-config.yaml:1:1: không phải tệp kế hoạch: không có trường nào của kế hoạch "
        "(format, type, issuer, date, title, sections, ...)"]


# --- git textconv ----------------------------------------------------------------------------------

def git(*args: str, cwd: Path) -> str:
    identity = ["-c", "user.name=Văn thư", "-c", "user.email=vanthu@example.org", "-c", "commit.gpgsign=false"]
    done = subprocess.run(["git", *identity, *args], cwd=cwd, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_diff_shows_the_words_of_two_versions_of_a_document(tmp_path):
    repo = tmp_path / "repo"
    (repo / "plans").mkdir(parents=True)
    git("init", "-q", cwd=repo)
    shutil.copy(ROOT / ".gitattributes", repo)
    textconv = " ".join(shlex.quote(part) for part in KEHOACH) + " totext"  # what `kehoach totext` is once installed
    git("config", "diff.kehoach.textconv", textconv, cwd=repo)
    plan = repo / "plans" / "05-KH-SYT.yaml"
    for version, title in enumerate(("Thử nghiệm", "Tập huấn văn thư")):
        plan.write_text(MINIMAL_PLAN.replace("title: Thử nghiệm", f"title: {title}"), encoding="utf-8")
        built = subprocess.run([*KEHOACH, "build", "plans", "-o", "output"], cwd=repo, capture_output=True, timeout=120)
        assert built.returncode == 0, built.stderr
        git("add", "-f", "output/05-KH-SYT.docx", ".gitattributes", cwd=repo)
        git("commit", "-q", "-m", f"bản {version + 1}", cwd=repo)
    diff = git("diff", "HEAD~1", "HEAD", "--", "output/05-KH-SYT.docx", cwd=repo)
    assert "Binary files" not in diff
    assert "-Thử nghiệm" in diff.splitlines() and "+Tập huấn văn thư" in diff.splitlines()


# --- shell completion ------------------------------------------------------------------------------

ENTRY_POINT = Path(sys.executable).parent / "kehoach"  # the script pip installed beside this interpreter


@pytest.mark.skipif(not ENTRY_POINT.is_file(), reason="kehoach is not installed beside this interpreter")
@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_installed_command_prints_its_completion_script(shell):
    env = {**os.environ, "_KEHOACH_COMPLETE": f"{shell}_source"}
    done = subprocess.run([str(ENTRY_POINT)], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert "_KEHOACH_COMPLETE" in done.stdout and f"{shell}_complete" in done.stdout


@pytest.mark.skipif(not ENTRY_POINT.is_file(), reason="kehoach is not installed beside this interpreter")
def test_bash_completes_a_command_name():
    env = {**os.environ, "_KEHOACH_COMPLETE": "bash_complete", "COMP_WORDS": "kehoach bu", "COMP_CWORD": "1"}
    done = subprocess.run([str(ENTRY_POINT)], env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout.splitlines() == ["plain,build"]
