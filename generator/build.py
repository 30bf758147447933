"""The build: find plans, check them all, then write each document.

Every plan is read and rendered first; then two plans that would write the same
file are reported; only then is anything written. Nothing is written for a plan
with problems, and a document is replaced only once its new bytes are complete
(temporary file, then rename), so a failed build never leaves a broken or
half-written file in output/. One plan's problems, situation or bug never stops
the others. With --pdf, the documents' PDFs follow, converted by LibreOffice in
one batch (pdf.py).
"""
from __future__ import annotations

import json
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable

from . import files, rules
from .errors import PlanError, Problem, Report, SituationError, excerpt
from .files import (
    REGISTRY_NAME, absolute, build_lock, display, find_plans, make_folder, output_path, plan_key, template_for,
    unreadable, write_atomically,
)

PACKAGE = Path(__file__).resolve().parent
KINDS = ("plan", "checklist", "forms", "calendar", "documents")  # documents.ALL, named here so `check` needs no python-docx
INTERNAL = ("lỗi nội bộ với kế hoạch này ({error}). Đây là lỗi của chương trình, không phải của kế hoạch; "
            "các kế hoạch khác vẫn được xử lý; xin báo lại kèm tệp YAML")


def check(paths: list[Path]) -> Report:
    from .read import read_plan  # the model, fields and loader: some 100 ms an up-to-date build does not need

    report = Report()
    for plan_path, root in _find(paths, report):
        if plan_path.name == REGISTRY_NAME:
            _check_registry(plan_path, report)
            continue
        try:
            plan = read_plan(plan_path, display(plan_path), root)
        except PlanError as err:
            report.fail(plan_path, err.problems, err.warnings)
            continue
        except SituationError as err:
            report.fail_situation(plan_path, str(err))
            continue
        except Exception as err:  # a bug: reported for this plan, the others still checked
            report.fail_bug(plan_path, _bug(plan_path, err))
            continue
        problems = _template_problems(plan) if plan.documents else []
        if problems:
            report.fail(plan_path, problems, plan.warnings)
        else:
            report.warn(plan.warnings)
            report.checked.append(plan_path)
    return report


def _bug(plan_path: Path, err: Exception) -> str:
    return f"{display(plan_path)}: " + INTERNAL.format(error=f"{type(err).__name__}: {excerpt(str(err))}")


def _find(paths: list[Path], report: Report) -> list[tuple[Path, Path]]:
    """The plans under paths; a folder that cannot be read is reported, never skipped silently."""
    unreadable_folders: list[str] = []
    found = find_plans(paths, unreadable_folders)
    for message in unreadable_folders:
        report.situation(message)
    return found


def _check_registry(path: Path, report: Report) -> None:
    """bodies.yaml named on the command line (a folder never yields it): checked as the registry it is."""
    from .inherit import check_registry  # the model, fields and loader: some 100 ms an up-to-date build does not need

    report.registries.append(path)
    try:
        report.warn(check_registry(path))
    except PlanError as err:
        report.fail(path, err.problems, err.warnings)
    except SituationError as err:
        report.fail_situation(path, str(err))


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
    plans = _find(paths, report)
    make_folder(out_dir)
    with build_lock(out_dir):
        newest_input = _newest_code_and_templates()
        everything = set(only) == set(KINDS) and not by_owner
        dependencies = Dependencies(out_dir)
        templates_by_folder: dict[Path, set[str]] = {}  # the plans of a folder share their templates
        todo = []
        for plan_path, root in plans:
            if plan_path.name == REGISTRY_NAME:
                _check_registry(plan_path, report)
                continue
            target = output_path(plan_path, root, out_dir)
            documents = dependencies.documents(plan_path)
            if everything and not force and documents is not None and _up_to_date(
                    target, documents, dependencies.of(plan_path), newest_input,
                    _templates_now(plan_path, template, templates_by_folder)):
                report.up_to_date.append(plan_path)
                report.unchanged += documents
            else:
                todo.append(Job(plan_path, root, target, tuple(only), by_owner, template))
        results = []
        for done, result in enumerate(_run_jobs(todo, jobs), start=1):
            results.append(result)
            if progress:
                progress(done, len(todo))
        # Nothing built (all up to date): no clash to look for among the documents already written.
        clashes = _collisions(results, dependencies.claimed(besides=[job.plan_path for job in todo])) if results else {}
        for result in results:
            _write(result, clashes.get(result.plan_path, []), out_dir, everything, dependencies, report)
        try:
            dependencies.save()
        except SituationError as err:  # the documents are written; the next build checks them all again
            report.situation(str(err))
        if pdf or pdfa:
            _write_pdfs(report, force, pdfa)
    return report


def _write_pdfs(report: Report, force: bool, pdfa: bool) -> None:
    """A PDF beside every .docx of the plans built or up to date; one up to date (newer than its
    .docx, of the kind asked) is kept unless forced. What stops the conversion (no LibreOffice, a
    failure) is kept in the report: the documents are written by then."""
    from .pdf import ConversionFailed, convert, pdf_path, up_to_date  # subprocess, tempfile: some 5 ms only --pdf needs

    documents = [path for path in (*report.written, *report.unchanged) if path.suffix == ".docx"]
    kept = {path for path in documents if not force and up_to_date(path, pdfa)}
    report.unchanged += [pdf_path(path) for path in documents if path in kept]
    try:
        report.written += convert([path for path in documents if path not in kept], pdfa)
    except ConversionFailed as err:
        report.written += err.written
        report.situation(str(err))
    except SituationError as err:
        report.situation(str(err))


def _write(result: JobResult, clashes: list[Problem], out_dir: Path, everything: bool,
           dependencies: Dependencies, report: Report) -> None:
    """One plan's documents, the plan's own last: its time stamp says the whole set is up to date."""
    if result.situation:
        report.fail_situation(result.plan_path, result.situation)
        return
    if result.bug:
        report.fail_bug(result.plan_path, result.bug)
        return
    if result.problems or clashes:
        report.fail(result.plan_path, result.problems + clashes, result.warnings)
        return
    report.warn(result.warnings)
    written = []
    try:
        for path in sorted(result.outputs, key=lambda p: p == result.target):
            write_atomically(path, result.outputs[path], within=out_dir)
            written.append(path)
    except SituationError as err:
        report.fail_situation(result.plan_path, str(err))
    report.written += written
    if len(written) == len(result.outputs):
        # Only a build of every kind knows the plan's whole set of documents.
        dependencies.record(result.plan_path, result.inputs, written if everything else None)
        report.built.append(result.plan_path)


def _collisions(results: list[JobResult], claimed: dict[Path, list[Path]]) -> dict[Path, list[Problem]]:
    """Two plans writing one file (`a.yaml` and `a.yml`; `a.checklist.yaml` and the checklist of `a.yaml`),
    among the plans built now and the files other plans wrote before: plan -> its problems, one for each
    other plan, naming both plan files and the first file they share. Neither plan is written."""
    owner: dict[Path, Path] = {}
    shared: dict[tuple[Path, Path], list[Path]] = {}
    for plan_path, outputs in [*claimed.items(), *((r.plan_path, list(r.outputs)) for r in results)]:
        for path in outputs:
            first = owner.setdefault(absolute(path), plan_path)
            if first != plan_path:
                shared.setdefault((plan_path, first), []).append(path)
                shared.setdefault((first, plan_path), []).append(path)
    clashes: dict[Path, list[Problem]] = {}
    for (one, other), paths in shared.items():
        more = f" (và {len(paths) - 1} văn bản khác)" if len(paths) > 1 else ""
        clashes.setdefault(one, []).append(Problem(
            display(one), 0, 0, f"văn bản {display(paths[0])}{more} trùng với văn bản của {display(other)}: "
                                "hai kế hoạch không thể ghi cùng một tệp; hãy đổi tên một trong hai tệp (hoặc mã phiếu)"))
    return clashes


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
    target: Path
    outputs: dict[Path, bytes]
    inputs: tuple[Path, ...]
    problems: list[Problem]
    warnings: tuple[Problem, ...] = ()  # said, whether the plan is written or not
    situation: str | None = None  # the user's own situation met reading this plan (a file that cannot be read)
    bug: str | None = None  # a bug met reading or rendering this plan


def render_job(job: Job) -> JobResult:
    """Check one plan and render its documents (bytes, not yet written). Whatever goes wrong
    is this plan's result: a problem, the user's situation, or a bug reported for this plan."""
    try:
        return _render(job)
    except SituationError as err:
        return JobResult(job.plan_path, job.target, {}, (), [], situation=str(err))
    except Exception as err:  # a bug: reported for this plan, the others still built
        return JobResult(job.plan_path, job.target, {}, (), [], bug=_bug(job.plan_path, err))


def _render(job: Job) -> JobResult:
    from .read import read_plan  # the model, fields and loader: some 100 ms an up-to-date build does not need

    try:
        plan = read_plan(job.plan_path, display(job.plan_path), job.root)
    except PlanError as err:
        return JobResult(job.plan_path, job.target, {}, (), err.problems, tuple(err.warnings))
    # Imported here, not above: python-docx costs 140 ms of start-up that `check` and `fmt` never need.
    from .documents import render_outputs
    from .render import load_template

    template = template_for(job.plan_path, plan.format, job.template).resolve()
    key = plan_key(job.plan_path, job.root).with_suffix("").as_posix()
    try:
        outputs = render_outputs(plan, key, job.only, job.by_owner, load_template(template))
    except PlanError as err:  # an office template with problems: nothing is written for the plan
        return JobResult(job.plan_path, job.target, {}, (), err.problems, plan.warnings)
    named = {job.target.with_name(job.target.stem + suffix): data for suffix, data in outputs.items()}
    return JobResult(job.plan_path, job.target, named, (*plan.inputs, template), [], plan.warnings)


PARALLEL_FROM = 8  # below this many plans, starting worker processes costs more than it saves


def _run_jobs(jobs: list[Job], workers: int | None):
    """Each job's result as it is finished, in the order of jobs."""
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(jobs) < PARALLEL_FROM:
        yield from map(render_job, jobs)
        return
    from concurrent.futures import ProcessPoolExecutor  # 18 ms of start-up a small build does not need

    pool = ProcessPoolExecutor(max_workers=workers, initializer=_end_with_parent, initargs=(os.getpid(),))
    try:
        yield from pool.map(render_job, jobs, chunksize=max(1, len(jobs) // (workers * 4)))
    finally:  # after Ctrl-C, not after the plans still queued: the workers end with this process
        pool.shutdown(wait=False, cancel_futures=True)


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _end_with_parent(parent: int) -> None:
    """In each worker: die with the build, even when it is killed (kill -9 leaves no worker running).
    Ctrl-C is the build's to handle: a worker ignores it, rather than print a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        import ctypes  # 4 ms of start-up, needed only in workers, which only large builds start

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the build died before the line above ran
        os._exit(1)


def format_plans(paths: list[Path], check: bool) -> Report:
    """`fmt`: written lists the files that change (or would, with check)."""
    from .review.fmt import format_file  # ruamel.yaml's round trip and the model: some 120 ms `build` does not need

    report = Report()
    for plan_path, _root in _find(paths, report):
        try:
            changed = format_file(plan_path, display(plan_path), check)
        except PlanError as err:
            report.fail(plan_path, err.problems)
            continue
        except SituationError as err:  # a file that cannot be read or written: the others are still formatted
            report.fail_situation(plan_path, str(err))
            continue
        except OSError as err:
            report.fail_situation(plan_path, unreadable(plan_path, err))
            continue
        (report.written if changed else report.unchanged).append(plan_path)
    return report


def _newest_code_and_templates() -> float:
    watched = [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.json"), *(PACKAGE / "templates").rglob("*.docx")]
    return max(p.stat().st_mtime for p in watched)


def _templates_now(plan_path: Path, chosen: Path | None, by_folder: dict[Path, set[str]]) -> set[str]:
    """The template the plan would be rendered with now, one per format (its format is read later).
    They depend on the plan's folder only: found once per folder (`by_folder`) in a build."""
    folder = plan_path.parent
    if folder not in by_folder:
        by_folder[folder] = {str(template_for(plan_path, fmt, chosen).resolve()) for fmt in rules.FORMATS}
    return by_folder[folder]


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
    rebuilds its children, an up-to-date plan's documents are counted without rendering them, and a new
    plan that would write another plan's document is reported."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.path = out_dir / ".kehoach-deps.json"
        self.table = self._on_disk()
        self.changed = False

    def of(self, plan_path: Path) -> list[Path]:
        return [Path(p) for p in self._entry(plan_path).get("inputs", [plan_path])]

    def documents(self, plan_path: Path) -> list[Path] | None:
        """None when unknown (never built in full, or recorded before documents were): rebuild it."""
        documents = self._entry(plan_path).get("documents")
        return None if documents is None else [Path(p) for p in documents]

    def claimed(self, besides: list[Path]) -> dict[Path, list[Path]]:
        """The documents other plans wrote here (those not being built now, in this run or another,
        whose plan file is still there): plan -> its documents."""
        building = {str(p.resolve()) for p in besides}
        return {Path(plan): [Path(p) for p in entry["documents"]] for plan, entry in self.table.items()
                if plan not in building and isinstance(entry, dict) and "documents" in entry and Path(plan).is_file()}

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
            write_atomically(self.path, text.encode("utf-8"), within=self.out_dir)

    def _entry(self, plan_path: Path) -> dict:
        entry = self.table.get(str(plan_path.resolve()))
        return entry if isinstance(entry, dict) else {}  # a list: an older kehoach's record, inputs only

    def _on_disk(self) -> dict:
        try:
            return json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
