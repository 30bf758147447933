"""Bảng phân công nhiệm vụ và theo dõi tiến độ: the tasks as a landscape table,
as an appendix of the plan, and as CSV for a spreadsheet.
"""
from __future__ import annotations

import csv
import io

from .. import rules, vn
from ..layout import Block, Document, Metrics, PageSection, Para, Table, plain_para, properties
from ..model import Plan
from .appendix import CHECKLIST, frame, plan_citation
from .tasks import TaskRow

TITLE = "Bảng phân công nhiệm vụ và theo dõi tiến độ"
# A spreadsheet reads a cell starting with one of these as a formula (CSV injection); OWASP's
# remedy: a single quote before it, which the spreadsheet shows as text. Spaces before it count too.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def checklist_section(plan: Plan, rows: list[TaskRow], metrics: Metrics, owner: str | None = None) -> PageSection:
    """The checklist as the plan's appendix (`Phụ lục I`, `Kèm theo ...`) when the plan attaches it;
    otherwise headed as a document of its own, citing the plan it carries out."""
    blocks: list[Block]
    if CHECKLIST in plan.appendices:
        blocks = [*frame(plan, CHECKLIST, TITLE)]
    else:
        blocks = [plain_para("KH Appendix Title", vn.upper(TITLE)),
                  plain_para("KH Appendix Reference", f"(Thực hiện {plan_citation(plan)})")]
    if owner:
        blocks.append(plain_para("KH Form Heading", f"Đơn vị chủ trì: {owner}"))
    blocks.append(_table(metrics, [row for row in rows if owner is None or vn.slug(row.owner) == vn.slug(owner)]))
    return PageSection(blocks, landscape=True)


def checklist_document(plan: Plan, rows: list[TaskRow], metrics: Metrics, owner: str | None = None) -> Document:
    title = vn.upper(TITLE) + (f" - {owner}" if owner else "")
    return Document(plan.format, properties(plan, title), [checklist_section(plan, rows, metrics, owner)])


def _table(metrics: Metrics, rows: list[TaskRow]) -> Table:
    width = metrics.landscape_text_width_mm  # the page turned to landscape
    widths = tuple(round(width * share, 2) for _, share in rules.CHECKLIST_COLUMNS)
    header = tuple((plain_para("KH Table Header", name),) for name, _ in rules.CHECKLIST_COLUMNS)
    body = tuple(_cells(index, row) for index, row in enumerate(rows, start=1))
    return Table(widths, (header, *body), grid=True, header_rows=1)


def _cells(index: int, row: TaskRow) -> tuple[tuple[Para, ...], ...]:
    product = [plain_para("KH Table Cell", row.product)] if row.product else []
    if row.report_to:
        product.append(plain_para("KH Table Cell", f"Gửi: {row.report_to}"))
    return (
        (plain_para("KH Table Cell Center", str(index)),),
        (plain_para("KH Table Cell", row.wording),),
        (plain_para("KH Table Cell Center", row.where),),
        (plain_para("KH Table Cell", row.owner),),
        (plain_para("KH Table Cell", ", ".join(row.partners)),) if row.partners else (),
        (plain_para("KH Table Cell Center", row.deadline),),
        tuple(product),
        (plain_para("KH Table Cell Center", rules.TICK_BOX),),
    )


def checklist_csv(rows: list[TaskRow]) -> bytes:
    """UTF-8 with a byte order mark, so Excel opens the Vietnamese text correctly; every cell
    quoted, and a text that a spreadsheet would run as a formula neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(["STT", "Nội dung nhiệm vụ", "Mục", "Chủ trì", "Phối hợp", "Thời hạn",
                     "Sản phẩm", "Gửi báo cáo", "Tình trạng"])
    for index, row in enumerate(rows, start=1):
        writer.writerow([str(index), *map(csv_cell, (row.wording, row.where, row.owner, ", ".join(row.partners))),
                         row.deadline, csv_cell(row.product or ""),
                         csv_cell(row.report_to or ""), ""])
    return out.getvalue().encode("utf-8-sig")


def csv_cell(text: str) -> str:
    """A text cell as typed, with `'` before it when it would start a formula (OWASP: CSV injection)."""
    return "'" + text if text.lstrip(" ").startswith(FORMULA_START) else text
