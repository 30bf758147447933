"""The deadlines as an iCalendar file (RFC 5545), one all-day event per due date.

UIDs are built from the plan's path, the item's id and the date, so importing
a revised plan updates its events instead of adding copies.
"""
from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event

from .. import inline, vn
from ..model import Plan
from .appendix import plan_citation
from .tasks import TaskRow


def event_uid(plan_key: str, row: TaskRow) -> str:
    return f"{row.item_id}-{row.due:%Y%m%d}-{vn.slug(plan_key)}@kehoach"


def calendar_ics(plan: Plan, rows: list[TaskRow], plan_key: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//kehoach//Kế hoạch//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Kế hoạch: {inline.plain(plan.title)}")
    stamp = dt.datetime.combine(plan.date.as_date(), dt.time(), dt.timezone.utc)
    for row in rows:
        if row.due is None:
            continue
        event = Event()
        event.add("uid", event_uid(plan_key, row))
        event.add("dtstamp", stamp)
        event.add("dtstart", row.due)
        event.add("dtend", row.due + dt.timedelta(days=1))
        event.add("summary", f"Hạn: {row.wording}")
        event.add("description", _description(plan, row))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()


def _description(plan: Plan, row: TaskRow) -> str:
    lines = [f"Chủ trì: {row.owner}"]
    if row.partners:
        lines.append("Phối hợp: " + ", ".join(row.partners))
    if row.product:
        lines.append(f"Sản phẩm: {row.product}")
    if row.report_to:
        lines.append(f"Báo cáo gửi: {row.report_to}")
    lines.append(f"{plan_citation(plan)}, mục {row.where}")
    return "\n".join(lines)
