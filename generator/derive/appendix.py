"""What every appendix starts with: `Phụ lục I`, its title, the reference line."""
from __future__ import annotations

from .. import rules, vn
from ..layout import Para, plain_para
from ..model import Plan

CHECKLIST = "checklist"


def appendix_order(plan: Plan) -> list[str]:
    """Appendix names in numbering order: those attached to the plan first, then the others."""
    derived = ([CHECKLIST] if any(item.task for item in plan.all_items()) else []) + [f.id for f in plan.forms]
    return list(plan.appendices) + [name for name in derived if name not in plan.appendices]


def frame(plan: Plan, name: str, title: str) -> list[Para]:
    order = appendix_order(plan)
    return [
        plain_para("KH Appendix Heading", vn.appendix_heading(plan.rules, order.index(name) + 1, len(order))),
        plain_para("KH Appendix Title", vn.upper(title)),
        plain_para("KH Appendix Reference", reference_line(plan)),
    ]


def reference_line(plan: Plan) -> str:
    """`(Kèm theo Kế hoạch số 799/KH-SYT ngày 31 tháng 3 năm 2020 của Sở Y tế)`."""
    return f"(Kèm theo {plan_citation(plan)})"


def plan_citation(plan: Plan) -> str:
    """`Kế hoạch số 799/KH-SYT ngày 31 tháng 3 năm 2020 của Sở Y tế`."""
    number = vn.number_symbol(plan.rules, plan.number, plan.type, plan.issuer.code)
    date = plan.date
    return vn.citation(plan.rules, rules.TYPE_NAMES_IN_TEXT[plan.type], number, plan.issuer.called or plan.issuer.name,
                       date.year, date.month, date.day)
