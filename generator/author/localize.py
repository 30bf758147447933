"""`kehoach localize`: a unit's implementation plan, ready to edit, from its parent.

The file is written as text with comments in Vietnamese telling the clerk what
to fill in; it builds as it is (a draft with the parent's sections, the
parent's tasks given to the unit's first department, deadlines a week before
the parent's).
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from .. import inline, vn
from ..errors import PlanError, Problem, Report
from ..inherit import find_registry, load_registry
from ..files import write_atomically
from ..model import Plan, walk_items
from ..read import read_plan

LEAD_DAYS = 7  # a unit reports this much before its parent's deadline


def localize(parent_file: Path, unit_key: str, out_root: Path | None = None) -> tuple[Path, str]:
    """(where the child plan goes, its YAML text)."""
    parent = read_plan(parent_file)
    registry_file = find_registry(parent_file)
    if registry_file is None:
        raise PlanError([Problem(str(parent_file), 1, 1, "không tìm thấy plans/bodies.yaml (danh sách cơ quan)")])
    registry, _ = load_registry(registry_file)
    if unit_key not in registry:
        raise PlanError([Problem(str(registry_file), 1, 1, f'không có cơ quan mã "{unit_key}"; các mã có: {", ".join(registry)}')])
    root = out_root or registry_file.parent
    target = root / unit_key / str(parent.date.year) / f"trien-khai-{parent_file.stem}.yaml"
    return target, child_text(parent, parent_file, unit_key, registry[unit_key], target)


def write_plans(parent_file: Path, units: list[str], all_units: bool,
                out_root: Path | None = None, force: bool = False):
    """Write each unit's plan; an existing one is kept unless force. Returns a build Report."""
    report = Report()
    try:
        for key in units_for(parent_file) if all_units else units:
            target, text = localize(parent_file, key, out_root)
            if target.exists() and not force:
                report.unchanged.append(target)
                continue
            write_atomically(target, text.encode("utf-8"))
            report.written.append(target)
    except PlanError as err:
        report.problems += err.problems
    return report


def units_for(parent_file: Path) -> list[str]:
    """Every body in the registry but the parent's own issuer."""
    parent = read_plan(parent_file)
    registry, _ = load_registry(find_registry(parent_file))
    return [key for key, body in registry.items()
            if (body.get("code"), vn.upper(body.get("name", ""))) != (parent.issuer.code, vn.upper(parent.issuer.name))]


def child_text(parent: Plan, parent_file: Path, unit_key: str, body: dict, target: Path) -> str:
    party = body.get("format") == vn.PARTY_FORMAT
    owner = (body.get("departments") or ["Các khoa, phòng"])[0]
    parent_name = parent.issuer.called or parent.issuer.name
    number = vn.number_symbol(parent.format, parent.number, parent.type, parent.issuer.code)
    schema = Path(os.path.relpath(find_registry(parent_file).parent / "plan.schema.json", target.parent)).as_posix()
    relative_parent = Path(os.path.relpath(parent_file.resolve(), target.parent.resolve())).as_posix()
    title = f"{'triển khai' if party else 'Triển khai'} {vn.lower_first(inline.plain(parent.title))}"
    lines = [
        f"# yaml-language-server: $schema={schema}",
        f"# Kế hoạch triển khai của {body.get('called') or body['name']}, tạo từ Kế hoạch số {number} của {parent_name}.",
        "# Việc cần làm trước khi trình ký:",
        '# - khi văn bản được cấp số: thêm "number", sửa "date" thành ngày ban hành (NĂM-THÁNG-NGÀY);',
        '# - rà soát từng mục: bỏ khoản không áp dụng (remove), thay nội dung (replace), thêm khoản của đơn vị (add);',
        f'# - giao nhiệm vụ cho khoa, phòng (owner); thời hạn (due) không được muộn hơn thời hạn của {parent_name};',
        "# - bổ sung nơi nhận (recipients).",
        "type: KH",
        *_issuer_lines(unit_key, body, target, find_registry(parent_file)),
        "implements:",
        f"  plan: {relative_parent}",
        f"date: {parent.date.year}-{parent.date.month:02d}  # dự thảo; ngày ban hành không trước ngày của kế hoạch cấp trên",
        f"title: {_quoted(title)}",
        "sections:",
    ]
    for number_, section in enumerate(parent.sections, start=1):
        lines += _section_lines(section, number_, owner, parent)
    lines += ["recipients:", f"  - {{to: {_quoted(parent_name)}, note: báo cáo}}"]
    lines += [f"  - {_quoted(name)}" for name in body.get("departments", [])]
    return "\n".join(lines) + "\n"


def _issuer_lines(unit_key: str, body: dict, target: Path, registry_file: Path) -> list[str]:
    """`issuer: key` where the registry is found from the child's folder; else the body written out."""
    if registry_file.parent.resolve() in target.resolve().parents:
        return [f"issuer: {unit_key}"]
    lines = ["issuer:  # ngoài thư mục có bodies.yaml: thông tin cơ quan chép từ bodies.yaml"]
    lines += [f"  {key}: {_quoted(str(body[key]))}" for key in ("parent", "name", "code", "place", "called") if key in body]
    lines.append(f"format: {body['format']}")
    for key in ("signature", "archive"):
        if key in body:
            lines.append(f"{key}: {_flow(body[key])}")
    return lines


def _flow(value) -> str:
    """A small mapping or list as a YAML flow collection, every text quoted."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return _quoted(str(value))


def _section_lines(section, number: int, owner: str, parent: Plan) -> list[str]:
    lines = [f"  - from: {section.id}  # {vn.roman(number)}. {vn.upper(section.title)}",
             "    # remove: [ma-khoan]  # bỏ khoản không áp dụng tại đơn vị",
             "    # add: [Nội dung của đơn vị ...]  # thêm khoản của đơn vị vào cuối mục"]
    tasks = [item for item in walk_items(section.items) if item.task and item.id]
    if tasks:
        lines.append("    tasks:")
    for item in tasks:
        lines += _task_lines(item, owner)
    return lines


def _task_lines(item, owner: str) -> list[str]:
    task = item.task
    lines = [f"      {item.id}:  # {_excerpt(item)}", f"        owner: {_quoted(owner)}  # trước đây: {task.owner}"]
    if task.due:
        parent_due = task.due.as_date()
        due = max(parent_due - dt.timedelta(days=LEAD_DAYS), dt.date(parent_due.year, 1, 1))  # inside the period
        lines.append(f"        due: {due.isoformat()}  # hạn của cấp trên: {vn.short_date(task.due.as_date())}")
    if task.report_to:
        lines.append(f"        report_to: {_quoted(owner)}  # đầu mối tổng hợp của đơn vị")
    return lines


def _excerpt(item) -> str:
    text = inline.plain(item.title or item.text or "").replace("\n", " ")
    return text[:60] + ("…" if len(text) > 60 else "")


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar: safe whatever the text holds."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
