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
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    checked: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    failed: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems
