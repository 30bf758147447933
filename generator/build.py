"""The build: find plans, check them all, then write each document.

Nothing is written for a plan with problems, and a document is replaced only
once its new bytes are complete (temporary file, then rename), so a failed
build never leaves a broken or half-written file in output/.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import PlanError, Problem

PACKAGE = Path(__file__).resolve().parent
PLAN_SUFFIXES = (".yaml", ".yml")
REGISTRY_NAME = "bodies.yaml"  # the registry of issuing bodies, not a plan (see inherit.py)
KINDS = ("plan", "checklist", "forms", "calendar")


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
            root = _plans_root(path)
            found += [(p, root) for p in sorted(path.rglob("*"))
                      if p.suffix in PLAN_SUFFIXES and p.name != REGISTRY_NAME and p.is_file()]
        else:
            found.append((path, _plans_root(path.parent)))
    return found


def _plans_root(folder: Path) -> Path:
    """The nearest `plans/` folder at or above folder, else folder itself:
    `plans/a/b.yaml` mirrors to `output/a/b.docx` however it was named on the command line."""
    folder = _absolute(folder)
    return next((f for f in (folder, *folder.parents) if f.name == "plans"), folder)


def output_path(plan: Path, root: Path, out_dir: Path) -> Path:
    return out_dir / plan_key(plan, root).with_suffix(".docx")


def plan_key(plan: Path, root: Path) -> Path:
    """Where the plan stands under its root, as found: a symlinked plan is mirrored where its link is."""
    return _absolute(plan).relative_to(_absolute(root))


def _absolute(path: Path) -> Path:
    """The path from /, `..` removed but symlinks kept (resolve() would leave the root for a link's target)."""
    return Path(os.path.abspath(path))


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


def build(paths: list[Path], out_dir: Path, force: bool = False,
          only: tuple[str, ...] = KINDS, by_owner: bool = False, jobs: int | None = None) -> Report:
    """Render every plan under paths into out_dir; `only` limits the kinds of document.

    Plans are independent, so a large build spreads them over the machine's cores.
    """
    report = Report()
    newest_input = _newest_code_and_templates()
    everything = set(only) == set(KINDS) and not by_owner
    dependencies = Dependencies(out_dir)
    todo = []
    for plan_path, root in find_plans(paths):
        target = output_path(plan_path, root, out_dir)
        if everything and not force and _up_to_date(target, dependencies.of(plan_path), newest_input):
            report.unchanged.append(target)
        else:
            todo.append(Job(plan_path, root, target, tuple(only), by_owner))
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


@dataclass(frozen=True)
class JobResult:
    plan_path: Path
    written: list[Path]
    inputs: tuple[Path, ...]
    problems: list[Problem]


def build_one(job: Job) -> JobResult:
    """Check one plan, render its documents and write them; nothing is written for a plan with problems."""
    from .model import read_plan

    try:
        plan = read_plan(job.plan_path, display(job.plan_path))
    except PlanError as err:
        return JobResult(job.plan_path, [], (), err.problems)
    key = plan_key(job.plan_path, job.root).with_suffix("").as_posix()
    outputs = render_outputs(plan, key, job.only, job.by_owner)
    written = []
    # The plan's own document last: its time stamp says the whole set is up to date.
    for suffix in sorted(outputs, key=lambda s: s == ".docx"):
        path = job.target.with_name(job.target.stem + suffix)
        write_atomically(path, outputs[suffix])
        written.append(path)
    return JobResult(job.plan_path, written, plan.inputs, [])


PARALLEL_FROM = 8  # below this many plans, starting worker processes costs more than it saves


def _run_jobs(jobs: list[Job], workers: int | None):
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(jobs) < PARALLEL_FROM:
        return [build_one(job) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(build_one, jobs, chunksize=max(1, len(jobs) // (workers * 4))))


def render_outputs(plan, plan_key: str, only=KINDS, by_owner: bool = False) -> dict[str, bytes]:
    """Every document of one plan: file suffix -> bytes. Imports only what the kinds asked for need."""
    from .derive.tasks import task_rows

    rows = task_rows(plan)
    outputs = {}
    if "plan" in only:
        outputs[".docx"] = _plan_document(plan, rows)
    if "checklist" in only and rows:
        outputs.update(_checklists(plan, rows, by_owner or plan.checklist.by_owner))
    if "forms" in only and plan.forms:
        from .derive.forms import form_document
        from .render import render

        outputs.update({f".{form.id}.docx": render(form_document(plan, form)) for form in plan.forms})
    if "calendar" in only and any(row.due for row in rows):
        from .derive.calendar import calendar_ics

        outputs[".ics"] = calendar_ics(plan, rows, plan_key)
    return outputs


def _plan_document(plan, rows) -> bytes:
    from .layout import layout
    from .render import render

    appendices = []
    for name in plan.appendices:
        if name == "checklist":
            from .derive.checklist import checklist_section

            appendices.append(checklist_section(plan, rows))
        else:
            from .derive.forms import form_appendix

            appendices.append(form_appendix(plan, next(form for form in plan.forms if form.id == name)))
    return render(layout(plan, appendices))


def _checklists(plan, rows, by_owner: bool) -> dict[str, bytes]:
    from .derive.checklist import checklist_csv, checklist_document
    from .derive.tasks import owners
    from .render import render

    outputs = {".checklist.docx": render(checklist_document(plan, rows)), ".checklist.csv": checklist_csv(rows)}
    if by_owner:
        for key, owner in owners(rows).items():
            outputs[f".checklist.{key}.docx"] = render(checklist_document(plan, rows, owner))
    return outputs


def format_plans(paths: list[Path], check: bool) -> Report:
    """`fmt`: written lists the files that change (or would, with check)."""
    from .fmt import format_file

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


def _up_to_date(target: Path, sources: list[Path], newest_input: float) -> bool:
    try:
        built = target.stat().st_mtime
        return built >= max(newest_input, *(source.stat().st_mtime for source in sources))
    except FileNotFoundError:  # no document yet, or an input is gone
        return False


class Dependencies:
    """The files each plan was built from (itself, its parent plans, the registry),
    remembered in the output folder so a change to a parent rebuilds its children."""

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
