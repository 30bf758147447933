"""Errors a user can cause, reported as `file:line:column: message`
(or `tool: message` for a problem with no place in a file, such as git's).

A warning is a Problem too, located and printed the same way with `cảnh báo: `
before its message; it never fails a command nor changes what a build writes.
A plan read carries its warnings (`Plan.warnings`), a PlanError the warnings met
along its errors, and a Report those of every plan, beside its problems."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .limits import EXCERPT, MAX_MESSAGE


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """The start of a value quoted in a message: a message never quotes a whole file."""
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int  # 0: the problem has no place in a file
    column: int
    message: str
    warning: bool = False  # a warning: printed, never a failure

    def __post_init__(self):
        # One problem, one line (editors and `grep` read them so): a value quoted in the
        # message may hold line breaks; they are shown as YAML writes them, \n.
        message = self.message.replace("\r", "\\r").replace("\n", "\\n")
        object.__setattr__(self, "message", excerpt(message, MAX_MESSAGE))

    def __str__(self) -> str:
        message = f"{WARNING}{self.message}" if self.warning else self.message
        if self.line == 0:
            return f"{self.file}: {message}"
        return f"{self.file}:{self.line}:{self.column}: {message}"


WARNING = "cảnh báo: "


class PlanError(Exception):
    """One or more problems in a plan; the build writes nothing for it. `warnings`: those met on the way,
    said with the problems in one run."""

    def __init__(self, problems: list[Problem], warnings: Iterable[Problem] = ()):
        super().__init__("\n".join(map(str, problems)))
        self.problems = sorted(problems)
        self.warnings = sorted(warnings)


def _place(problem: Problem) -> tuple[int, int]:
    return (problem.line, problem.column)


class SituationError(Exception):
    """The user's own situation, not a plan and not a bug: a folder that cannot be written, a full
    disk, a missing LibreOffice. The message says in Vietnamese what is wrong with which path and
    what to do; the command exits with EXIT_SITUATION."""


EXIT_SITUATION = 4


@dataclass
class Report:
    """What a command did, file by file; the command's summary counts these lists."""

    written: list[Path] = field(default_factory=list)  # files written (build: documents; fmt: files reformatted)
    unchanged: list[Path] = field(default_factory=list)  # files left as they were (build: documents of up-to-date plans)
    checked: list[Path] = field(default_factory=list)  # plans read and found valid (check)
    built: list[Path] = field(default_factory=list)  # plans whose documents were written (build)
    up_to_date: list[Path] = field(default_factory=list)  # plans whose documents needed nothing (build)
    registries: list[Path] = field(default_factory=list)  # bodies.yaml files named on the command line, checked
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # printed with the problems; they fail nothing
    failed: list[Path] = field(default_factory=list)  # files with problems, in the order met
    problem_counts: dict[Path, int] = field(default_factory=dict)
    situations: list[str] = field(default_factory=list)  # the user's own situation: exit EXIT_SITUATION
    bugs: list[str] = field(default_factory=list)  # a bug met in one plan, the others done: exit 3

    @property
    def ok(self) -> bool:
        return not (self.problems or self.situations or self.bugs)

    @property
    def failed_plans(self) -> list[Path]:
        return [path for path in self.failed if path not in self.registries]

    def fail(self, path: Path, problems: list[Problem], warnings: Iterable[Problem] = ()) -> None:
        self.problems += problems
        self.warnings += warnings
        self.failed.append(path)
        self.problem_counts[path] = len(problems)

    def warn(self, warnings: Iterable[Problem]) -> None:
        self.warnings += warnings

    def messages(self) -> list[Problem]:
        """Problems and warnings to print: file by file in the order met, each file's by line and column."""
        by_file: dict[str, list[Problem]] = {}
        for problem in [*self.problems, *self.warnings]:
            by_file.setdefault(problem.file, []).append(problem)
        return [problem for problems in by_file.values() for problem in sorted(problems, key=_place)]

    def situation(self, message: str) -> None:
        if message not in self.situations:  # a read-only folder is said once, not once per plan
            self.situations.append(message)

    def fail_situation(self, path: Path, message: str) -> None:
        """A file that met the user's own situation (one it cannot read, a folder it cannot write)."""
        self.situation(message)
        self.fail(path, [])
        self.problem_counts[path] = 1

    def fail_bug(self, path: Path, message: str) -> None:
        """A file that met a bug; the others are still done."""
        self.bugs.append(message)
        self.fail(path, [])
        self.problem_counts[path] = 1
