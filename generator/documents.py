"""Every document of one plan, as bytes: the plan with its appendices, the
checklists, the forms, the calendar and the office's own documents (Word
templates with fields); the plan's own kinds all written into one template (the
built-in one of the plan's format unless given). Nothing here touches the disk."""
from __future__ import annotations

from .derive.checklist import checklist_csv, checklist_document, checklist_section
from .derive.forms import form_appendix, form_document
from .derive.tasks import owners, task_rows
from .layout import Metrics, layout
from .model import Plan
from .render import builtin_template_bytes, render, template_metrics

ALL = ("plan", "checklist", "forms", "calendar", "documents")


def render_outputs(plan: Plan, plan_key: str, only: tuple[str, ...] = ALL, by_owner: bool = False,
                   template: bytes | None = None) -> dict[str, bytes]:
    """Every document of one plan, or of the kinds in `only`: file suffix -> bytes."""
    template = template or builtin_template_bytes(plan.format)
    metrics = template_metrics(template)
    rows = task_rows(plan)
    outputs = {}
    if "plan" in only:
        outputs[".docx"] = render(_plan_layout(plan, rows, metrics), template)
    if "checklist" in only and rows:
        outputs.update(_checklists(plan, rows, by_owner or plan.checklist.by_owner, metrics, template))
    if "forms" in only and plan.forms:
        outputs.update({f".{form.id}.docx": render(form_document(plan, form, metrics), template) for form in plan.forms})
    if "calendar" in only and any(row.due for row in rows):
        from .derive.calendar import calendar_ics  # icalendar costs 100 ms of start-up; most builds need no .ics

        outputs[".ics"] = calendar_ics(plan, rows, plan_key)
    if "documents" in only and plan.documents:
        from .derive.office import office_outputs  # docxtpl and jinja2: some 75 ms of start-up most plans never need

        outputs.update(office_outputs(plan, rows))
    return outputs


def _plan_layout(plan, rows, metrics: Metrics):
    appendices = []
    for name in plan.appendices:
        if name == "checklist":
            appendices.append(checklist_section(plan, rows, metrics))
        else:
            appendices.append(form_appendix(plan, next(form for form in plan.forms if form.id == name), metrics))
    return layout(plan, appendices, metrics)


def _checklists(plan, rows, by_owner: bool, metrics: Metrics, template: bytes) -> dict[str, bytes]:
    outputs = {".checklist.docx": render(checklist_document(plan, rows, metrics), template),
               ".checklist.csv": checklist_csv(rows)}
    if by_owner:
        for key, owner in owners(rows).items():
            outputs[f".checklist.{key}.docx"] = render(checklist_document(plan, rows, metrics, owner), template)
    return outputs
