"""The plan's tasks as concrete duties: one row per task and due date.

A recurring task (`repeat`) becomes one row per period inside the plan's
period, from the plan's date (or `repeat.start`), and one ongoing row when it
`continues` after the period; rows are sorted by the deadline's last day, then
ongoing duties, then tasks without a deadline.
"""
from __future__ import annotations

import itertools
import datetime as dt
from dataclasses import dataclass

from .. import inline, vn
from ..layout import item_words
from ..limits import OWNER_KEY_LENGTH
from ..model import Item, Plan, Task, recurrence_dates
from ..places import item_references


@dataclass(frozen=True)
class TaskRow:
    item_id: str | None  # a task has an id once the plan is valid; typed as the Item's
    where: str  # "III.1": the item's place in the plan
    wording: str
    owner: str
    partners: tuple[str, ...]
    due: dt.date | None  # the deadline's last day: the calendar's day and the sort key
    report_to: str | None
    product: str | None
    period: str | None = None  # the period a recurring duty covers ("quý I/2020"); None for a one-off
    deadline: str = ""  # as the plan writes it: "15/10/2020", "Quý II/2022", "Thường xuyên"
    ongoing: bool = False  # no last day: no calendar event, sorted after the dated rows

    @property
    def occurrence(self) -> str:
        """Which occurrence of its duty the row is, without its date: the period for a recurring duty."""
        return vn.slug(self.period) if self.period else ""

    @property
    def period_deadline(self) -> bool:
        """Whether the deadline is a period (`Quý II/2022`) whose last day stands for it."""
        return self.due is not None and self.deadline != vn.short_date(self.due)


def task_rows(plan: Plan) -> list[TaskRow]:
    """Rows by deadline: dated rows by their last day, then ongoing duties, then tasks without one;
    in the plan's order among equals."""
    rows = []
    for where, item in item_references(plan):
        if item.task:
            rows += _rows_of(plan, item, item.task, where)
    order = {id(row): index for index, row in enumerate(rows)}
    return sorted(rows, key=lambda row: (_rank(row), row.due or dt.date.max, order[id(row)]))


def _rank(row: TaskRow) -> int:
    return 0 if row.due else 1 if row.ongoing else 2


def _rows_of(plan: Plan, item: Item, task: Task, where: str) -> list[TaskRow]:
    def row(wording: str, due: dt.date | None, deadline: str, period: str | None = None, ongoing: bool = False) -> TaskRow:
        return TaskRow(item_id=item.id, where=where, wording=wording, owner=task.owner, partners=task.partners,
                       due=due, report_to=task.report_to, product=task.product, period=period, deadline=deadline,
                       ongoing=ongoing)

    wording = inline.plain(task.summary) if task.summary else item_words(item)
    repeat = task.repeat
    if repeat is None:
        return [row(wording, plan.due_date(task), task.due.text if task.due else "", ongoing=bool(task.due and task.due.ongoing))]
    periods = [(d, vn.period_name(repeat.every, d.year, d.month)) for d in recurrence_dates(plan, repeat)]
    rows = [row(f"{wording} ({period})", d, vn.short_date(d), period) for d, period in periods]
    if repeat.continues:
        later = f"các kỳ sau năm {plan.years[1]}"
        rows.append(row(f"{wording} ({later})", None, repeat.text, later, ongoing=True))
    return rows


def owners(rows: list[TaskRow]) -> dict[str, str]:
    """File-name key -> owner, in order of first appearance; spellings that differ only in case
    or accents share one checklist, named after the first. Owners whose names differ only past
    the key's length get keys of their own (`...-2`), so no owner's rows are left out."""
    found: dict[str, str] = {}
    for owner, key in owner_keys(rows).items():
        found.setdefault(key, owner)
    return found


def owner_keys(rows: list[TaskRow]) -> dict[str, str]:
    """Each owner as typed -> its file-name key (`phong-to-chuc-can-bo`); spellings that differ only
    in case or accents share a key. Owners whose names differ only past the key's length get keys
    of their own (`...-2`), so no owner's rows are left out of every per-owner checklist."""
    keys: dict[str, str] = {}
    by_slug: dict[str, str] = {}
    for row in rows:
        if row.owner in keys:
            continue
        full = vn.slug(row.owner)
        same = full or row.owner  # a name of no letters (`!!!`) is its own
        if same not in by_slug:
            key = full[:OWNER_KEY_LENGTH].rstrip("-") or f"don-vi-{len(set(by_slug.values())) + 1}"
            for number in itertools.count(2):
                if key not in by_slug.values():
                    break
                suffix = f"-{number}"
                key = full[:OWNER_KEY_LENGTH - len(suffix)].rstrip("-") + suffix
            by_slug[same] = key
        keys[row.owner] = by_slug[same]
    return keys
