"""Registration forms (phiếu đăng ký, bản cam kết) to print and fill by hand.

Criteria are taken from the plan's own items by id, so a criterion is written
once: edit it in the plan and the form changes with it.
"""
from __future__ import annotations

from collections.abc import Sequence

from .. import inline, rules, vn
from ..layout import (
    Block, Document, Metrics, PageSection, Para, Table, item_words, national_block, plain_para, properties,
)
from ..model import Form, Item, Plan
from .appendix import frame

DEFAULT_FIELDS = {
    "individual": ("Họ và tên", "Chức vụ", "Đơn vị công tác"),
    "collective": ("Tên tập thể", "Người đứng đầu"),
}
DEFAULT_COLUMNS = ("Nội dung đăng ký", "Cách thức thực hiện", "Thời gian thực hiện", "Kết quả dự kiến")
DEFAULT_SIGNER = {"individual": "Người đăng ký", "collective": "Thủ trưởng đơn vị"}
DEFAULT_CONFIRM = {"individual": "Xác nhận của thủ trưởng đơn vị", "collective": None}
DOTS = "………"
BLANK_DATE = f"{DOTS}, ngày …… tháng …… năm ……"


def criterion_text(item: Item) -> str:
    """The words of a criterion item as the form prints them: its first paragraph,
    without the colon that introduced its sub-points in the plan."""
    return item_words(item).rstrip().rstrip(":").rstrip()


def form_blocks(plan: Plan, form: Form, metrics: Metrics) -> list[Block]:
    blocks: list[Block] = [*national_block(plan, metrics, metrics.text_width_mm)]
    blocks += [plain_para("KH Form Title", vn.upper(form.title))]
    if form.subtitle:
        blocks.append(Para("KH Form Subtitle", tuple(inline.parse(form.subtitle))))
    blocks += [plain_para("KH Form Field", f"{name}:\t") for name in form.fields or DEFAULT_FIELDS[form.audience]]
    blocks += [plain_para("KH Form Heading", "Nội dung đăng ký:"), _entries(plan, form, metrics)]
    if form.criteria:
        blocks.append(plain_para("KH Form Heading", form.criteria_title or "Tiêu chí đăng ký thực hiện:"))
        blocks += [plain_para("KH Form Criterion", f"{rules.TICK_BOX} {criterion_text(item)}")
                   for item in _criteria(plan, form.criteria)]
    blocks.append(_signatures(form, metrics))
    return blocks


def _criteria(plan: Plan, ids: Sequence[str]) -> list[Item]:
    items = [plan.find_item(item_id) for item_id in ids]
    return [item for item in items if item is not None]  # model.py checks that each names an item


def form_document(plan: Plan, form: Form, metrics: Metrics) -> Document:
    return Document(plan.format, properties(plan, vn.upper(form.title)), [PageSection(form_blocks(plan, form, metrics))])


def form_appendix(plan: Plan, form: Form, metrics: Metrics) -> PageSection:
    return PageSection([*frame(plan, form.id, f"Mẫu {form.title}"), *form_blocks(plan, form, metrics)])


def _entries(plan: Plan, form: Form, metrics: Metrics) -> Table:
    columns = form.columns or DEFAULT_COLUMNS
    text_mm = metrics.text_width_mm
    number_mm = plan.rules.geometry.form_number_column_mm
    other = round((text_mm - number_mm) / len(columns), 2)
    header = ((plain_para("KH Table Header", "STT"),), *((plain_para("KH Table Header", c),) for c in columns))
    rows = tuple(((plain_para("KH Table Cell Center", str(n)),), *(() for _ in columns)) for n in range(1, form.entries + 1))
    return Table((number_mm, *[other] * len(columns)), (header, *rows), grid=True, header_rows=1,
                 row_height_mm=rules.FORM_ENTRY_HEIGHT_MM)


def _signatures(form: Form, metrics: Metrics) -> Table:
    confirm = form.confirm if form.confirm is not None else DEFAULT_CONFIRM[form.audience]
    signer = form.signer or DEFAULT_SIGNER[form.audience]
    left = [plain_para("KH Form Date", ""), plain_para("KH Form Signer", vn.upper(confirm)),
            plain_para("KH Form Hint", "(Ký tên, đóng dấu)")] if confirm else []
    right = [plain_para("KH Form Date", BLANK_DATE), plain_para("KH Form Signer", vn.upper(signer)),
             plain_para("KH Form Hint", "(Ký, ghi rõ họ tên)")]
    half = round(metrics.text_width_mm / 2, 2)
    return Table((half, half), ((tuple(left), tuple(right)),))
