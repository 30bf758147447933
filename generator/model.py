"""The typed plan model, its validation and its JSON Schema.

`read_plan(path)` is the whole front end: YAML -> checked Plan, or a PlanError
listing every problem of the file at its line and column.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import rules
from .errors import PlanError
from .fields import (
    INVALID, Checker, Choice, Date, Integer, Key, Lazy, ListOf, PlanDate, Record, Text, TextOr,
)
from .load import PathKey, Source, load_file

NUMBERINGS = ("decimal", "nested", "letters", "dash", "plus", "star", "none")
REPEATS = ("monthly", "quarterly", "half-yearly", "yearly")
URGENCIES = ("KHẨN", "THƯỢNG KHẨN", "HỎA TỐC")
DUE_PLACEHOLDER = "{due}"
# A label typed by hand at the start of a text: "1. ", "1.2. ", "a) ", "- ", "+ ".
TYPED_LABEL = re.compile(r"(\d+\.)+\s|[a-zđ]\)\s|[-+]\s")


def _record(cls):
    """Build a dataclass from checked values, keeping where it stood."""
    def build(path, **values):
        return cls(path=path, **values)
    return build


@dataclass(frozen=True)
class Issuer:
    name: str
    code: str
    place: str
    parent: str | None = None
    path: PathKey = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Task:
    owner: str
    partners: tuple[str, ...] = ()
    due: PlanDate | None = None
    repeat: str | None = None
    report_to: str | None = None
    product: str | None = None
    summary: str | None = None
    path: PathKey = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Item:
    text: str | None = None
    title: str | None = None
    id: str | None = None
    numbering: str | None = None
    items: tuple[Item, ...] = ()
    closing: str | None = None
    task: Task | None = None
    path: PathKey = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Section:
    title: str
    id: str | None = None
    text: str | None = None
    numbering: str | None = None
    items: tuple[Item, ...] = ()
    closing: str | None = None
    path: PathKey = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Recipient:
    names: tuple[str, ...]
    note: str | None = None
    path: PathKey = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Archive:
    units: tuple[str, ...] = ()
    drafter: str | None = None
    copies: int | None = None
    path: PathKey = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Signature:
    name: str
    title: str | None = None
    authority: str | None = None
    head: str | None = None
    path: PathKey = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Plan:
    format: str
    type: str
    issuer: Issuer
    date: PlanDate
    title: str
    sections: tuple[Section, ...]
    recipients: tuple[Recipient, ...]
    archive: Archive
    signature: Signature
    number: int | None = None
    urgency: str | None = None
    bases: tuple[str, ...] = ()
    intro: str | None = None
    closing: str | None = None
    remark: str | None = None
    path: PathKey = field(default=(), compare=False, repr=False)
    source: Source | None = field(default=None, compare=False, repr=False)

    @property
    def rules(self) -> rules.FormatRules:
        return rules.FORMATS[self.format]


CODE = Text("mã viết tắt, ví dụ SYT", pattern=r"[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*",
            pattern_hint="chỉ gồm chữ in hoa và chữ số, không dấu cách, ví dụ SYT, TCCB")
PARAGRAPHS = Text("một hoặc nhiều đoạn văn, mỗi dòng một đoạn")
NUMBERING = Choice(NUMBERINGS, "cách đánh số các mục con")
IDENT = Text("mã ổn định của mục, ví dụ noi-dung", pattern=r"[a-z0-9][a-z0-9-]*",
             pattern_hint="chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ bao-cao-ket-qua")

TASK = Record("Task", {
    "owner": Key(Text("đơn vị chủ trì"), required=True),
    "partners": Key(ListOf(Text(), "đơn vị phối hợp")),
    "due": Key(Date("thời hạn")),
    "repeat": Key(Choice(REPEATS, "định kỳ")),
    "report_to": Key(Text("nơi nhận báo cáo")),
    "product": Key(Text("sản phẩm, kết quả")),
    "summary": Key(Text("nội dung ngắn gọn cho bảng phân công")),
}, _record(Task), "nhiệm vụ mà khoản này giao")

ITEM_RECORD = Record("Item", {
    "id": Key(IDENT),
    "title": Key(Text("tiêu đề của khoản, in đậm trên một dòng riêng")),
    "text": Key(PARAGRAPHS),
    "numbering": Key(NUMBERING),
    "items": Key(Lazy(lambda: ITEMS)),
    "closing": Key(PARAGRAPHS),
    "task": Key(TASK),
}, _record(Item), "một khoản, điểm hoặc gạch đầu dòng")
ITEM = TextOr(ITEM_RECORD, lambda text, path: Item(text=text, path=path))
ITEMS = ListOf(ITEM, "các mục con", min_items=1)

SECTION = Record("Section", {
    "title": Key(Text("tên mục, in hoa"), required=True),
    "id": Key(IDENT),
    "text": Key(PARAGRAPHS),
    "numbering": Key(NUMBERING),
    "items": Key(ITEMS),
    "closing": Key(PARAGRAPHS),
}, _record(Section), "một mục La Mã: I., II., ...")

RECIPIENT = TextOr(
    Record("Recipient", {
        "to": Key(Text("nơi nhận")),
        "group": Key(ListOf(Text(), "các nơi nhận cùng một ghi chú", min_items=2)),
        "note": Key(Text("mục đích, ví dụ để b/c")),
    }, lambda path, to=None, group=(), note=None: Recipient(
        names=tuple(group) or ((to,) if to else ()), note=note, path=path)),
    lambda text, path: Recipient(names=(text,), path=path),
)

ISSUER = Record("Issuer", {
    "parent": Key(Text("cơ quan chủ quản, ví dụ UBND TỈNH HÀ TĨNH")),
    "name": Key(Text("cơ quan ban hành, ví dụ SỞ Y TẾ"), required=True),
    "code": Key(CODE, required=True),
    "place": Key(Text("địa danh, ví dụ Hà Tĩnh"), required=True),
}, _record(Issuer), "cơ quan ban hành")

AUTHORITY = Choice(
    rules.FORMATS["nd30"].signing_authorities, "thẩm quyền ký: KT, TM, TL, TUQ, Q",
    corrections={
        "T/M": 'văn bản nhà nước viết "TM"', "K/T": 'văn bản nhà nước viết "KT"',
        "T/L": 'văn bản nhà nước viết "TL"', "T/UQ": 'văn bản nhà nước viết "TUQ"',
    },
    normalize=lambda s: s.strip().rstrip(".").upper(),
)

PLAN = Record("Plan", {
    "format": Key(Choice(tuple(rules.FORMATS), "thể thức: nd30 (Nghị định 30/2020)"), required=True),
    "type": Key(Choice(tuple(rules.TYPE_NAMES), "loại văn bản: KH"), required=True),
    "issuer": Key(ISSUER, required=True),
    "number": Key(Integer("số văn bản; bỏ trống khi là dự thảo")),
    "date": Key(Date("ngày ban hành, ví dụ 2020-03-31; dự thảo: 2021-02", allow_month=True), required=True),
    "urgency": Key(Choice(URGENCIES, "độ khẩn")),
    "title": Key(Text("trích yếu"), required=True),
    "bases": Key(ListOf(Text(), "các căn cứ, mỗi căn cứ một dòng")),
    "intro": Key(PARAGRAPHS),
    "sections": Key(ListOf(SECTION, "các mục I, II, ...", min_items=1), required=True),
    "closing": Key(PARAGRAPHS),
    "recipients": Key(ListOf(RECIPIENT, "nơi nhận", min_items=1), required=True),
    "archive": Key(Record("Archive", {
        "units": Key(ListOf(CODE, "đơn vị soạn thảo, ví dụ [TCCB]"), required=True),
        "drafter": Key(Text("chữ viết tắt tên người soạn thảo")),
        "copies": Key(Integer("số bản lưu")),
    }, _record(Archive), "dòng Lưu: VT, ..."), required=True),
    "signature": Key(Record("Signature", {
        "authority": Key(AUTHORITY),
        "head": Key(Text("chức danh người đứng đầu sau thẩm quyền, ví dụ Giám đốc")),
        "title": Key(Text("chức vụ người ký, ví dụ Phó Giám đốc")),
        "name": Key(Text("họ và tên người ký"), required=True),
    }, _record(Signature), "chữ ký"), required=True),
    "remark": Key(Text("ghi chú dưới nơi nhận, ví dụ Gửi VB giấy và điện tử.")),
}, _record(Plan), "một kế hoạch")


def read_plan(path: Path, display: str | None = None) -> Plan:
    data, source = load_file(path, display)
    return parse_plan(data, source)


def parse_plan(data, source: Source) -> Plan:
    checker = Checker(source)
    if data is None:
        checker.error((), "tệp trống: cần các trường format, type, issuer, date, title, sections, recipients, archive, signature")
        raise PlanError(checker.problems)
    plan = PLAN.check(data, (), checker)
    if plan is not INVALID:
        _check_meaning(plan, checker)
    if checker.problems:
        raise PlanError(checker.problems)
    return replace(plan, source=source)


def _check_meaning(plan: Plan, checker: Checker) -> None:
    """Rules that span fields: what the types alone cannot say."""
    if plan.number is not None and not plan.date.is_full:
        checker.error(("date",), "văn bản đã có số phải có ngày đầy đủ (NĂM-THÁNG-NGÀY)")
    for recipient in plan.recipients:
        if not recipient.names:
            checker.error(recipient.path, 'nơi nhận cần "to" (một nơi) hoặc "group" (nhiều nơi cùng ghi chú)')
        elif len(recipient.names) > 1 and recipient.note is None:
            checker.error(recipient.path, 'nhóm nơi nhận cần "note", ví dụ note: thực hiện')
    _check_signature(plan.signature, checker)
    seen: dict[str, PathKey] = {}
    for section in plan.sections:
        if not section.items and not section.text:
            checker.error(section.path, f'mục "{section.title}" không có nội dung: cần "items" hoặc "text"')
        _check_id(section, seen, checker)
        for item in walk_items(section.items):
            _check_item(item, seen, checker)


def _check_signature(signature: Signature, checker: Checker) -> None:
    path = signature.path
    if signature.authority is None:
        if signature.head:
            checker.error(path + ("head",), '"head" chỉ dùng cùng "authority" (KT, TM, TL, TUQ, Q); người đứng đầu tự ký thì chỉ ghi "title"')
        if not signature.title:
            checker.error(path, 'thiếu trường bắt buộc "title" (chức vụ người ký, ví dụ Giám đốc)')
        return
    if not signature.head:
        checker.error(path, f'ký "{signature.authority}." cần "head": chức danh người đứng đầu, ví dụ Giám đốc')
    if signature.authority == "Q" and signature.title:
        checker.error(path + ("title",), 'ký "Q." (quyền) chỉ ghi "head", ví dụ head: Giám đốc → Q. GIÁM ĐỐC')
    if signature.authority != "Q" and not signature.title:
        checker.error(path, f'ký "{signature.authority}." cần "title": chức vụ người ký, ví dụ Phó Giám đốc')


def _check_item(item: Item, seen: dict, checker: Checker) -> None:
    _check_id(item, seen, checker)
    if not item.text and not item.title:
        checker.error(item.path, 'khoản cần "text" hoặc "title"')
    if item.text and TYPED_LABEL.match(item.text):
        checker.error(item.path + ("text",) if item.title or item.task or item.items else item.path,
                      f'không gõ số thứ tự "{TYPED_LABEL.match(item.text).group().strip()}" ở đầu đoạn: số thứ tự được đánh tự động')
    uses_due = DUE_PLACEHOLDER in (item.text or "") + (item.closing or "")
    if uses_due and not (item.task and item.task.due):
        checker.error(item.path, 'đoạn văn dùng "{due}" nhưng khoản không có task.due')
    if item.task and item.task.due and not item.task.due.is_full:
        checker.error(item.task.path + ("due",), "thời hạn cần ngày đầy đủ (NĂM-THÁNG-NGÀY)")


def _check_id(node, seen: dict, checker: Checker) -> None:
    if node.id is None:
        return
    if node.id in seen:
        line, column = checker.source.position(seen[node.id])
        checker.error(node.path + ("id",), f'mã "{node.id}" bị trùng (đã dùng ở dòng {line}, cột {column})')
    else:
        seen[node.id] = node.path + ("id",)


def walk_items(items):
    """Every item, depth first, in document order."""
    for item in items:
        yield item
        yield from walk_items(item.items)


def json_schema() -> dict:
    defs: dict = {}
    root = PLAN.schema(defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Kế hoạch (kehoach)",
        **root,
        "$defs": defs,
    }
