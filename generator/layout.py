"""Plan -> a flat description of the document: tables and paragraphs, each
paragraph a named style and inline runs. Every label, date and line length is
decided here; render.py only writes what it is given.

Lengths are measured with the Metrics of the template the document will be
rendered with (its page, each style's size and weight), so a line under an
issuer restyled to 12 pt is as long as the 12 pt name. Without Metrics, those
of the built-in template, which rules.py describes.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

from . import inline, rules, vn
from .inline import Run
from .model import DUE_PLACEHOLDER, Item, Part, Plan, Section
from .places import item_labels, item_numbering, numbered_sections, part_name, section_numbering, star_label
from .textwidth import text_width_mm

STYLE_OF_NUMBERING = {
    "decimal": "KH Item", "nested": "KH Item", "letters": "KH Point",
    "dash": "KH Bullet", "plus": "KH Bullet", "star": "KH Bullet", "none": "KH Body",
}


@dataclass(frozen=True)
class Font:
    size: float  # pt
    bold: bool


@dataclass(frozen=True)
class Metrics:
    """What layout measures with, read once from the template used."""

    page: rules.Page
    fonts: dict[str, Font]  # paragraph style name -> its effective font
    missing: Font  # a style the template lacks: Word shows its default paragraph style

    def font(self, style: str) -> Font:
        return self.fonts.get(style, self.missing)

    @property
    def text_width_mm(self) -> float:
        return self.page.text_width_mm

    @property
    def landscape_text_width_mm(self) -> float:
        return self.page.height_mm - self.page.left_mm - self.page.right_mm


def rules_metrics(fmt: rules.FormatRules) -> Metrics:
    """The metrics of the built-in template of a format, from the rules it is generated from."""
    fonts = {name: Font(rules.effective(fmt.styles, name, "size", rules.DEFAULT_SIZE),
                        bool(rules.effective(fmt.styles, name, "bold", False)))
             for name in fmt.styles}
    return Metrics(fmt.page, fonts, Font(rules.DEFAULT_SIZE, False))


@dataclass(frozen=True)
class Para:
    style: str
    runs: tuple[Run, ...] = ()
    indent_mm: float | None = None  # both sides: centres a drawn line or a box
    right_indent_mm: float | None = None  # the right side's own indent (indent_mm is then the left's)
    keep_next: bool = False  # on the same page as what follows (the body's end and the signature)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class Table:
    widths_mm: tuple[float, ...]
    rows: tuple[tuple[tuple[Block, ...], ...], ...]  # a cell holds paragraphs, and tables (a group of recipients)
    grid: bool = False  # ruled cells (checklists, forms); layout tables have no borders
    header_rows: int = 0  # repeated at the top of every page
    row_height_mm: float | None = None  # at least this tall: room to write by hand
    ruled_sides: tuple[tuple[str, ...], ...] = ()  # per column, the sides of its cells drawn: ("top", "right", "bottom") is a `]`
    middle_columns: tuple[int, ...] = ()  # columns whose cells are centred between the row's top and bottom

    def paragraphs(self) -> Iterator[Para]:
        """Every paragraph in reading order: row by row, cell by cell, into the tables inside cells."""
        for row in self.rows:
            for cell in row:
                for block in cell:
                    if isinstance(block, Table):
                        yield from block.paragraphs()
                    else:
                        yield block


Block = Para | Table  # what a page section holds, in order


@dataclass(frozen=True)
class Properties:
    title: str
    subject: str
    author: str
    created: str  # ISO date: the plan's own date, so the bytes never depend on the clock


@dataclass
class PageSection:
    """A run of pages with one orientation, numbered from 1 (page 1 unnumbered)."""

    blocks: list[Block] = field(default_factory=list)  # in order
    landscape: bool = False


@dataclass
class Document:
    format: str
    properties: Properties
    sections: list[PageSection] = field(default_factory=list)


def layout(plan: Plan, appendices: Sequence[PageSection] = (), metrics: Metrics | None = None) -> Document:
    """The plan itself, followed by any appendices (each on its own pages)."""
    metrics = metrics or rules_metrics(plan.rules)
    blocks: list[Block] = [*_draft_mark(plan, metrics), _header(plan, metrics), *_title(plan, metrics)]
    body = [_lead_in_kept_with_next(para) for para in _body(plan)]
    body[-1] = replace(_with_end_mark(body[-1], plan.rules.end_mark), keep_next=True)
    blocks += [*body, _signature(plan, metrics)]
    return Document(plan.format, properties(plan), [PageSection(blocks), *appendices])


def properties(plan: Plan, title: str | None = None) -> Properties:
    return Properties(
        title=title or inline.plain(plan.title),
        subject=rules.TYPE_NAMES_IN_TEXT[plan.type],
        author=vn.upper(plan.issuer.name),
        created=plan.date.as_date().isoformat(),
    )


def plain_para(style: str, text: str) -> Para:
    return Para(style, (Run(text),))


def rule(cell_mm: float, text_mm: float, share: float = 1.0) -> Para:
    """A drawn line, share of the text's longest line, centred in a cell (or the text area).

    Text wider than its cell wraps, so its longest line is at most the cell.
    """
    return Para("KH Rule", indent_mm=rule_indent_mm(cell_mm, text_mm, share))


def rule_indent_mm(cell_mm: float, text_mm: float, share: float = 1.0) -> float:
    """The indent on each side of a drawn line: what centres it in its cell."""
    line_mm = share * min(text_mm, cell_mm)
    return round((cell_mm - line_mm) / 2, 2)


def width_of(metrics: Metrics, style: str, lines: list[str]) -> float:
    """The longest of the lines, set in the style's size and weight."""
    font = metrics.font(style)
    return max(text_width_mm(line, font.size, font.bold) for line in lines)


def _header(plan: Plan, metrics: Metrics) -> Table:
    geometry = plan.rules.geometry
    left_mm = round(metrics.text_width_mm * geometry.header_left, 2)
    right_mm = round(metrics.text_width_mm - left_mm, 2)
    number = [plain_para("KH Number", vn.document_number(plan.rules, plan.number, plan.type, plan.issuer.code))]
    if plan.urgency:
        box_mm = width_of(metrics, "KH Urgency", [plan.urgency]) + geometry.urgency_box_padding_mm
        number.append(Para("KH Urgency", (Run(plan.urgency),), indent_mm=round((left_mm - box_mm) / 2, 2)))
    date = plan.date
    place_date = [plain_para("KH Place Date", vn.spelled_date(plan.issuer.place, date.year, date.month, date.day))]
    # Two rows keep the number and the place-date on one line whatever the left column holds.
    return Table((left_mm, right_mm), (
        (tuple(_issuer_block(plan, metrics, left_mm)), tuple(national_block(plan, metrics, right_mm))),
        (tuple(number), tuple(place_date)),
    ))


def _issuer_block(plan: Plan, metrics: Metrics, cell_mm: float) -> list[Para]:
    lines = [vn.upper(line.strip()) for line in plan.issuer.name.split("\n")]
    parents = [vn.upper(line.strip()) for line in (plan.issuer.parent or "").split("\n") if line.strip()]
    block = [plain_para("KH Issuer Parent", line) for line in parents]
    block += [plain_para("KH Issuer", line) for line in lines]
    if plan.rules.issuer_mark:
        block.append(plain_para("KH Issuer Mark", plan.rules.issuer_mark))
    else:
        block.append(rule(cell_mm, width_of(metrics, "KH Issuer", lines), plan.rules.geometry.issuer_line))
    return block


def draft_mark(plan: Plan) -> str | None:
    """`DỰ THẢO`, `DỰ THẢO LẦN 2`: the mark of a plan without a number, unless `draft: false`
    (the copy taken to be signed, numbered by the records office afterwards); None without the mark."""
    if plan.draft is False or (plan.draft is None and plan.number is not None):
        return None
    return rules.DRAFT_MARK if plan.draft is True or plan.draft is None else rules.DRAFT_ROUND_MARK.format(round=plan.draft)


def _draft_mark(plan: Plan, metrics: Metrics) -> list[Para]:
    """The draft mark boxed at the top right of the first page, above the header."""
    text = draft_mark(plan)
    if text is None:
        return []
    box_mm = width_of(metrics, "KH Draft Mark", [text]) + plan.rules.geometry.draft_box_padding_mm
    return [Para("KH Draft Mark", (Run(text),), indent_mm=round(metrics.text_width_mm - box_mm, 2), right_indent_mm=0)]


def national_block(plan: Plan, metrics: Metrics, cell_mm: float) -> list[Para]:
    """`CỘNG HÒA ... / Độc lập - Tự do - Hạnh phúc` or `ĐẢNG CỘNG SẢN VIỆT NAM`, a line under the last."""
    block = [plain_para(style, text) for style, text in plan.rules.national]
    last_style, last_text = plan.rules.national[-1]
    block.append(rule(cell_mm, width_of(metrics, last_style, [last_text])))
    return block


def _title(plan: Plan, metrics: Metrics) -> list[Para]:
    title = [plain_para("KH Type Name", rules.TYPE_NAMES[plan.type]), Para("KH Summary", tuple(inline.parse(plan.title)))]
    if plan.rules.summary_mark:
        return title + [plain_para("KH Summary Mark", plan.rules.summary_mark)]
    summary_mm = width_of(metrics, "KH Summary", [inline.plain(plan.title)])
    return title + [rule(metrics.text_width_mm, summary_mm, plan.rules.geometry.summary_line)]


def paragraphs(text: str | None) -> list[str]:
    """One paragraph per line; blank lines are only separators."""
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


def text_paras(style: str, text: str | None, label: str = "") -> list[Para]:
    paras = []
    for index, paragraph in enumerate(paragraphs(text)):
        runs = inline.parse(paragraph)
        if index == 0 and label:
            runs = [Run(label + " "), *runs]
        paras.append(Para(style if index == 0 else "KH Body", tuple(runs)))
    return paras


def _body(plan: Plan) -> list[Para]:
    body = []
    for index, basis in enumerate(plan.bases):
        mark = "." if index == len(plan.bases) - 1 else ";"
        text = plan.rules.basis_prefix + vn.ensure_end(basis, mark)
        body.append(Para("KH Basis", tuple(inline.parse(text))))
    body += text_paras("KH Body", plan.intro)
    for part, number, section in numbered_sections(plan):
        if part and number == 1:
            body += _part(plan.parts[part - 1], part)
        body += _section(section, number)
    body += text_paras("KH Body", plan.closing)
    return body


def _part(part: Part, number: int) -> list[Para]:
    """`Phần II` on its own line, the part's title in capitals on the next."""
    return [Para("KH Part", (Run(part_name(number)),), keep_next=True),
            Para("KH Part", (Run(vn.upper(" ".join(part.title.split())).rstrip(".")),), keep_next=True)]


def _section(section: Section, number: int) -> list[Para]:
    paras = [plain_para("KH Section", f"{vn.roman(number)}. {vn.upper(section.title).rstrip('.')}")]
    paras += text_paras("KH Body", section.text)
    paras += _items(section.items, section_numbering(section.numbering), "")
    paras += text_paras("KH Body", section.closing)
    return paras


def _items(items: tuple[Item, ...], numbering: str, parent_label: str) -> list[Para]:
    paras = []
    for item, label in zip(items, item_labels(items, numbering, parent_label)):
        paras += _item(item, numbering, label)
    return paras


def _item(item: Item, numbering: str, label: str) -> list[Para]:
    if item.star is not None:  # a `* ...` line leads into the entries after it, set like them
        words = " ".join(paragraphs(item.star))  # one line, however the YAML folded it
        return [Para(STYLE_OF_NUMBERING[numbering], tuple(inline.parse(star_label(words))), keep_next=True)]
    text = fill_placeholders(item, item.text)
    if item.title:
        paras = [Para("KH Item Title", tuple([Run(f"{label} " if label else ""), *inline.parse(item.title)]))]
        paras += text_paras("KH Body", text)
    else:
        paras = text_paras(STYLE_OF_NUMBERING[numbering], text, label)
    paras += _items(item.items, item_numbering(item.numbering), label)
    paras += text_paras("KH Body", fill_placeholders(item, item.closing))
    return paras


def item_words(item: Item) -> str:
    """An item's own words as a table or a form quotes them: its first paragraph
    (deadline filled in, markup removed), or its title."""
    text = paragraphs(fill_placeholders(item, item.text))[0] if item.text else item.title or item.star
    return inline.plain(text or "")


def fill_placeholders(item: Item, text: str | None) -> str | None:
    if text and item.task and item.task.due:
        return text.replace(DUE_PLACEHOLDER, item.task.due.in_sentence)
    return text


def _lead_in_kept_with_next(para: Para) -> Para:
    """A paragraph ending with a colon leads into what follows: never alone at the foot of a page."""
    return replace(para, keep_next=True) if para.text.rstrip().endswith(":") else para


def _with_end_mark(para: Para, mark: str) -> Para:
    *runs, last = para.runs
    return replace(para, runs=(*runs, Run(vn.with_end_mark(last.text, mark), last.bold, last.italic)))


def _signature(plan: Plan, metrics: Metrics) -> Table:
    width_mm = metrics.text_width_mm
    left_mm = round(width_mm * plan.rules.geometry.signature_left, 2)
    return Table((left_mm, round(width_mm - left_mm, 2)), ((tuple(_recipients(plan, metrics, left_mm)), tuple(_signer(plan))),))


def _recipients(plan: Plan, metrics: Metrics, cell_mm: float) -> list[Block]:
    blocks: list[Block] = [plain_para("KH Recipients Label", "Nơi nhận:")]
    for recipient in plan.recipients:
        if len(recipient.names) > 1 and recipient.note and plan.rules.group_one_name_a_line:
            blocks.append(recipient_group(recipient.names, recipient.note, plan.rules.geometry, metrics, cell_mm))
        else:
            blocks.append(plain_para("KH Recipient", vn.recipient_line(recipient.names, recipient.note)))
    archive = plan.archive
    blocks.append(plain_para("KH Recipient", rules.ENTRY_DASH + vn.archive_line(plan.rules, list(archive.units), archive.drafter, archive.copies)))
    if plan.remark:
        blocks.append(Para("KH Remark", tuple(inline.parse(plan.remark))))
    return blocks


def recipient_group(names: Sequence[str], note: str, geometry: rules.Geometry, metrics: Metrics, cell_mm: float) -> Table:
    """Names one a line (`- Sở Nội vụ;`), a `]` beside them all and the note once, centred on its height.

    A borderless table inside the recipients' cell, as wide as the cell: the names take
    what the note (at most a share of the cell, wrapping beyond) and the bracket leave.
    """
    note_text = vn.purpose_note(note)
    note_mm = min(width_of(metrics, "KH Recipient Note", [note_text]) + 2 * geometry.group_note_padding_mm,
                  geometry.group_note_share * cell_mm)
    names_mm = cell_mm - geometry.group_bracket_mm - note_mm
    entries = tuple(plain_para("KH Recipient", vn.recipient_line([name], None)) for name in names)
    return Table((round(names_mm, 2), geometry.group_bracket_mm, round(note_mm, 2)),
                 ((entries, (Para("KH Recipient Note"),), (plain_para("KH Recipient Note", note_text),)),),
                 ruled_sides=((), ("top", "right", "bottom"), ()), middle_columns=(2,))


def _signer(plan: Plan) -> list[Para]:
    signature = plan.signature
    authority = authority_line(plan)
    if authority:
        paras = [plain_para("KH Signature Authority", authority)]
        if signature.title:
            paras.append(plain_para("KH Signer Title", vn.upper(signature.title)))
    else:  # the head signs: model.py requires the title then
        paras = [plain_para("KH Signature Authority", vn.upper(signature.title or ""))]
    paras += [Para("KH Signature Space")] * plan.rules.geometry.signature_blank_lines
    paras.append(plain_para("KH Signer Name", signature.name))
    return paras


def authority_line(plan: Plan) -> str | None:
    """`KT. GIÁM ĐỐC`, `T/M CHI BỘ`: the authority and the head's title; none when the head signs."""
    signature = plan.signature
    if not signature.authority:
        return None
    return f"{plan.rules.authorities[signature.authority]} {vn.upper(signature.head or '')}"
