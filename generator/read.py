"""The one way in: a plan file read with its registry body and its parent plans.

load (YAML with positions) -> inherit (the registry's body) -> model (the typed
plan and its checks) -> inherit (a child's sections from its parent, and the
checks against it). Every command that needs a plan reads it here.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from . import files, inherit
from .errors import PlanError, Problem, excerpt
from .fields import Checker
from .limits import MAX_PLAN_NAME_BYTES
from .load import Source, load_file
from .model import Plan, check_meaning, parse_plan


def read_plan(path: Path, display: str | None = None, root: Path | None = None, _reading: tuple = ()) -> Plan:
    """Read, check and complete a plan: its registry body and its parent plan, if any.

    The registry and every parent plan must stand inside files.boundary: the nearest `plans/`,
    else `root` (the folder named on the command line) or the working folder."""
    root = files.boundary(path, root)
    _check_name(path, display or str(path))
    data, source = load_file(path, display)
    inputs = (path.resolve(), *inherit.apply_registry(data, source, path, root))
    plan = parse_plan(data, source)
    try:
        return _completed(plan, source, path, root, inputs, _reading)
    except PlanError as err:  # the plan's own warnings are said with the problems found later
        raise PlanError(err.problems, [*plan.warnings, *err.warnings]) from None


def _completed(plan: Plan, source: Source, path: Path, root: Path, inputs: tuple[Path, ...], _reading: tuple) -> Plan:
    """The plan with its office templates and, when it implements one, its parent's sections, checked against it."""
    plan, templates = _find_templates(plan, source, path)
    inputs += templates
    if plan.implements is None:
        return replace(plan, inputs=inputs)
    if plan.implements.cited:  # checked with the rest of the plan (model.check_implemented)
        return replace(plan, intro=plan.intro or inherit.basis_sentence(plan), inputs=inputs)
    parent_file = inherit.parent_path(path, plan.implements)
    checker = Checker(source)
    where, named = plan.implements.path + ("plan",), excerpt(str(plan.implements.plan))
    if not files.inside(parent_file, root):
        checker.error(where, f'kế hoạch cấp trên "{named}" nằm ngoài thư mục kế hoạch {files.display(root)}; '
                             "chỉ dẫn tới kế hoạch trong thư mục này")
    elif parent_file.suffix not in files.PLAN_SUFFIXES:
        checker.error(where, f'kế hoạch cấp trên "{named}" không phải tệp kế hoạch (.yaml hoặc .yml)')
    elif parent_file in _reading or parent_file == path.resolve():
        checker.error(where, "kế hoạch cấp trên dẫn ngược về chính kế hoạch này (vòng lặp)")
    elif not files.is_file(parent_file):
        checker.error(where, f'không tìm thấy kế hoạch cấp trên "{named}"')
    if checker.problems:
        raise PlanError(checker.problems)
    parent = read_plan(parent_file, files.display(parent_file), root, _reading + (path.resolve(),))
    implements = inherit.particulars_of(plan.implements, parent, checker)
    plan = inherit.resolve_sections(replace(plan, implements=implements), parent, checker)
    if not checker.problems:
        check_meaning(plan, checker)
        inherit.check_against_parent(plan, parent, checker)
    if checker.problems:
        raise PlanError(checker.problems)
    return replace(plan, inputs=inputs + parent.inputs)


def _find_templates(plan: Plan, source: Source, path: Path) -> tuple[Plan, tuple[Path, ...]]:
    """The office's templates a plan's documents name, under the repository's `templates/`, and
    the registry when a document is made for each of its bodies: inputs of the build."""
    checker = Checker(source)
    folder = files.templates_folder(path)
    documents, inputs = [], []
    for document in plan.documents:
        if not document.builtin:
            file = folder / document.template if folder else None
            if file is None or not file.is_file():
                where = files.display(file) if file else f"{files.OFFICE_TEMPLATES}/{document.template}"
                checker.error(document.path, f'không tìm thấy mẫu "{where}": mẫu của cơ quan đặt trong thư mục '
                                             f'{files.OFFICE_TEMPLATES}/ cạnh thư mục plans/')
                continue
            document = replace(document, file=file)
            inputs.append(file.resolve())
        if document.per == "unit":
            registry = inherit.find_registry(path)
            if registry is None:
                checker.error(document.path, f'"per: unit" cần {files.REGISTRY_NAME}: mỗi cơ quan trong đó một văn bản')
                continue
            inputs.append(registry)
        documents.append(document)
    if checker.problems:
        raise PlanError(checker.problems)
    return replace(plan, documents=tuple(documents)), tuple(inputs)


def _check_name(path: Path, shown: str) -> None:
    """A plan's documents are named after it (`<name>.checklist.<owner>.docx`): the name must leave room."""
    size = len(path.stem.encode("utf-8"))
    if size > MAX_PLAN_NAME_BYTES:
        raise PlanError([Problem(shown, 0, 0, f"tên tệp dài {size} byte; tên tệp kế hoạch (không kể .yaml) tối đa "
                                              f"{MAX_PLAN_NAME_BYTES} byte, để tên các văn bản dựng từ nó còn chỗ: hãy đặt tên ngắn hơn")])
