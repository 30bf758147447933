"""The build: find plans, check them all, then write each document.

Nothing is written for a plan with problems, and a document is replaced only
once its new bytes are complete (temporary file, then rename), so a failed
build never leaves a broken or half-written file in output/.
"""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import PlanError, Problem

PACKAGE = Path(__file__).resolve().parent
PLAN_SUFFIXES = (".yaml", ".yml")


@dataclass
class Report:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    checked: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    failed: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def find_plans(paths: list[Path]) -> list[tuple[Path, Path]]:
    """(plan file, root it mirrors from), sorted; a folder gives every plan under it."""
    found = []
    for path in paths:
        if path.is_dir():
            found += [(p, path) for p in sorted(path.rglob("*")) if p.suffix in PLAN_SUFFIXES and p.is_file()]
        else:
            found.append((path, _plans_root(path)))
    return found


def _plans_root(path: Path) -> Path:
    """The nearest enclosing `plans/` folder, else the file's own folder."""
    for parent in path.resolve().parents:
        if parent.name == "plans":
            return parent
    return path.resolve().parent


def output_path(plan: Path, root: Path, out_dir: Path, suffix: str = ".docx") -> Path:
    relative = plan.resolve().relative_to(root.resolve())
    return out_dir / relative.with_suffix(suffix)


def display(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def check(paths: list[Path]) -> Report:
    from .model import read_plan

    report = Report()
    for plan_path, _root in find_plans(paths):
        try:
            read_plan(plan_path, display(plan_path))
            report.checked.append(plan_path)
        except PlanError as err:
            report.problems += err.problems
            report.failed.append(plan_path)
    return report


def build(paths: list[Path], out_dir: Path, force: bool = False) -> Report:
    from .layout import layout
    from .model import read_plan
    from .render import render

    report = Report()
    newest_input = _newest_code_and_templates()
    for plan_path, root in find_plans(paths):
        target = output_path(plan_path, root, out_dir)
        if not force and _up_to_date(target, plan_path, newest_input):
            report.unchanged.append(target)
            continue
        try:
            plan = read_plan(plan_path, display(plan_path))
        except PlanError as err:
            report.problems += err.problems
            report.failed.append(plan_path)
            continue
        write_atomically(target, render(layout(plan)))
        report.written.append(target)
    return report


def _newest_code_and_templates() -> float:
    watched = [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.json"), *(PACKAGE.parent / "templates").rglob("*.docx")]
    return max(p.stat().st_mtime for p in watched)


def _up_to_date(target: Path, source: Path, newest_input: float) -> bool:
    try:
        built = target.stat().st_mtime
    except FileNotFoundError:
        return False
    return built >= max(source.stat().st_mtime, newest_input)


def write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
