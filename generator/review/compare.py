"""`kehoach diff` as a command: read both sides (two files, or a git revision
against the working tree), diff each pair, and write the answer as text, JSON
or an HTML page.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import inline
from ..errors import PlanError, Problem
from ..files import display
from ..model import Plan
from ..read import read_plan
from .diff import Change, change_records, diff_plans, format_json, format_text
from .git import PathsMatchNothing, git_files, revision_mirror


@dataclass
class Comparison:
    name: str
    old: Plan | None
    new: Plan | None
    changes: list[Change]
    because: str | None = None  # why a plan whose own file did not change is compared

    @property
    def heading(self) -> str:
        return f"{self.name} ({self.because})" if self.because else self.name


@dataclass
class DiffReport:
    comparisons: list[Comparison] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rev: str | None = None  # set for `--git`: the report names each file
    wrong_paths: list[str] = field(default_factory=list)  # `--git` paths that hold no plan: wrong usage, nothing compared

    @property
    def ok(self) -> bool:
        return not self.problems


def compare(paths: list[Path], rev: str | None = None) -> DiffReport:
    """`kehoach diff OLD NEW` or `kehoach diff --git REV [PATH...]`; plan and git errors become problems."""
    report = DiffReport(rev=rev)
    try:
        if rev:
            _compare_git(rev, paths, report)
        else:
            report.comparisons.append(_compare_files(*paths))
    except PlanError as err:
        report.problems += err.problems
    except PathsMatchNothing as err:
        report.wrong_paths = err.messages
    return report


def plan_changes(old: Plan | None, new: Plan | None) -> list[Change]:
    """A plan added or removed is one change; a plan in both versions, its diff."""
    if old is not None and new is not None:
        return diff_plans(old, new)
    if new is not None:
        return [Change("plan-added", "Kế hoạch", f"kế hoạch mới: “{inline.plain(new.title)}”", new=new.title)]
    if old is not None:
        return [Change("plan-removed", "Kế hoạch", f"xóa kế hoạch: “{inline.plain(old.title)}”", old=old.title)]
    return []


def _compare_files(old_path: Path, new_path: Path) -> Comparison:
    old_name, new_name = display(old_path), display(new_path)
    old, new = _both(lambda: read_plan(old_path, old_name), lambda: read_plan(new_path, new_name))
    return Comparison(f"{old_name} → {new_name}", old, new, plan_changes(old, new))


def _compare_git(rev: str, paths: list[Path], report: DiffReport) -> None:
    files = git_files(rev, paths)
    with tempfile.TemporaryDirectory(prefix="kehoach-diff-") as folder:
        mirror = revision_mirror(rev, files, Path(folder))
        for file in files:
            name = file.name
            try:  # the revision's side is named as git names it, from the root: HEAD:plans/so/799.yaml
                old, new = _both(lambda: _read_if(file.old is not None, mirror / file.path, f"{rev}:{file.path}"),
                                 lambda: _read_if(file.new is not None, file.root / file.path, name))
            except PlanError as err:
                report.problems += err.problems
                continue
            changes = plan_changes(old, new)
            if file.through is None:
                report.comparisons.append(Comparison(name, old, new, changes))
            elif changes:  # a reader of a changed registry or parent: listed only when its meaning changed
                because = f"tệp không sửa; nội dung đổi theo {os.path.relpath(file.root / file.through)}"
                report.comparisons.append(Comparison(name, old, new, changes, because))


def _read_if(present: bool, path: Path, name: str) -> Plan | None:
    return read_plan(path, name) if present else None


def _both(read_old, read_new) -> tuple[Plan | None, Plan | None]:
    """Both versions, or every problem of both."""
    plans, problems = [], []
    for read in (read_old, read_new):
        try:
            plans.append(read())
        except PlanError as err:
            problems += err.problems
    if problems:
        raise PlanError(problems)
    return plans[0], plans[1]


def format_report(report: DiffReport, fmt: str) -> str:
    """The whole answer in one format; with --git, each file is named."""
    if fmt == "html":
        return _html(report)
    if report.rev is None:
        only = report.comparisons[0]
        return format_json(only.changes) if fmt == "json" else format_text(only.changes)
    if fmt == "json":
        return json.dumps([{"file": c.name, **({"because": c.because} if c.because else {}),
                            "changes": change_records(c.changes)} for c in report.comparisons],
                          ensure_ascii=False, indent=2)
    return "\n\n".join(f"== {c.heading}\n{format_text(c.changes)}" for c in report.comparisons) or _nothing_differs(report.rev)


def _html(report: DiffReport) -> str:
    # jinja2 and the page: 170 ms of start-up (measured on the shared 2-core machine) only --format html needs
    from .page import comparison, comparisons_page, format_html

    if report.rev is None:
        only = report.comparisons[0]
        return format_html(only.old, only.new, only.changes)
    files = [comparison(c.heading, c.old, c.new, c.changes, f"tep-{n}-") for n, c in enumerate(report.comparisons, start=1)]
    return comparisons_page(f"So sánh kế hoạch với phiên bản {report.rev}", files, _nothing_differs(report.rev))


def _nothing_differs(rev: str) -> str:
    return f"Không có kế hoạch nào khác với phiên bản {rev}."
