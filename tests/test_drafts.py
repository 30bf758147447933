"""YAML that kehoach writes itself (`localize`, `new`) is already canonical (`fmt --check` exits 0
on a fresh draft) and always passes `check`, whatever the names and texts it copies hold:
line breaks, quotes, colons, `#`, a leading `-`, YAML's own indicators.

Every test works in a copy under tmp_path with the working folder there, and runs the
commands as the clerk does.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML

from conftest import PLAN_799, PLANS
from kehoach.cli import main
from kehoach.derive.tasks import task_rows
from kehoach.read import read_plan
from test_robustness import quick

PARENT = Path("plans/so-y-te-ha-tinh/2020/799-KH-SYT.yaml")
UNIT = "benh-vien-thu"
CHILD = Path(f"plans/{UNIT}/2020/trien-khai-799-KH-SYT.yaml")
HOSTILE = ["Phòng Kế hoạch\ntổng hợp", 'Khoa "Nội": tầng 2 # cũ', "Tổ công tác - 1", "#1 Văn phòng",
           "{Tổ} [A] & *B !C %D @E `F", "Khoa 'Ngoại' | > ?", "Phòng: Hành chính – Quản trị"]


def run(*args: str):
    return CliRunner().invoke(main, list(args), prog_name="kehoach")


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    (tmp_path / PARENT.parent).mkdir(parents=True)
    shutil.copy(PLANS / "bodies.yaml", tmp_path / "plans/bodies.yaml")
    shutil.copy(PLAN_799, tmp_path / PARENT)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def add_body(departments: list[str], called: str = "Bệnh viện Thử", name: str = "BỆNH VIỆN THỬ") -> None:
    """A body in the registry, written by a YAML library so every text is exactly as given."""
    yaml = YAML()
    registry = yaml.load(Path("plans/bodies.yaml"))
    registry[UNIT] = {"format": "nd30", "parent": "SỞ Y TẾ HÀ TĨNH", "name": name, "code": "BVT",
                      "place": "Hà Tĩnh", "called": called, "departments": departments,
                      "signature": {"title": "Giám đốc", "name": "Nguyễn Văn A"}, "archive": {"units": ["TCCB"]}}
    yaml.dump(registry, Path("plans/bodies.yaml"))


def assert_canonical_and_checks(*paths: Path) -> None:
    fmt = run("fmt", "--check", *map(str, paths))
    assert fmt.exit_code == 0, fmt.output
    check = run("check", *map(str, paths))
    assert check.exit_code == 0, check.output


def test_localized_plans_of_every_unit_are_canonical_and_check(repo):
    """Before: `localize` wrote quotes fmt removes, so `fmt --check` failed on a fresh draft."""
    assert run("localize", str(PARENT), "--all-units").exit_code == 0
    assert_canonical_and_checks(*sorted(Path("plans").glob("*/2020/trien-khai-*.yaml")))


def test_hostile_department_names_are_copied_exactly_and_the_plan_checks(repo):
    """Before: a multi-line name written into a comment made a plan that failed `check`."""
    add_body(HOSTILE)
    text = PARENT.read_text(encoding="utf-8")
    assert text.count("owner: Các đơn vị trong ngành") == 2
    PARENT.write_text(text.replace("owner: Các đơn vị trong ngành", 'owner: "Các đơn vị\\ntrong ngành: # 1"'),
                      encoding="utf-8")
    result = run("localize", str(PARENT), "--unit", UNIT)
    assert result.exit_code == 0, result.output
    assert_canonical_and_checks(CHILD)
    plan = read_plan(CHILD)
    assert {row.owner for row in task_rows(plan)} == {HOSTILE[0]}
    assert [recipient.names for recipient in plan.recipients][1:] == [(name,) for name in HOSTILE]
    assert "# trước đây: Các đơn vị trong ngành: # 1\n" in CHILD.read_text(encoding="utf-8")


def test_a_department_typed_as_it_prints_is_reported_in_the_registry_and_nothing_is_written(repo):
    """`localize` makes departments the child's recipients: a name a recipient may not have is the
    registry's problem, reported at its place, not a generated plan that fails `check`."""
    add_body(["Phòng Tổ chức", "- Tổ công tác;"])
    result = run("localize", str(PARENT), "--unit", UNIT)
    assert result.exit_code == 1
    line = Path("plans/bodies.yaml").read_text(encoding="utf-8").splitlines().index("  - '- Tổ công tác;'") + 1
    assert result.stderr.startswith(f"plans/bodies.yaml:{line}:5: nơi nhận gõ không kèm")
    assert not CHILD.exists()


def test_a_body_written_out_beside_a_folder_without_the_registry_checks(repo):
    add_body(HOSTILE, called='Bệnh viện "Thử": số 1', name="BỆNH VIỆN\nTHỬ # A")
    result = run("localize", str(PARENT), "--unit", UNIT, "-o", "ngoai")
    assert result.exit_code == 0, result.output
    child = Path("ngoai") / CHILD.relative_to("plans")
    assert_canonical_and_checks(child)
    plan = read_plan(child)
    assert (plan.issuer.name, plan.issuer.called) == ("BỆNH VIỆN\nTHỬ # A", 'Bệnh viện "Thử": số 1')


NAME = st.text(st.sampled_from("aăâđ Phòng-#:\"'{}[]&*!%@`|>?,;.\n\\"), min_size=1, max_size=16).filter(
    lambda text: text.strip() and text == text.strip() and not text.startswith("-") and not text.endswith((";", ".")))


@quick(40)
@given(departments=st.lists(NAME, min_size=1, max_size=3, unique=True))
def test_generated_department_names_give_plans_that_check_and_are_canonical(tmp_path_factory, departments):
    root = tmp_path_factory.mktemp("repo")
    (root / PARENT.parent).mkdir(parents=True)
    shutil.copy(PLANS / "bodies.yaml", root / "plans/bodies.yaml")
    shutil.copy(PLAN_799, root / PARENT)
    registry = root / "plans/bodies.yaml"
    yaml = YAML()
    data = yaml.load(registry)
    data[UNIT] = dict(data["bv-da-khoa-ha-tinh"], departments=departments)
    yaml.dump(data, registry)
    result = run("localize", str(root / PARENT), "--unit", UNIT)
    assert result.exit_code == 0, result.output
    child = root / CHILD
    assert_canonical_and_checks(child)
    assert {row.owner for row in task_rows(read_plan(child))} == {departments[0]}


@pytest.mark.parametrize("plan", sorted(p.relative_to(PLANS) for p in PLANS.rglob("*.yaml") if p.name != "bodies.yaml"),
                         ids=str)
def test_next_years_draft_of_every_repository_plan_is_canonical(tmp_path, monkeypatch, plan):
    shutil.copytree(PLANS, tmp_path / "plans")
    monkeypatch.chdir(tmp_path)
    result = run("new", "--from", f"plans/{plan}", "-o", "nhap.yaml")
    assert result.exit_code == 0, result.output
    fmt = run("fmt", "--check", "nhap.yaml")
    assert fmt.exit_code == 0, fmt.output


def test_next_years_draft_keeps_what_fmt_keeps(repo):
    """`new` edits the round trip of `fmt`: directives, comments in flow lists, scalars as typed."""
    text = PARENT.read_text(encoding="utf-8")
    assert text.count("\nrecipients:\n") == 1
    assert text.count("archive: {units: [TCCB]}") == 1
    PARENT.write_text("%YAML 1.1\n# đầu tệp\n---\n" + text.replace(
        "archive: {units: [TCCB]}", "archive: {  # lưu\n  units: [TCCB], copies: 05}") + "...\n# cuối tệp\n", encoding="utf-8")
    assert run("check", str(PARENT)).exit_code == 0
    result = run("new", "--from", str(PARENT), "-o", "nhap.yaml")
    assert result.exit_code == 0, result.output
    draft = Path("nhap.yaml").read_text(encoding="utf-8")
    assert "%YAML 1.1\n# đầu tệp\n---\n" in draft and draft.endswith("...\n# cuối tệp\n")
    assert "  copies: 05\n" in draft and "# lưu" in draft
    fmt = run("fmt", "--check", "nhap.yaml")
    assert fmt.exit_code == 0, fmt.output


def test_next_years_draft_starts_its_calendar_revisions_again(repo):
    text = PARENT.read_text(encoding="utf-8")
    PARENT.write_text(text.replace("\ndate: 2020-03-31\n", "\ndate: 2020-03-31\nrevision: 3\n"), encoding="utf-8")
    assert read_plan(PARENT).revision == 3
    result = run("new", "--from", str(PARENT), "-o", "nhap.yaml")
    assert result.exit_code == 0, result.output
    assert "  - revision: 3 → bỏ (kế hoạch mới: lịch .ics bắt đầu lại từ lần điều chỉnh 0)" in result.output
    assert read_plan(Path("nhap.yaml")).revision is None
