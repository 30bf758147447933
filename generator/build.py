"""The build: find plans, check them all, then write each document.

Nothing is written for a plan with problems, and a document is replaced only
once its new bytes are complete (temporary file, then rename), so a failed
build never leaves a broken or half-written file in output/. With --pdf, the
documents' PDFs follow, converted by LibreOffice in one batch (pdf.py).
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable

from . import files, rules
from .errors import PlanError, Problem, Report, SituationError
from .files import REGISTRY_NAME, display, find_plans, output_path, plan_key, template_for, write_atomically
from .inherit import load_registry
from .pdf import ConversionFailed, convert, pdf_path, up_to_date
from .read import read_plan
from .review.fmt import format_file

PACKAGE = Path(__file__).resolve().parent
KINDS = ("plan", "checklist", "forms", "calendar", "documents")  # documents.ALL, named here so `check` needs no python-docx


def check(paths: list[Path]) -> Report:
    report = Report()
    for plan_path, _root in find_plans(paths):
        if plan_path.name == REGISTRY_NAME:
            _check_registry(plan_path, report)
            continue
        try:
            plan = read_plan(plan_path, display(plan_path))
        except PlanError as err:
            report.fail(plan_path, err.problems)
            continue
        problems = _template_problems(plan) if plan.documents else []
        if problems:
            report.fail(plan_path, problems)
        else:
            report.checked.append(plan_path)
    return report


def _check_registry(path: Path, report: Report) -> None:
    """bodies.yaml named on the command line (a folder never yields it): checked as the registry it is."""
    report.registries.append(path)
    try:
        load_registry(path)
    except PlanError as err:
        report.fail(path, err.problems)


def build(paths: list[Path], out_dir: Path, force: bool = False, only: tuple[str, ...] = KINDS,
          by_owner: bool = False, jobs: int | None = None, template: Path | None = None,
          progress: Callable[[int, int], None] | None = None, pdf: bool = False, pdfa: bool = False) -> Report:
    """Render every plan under paths into out_dir; `only` limits the kinds of document;
    `pdf` (or `pdfa`, PDF/A-2b) then converts every .docx of those plans, in one batch.

    `template` is used for every plan, whatever its format; without it each plan
    uses its repository's `templates/<format>/plan.docx`, else the built-in one.
    Plans are independent, so a large build spreads them over the machine's cores.
    progress(done, total) is called as each plan to render is finished.
    """
    report = Report()
    newest_input = _newest_code_and_templates()
    everything = set(only) == set(KINDS) and not by_owner
    dependencies = Dependencies(out_dir)
    todo = []
    for plan_path, root in find_plans(paths):
        if plan_path.name == REGISTRY_NAME:
            _check_registry(plan_path, report)
            continue
        target = output_path(plan_path, root, out_dir)
        documents = dependencies.documents(plan_path)
        if everything and not force and documents is not None and _up_to_date(target, documents, dependencies.of(plan_path), newest_input,
                                                    _templates_now(plan_path, template)):
            report.up_to_date.append(plan_path)
            report.unchanged += documents
        else:
            todo.append(Job(plan_path, root, target, tuple(only), by_owner, template))
    for done, result in enumerate(_run_jobs(todo, jobs), start=1):
        if result.problems:
            report.fail(result.plan_path, result.problems)
        else:
            # Only a build of every kind knows the plan's whole set of documents.
            dependencies.record(result.plan_path, result.inputs, result.written if everything else None)
            report.built.append(result.plan_path)
            report.written += result.written
        if progress:
            progress(done, len(todo))
    dependencies.save()
    if pdf or pdfa:
        _write_pdfs(report, force, pdfa)
    return report


def _write_pdfs(report: Report, force: bool, pdfa: bool) -> None:
    """A PDF beside every .docx of the plans built or up to date; one up to date (newer than its
    .docx, of the kind asked) is kept unless forced. What stops the conversion (no LibreOffice, a
    failure) is kept in the report: the documents are written by then."""
    documents = [path for path in (*report.written, *report.unchanged) if path.suffix == ".docx"]
    kept = {path for path in documents if not force and up_to_date(path, pdfa)}
    report.unchanged += [pdf_path(path) for path in documents if path in kept]
    try:
        report.written += convert([path for path in documents if path not in kept], pdfa)
    except ConversionFailed as err:
        report.written += err.written
        report.situation = err
    except SituationError as err:
        report.situation = err


def _template_problems(plan) -> list[Problem]:
    # Imported here: python-docx, docxtpl and jinja2 cost some 215 ms of start-up; only plans listing documents need them.
    from .derive.office import plan_template_problems

    return plan_template_problems(plan)


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
    try:
        outputs = render_outputs(plan, key, job.only, job.by_owner, load_template(template))
    except PlanError as err:  # an office template with problems: nothing is written for the plan
        return JobResult(job.plan_path, [], (), err.problems)
    written = []
    # The plan's own document last: its time stamp says the whole set is up to date.
    for suffix in sorted(outputs, key=lambda s: s == ".docx"):
        path = job.target.with_name(job.target.stem + suffix)
        write_atomically(path, outputs[suffix])
        written.append(path)
    return JobResult(job.plan_path, written, (*plan.inputs, template), [])


PARALLEL_FROM = 8  # below this many plans, starting worker processes costs more than it saves


def _run_jobs(jobs: list[Job], workers: int | None):
    """Each job's result as it is finished, in the order of jobs."""
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(jobs) < PARALLEL_FROM:
        yield from map(build_one, jobs)
        return
    from concurrent.futures import ProcessPoolExecutor  # 18 ms of start-up a small build does not need

    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(build_one, jobs, chunksize=max(1, len(jobs) // (workers * 4)))


def format_plans(paths: list[Path], check: bool) -> Report:
    """`fmt`: written lists the files that change (or would, with check)."""
    report = Report()
    for plan_path, _root in find_plans(paths):
        try:
            changed = format_file(plan_path, display(plan_path), check)
        except PlanError as err:
            report.fail(plan_path, err.problems)
            continue
        (report.written if changed else report.unchanged).append(plan_path)
    return report


def _newest_code_and_templates() -> float:
    watched = [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.json"), *(PACKAGE / "templates").rglob("*.docx")]
    return max(p.stat().st_mtime for p in watched)


def _templates_now(plan_path: Path, chosen: Path | None) -> set[str]:
    """The template the plan would be rendered with now, one per format (its format is read later)."""
    return {str(template_for(plan_path, fmt, chosen).resolve()) for fmt in rules.FORMATS}


def _up_to_date(target: Path, documents: list[Path] | None, sources: list[Path], newest_input: float,
                templates: set[str]) -> bool:
    """Every document of the last full build is there, the plan's own is newer than every input, and it
    was built with a template the plan would use now (`templates`: one per format, as the plan's format
    is not known before reading it)."""
    if documents is None or files.absolute(target) not in documents:
        return False
    if not templates & {str(source) for source in sources}:
        return False  # another template now: --template, or an office template added or removed
    try:
        for document in documents:
            document.stat()
        built = target.stat().st_mtime
        return built >= max(newest_input, *(source.stat().st_mtime for source in sources))
    except FileNotFoundError:  # no document yet, or an input is gone
        return False


class Dependencies:
    """For each plan, the files it was built from (itself, its parent plans, the registry, the template)
    and the documents its last full build wrote, remembered in the output folder: a change to a parent
    rebuilds its children, and an up-to-date plan's documents are counted without rendering them."""

    def __init__(self, out_dir: Path):
        self.path = out_dir / ".kehoach-deps.json"
        self.table = self._on_disk()
        self.changed = False

    def of(self, plan_path: Path) -> list[Path]:
        return [Path(p) for p in self._entry(plan_path).get("inputs", [plan_path])]

    def documents(self, plan_path: Path) -> list[Path] | None:
        """None when unknown (never built in full, or recorded before documents were): rebuild it."""
        documents = self._entry(plan_path).get("documents")
        return None if documents is None else [Path(p) for p in documents]

    def record(self, plan_path: Path, inputs, documents: list[Path] | None) -> None:
        entry = {"inputs": sorted(str(p) for p in inputs)}
        if documents is not None:
            entry["documents"] = sorted(str(files.absolute(p)) for p in documents)
        if self.table.get(str(plan_path.resolve())) != entry:
            self.table[str(plan_path.resolve())] = entry
            self.changed = True

    def save(self) -> None:
        if self.changed:
            table = {**self._on_disk(), **self.table}  # another build may have recorded plans meanwhile
            text = json.dumps(table, ensure_ascii=False, indent=1, sort_keys=True)
            write_atomically(self.path, text.encode("utf-8"))

    def _entry(self, plan_path: Path) -> dict:
        entry = self.table.get(str(plan_path.resolve()))
        return entry if isinstance(entry, dict) else {}  # a list: an older kehoach's record, inputs only

    def _on_disk(self) -> dict:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
