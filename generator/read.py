"""The one way in: a plan file read with its registry body and its parent plans.

load (YAML with positions) -> inherit (the registry's body) -> model (the typed
plan and its checks) -> inherit (a child's sections from its parent, and the
checks against it). Every command that needs a plan reads it here.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from . import files, inherit
from .errors import PlanError
from .fields import Checker
from .load import load_file
from .model import Plan, check_meaning, parse_plan


def read_plan(path: Path, display: str | None = None, _reading: tuple = ()) -> Plan:
    """Read, check and complete a plan: its registry body and its parent plan, if any."""
    data, source = load_file(path, display)
    inputs = (path.resolve(), *inherit.apply_registry(data, source, path))
    plan = parse_plan(data, source)
    if plan.implements is None:
        return replace(plan, inputs=inputs)
    parent_file = inherit.parent_path(path, plan)
    checker = Checker(source)
    if parent_file in _reading or parent_file == path.resolve():
        checker.error(plan.implements.path + ("plan",), "kế hoạch cấp trên dẫn ngược về chính kế hoạch này (vòng lặp)")
        raise PlanError(checker.problems)
    if not parent_file.is_file():
        checker.error(plan.implements.path + ("plan",), f'không tìm thấy kế hoạch cấp trên "{plan.implements.plan}"')
        raise PlanError(checker.problems)
    parent = read_plan(parent_file, files.display(parent_file), _reading + (path.resolve(),))
    plan = inherit.resolve_sections(plan, parent, checker)
    if not checker.problems:
        check_meaning(plan, checker)
        inherit.check_against_parent(plan, parent, checker)
    if checker.problems:
        raise PlanError(checker.problems)
    return replace(plan, inputs=inputs + parent.inputs)
