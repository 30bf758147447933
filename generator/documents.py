"""Every document of one plan, as bytes: the plan with its appendices, the
checklists, the forms and the calendar. Nothing here touches the disk."""
from __future__ import annotations

from .derive.checklist import checklist_csv, checklist_document, checklist_section
from .derive.forms import form_appendix, form_document
from .derive.tasks import owners, task_rows
from .layout import layout
from .model import Plan
from .render import render

ALL = ("plan", "checklist", "forms", "calendar")


def render_outputs(plan: Plan, plan_key: str, only: tuple[str, ...] = ALL, by_owner: bool = False) -> dict[str, bytes]:
    """Every document of one plan, or of the kinds in `only`: file suffix -> bytes."""
    rows = task_rows(plan)
    outputs = {}
    if "plan" in only:
        outputs[".docx"] = _plan_document(plan, rows)
    if "checklist" in only and rows:
        outputs.update(_checklists(plan, rows, by_owner or plan.checklist.by_owner))
    if "forms" in only and plan.forms:
        outputs.update({f".{form.id}.docx": render(form_document(plan, form)) for form in plan.forms})
    if "calendar" in only and any(row.due for row in rows):
        from .derive.calendar import calendar_ics  # icalendar costs 100 ms of start-up; most builds need no .ics

        outputs[".ics"] = calendar_ics(plan, rows, plan_key)
    return outputs


def _plan_document(plan, rows) -> bytes:
    appendices = []
    for name in plan.appendices:
        if name == "checklist":
            appendices.append(checklist_section(plan, rows))
        else:
            appendices.append(form_appendix(plan, next(form for form in plan.forms if form.id == name)))
    return render(layout(plan, appendices))


def _checklists(plan, rows, by_owner: bool) -> dict[str, bytes]:
    outputs = {".checklist.docx": render(checklist_document(plan, rows)), ".checklist.csv": checklist_csv(rows)}
    if by_owner:
        for key, owner in owners(rows).items():
            outputs[f".checklist.{key}.docx"] = render(checklist_document(plan, rows, owner))
    return outputs
