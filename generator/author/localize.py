"""`kehoach localize`: a unit's implementation plan, ready to edit, from its parent.

The file is a ruamel.yaml tree with comments in Vietnamese telling the clerk
what to fill in, written in the layout of `kehoach fmt`; it builds as it is (a draft with the parent's sections, the
parent's tasks given to the unit's department that the parent's task names, else its first one, deadlines a week
before the parent's, reports to whom the parent says the unit reports: for a Party unit, its Party superior).
"""
from __future__ import annotations

import datetime as dt
import io
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .. import inline, vn
from ..errors import PlanError, Problem, Report
from ..files import write_atomically
from ..inherit import load_registry, registry_of
from ..model import ISSUER, PLAN, Plan, Task, party_superior_missing, superior_of, walk_items
from ..places import part_name
from ..read import read_plan
from ..review.fmt import _order, _yaml, format_text
from ..rules import FORMATS

LEAD_DAYS = 7  # a unit reports this much before its parent's deadline
# Columns of keys in the layout of `kehoach fmt`: a section's (`from`, `tasks`), an item's id under
# `tasks`, a task's fields; a comment goes two spaces after its line. Sections inside parts stand
# PART_DEPTH columns further in.
SECTION_KEY, TASK_KEY, TASK_FIELD = 4, 6, 8
PART_DEPTH = 4


def localize(parent_file: Path, unit_key: str, out_root: Path | None = None) -> tuple[Path, str]:
    """(where the child plan goes, its YAML text)."""
    parent = read_plan(parent_file)
    registry_file = registry_of(parent_file)
    registry, source = load_registry(registry_file)
    if unit_key not in registry:
        raise PlanError([Problem(str(registry_file), 1, 1, f'không có cơ quan mã "{unit_key}"; các mã có: {", ".join(registry)}')])
    body = registry[unit_key]
    if superior_of(body["format"], body.get("party_superior"), parent.format, parent.issuer.called or parent.issuer.name) is None:
        unit = body.get("called") or body["name"]
        raise PlanError([source.problem((unit_key,), party_superior_missing(unit, parent.issuer.called or parent.issuer.name),
                                        at_key=True)])
    root = out_root or registry_file.parent
    target = root / unit_key / str(parent.date.year) / f"trien-khai-{parent_file.stem}.yaml"
    return target, child_text(parent, parent_file, unit_key, registry[unit_key], target)


def write_plans(parent_file: Path, units: list[str], all_units: bool,
                out_root: Path | None = None, force: bool = False):
    """Write each unit's plan; an existing one is kept unless force. Returns a build Report."""
    report = Report()
    try:
        keys = units_for(parent_file) if all_units else units
    except PlanError as err:
        report.problems += err.problems
        return report
    for key in keys:  # a unit that cannot be written is reported; the others still are
        try:
            target, text = localize(parent_file, key, out_root)
        except PlanError as err:
            report.problems += err.problems
            continue
        if target.exists() and not force:
            report.unchanged.append(target)
            continue
        write_atomically(target, text.encode("utf-8"))
        report.written.append(target)
    return report


def units_for(parent_file: Path) -> list[str]:
    """Every body in the registry but the parent's own issuer."""
    parent = read_plan(parent_file)
    registry, _ = load_registry(registry_of(parent_file))
    return [key for key, body in registry.items()
            if (body.get("code"), vn.upper(body.get("name", ""))) != (parent.issuer.code, vn.upper(parent.issuer.name))]


def child_text(parent: Plan, parent_file: Path, unit_key: str, body: dict, target: Path) -> str:
    """The child plan as YAML: a ruamel.yaml tree with its comments, in the layout of `kehoach fmt`."""
    parent_name = parent.issuer.called or parent.issuer.name
    superior = superior_of(body["format"], body.get("party_superior"), parent.format, parent_name)
    assert superior is not None, "localize refuses a Party unit of a state parent without a Party superior"
    unit = Unit(body.get("called") or body["name"], body["format"] == "party", tuple(body.get("departments") or ()),
                superior, parent_name)
    number = vn.number_symbol(parent.rules, parent.number, parent.type, parent.issuer.code)
    registry_file = registry_of(parent_file)
    schema = Path(os.path.relpath(registry_file.parent / "plan.schema.json", target.parent)).as_posix()
    title = vn.sentence_case(vn.implementation_title(inline.plain(parent.title)), FORMATS[body["format"]].summary_lower_case)
    tree = CommentedMap(type="KH")
    _add_issuer(tree, unit_key, body, target, registry_file)
    tree["implements"] = CommentedMap(plan=Path(os.path.relpath(parent_file.resolve(), target.parent.resolve())).as_posix())
    tree["date"] = f"{parent.date.year}-{parent.date.month:02d}"
    _comment(tree, "date", "dự thảo; ngày ban hành không trước ngày của kế hoạch cấp trên")
    tree["title"] = title
    if parent.parts:
        tree["parts"] = CommentedSeq(_part(part, index, unit) for index, part in enumerate(parent.parts, 1))
    else:
        tree["sections"] = CommentedSeq(_section(section, index, unit) for index, section in enumerate(parent.sections, 1))
    recipients = CommentedMap(to=superior, note="báo cáo")
    recipients.fa.set_flow_style()
    tree["recipients"] = CommentedSeq([recipients, *body.get("departments", [])])
    tree.yaml_set_start_comment("\n".join(_one_line(line) for line in (
        f"yaml-language-server: $schema={schema}",
        f"Kế hoạch triển khai của {body.get('called') or body['name']}, tạo từ Kế hoạch số {number} của {parent_name}.",
        "Việc cần làm trước khi trình ký:",
        '- khi văn bản được cấp số: thêm "number", sửa "date" thành ngày ban hành (NĂM-THÁNG-NGÀY);',
        "- rà soát từng mục: bỏ khoản không áp dụng (remove), thay nội dung (replace), thêm khoản của đơn vị (add);",
        f"- giao nhiệm vụ cho khoa, phòng (owner); thời hạn (due) không được muộn hơn thời hạn của {parent_name};",
        '- nhiệm vụ giao lại in lời của cấp trên (thời hạn của cấp trên) rồi câu "Giao ... chủ trì thực hiện, hoàn'
        ' thành trước ngày ..." (thời hạn của đơn vị); muốn lời riêng thì thay cả khoản (replace);',
        "- bổ sung nơi nhận (recipients).")))
    return canonical(tree, str(target))


def canonical(tree: CommentedMap, name: str) -> str:
    """The tree written as `kehoach fmt` writes it, so `fmt --check` passes on a fresh draft."""
    yaml = _yaml()
    _order(tree, PLAN)
    out = io.StringIO()
    yaml.dump(tree, out)
    return format_text(out.getvalue(), name)


def _add_issuer(tree: CommentedMap, unit_key: str, body: dict, target: Path, registry_file: Path) -> None:
    """`issuer: key` where the registry is found from the child's folder; else the body written out."""
    if registry_file.parent.resolve() in target.resolve().parents:
        tree["issuer"] = unit_key
        return
    tree["issuer"] = CommentedMap((key, str(body[key])) for key in ISSUER.keys if key in body)
    _comment(tree, "issuer", "ngoài thư mục có bodies.yaml: thông tin cơ quan chép từ bodies.yaml")
    tree["format"] = body["format"]
    for key in ("signature", "archive"):
        if key in body:
            tree[key] = _flow(body[key])


def _flow(value):
    """A small mapping or list from the registry as a YAML flow collection."""
    if isinstance(value, dict):
        node = CommentedMap((key, _flow(item)) for key, item in value.items())
    elif isinstance(value, list):
        node = CommentedSeq(_flow(item) for item in value)
    else:
        return value
    node.fa.set_flow_style()
    return node


@dataclass(frozen=True)
class Unit:
    """The unit a plan is written for, as its tasks need it."""

    called: str
    party: bool
    departments: tuple[str, ...]
    superior: str  # whom its plan reports to (model.superior_of)
    parent_name: str


def _part(part, number: int, unit: Unit) -> CommentedMap:
    """A part of the parent with its sections taken by id: `Phần II` and its title as the parent has them."""
    node = CommentedMap()
    if part.id:
        node["id"] = part.id
    node["title"] = part.title
    _comment(node, "title", part_name(number), indent=SECTION_KEY)
    node["sections"] = CommentedSeq(_section(section, index, unit, PART_DEPTH)
                                    for index, section in enumerate(part.sections, 1))
    return node


def _section(section, number: int, unit: Unit, depth: int = 0) -> CommentedMap:
    node = CommentedMap()
    node["from"] = section.id
    _comment(node, "from", f"{vn.roman(number)}. {vn.upper(section.title)}",
             "remove: [ma-khoan]  # bỏ khoản không áp dụng tại đơn vị",
             "add: [Nội dung của đơn vị ...]  # thêm khoản của đơn vị vào cuối mục", indent=SECTION_KEY + depth)
    tasks = [(item.id, item, item.task) for item in walk_items(section.items) if item.task and item.id]
    if tasks:
        node["tasks"] = CommentedMap()
        for item_id, item, task in tasks:
            node["tasks"][item_id] = _task(task, unit, depth)
            _comment(node["tasks"], item_id, _excerpt(item), indent=TASK_KEY + depth)
    return node


def _task(task: Task, unit: Unit, depth: int = 0) -> CommentedMap:
    node = CommentedMap(owner=lead_department(task, unit.departments, unit.called))
    _comment(node, "owner", f"trước đây: {task.owner}", indent=TASK_FIELD + depth)
    if task.partners:
        named = [name for name in unit.departments if name != node["owner"] and any(_names(p, name) for p in task.partners)]
        node["partners"] = _flow(named)
        _comment(node, "partners", f"phối hợp ở cấp trên: {', '.join(task.partners)}", indent=TASK_FIELD + depth)
    if task.due:
        node["due"] = _earlier(task.due)
        _comment(node, "due", f"hạn của cấp trên: {task.due.text}", indent=TASK_FIELD + depth)
    if task.report_to:
        node["report_to"] = unit.superior if unit.party else addressee(task.report_to, unit)
        _comment(node, "report_to", "cấp ủy cấp trên trực tiếp (party_superior)" if unit.party
                 else "như kế hoạch cấp trên" if node["report_to"] == task.report_to
                 else f"kế hoạch cấp trên viết: {task.report_to}", indent=TASK_FIELD + depth)
    return node


def _earlier(due: vn.Deadline) -> dt.date | str:
    """A week before the parent's day (`2020-10-08` for 15/10/2020, `Trước ngày 08/10` for `Trước ngày 15/10`),
    inside its year; a period (`Quý II/2022`) or an ongoing duty as the parent writes it: the clerk may set an earlier one."""
    if due.kind not in ("date", "before") or due.month is None or due.day is None:
        return due.text
    year = due.year or 2000  # `Trước ngày 15/10` keeps the plan's year: any leap year counts its days
    day = max(dt.date(year, due.month, due.day) - dt.timedelta(days=LEAD_DAYS), dt.date(year, 1, 1))
    if due.kind == "date":
        return day
    return replace(due, month=day.month, day=day.day).text


def lead_department(task: Task, departments: tuple[str, ...], unit: str) -> str:
    """Who leads an inherited task in the unit: its department that the parent's task names (as owner, as the
    addressee whose counterpart it is, as a partner), else its first department, else the unit itself."""
    for text in (task.owner, task.report_to or "", *task.partners):
        for name in departments:
            if name.strip() and _names(text, name):
                return name
    return departments[0] if departments else unit


def addressee(report_to: str, unit: Unit) -> str:
    """The parent's addressee written so that the unit's plan cannot read it as the unit's own department:
    `Phòng Tổ chức cán bộ` of the parent becomes `Phòng Tổ chức cán bộ, Sở Y tế` in a unit that has one too."""
    if any(vn.upper(report_to.strip()) == vn.upper(name) for name in unit.departments):
        return f"{report_to.strip()}, {unit.parent_name}"
    return report_to


def _names(text: str, name: str) -> bool:
    """Whether text names the department, as whole words, whatever the case."""
    return re.search(rf"(?<!\w){re.escape(vn.upper(name.strip()))}(?!\w)", vn.upper(text)) is not None


def _comment(node: CommentedMap, key: str, text: str, *following: str, indent: int = 0) -> None:
    """`text` (made one line) two spaces after the key's line, its key `indent` columns in;
    `following` (constant hints) as comment lines under it, at the key's indent."""
    value = node[key]
    end = indent + len(key) + 1 + (0 if isinstance(value, (CommentedMap, CommentedSeq)) else 1 + len(str(value)))
    lines = [f"# {_one_line(text)}"] + [f"{' ' * indent}# {line}" for line in following]  # those: constants
    node.yaml_add_eol_comment("\n".join(lines), key, column=end + 2)


def _one_line(text: str) -> str:
    """A comment holds one line: a text's line breaks and runs of blanks become one space."""
    return " ".join(str(text).split())


def _excerpt(item) -> str:
    text = _one_line(inline.plain(item.title or item.text or ""))
    return text[:60] + ("…" if len(text) > 60 else "")
