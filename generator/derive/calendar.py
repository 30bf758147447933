"""The deadlines as an iCalendar file (RFC 5545), one all-day event per due date.

A deadline that is a period (`Quý II/2022`, `Trước ngày 15/10`) has its event on
its last day (30/6/2022, 14/10), and the summary says so (`Hạn cuối quý
II/2022: ...`); an ongoing duty (`Thường xuyên`) has none, and the calendar's
description (X-WR-CALDESC) says how many were left out.

An event's UID names the duty and its occurrence, never its date: the plan's
path, the item's id and, for a recurring duty, the period it covers
(`so-y-te-ha-tinh/2020/799-kh-syt/bao-cao-ket-qua/quy-i-2020@kehoach`). Moving
a deadline keeps the UID, so importing the revised plan updates the event
instead of adding a copy. SEQUENCE is the plan's `revision` (0 without one) and
DTSTAMP the plan's date at 00:00 UTC: both come from the YAML, so the same plan
gives the same bytes, and a revision (a higher SEQUENCE, or a later date) is
what calendar clients take as an update (RFC 5545 3.8.7.4, RFC 5546 2.1.5).
"""
from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event

from .. import inline, vn
from ..model import Plan
from .appendix import plan_citation
from .tasks import TaskRow


def event_uid(plan_key: str, row: TaskRow) -> str:
    """plan path / item id [/ period] @kehoach: each part an ASCII name, "/" between them."""
    plan = "/".join(vn.slug(part) or part.encode("utf-8").hex() for part in plan_key.split("/"))
    return "/".join(filter(None, (plan, row.item_id, row.occurrence))) + "@kehoach"


def calendar_ics(plan: Plan, rows: list[TaskRow], plan_key: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//kehoach//Kế hoạch//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"Kế hoạch: {inline.plain(plan.title)}")
    if ongoing := without_event(rows):
        calendar.add("x-wr-caldesc", f"{ongoing} nhiệm vụ thường xuyên (không có ngày) không có sự kiện trong lịch")
    stamp = dt.datetime.combine(plan.date.as_date(), dt.time(), dt.timezone.utc)
    sequence = plan.revision or 0
    for row in rows:
        if row.due is None:  # an ongoing duty ("Thường xuyên") has no day: no event (see without_event)
            continue
        event = Event()
        event.add("uid", event_uid(plan_key, row))
        event.add("dtstamp", stamp)
        event.add("sequence", sequence)
        event.add("dtstart", row.due)
        event.add("dtend", row.due + dt.timedelta(days=1))
        event.add("summary", f"Hạn: {row.wording}" if not row.period_deadline else f"Hạn cuối {vn.lower_first(row.deadline)}: {row.wording}")
        event.add("description", _description(plan, row))
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()


def without_event(rows: list[TaskRow]) -> int:
    """How many ongoing duties the calendar leaves out: they have no day."""
    return sum(row.ongoing for row in rows)


def _description(plan: Plan, row: TaskRow) -> str:
    lines = [f"Thời hạn: {row.deadline} (sự kiện vào ngày cuối, {vn.short_date(row.due)})"] if row.due and row.period_deadline else []
    lines.append(f"Chủ trì: {row.owner}")
    if row.partners:
        lines.append("Phối hợp: " + ", ".join(row.partners))
    if row.product:
        lines.append(f"Sản phẩm: {row.product}")
    if row.report_to:
        lines.append(f"Báo cáo gửi: {row.report_to}")
    lines.append(f"{plan_citation(plan)}, mục {row.where}")
    return "\n".join(lines)
