"""The build: find plans, check them all, then write each document.

Nothing is written for a plan with problems, and a document is replaced only
once its new bytes are complete (temporary file, then rename), so a failed
build never leaves a broken or half-written file in output/.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from . import rules
from .errors import PlanError, Problem, Report
from .files import display, find_plans, output_path, plan_key, template_for, write_atomically
from .read import read_plan
from .review.fmt import format_file

PACKAGE = Path(__file__).resolve().parent
KINDS = ("plan", "checklist", "forms", "calendar")  # documents.ALL, named here so `check` needs no python-docx


def check(paths: list[Path]) -> Report:
    report = Report()
    for plan_path, _root in find_plans(paths):
        try:
            read_plan(plan_path, display(plan_path))
            report.checked.append(plan_path)
        except PlanError as err:
            report.problems += err.problems
            report.failed.append(plan_path)
    return report


def build(paths: list[Path], out_dir: Path, force: bool = False,
          only: tuple[str, ...] = KINDS, by_owner: bool = False, jobs: int | None = None,
          template: Path | None = None) -> Report:
    """Render every plan under paths into out_dir; `only` limits the kinds of document.

    `template` is used for every plan, whatever its format; without it each plan
    uses its repository's `templates/<format>/plan.docx`, else the built-in one.
    Plans are independent, so a large build spreads them over the machine's cores.
    """
    report = Report()
    newest_input = _newest_code_and_templates()
    everything = set(only) == set(KINDS) and not by_owner
    dependencies = Dependencies(out_dir)
    todo = []
    for plan_path, root in find_plans(paths):
        target = output_path(plan_path, root, out_dir)
        if everything and not force and _up_to_date(target, dependencies.of(plan_path), newest_input,
                                                    _templates_now(plan_path, template)):
            report.unchanged.append(target)
        else:
            todo.append(Job(plan_path, root, target, tuple(only), by_owner, template))
    for result in _run_jobs(todo, jobs):
        if result.problems:
            report.problems += result.problems
            report.failed.append(result.plan_path)
        else:
            dependencies.record(result.plan_path, result.inputs)
            report.written += result.written
    dependencies.save()
    return report


@dataclass(frozen=True)
class Job:
    plan_path: Path
    root: Path
    target: Path
    only: tuple[str, ...]
    by_owner: bool
    template: Path | None  # chosen on the command line, for every plan


@dataclass(frozen=True)
class JobResult:
    plan_path: Path
    written: list[Path]
    inputs: tuple[Path, ...]
    problems: list[Problem]


def build_one(job: Job) -> JobResult:
    """Check one plan, render its documents and write them; nothing is written for a plan with problems."""
    try:
        plan = read_plan(job.plan_path, display(job.plan_path))
    except PlanError as err:
        return JobResult(job.plan_path, [], (), err.problems)
    # Imported here, not above: python-docx costs 140 ms of start-up that `check` and `fmt` never need.
    from .documents import render_outputs
    from .render import load_template

    template = template_for(job.plan_path, plan.format, job.template).resolve()
    key = plan_key(job.plan_path, job.root).with_suffix("").as_posix()
    outputs = render_outputs(plan, key, job.only, job.by_owner, load_template(template))
    written = []
    # The plan's own document last: its time stamp says the whole set is up to date.
    for suffix in sorted(outputs, key=lambda s: s == ".docx"):
        path = job.target.with_name(job.target.stem + suffix)
        write_atomically(path, outputs[suffix])
        written.append(path)
    return JobResult(job.plan_path, written, (*plan.inputs, template), [])


PARALLEL_FROM = 8  # below this many plans, starting worker processes costs more than it saves


def _run_jobs(jobs: list[Job], workers: int | None):
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(jobs) < PARALLEL_FROM:
        return [build_one(job) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor  # 18 ms of start-up a small build does not need

    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(build_one, jobs, chunksize=max(1, len(jobs) // (workers * 4))))


def format_plans(paths: list[Path], check: bool) -> Report:
    """`fmt`: written lists the files that change (or would, with check)."""
    report = Report()
    for plan_path, _root in find_plans(paths):
        try:
            changed = format_file(plan_path, display(plan_path), check)
        except PlanError as err:
            report.problems += err.problems
            report.failed.append(plan_path)
            continue
        (report.written if changed else report.unchanged).append(plan_path)
    return report


def _newest_code_and_templates() -> float:
    watched = [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.json"), *(PACKAGE / "templates").rglob("*.docx")]
    return max(p.stat().st_mtime for p in watched)


def _templates_now(plan_path: Path, chosen: Path | None) -> set[str]:
    """The template the plan would be rendered with now, one per format (its format is read later)."""
    return {str(template_for(plan_path, fmt, chosen).resolve()) for fmt in rules.FORMATS}


def _up_to_date(target: Path, sources: list[Path], newest_input: float, templates: set[str]) -> bool:
    """Built after every input changed, and with a template the plan would use now
    (`templates`: one per format, as the plan's format is not known before reading it)."""
    if not templates & {str(source) for source in sources}:
        return False  # another template now: --template, or an office template added or removed
    try:
        built = target.stat().st_mtime
        return built >= max(newest_input, *(source.stat().st_mtime for source in sources))
    except FileNotFoundError:  # no document yet, or an input is gone
        return False


class Dependencies:
    """The files each plan was built from (itself, its parent plans, the registry, the
    template), remembered in the output folder so a change to a parent rebuilds its children."""

    def __init__(self, out_dir: Path):
        self.path = out_dir / ".kehoach-deps.json"
        self.table = self._on_disk()
        self.changed = False

    def of(self, plan_path: Path) -> list[Path]:
        return [Path(p) for p in self.table.get(str(plan_path.resolve()), [plan_path])]

    def record(self, plan_path: Path, inputs) -> None:
        entry = sorted(str(p) for p in inputs)
        if self.table.get(str(plan_path.resolve())) != entry:
            self.table[str(plan_path.resolve())] = entry
            self.changed = True

    def save(self) -> None:
        if self.changed:
            table = {**self._on_disk(), **self.table}  # another build may have recorded plans meanwhile
            text = json.dumps(table, ensure_ascii=False, indent=1, sort_keys=True)
            write_atomically(self.path, text.encode("utf-8"))

    def _on_disk(self) -> dict:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}


