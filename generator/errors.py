"""Errors a user can cause, reported as `file:line:column: message`
(or `tool: message` for a problem with no place in a file, such as git's)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int  # 0: the problem has no place in a file
    column: int
    message: str

    def __post_init__(self):
        # One problem, one line (editors and `grep` read them so): a value quoted in the
        # message may hold line breaks; they are shown as YAML writes them, \n.
        object.__setattr__(self, "message", self.message.replace("\r", "\\r").replace("\n", "\\n"))

    def __str__(self) -> str:
        if self.line == 0:
            return f"{self.file}: {self.message}"
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class PlanError(Exception):
    """One or more problems in a plan; the build writes nothing for it."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = sorted(problems)


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
    failed: list[Path] = field(default_factory=list)  # files with problems, in the order met
    problem_counts: dict[Path, int] = field(default_factory=dict)
    situation: SituationError | None = None  # what stopped a step after the plans were done (PDF conversion)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def failed_plans(self) -> list[Path]:
        return [path for path in self.failed if path not in self.registries]

    def fail(self, path: Path, problems: list[Problem]) -> None:
        self.problems += problems
        self.failed.append(path)
        self.problem_counts[path] = len(problems)
