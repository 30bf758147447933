"""Plans made from other data: the registry of issuing bodies, and plans that
implement a parent plan (a unit's kế hoạch triển khai under a department's plan).

The registry (`plans/bodies.yaml`) is kept once; a plan names a body by key
(`issuer: bv-da-khoa-tinh`) and takes its issuer block, format, signature and
archive line from it. A plan that `implements` a parent takes the parent's
sections by id, with its own items removed, replaced or added and the
parent's tasks re-assigned, and is checked against the parent. A parent the
office keeps no YAML of is cited by its particulars (number, code, date, ...):
the basis sentence and the checks that need no parent text use those alone.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from . import inline, rules, vn
from .errors import PlanError, Problem, excerpt
from .fields import Checker, Key, ListOf, MapOf, PlanDate, Record, Text, did_you_mean, schema_document
from .load import Source, load_file
from .files import REGISTRY_NAME, absolute, boundary, display, inside, is_file
from .model import (
    ARCHIVE, DOCUMENTS, DUE_PLACEHOLDER, FORMAT, IDENT, IDENTIFIER, ISSUER, PLAN, RECIPIENT_NAME, SIGNATURE, Implements,
    Issuer, Item, Plan, Section, SectionFrom, Task, TaskPatch, check_implemented, walk_items,
)

BODY = Record("Body", {
    **ISSUER.keys,
    "format": Key(FORMAT, required=True),
    # `localize` makes them the recipients of a unit's plan: the rules of a recipient apply
    "departments": Key(ListOf(RECIPIENT_NAME, "các khoa, phòng của đơn vị; nhiệm vụ kế thừa được giao cho họ")),
    "signature": Key(SIGNATURE),
    "archive": Key(ARCHIVE),
    "documents": Key(DOCUMENTS),
}, lambda path, **values: values, "một cơ quan ban hành")
REGISTRY = MapOf(Text("mã cơ quan, ví dụ bv-da-khoa-ha-tinh"), BODY,
                 "các cơ quan ban hành theo mã; kế hoạch gọi một cơ quan bằng issuer: mã")
# What a body gives a plan that names it, unless the plan gives its own: the plan's keys marked
# unless_text="issuer" (those the schema does not require of a plan whose issuer is a key, and documents).
BODY_DEFAULTS = tuple(name for name, key in PLAN.keys.items() if key.unless_text == "issuer")


def registry_schema() -> dict:
    """The JSON Schema of plans/bodies.yaml (`kehoach schema --bodies`)."""
    return schema_document(REGISTRY, "Các cơ quan ban hành (bodies.yaml)")


def find_registry(plan_path: Path, root: Path | None = None) -> Path | None:
    """The nearest bodies.yaml above the plan, up to the plans root (never beyond it)."""
    root = absolute(root or boundary(plan_path))
    for folder in absolute(plan_path).parents:
        if is_file(folder / REGISTRY_NAME) and inside(folder / REGISTRY_NAME, root):
            return folder / REGISTRY_NAME
        if folder == root:
            break
    return None


def registry_of(plan_path: Path) -> Path:
    """The bodies.yaml above a plan, for what needs one (a child plan per unit, a document per unit)."""
    registry_file = find_registry(plan_path)
    if registry_file is None:
        raise PlanError([Problem(display(plan_path), 1, 1, f"không tìm thấy plans/{REGISTRY_NAME} (danh sách cơ quan)")])
    return registry_file


def load_registry(path: Path) -> tuple[dict, Source]:
    """The registry's raw data (kept as typed, so positions still apply), checked."""
    data, source, _warnings = _read_registry(path)
    return data, source


def check_registry(path: Path) -> list[Problem]:
    """bodies.yaml named on the command line: its warnings; its problems raise PlanError (with them)."""
    return _read_registry(path)[2]


def _read_registry(path: Path) -> tuple[dict, Source, list[Problem]]:
    data, source = load_file(path, display(path))
    checker = Checker(source)
    if not isinstance(data, dict):
        checker.error((), "bodies.yaml cần các cơ quan theo mã: ma-co-quan: {name: ..., code: ..., ...}")
    else:
        for key in data:
            if not re.fullmatch(IDENTIFIER, key):
                checker.error((key,), f'mã cơ quan "{excerpt(key)}" không hợp lệ: {IDENT.pattern_hint}', at_key=True)
        REGISTRY.check(data, (), checker)
    if checker.problems:
        raise PlanError(checker.problems, checker.warnings)
    for key, body in data.items():  # departments become owners' names: as typed (`115`, `0115`)
        if isinstance(body.get("departments"), list):
            body["departments"] = [source.typed.get((key, "departments", i), name) for i, name in enumerate(body["departments"])]
    return data, source, checker.warnings


def apply_registry(data, source: Source, plan_path: Path, root: Path | None = None) -> list[Path]:
    """Replace `issuer: key` by the body's data; returns the registry file read, if any."""
    if not isinstance(data, dict) or isinstance(data.get("issuer"), (dict, list)) or "issuer" not in data:
        return []
    key = source.typed.get(("issuer",), data["issuer"])  # `issuer: 0115` is the key "0115", as typed
    if not isinstance(key, str):  # `issuer:` left empty: the model says it is missing
        return []
    registry_path = find_registry(plan_path, root)
    if registry_path is None:
        raise PlanError([source.problem(("issuer",), f'không tìm thấy {REGISTRY_NAME} để tra mã cơ quan "{excerpt(str(key))}"')])
    registry, registry_source = load_registry(registry_path)
    if key not in registry:
        hint = did_you_mean(key, registry) or f"các mã có: {', '.join(registry)}"
        raise PlanError([source.problem(("issuer",), f'mã cơ quan "{excerpt(str(key))}" không có trong {REGISTRY_NAME}; {hint.strip()}')])
    body = registry[key]
    data["issuer"] = {k: v for k, v in body.items() if k in ISSUER.keys}
    taken = {"issuer": [k for k in body if k in ISSUER.keys]}
    for name in BODY_DEFAULTS:
        if name not in data and name in body:
            data[name] = body[name]
            taken[name] = [name]
    _take_typed(registry_source, key, source, taken)
    _point_at_issuer(source)
    return [registry_path]


def _take_typed(registry: Source, key: str, plan: Source, taken: dict) -> None:
    """Values typed as numbers in the registry (`code: 0115`) print as typed in the plan too."""
    for typed_path, typed in registry.typed.items():
        if typed_path[0] != key or len(typed_path) < 2:
            continue
        for target, names in taken.items():
            if typed_path[1] in names:
                rest = typed_path[1:] if target == "issuer" else typed_path[2:]
                plan.typed[(target, *rest)] = typed


def _point_at_issuer(source: Source) -> None:
    """Values taken from the registry are reported at the plan's `issuer:` line."""
    position = source.values[("issuer",)]
    for name in BODY_DEFAULTS:
        source.values.setdefault((name,), position)


# --- plans that implement a parent plan


def resolve_sections(plan: Plan, parent: Plan, checker: Checker) -> Plan:
    """The child's sections (or parts) with the parent's taken in, and its basis sentence.

    Sections are found by id in the parent, parts or not; a child that lists none takes the parent's
    sections as the parent groups them, in its parts."""
    assert plan.implements is not None, "read.py resolves the sections of a plan that implements another"
    implements_path = plan.implements.path
    by_id = {section.id: section for section in parent.all_sections if section.id}
    if plan.parts or plan.sections:
        parts = tuple(replace(part, sections=_resolved(part.sections, by_id, checker, plan.issuer)) for part in plan.parts)
        sections = _resolved(plan.sections, by_id, checker, plan.issuer)
    else:  # the parent's whole: its parts with their sections, or its sections
        parts = tuple(replace(part, path=implements_path,
                              sections=_resolved(_taken_whole(part.sections, implements_path), by_id, checker, plan.issuer))
                      for part in parent.parts)
        sections = () if parts else _resolved(_taken_whole(parent.sections, implements_path), by_id, checker, plan.issuer)
    intro = plan.intro or basis_sentence(plan)
    return replace(plan, parts=parts, sections=sections, intro=intro, parent=parent,
                   period=plan.period or parent.period)


def _taken_whole(sections, path) -> tuple[Section | SectionFrom, ...]:
    """Every section of the parent, as entries `from:` its id (a section without id as it is)."""
    return tuple(SectionFrom(source_id=s.id, path=path) if s.id else _relocated(s, path) for s in sections)


def _resolved(entries, by_id: dict[str, Section], checker: Checker, unit: Issuer) -> tuple[Section, ...]:
    sections = []
    for entry in entries:
        if isinstance(entry, Section):
            sections.append(entry)
            continue
        base = by_id.get(entry.source_id)
        if base is None:
            hint = did_you_mean(entry.source_id, by_id) or f"các mã mục của kế hoạch cấp trên: {', '.join(by_id)}"
            checker.error(entry.path + ("from",), f'kế hoạch cấp trên không có mục "{entry.source_id}"; {hint.strip()}')
            continue
        sections.append(_inherit(base, entry, checker, unit))
    return tuple(sections)


def _relocated(section: Section, path) -> Section:
    """A parent's section as the child shows it; its problems are reported where the child takes it."""
    return replace(section, path=path, items=tuple(_relocated_item(item, path) for item in section.items))


def _relocated_item(item: Item, path) -> Item:
    return replace(item, path=path, items=tuple(_relocated_item(child, path) for child in item.items))


def _inherit(base: Section, entry: SectionFrom, checker: Checker, unit: Issuer) -> Section:
    known = {item.id for item in walk_items(base.items) if item.id}
    wanted = [(entry.path + ("remove", i), item_id, False) for i, item_id in enumerate(entry.remove)]
    wanted += [(entry.path + (key, item_id), item_id, True) for key in ("replace", "tasks") for item_id in (getattr(entry, key) or {})]
    for path, item_id, at_key in wanted:
        if item_id not in known:
            hint = did_you_mean(item_id, known) or f"mục này có các mã: {', '.join(sorted(known)) or '(không có)'}"
            checker.error(path, f'mục "{base.id}" của kế hoạch cấp trên không có khoản "{item_id}"; {hint.strip()}', at_key)
    items = _rewrite(_relocated(base, entry.path).items, set(entry.remove), entry.replace or {}, entry.tasks or {}, unit)
    return replace(base, title=entry.title or base.title, items=items + tuple(entry.add), path=entry.path)


def _rewrite(items, remove: set, replacements: dict, patches: dict, unit: Issuer) -> tuple[Item, ...]:
    out = []
    for item in items:
        if item.id in remove:
            continue
        if item.id in replacements:
            out.append(replace(replacements[item.id], id=item.id))
            continue
        children = _rewrite(item.items, remove, replacements, patches, unit)
        out.append(_assigned(replace(item, items=children), patches[item.id], unit) if item.id in patches
                   else replace(item, items=children))
    return tuple(out)


def _assigned(item: Item, patch: TaskPatch, unit: Issuer) -> Item:
    """The parent's item with the unit's task. When the unit gives it to someone else or moves its deadline,
    the parent's words keep the parent's deadline (they name the parent's addressee) and a sentence after them
    says who does it in the unit, by when, and to whom they report if that is not the parent's addressee."""
    task, before = _patched(item.task, patch), item.task
    if before and _assignment(task) == _assignment(before):
        return replace(item, task=task)
    unit_names = {vn.upper(name) for name in (unit.called, unit.name) if name}
    sentence = vn.assignment(
        inline.escape(task.owner), [inline.escape(partner) for partner in task.partners],
        _done_by(task) if task.due != (before and before.due) else None,
        inline.escape(task.report_to) if task.report_to and task.report_to != (before and before.report_to) else None,
        itself=vn.upper(task.owner) in unit_names)
    closing = "\n".join(text for text in (_with_deadline(item.closing, before), sentence) if text)
    return replace(item, task=task, text=_with_deadline(item.text, before), closing=closing)


def _done_by(task: Task) -> str | None:
    """The unit's deadline in the sentence: a day through `{due}` (so a new day is a new deadline, not also a new
    sentence, to diff); a written deadline in running text's case (`trước ngày 08/10`, `trong quý IV/2020`)."""
    if task.due is None:
        return None
    return vn.done_by(task.due, DUE_PLACEHOLDER if task.due.kind == "date" else vn.lower_first(task.due.text))


def _assignment(task: Task) -> tuple:
    return task.owner, task.partners, task.due, task.report_to


def _with_deadline(text: str | None, task: Task | None) -> str | None:
    """The parent's words with the parent's deadline written in, as layout fills `{due}`."""
    return text.replace(DUE_PLACEHOLDER, _deadline_words(task)) if text and task and task.due else text


def _deadline_words(task: Task) -> str:
    assert task.due is not None
    return task.due.in_sentence


def _patched(task: Task | None, patch: TaskPatch) -> Task:
    if task is None:
        return Task(**{"owner": "", **patch.changes, "path": patch.path})
    return replace(task, **patch.changes, path=patch.path)


def basis_sentence(plan: Plan) -> str:
    """`Thực hiện Kế hoạch số 799/KH-SYT ngày 31/3/2020 của Sở Y tế về ..., Bệnh viện ... xây dựng
    Kế hoạch triển khai thực hiện như sau:`: the parent cited in its own format, from its particulars."""
    assert plan.implements is not None, "a plan that implements a parent"
    return basis_words(plan.implements, plan.issuer.called or plan.issuer.name, plan.type)


def basis_words(implements: Implements, unit: str, plan_type: str) -> str:
    """The basis sentence of `unit`'s plan of `plan_type` under the parent `implements` cites
    (the importer compares a typed sentence with it)."""
    return (f"Thực hiện {parent_citation(implements)} về {implements.about}, {unit} xây dựng "
            f"{rules.TYPE_NAMES_IN_TEXT[plan_type]} triển khai thực hiện như sau:")


def parent_citation(implements: Implements, in_text: bool = True) -> str:
    """The parent as its own format cites it: `Kế hoạch số 96/KH-UBND ngày 15/3/2022 của UBND tỉnh`
    in running text, `... ngày 15 tháng 3 năm 2022 ...` in a reference line; `số 45-KH/ĐU, ngày 10/3/2022` (Party)."""
    assert implements.format and implements.date and implements.issuer, "particulars complete (read.read_plan)"
    date = implements.date
    return vn.citation(rules.FORMATS[implements.format], rules.TYPE_NAMES_IN_TEXT[implements.type_code],
                       parent_symbol(implements), implements.issuer, date.year, date.month, date.day, in_text=in_text)


def parent_symbol(implements: Implements) -> str:
    """`96/KH-UBND`, `45-KH/ĐU`, a legal document's `20/2019/QĐ-UBND`: as the parent's format writes it."""
    assert implements.format and implements.date, "particulars complete (read.read_plan)"
    return vn.number_symbol(rules.FORMATS[implements.format], implements.number, implements.type_code,
                            implements.code or "", implements.date.year if implements.legal else None)


def particulars_of(implements: Implements, parent: Plan, checker: Checker) -> Implements:
    """The particulars of a parent read from its file; those the plan also cites must agree with it
    (each that differs is reported at its line), so switching from one form to the other changes nothing."""
    called = parent.issuer.called or parent.issuer.name
    typed_issuer = implements.issuer
    if implements.legal:
        checker.error(implements.path + ("legal",), '"legal" dùng cho văn bản quy phạm pháp luật dẫn theo số, ngày; '
                                                    'tệp kế hoạch cấp trên là một kế hoạch: bỏ "legal"')
    if typed_issuer and vn.body_key(typed_issuer) not in {vn.body_key(called), vn.body_key(parent.issuer.name)}:
        checker.error(implements.path + ("issuer",), f'"issuer" ghi {typed_issuer}, tệp kế hoạch cấp trên ghi {called}: '
                                                     'sửa cho khớp, hoặc bỏ "issuer" để lấy theo tệp')
    read = replace(implements, type=parent.type, number=parent.number, code=parent.issuer.code, date=parent.date,
                   format=parent.format, issuer=typed_issuer or called, aliases=(called, parent.issuer.name),
                   about=implements.about or vn.lower_first(inline.plain(parent.title)))
    for name in FILE_PARTICULARS:
        typed, actual = getattr(implements, name), getattr(read, name)
        if typed is not None and typed != actual:
            checker.error(implements.path + (name,), f'"{name}" ghi {_shown(typed)}, tệp kế hoạch cấp trên ghi '
                                                     f'{_shown(actual)}: sửa cho khớp, hoặc bỏ "{name}" để lấy theo tệp')
    return read


FILE_PARTICULARS = ("type", "number", "code", "date", "format")  # what a parent file says exactly (issuer: by body_key)


def _shown(value: object) -> str:
    """A particular as the clerk reads it: `96`, `15/3/2022`, `03/2022`, `(chưa có số)`."""
    if value is None:
        return "(chưa có số)"
    if isinstance(value, PlanDate):
        return vn.short_date(value.as_date()) if value.is_full else f"{vn.pad_month(value.month)}/{value.year}"
    return str(value)


def check_against_parent(plan: Plan, parent: Plan, checker: Checker) -> None:
    """What matters to the parent: earlier deadlines, then what its particulars alone say (model.check_implemented)."""
    parent_tasks = {item.id: item.task for item in parent.all_items() if item.id and item.task}
    for item in plan.all_items():
        inherited = parent_tasks.get(item.id) if item.id else None
        if item.task and inherited:
            _check_deadline(item.task, inherited, plan, parent, checker)
            _check_reports_to_another(item.task, inherited, checker)
    check_implemented(plan, checker)


def _check_deadline(task: Task, inherited: Task, plan: Plan, parent: Plan, checker: Checker) -> None:
    """A unit's deadline ends no later than the parent's (compared by last day: `Quý II/2022` is later
    than `Tháng 5/2022`); a parent's ongoing duty (`Thường xuyên`) takes any deadline, a fixed one never
    an ongoing one."""
    parent_name = parent.issuer.called or parent.issuer.name
    if task.due and inherited.due and not inherited.due.ongoing:
        mine, theirs = plan.due_date(task), parent.due_date(inherited)
        if mine is None or (theirs is not None and mine > theirs):
            checker.error(task.path + ("due",), f"thời hạn {task.due.text} muộn hơn thời hạn của kế hoạch "
                                                f"cấp trên ({inherited.due.text}): đơn vị phải báo cáo "
                                                f"trước khi {parent_name} báo cáo lên")
    if (task.repeat and inherited.repeat and task.repeat.every == inherited.repeat.every
            and (task.repeat.day or 31) > (inherited.repeat.day or 31)):
        checker.error(task.path + ("repeat",), f"hạn định kỳ (ngày {task.repeat.day or 'cuối tháng'}) muộn hơn "
                                               f"hạn của kế hoạch cấp trên (ngày {inherited.repeat.day})")


def _check_reports_to_another(task: Task, inherited: Task, checker: Checker) -> None:
    """An inherited task's report goes up (where the parent sends it), never back to whoever leads it."""
    if task.report_to and vn.upper(task.report_to.strip()) == vn.upper(task.owner.strip()):
        where = f"nơi kế hoạch cấp trên nhận báo cáo: {inherited.report_to}" if inherited.report_to else "cấp trên"
        checker.error(task.path + ("report_to",), f"{task.owner} chủ trì nhiệm vụ nên không tự nhận báo cáo của mình; "
                                                  f"report_to là nơi đơn vị báo cáo lên ({where})")


def parent_path(plan_path: Path, implements: Implements) -> Path:
    """The parent plan's file, relative to the plan's folder (where its link stands, for a symlinked plan)."""
    assert implements.plan is not None, "a parent cited by its particulars has no file"
    return (absolute(plan_path).parent / implements.plan).resolve()
