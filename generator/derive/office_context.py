"""The context of an office document: every name a Word template can use, built
in one place from the typed plan (README: "Office documents", the context table).

Plain frozen dataclasses of text, so a template reads values and nothing else
(the sandbox refuses the rest); their types are also what `office` checks a
template's fields against, without a plan. Dates print the Vietnamese short
way; everything is already formatted as the documents write it.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from .. import inline, layout, rules, vn
from ..inherit import load_registry, parent_citation, parent_symbol, registry_of
from ..layout import item_words, paragraphs
from ..model import Item, Plan, Task, authority_code
from ..places import item_labels, item_numbering, item_references, numbered_sections, part_name, section_numbering
from .appendix import plan_citation
from .tasks import TaskRow, owner_keys

REPORT_TYPE = "BC"  # the type code of a unit's report: Số:      /BC-...
DOTS = "……………"  # room to fill in by hand
Places = dict[int, tuple[str, str]]  # id(item) -> its printed label (`a)`) and its reference (`III.2.a`)


@dataclass(frozen=True)
class VnDate:
    """A date that prints the Vietnamese short way (`15/10/2020`); `.spelled` and the filters give the others."""

    year: int
    month: int
    day: int | None = None  # a draft's date has no day

    def __str__(self) -> str:
        day = vn.pad_day(self.day) if self.day else vn.BLANK
        return f"{day}/{vn.pad_month(self.month)}/{self.year}"

    @property
    def spelled(self) -> str:
        """`ngày 15 tháng 10 năm 2020`."""
        return vn.spelled_day(self.year, self.month, self.day)

    @property
    def short(self) -> str:
        return str(self)


@dataclass(frozen=True)
class VnDeadline:
    """A deadline as the plan writes it (`15/10/2020`, `Quý II/2022`, `Thường xuyên`), with its last day."""

    text: str
    last_day: VnDate | None  # the period's last day; None for an ongoing duty

    def __str__(self) -> str:
        return self.text

    @property
    def is_date(self) -> bool:
        return self.last_day is not None and self.text == str(self.last_day)

    @property
    def spelled(self) -> str:
        """`ngày 15 tháng 10 năm 2020` for a day; a period as running text writes it: `quý II/2022`."""
        return self.last_day.spelled if self.last_day and self.is_date else vn.lower_first(self.text)

    @property
    def short(self) -> str:
        return self.text

    @property
    def ongoing(self) -> bool:
        return self.last_day is None

    @property
    def year(self) -> int | None:
        return self.last_day.year if self.last_day else None

    @property
    def month(self) -> int | None:
        return self.last_day.month if self.last_day else None

    @property
    def day(self) -> int | None:
        return self.last_day.day if self.last_day else None


def _vn_deadline(text: str, last_day: dt.date | None) -> VnDeadline | None:
    if not text:
        return None
    return VnDeadline(text, VnDate(last_day.year, last_day.month, last_day.day) if last_day else None)


@dataclass(frozen=True)
class PlanInfo:
    format: str  # nd30 | party
    type_name: str  # Kế hoạch
    number: str  # 799 (05 below ten; blank in a draft)
    number_symbol: str  # 799/KH-SYT
    number_line: str  # Số: 799/KH-SYT
    date: VnDate
    place_date: str  # Hà Tĩnh, ngày 31 tháng 3 năm 2020
    title: str  # Thực hiện phong trào thi đua ...
    about: str  # the title continuing a sentence: thực hiện phong trào thi đua ...
    citation: str  # Kế hoạch số 799/KH-SYT ngày 31 tháng 3 năm 2020 của Sở Y tế
    citation_short: str  # Kế hoạch số 799/KH-SYT ngày 31/3/2020 của Sở Y tế
    year: int
    period: str  # 2020, or 2021 - 2025


@dataclass(frozen=True)
class ParentInfo:
    """The document the plan implements (`implements`): read from its file or cited by its particulars."""

    type_name: str  # Kế hoạch, Chỉ thị
    number_symbol: str  # 96/KH-UBND (Party: 45-KH/ĐU)
    date: VnDate
    issuer: str  # UBND tỉnh: as the basis sentence names it
    about: str  # công tác cải cách hành chính năm 2022
    citation: str  # Kế hoạch số 96/KH-UBND ngày 15 tháng 3 năm 2022 của UBND tỉnh
    citation_short: str  # Kế hoạch số 96/KH-UBND ngày 15/3/2022 của UBND tỉnh


@dataclass(frozen=True)
class IssuerInfo:
    name: str  # SỞ Y TẾ
    parent: str | None  # UBND TỈNH HÀ TĨNH
    called: str | None  # Sở Y tế
    code: str
    place: str


@dataclass(frozen=True)
class SignatureInfo:
    lines: tuple[str, ...]  # KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC: above the room to sign
    name: str


@dataclass(frozen=True)
class RecipientInfo:
    names: str
    note: str | None
    line: str  # - Ban Dân vận Tỉnh ủy (để b/c);


@dataclass(frozen=True)
class OccurrenceInfo:
    """One due date of a task (a recurring task has one per period): a row of the checklist."""

    index: int  # 1, 2, ... in deadline order
    task_id: str | None  # a task has an id once the plan is valid; typed as the TaskRow's
    reference: str  # III.1
    wording: str  # the task's words, with the period of a recurring one
    period: str | None  # 6 tháng đầu năm 2020
    due: VnDeadline | None  # as written (Quý II/2022), with .last_day
    owner: str
    partners: str
    report_to: str | None
    product: str | None


@dataclass(frozen=True)
class TaskInfo:
    id: str
    reference: str  # III.1
    label: str  # 1.
    wording: str  # the short wording (summary), else the item's first paragraph
    text: str  # the item's whole text as one paragraph
    paragraphs: tuple[str, ...]  # the same, paragraph by paragraph
    owner: str
    partners: str  # Phòng A, Phòng B
    due: VnDeadline | None  # as written (15/10/2020, Quý II/2022, Thường xuyên), with .last_day
    repeat: str | None  # 6 tháng một lần, or as written: 6 tháng, hằng năm
    deadline: str  # 15/10/2020, or 6 tháng một lần: 30/6/2020, 31/12/2020
    report_to: str | None
    product: str | None
    occurrences: tuple[OccurrenceInfo, ...]


@dataclass(frozen=True)
class ItemInfo:
    id: str | None
    label: str  # 1., a), -
    reference: str  # III.2.a
    title: str | None
    text: str  # the first paragraph ({due} filled in), or the title
    paragraphs: tuple[str, ...]
    items: tuple[ItemInfo, ...]
    task: TaskInfo | None


@dataclass(frozen=True)
class SectionInfo:
    number: str  # II
    heading: str  # II. NỘI DUNG
    title: str
    paragraphs: tuple[str, ...]
    items: tuple[ItemInfo, ...]
    part: str | None = None  # Phần II: the part the section stands in, when the plan has parts


@dataclass(frozen=True)
class FormInfo:
    id: str
    title: str
    subtitle: str | None


@dataclass(frozen=True)
class UnitInfo:
    """Whom the document is for: a task owner, a body of the registry, or the issuer itself."""

    key: str  # in the file name: phong-to-chuc-can-bo
    name: str  # PHÒNG TỔ CHỨC CÁN BỘ
    called: str  # Phòng Tổ chức cán bộ
    parent: str | None  # SỞ Y TẾ
    code: str | None
    place: str
    number_line: str  # Số:      /BC-SYT: a report's number, to fill in
    place_date: str  # Hà Tĩnh, ngày      tháng      năm 2020
    report_to: str  # whom it reports to: Phòng Tổ chức cán bộ, Sở Y tế
    archive: str  # - Lưu: VT, TCCB.
    signature: SignatureInfo


@dataclass(frozen=True)
class Context:
    """The names every template can use (README: "Office documents")."""

    plan: PlanInfo
    parent: ParentInfo | None  # the plan implements none: nothing
    issuer: IssuerInfo
    signature: SignatureInfo
    recipients: tuple[RecipientInfo, ...]
    archive: str  # - Lưu: VT, TCCB.
    sections: tuple[SectionInfo, ...]
    tasks: tuple[TaskInfo, ...]
    rows: tuple[OccurrenceInfo, ...]
    forms: tuple[FormInfo, ...]
    unit: UnitInfo
    own_tasks: tuple[TaskInfo, ...]  # the unit's own (every task in a document for the plan)
    own_rows: tuple[OccurrenceInfo, ...]

    def variables(self) -> dict:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


def plan_context(plan: Plan, rows: list[TaskRow]) -> Context:
    """The context of a document for the plan as a whole: its unit is the issuer."""
    occurrences = _occurrences(plan, rows)
    places = _places(plan)
    tasks = tuple(_tasks(plan, occurrences, places))
    issuer = plan.issuer
    unit = _unit(plan, vn.slug(issuer.called or issuer.name), issuer.name, issuer.called or issuer.name, issuer.parent,
                 issuer.code, issuer.place, plan.archive.units, _signature(plan), tasks)
    return Context(
        plan=_plan_info(plan), parent=_parent_info(plan),
        issuer=IssuerInfo(vn.upper(issuer.name.replace("\n", " ")), _upper(issuer.parent), issuer.called, issuer.code,
                          issuer.place),
        signature=_signature(plan), archive=_archive(plan.rules, plan.archive.units),
        recipients=tuple(RecipientInfo(", ".join(r.names), r.note, vn.recipient_line(r.names, r.note)) for r in plan.recipients),
        sections=_sections(plan, {t.id: t for t in tasks}, places), tasks=tasks, rows=occurrences,
        forms=tuple(FormInfo(f.id, f.title, f.subtitle) for f in plan.forms),
        unit=unit, own_tasks=tasks, own_rows=occurrences)


def owner_contexts(plan: Plan, rows: list[TaskRow]) -> dict[str, Context]:
    """File-name key -> the context of one task owner's document (its own tasks and rows)."""
    whole = plan_context(plan, rows)
    keys = owner_keys(rows)
    contexts = {}
    for owner, key in keys.items():
        if key in contexts:  # the same owner spelt another way: one document, named after the first
            continue
        own = tuple(t for t in whole.tasks if keys.get(t.owner) == key)
        unit = _unit(plan, key, owner, owner, plan.issuer.name, None, plan.issuer.place, (), None, own)
        contexts[key] = _for_unit(whole, unit, own)
    return contexts


def unit_contexts(plan: Plan, rows: list[TaskRow]) -> dict[str, Context]:
    """Registry key -> the context of one body's document: every body of plans/bodies.yaml but the issuer.
    Its own tasks are those whose owner names it (`called` or `name`)."""
    whole = plan_context(plan, rows)
    registry, _ = load_registry(registry_of(plan.inputs[0]))
    contexts = {}
    for key, body in registry.items():
        if (str(body["name"]), str(body["code"])) == (plan.issuer.name, plan.issuer.code):
            continue
        names = {vn.slug(str(body[k])) for k in ("name", "called") if body.get(k)}
        own = tuple(t for t in whole.tasks if vn.slug(t.owner) in names)
        unit = _unit(plan, key, str(body["name"]), str(body.get("called") or body["name"]), body.get("parent"),
                     str(body["code"]), str(body["place"]), tuple((body.get("archive") or {}).get("units", ())),
                     _body_signature(body), own)
        contexts[key] = _for_unit(whole, unit, own)
    return contexts


def _body_signature(body: dict) -> SignatureInfo | None:
    """The signature block of a registry body, as its own format prints it."""
    signature = body.get("signature")
    if not signature:
        return None
    authorities = rules.FORMATS[body["format"]].authorities
    authority = authorities.get(authority_code(str(signature.get("authority", ""))))
    lines: tuple[str, ...] = (f"{authority} {vn.upper(str(signature['head']))}",) if authority and signature.get("head") else ()
    lines += (vn.upper(str(signature["title"])),) if signature.get("title") else ()
    return SignatureInfo(lines, str(signature["name"]))


def _for_unit(whole: Context, unit: UnitInfo, own: tuple[TaskInfo, ...]) -> Context:
    ids = {t.id for t in own}
    rows = tuple(dataclasses.replace(row, index=index)
                 for index, row in enumerate((r for r in whole.rows if r.task_id in ids), start=1))
    return dataclasses.replace(whole, unit=unit, own_tasks=own, own_rows=rows)


def _plan_info(plan: Plan) -> PlanInfo:
    date = plan.date
    number_line = vn.document_number(plan.rules, plan.number, plan.type, plan.issuer.code)
    first, last = plan.years
    type_name = rules.TYPE_NAMES_IN_TEXT[plan.type]
    short = vn.citation(plan.rules, type_name, vn.number_symbol(plan.rules, plan.number, plan.type, plan.issuer.code),
                        plan.issuer.called or plan.issuer.name, date.year, date.month, date.day, in_text=True)
    return PlanInfo(
        format=plan.format, type_name=type_name,
        number=vn.pad_number(plan.number) if plan.number else vn.BLANK,
        number_symbol=vn.number_symbol(plan.rules, plan.number, plan.type, plan.issuer.code), number_line=number_line,
        date=VnDate(date.year, date.month, date.day),
        place_date=vn.spelled_date(plan.issuer.place, date.year, date.month, date.day),
        title=inline.plain(plan.title), about=vn.lower_first(inline.plain(plan.title)),
        citation=plan_citation(plan), citation_short=short,
        year=date.year, period=str(first) if first == last else f"{first} - {last}")


def _parent_info(plan: Plan) -> ParentInfo | None:
    implements = plan.implements
    if implements is None or implements.date is None or implements.format is None:
        return None
    date = implements.date
    return ParentInfo(
        type_name=rules.TYPE_NAMES_IN_TEXT[implements.type_code],
        number_symbol=parent_symbol(implements),
        date=VnDate(date.year, date.month, date.day), issuer=implements.issuer or "", about=implements.about or "",
        citation=parent_citation(implements, in_text=False), citation_short=parent_citation(implements))


def _signature(plan: Plan) -> SignatureInfo:
    """The lines above the room to sign, as the plan prints them: `KT. GIÁM ĐỐC`, `PHÓ GIÁM ĐỐC`."""
    signature = plan.signature
    authority = layout.authority_line(plan)
    lines: tuple[str, ...] = (authority,) if authority else ()
    if signature.title:
        lines += (vn.upper(signature.title),)
    return SignatureInfo(lines, signature.name)


def _archive(fmt: rules.FormatRules, units) -> str:
    return "- " + vn.archive_line(fmt, list(units) or [DOTS], None, None)


def _unit(plan: Plan, key: str, name: str, called: str, parent: str | None, code: str | None, place: str,
          archive_units, signature: SignatureInfo | None, own: tuple[TaskInfo, ...]) -> UnitInfo:
    report_to = next((t.report_to for t in own if t.report_to), plan.issuer.called or plan.issuer.name)
    return UnitInfo(
        key=key, name=vn.upper(name.replace("\n", " ")), called=called, parent=_upper(parent), code=code, place=place,
        number_line=vn.document_number(plan.rules, None, REPORT_TYPE, code or DOTS),
        place_date=vn.blank_date(place, plan.date.year),
        report_to=report_to, archive=_archive(plan.rules, archive_units),
        signature=signature or SignatureInfo(("THỦ TRƯỞNG ĐƠN VỊ",), DOTS))


def _upper(text: str | None) -> str | None:
    return vn.upper(text.replace("\n", " ")) if text else None


def _tasks(plan: Plan, occurrences: tuple[OccurrenceInfo, ...], places: Places) -> Iterator[TaskInfo]:
    by_task: dict[str | None, list[OccurrenceInfo]] = {}
    for occurrence in occurrences:
        by_task.setdefault(occurrence.task_id, []).append(occurrence)
    for item in plan.all_items():
        if item.task and item.id:  # a valid plan's task always has an id
            yield _task(item, item.id, item.task, *places[id(item)], tuple(by_task.get(item.id, ())),
                        plan.due_date(item.task))


def _task(item: Item, task_id: str, task: Task, label: str, reference: str,
          occurrences: tuple[OccurrenceInfo, ...], last_day: dt.date | None) -> TaskInfo:
    due = _vn_deadline(task.due.text, last_day) if task.due else None
    repeat = vn.lower_first(task.repeat.text) if task.repeat else None
    if repeat:
        dated = [str(o.due) for o in occurrences if o.due and not o.due.ongoing]
        deadline = f"{repeat}: " + ", ".join(dated) if dated else repeat
    else:
        deadline = str(due) if due else ""
    wording = inline.plain(task.summary) if task.summary else item_words(item)
    return TaskInfo(
        id=task_id, reference=reference, label=label, wording=wording, text=" ".join(_paragraphs(item)),
        paragraphs=_paragraphs(item), owner=task.owner, partners=", ".join(task.partners), due=due, repeat=repeat,
        deadline=deadline, report_to=task.report_to, product=task.product, occurrences=occurrences)


def _paragraphs(item: Item) -> tuple[str, ...]:
    """An item's paragraphs as plain text, its deadline filled in; its title when it has no text."""
    text = tuple(inline.plain(p) for p in paragraphs(layout.fill_placeholders(item, item.text)))
    return text or (inline.plain(item.title or ""),)


def _occurrences(plan: Plan, rows: list[TaskRow]) -> tuple[OccurrenceInfo, ...]:
    """The checklist's rows, numbered in deadline order; a recurring task's labelled by the period it covers."""
    repeats = {item.id: item.task.repeat.every for item in plan.all_items() if item.task and item.task.repeat}
    return tuple(_occurrence(index, row, repeats.get(row.item_id)) for index, row in enumerate(rows, start=1))


def _occurrence(index: int, row: TaskRow, every: str | None) -> OccurrenceInfo:
    period = row.period if every else None
    due = _vn_deadline(row.deadline, row.due)
    return OccurrenceInfo(index, row.item_id, row.where, row.wording, period, due, row.owner, ", ".join(row.partners),
                          row.report_to, row.product)


def _sections(plan: Plan, tasks: dict[str, TaskInfo], places: Places) -> tuple[SectionInfo, ...]:
    out = []
    for part, number, section in numbered_sections(plan):
        roman = vn.roman(number)
        out.append(SectionInfo(roman, f"{roman}. {vn.upper(section.title).rstrip('.')}", section.title,
                               tuple(inline.plain(p) for p in paragraphs(section.text)),
                               _items(section.items, places, tasks), part_name(part) if part else None))
    return tuple(out)


def _items(items: tuple[Item, ...], places: Places, tasks: dict[str, TaskInfo]) -> tuple[ItemInfo, ...]:
    return tuple(ItemInfo(item.id, *places[id(item)], inline.plain(item.title) if item.title else None,
                          item_words(item), _paragraphs(item), _items(item.items, places, tasks),
                          tasks.get(item.id) if item.task and item.id else None) for item in items)


def _places(plan: Plan) -> Places:
    """Each item (by identity) -> its printed label (`1.`, `a)`, `-`) and its reference (`III.2.a`)."""
    references = {id(item): reference for reference, item in item_references(plan)}
    places: Places = {}

    def walk(items: tuple[Item, ...], numbering: str, parent_label: str) -> None:
        for item, label in zip(items, item_labels(items, numbering, parent_label)):
            places[id(item)] = (label, references[id(item)])
            walk(item.items, item_numbering(item.numbering), label)

    for section in plan.all_sections:
        walk(section.items, section_numbering(section.numbering), "")
    return places
