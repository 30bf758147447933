"""Read the EFFECTIVE formatting of a produced .docx, the way Word resolves it.

A value comes from the most specific place that sets it:

    docDefaults (rPrDefault / pPrDefault)
      < table style (basedOn chain), for paragraphs inside a table
      < paragraph style (pStyle, or the default paragraph style; basedOn chain)
      < character style (rStyle; basedOn chain), for runs
      < direct formatting (the paragraph's pPr, the run's rPr)

Within a basedOn chain the derived style wins. Attributes of `w:rFonts`,
`w:ind`, `w:spacing` and the sides of `w:pBdr` are merged one by one, as Word
does (a style that sets only `w:before` keeps the inherited `w:line`). Bold
and italic are toggle properties: set by several style types they toggle;
direct formatting sets them outright.

Nothing here imports the generator: the tests compare what this reader finds
in the package with the numbers of the spec.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W_NS, "r": R_NS}

TWIPS_PER_MM = 1440 / 25.4
TWIPS_PER_CM = TWIPS_PER_MM * 10

FONT_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
THEME_FONT_ATTRIBUTES = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
FALSE_VALUES = {"0", "false", "off", "none"}
ALIGNMENTS = {"both": "justify", "distribute": "justify", "start": "left", "end": "right",
              "left": "left", "right": "right", "center": "center"}


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _element(obj):
    """The lxml element of a python-docx object (or the element itself)."""
    for name in ("_p", "_r", "_tbl", "_tc", "_element"):
        if hasattr(obj, name):
            return getattr(obj, name)
    return obj


def _on(element) -> bool | None:
    """A toggle or on/off element: absent -> None, `<w:b/>` -> True, `w:val="0"` -> False."""
    if element is None:
        return None
    value = element.get(w("val"))
    return value is None or value.lower() not in FALSE_VALUES


# ---------------------------------------------------------------- styles


class StyleSheet:
    """styles.xml: the styles by id, the defaults, the basedOn chains."""

    def __init__(self, document):
        self.root = document.styles.element
        self.by_id = {s.get(w("styleId")): s for s in self.root.findall(w("style"))}
        self.default_paragraph = next(
            (s.get(w("styleId")) for s in self.root.findall(w("style"))
             if s.get(w("type")) == "paragraph" and s.get(w("default")) in ("1", "true", "on")),
            None)
        self.rpr_default = self.root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
        self.ppr_default = self.root.find(f"{w('docDefaults')}/{w('pPrDefault')}/{w('pPr')}")

    def chain(self, style_id: str | None) -> list:
        """The style and its bases, the base first (so later entries override)."""
        chain, seen = [], set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            chain.append(style)
            based = style.find(w("basedOn"))
            style_id = based.get(w("val")) if based is not None else None
        return list(reversed(chain))

    def name(self, style_id: str | None) -> str | None:
        style = self.by_id.get(style_id)
        if style is None:
            return None
        name = style.find(w("name"))
        return name.get(w("val")) if name is not None else style_id


def paragraph_style_id(sheet: StyleSheet, p) -> str | None:
    p = _element(p)
    pstyle = p.find(f"{w('pPr')}/{w('pStyle')}")
    return pstyle.get(w("val")) if pstyle is not None else sheet.default_paragraph


def _table_style_chain(sheet: StyleSheet, element) -> list:
    """The table style chain of the nearest enclosing table, if any."""
    for ancestor in element.iterancestors(w("tbl")):
        style = ancestor.find(f"{w('tblPr')}/{w('tblStyle')}")
        return sheet.chain(style.get(w("val")) if style is not None else None)
    return []


def _layers(sheet: StyleSheet, p, r=None, part: str = "rPr"):
    """(kind, properties element) from the least to the most specific source.

    kind is 'default', 'table', 'paragraph', 'character' or 'direct': toggle
    properties need to know which style type set them.
    """
    p = _element(p)
    layers = [("default", sheet.rpr_default if part == "rPr" else sheet.ppr_default)]
    for style in _table_style_chain(sheet, p):
        layers.append(("table", style.find(w(part))))
    for style in sheet.chain(paragraph_style_id(sheet, p)):
        layers.append(("paragraph", style.find(w(part))))
    if part == "pPr":
        layers.append(("direct", p.find(w("pPr"))))
        return [(kind, el) for kind, el in layers if el is not None]
    if r is None:  # the paragraph mark: the style's run properties, then pPr/rPr
        mark = p.find(f"{w('pPr')}/{w('rPr')}")
        layers.append(("direct", mark))
    else:
        r = _element(r)
        rstyle = r.find(f"{w('rPr')}/{w('rStyle')}")
        if rstyle is not None:
            for style in sheet.chain(rstyle.get(w("val"))):
                layers.append(("character", style.find(w("rPr"))))
        layers.append(("direct", r.find(w("rPr"))))
    return [(kind, el) for kind, el in layers if el is not None]


def _last(layers, tag: str):
    """The most specific element `tag` among the layers (None if unset)."""
    found = None
    for _kind, props in layers:
        element = props.find(w(tag))
        if element is not None:
            found = element
    return found


def _merged_attributes(layers, tag: str) -> dict[str, str]:
    """Attributes of `tag` merged one by one from the least to the most specific layer."""
    merged: dict[str, str] = {}
    for _kind, props in layers:
        element = props.find(w(tag))
        if element is not None:
            for key, value in element.attrib.items():
                merged[etree.QName(key).localname] = value
    return merged


def _toggle(layers, tag: str) -> bool:
    """Bold, italic: direct formatting decides; otherwise the style types toggle."""
    direct = None
    per_kind: dict[str, bool] = {}
    default = False
    for kind, props in layers:
        value = _on(props.find(w(tag)))
        if value is None:
            continue
        if kind == "direct":
            direct = value
        elif kind == "default":
            default = value
        else:
            per_kind[kind] = value  # within one style type, the derived style wins
    if direct is not None:
        return direct
    if not per_kind:
        return default
    result = False
    for value in per_kind.values():
        result ^= value
    return result


# ---------------------------------------------------------------- runs


@dataclass
class RunFormat:
    fonts: dict[str, str | None]  # slot -> font name; 'theme:<name>' when a theme font sets the slot
    size: float | None  # pt (w:sz)
    size_cs: float | None  # pt (w:szCs)
    bold: bool
    italic: bool
    underline: str | None  # None when not underlined, else the w:u value ('single', ...)
    caps: bool
    color: str | None


def run_format(document_or_sheet, paragraph, run=None) -> RunFormat:
    """Effective run properties of `run` in `paragraph`; run=None reads the paragraph mark."""
    sheet = document_or_sheet if isinstance(document_or_sheet, StyleSheet) else StyleSheet(document_or_sheet)
    layers = _layers(sheet, paragraph, run, "rPr")
    fonts: dict[str, str | None] = {slot: None for slot in FONT_SLOTS}
    for _kind, props in layers:
        rfonts = props.find(w("rFonts"))
        if rfonts is None:
            continue
        for slot, theme in zip(FONT_SLOTS, THEME_FONT_ATTRIBUTES):
            if rfonts.get(w(theme)) is not None:  # a theme font overrides the named one
                fonts[slot] = "theme:" + rfonts.get(w(theme))
            elif rfonts.get(w(slot)) is not None:
                fonts[slot] = rfonts.get(w(slot))
    sz, szcs = _last(layers, "sz"), _last(layers, "szCs")
    underline = _last(layers, "u")
    u_value = underline.get(w("val")) if underline is not None else None
    color = _last(layers, "color")
    return RunFormat(
        fonts=fonts,
        size=int(sz.get(w("val"))) / 2 if sz is not None else None,
        size_cs=int(szcs.get(w("val"))) / 2 if szcs is not None else None,
        bold=_toggle(layers, "b"),
        italic=_toggle(layers, "i"),
        underline=None if u_value in (None, "none") else u_value,
        caps=_toggle(layers, "caps"),
        color=color.get(w("val")) if color is not None else None,
    )


# ---------------------------------------------------------------- paragraphs


@dataclass
class LineSpacing:
    rule: str  # 'auto' (a multiple of single lines), 'exact' or 'atLeast' (pt)
    value: float  # the multiple for 'auto', else pt

    @property
    def multiple(self) -> float | None:
        return self.value if self.rule == "auto" else None


@dataclass
class ParagraphFormat:
    style_id: str | None
    style_name: str | None
    alignment: str  # left | center | right | justify
    first_line_cm: float  # negative for a hanging indent
    left_cm: float
    right_cm: float
    space_before: float  # pt
    space_after: float  # pt
    line_spacing: LineSpacing
    borders: dict[str, dict[str, str]] = field(default_factory=dict)  # side -> attributes, drawn sides only
    keep_next: bool = False

    @property
    def bottom_border(self) -> dict[str, str] | None:
        return self.borders.get("bottom")


def _twips(attrs: dict, *names: str) -> int:
    for name in names:
        if name in attrs:
            return int(attrs[name])
    return 0


def paragraph_format(document_or_sheet, paragraph) -> ParagraphFormat:
    sheet = document_or_sheet if isinstance(document_or_sheet, StyleSheet) else StyleSheet(document_or_sheet)
    p = _element(paragraph)
    layers = _layers(sheet, p, part="pPr")
    jc = _last(layers, "jc")
    ind = _merged_attributes(layers, "ind")
    spacing = _merged_attributes(layers, "spacing")
    first = _twips(ind, "firstLine") - _twips(ind, "hanging") if "hanging" in ind else _twips(ind, "firstLine")
    rule = spacing.get("lineRule", "auto")
    line = int(spacing.get("line", 240))
    borders: dict[str, dict[str, str]] = {}
    for _kind, props in layers:
        pbdr = props.find(w("pBdr"))
        if pbdr is None:
            continue
        for side in pbdr:
            attrs = {etree.QName(k).localname: v for k, v in side.attrib.items()}
            name = etree.QName(side).localname
            if attrs.get("val") in ("nil", "none"):
                borders.pop(name, None)
            else:
                borders[name] = attrs
    style_id = paragraph_style_id(sheet, p)
    return ParagraphFormat(
        style_id=style_id,
        style_name=sheet.name(style_id),
        alignment=ALIGNMENTS.get(jc.get(w("val")), jc.get(w("val"))) if jc is not None else "left",
        first_line_cm=first / TWIPS_PER_CM,
        left_cm=_twips(ind, "left", "start") / TWIPS_PER_CM,
        right_cm=_twips(ind, "right", "end") / TWIPS_PER_CM,
        space_before=_twips(spacing, "before") / 20,
        space_after=_twips(spacing, "after") / 20,
        line_spacing=LineSpacing(rule, line / 240 if rule == "auto" else line / 20),
        borders=borders,
        keep_next=bool(_on(_last(layers, "keepNext"))),
    )


class Reader:
    """Effective formatting of one document, styles parsed once."""

    def __init__(self, document):
        self.document = document
        self.sheet = StyleSheet(document)

    def paragraph(self, paragraph) -> ParagraphFormat:
        return paragraph_format(self.sheet, paragraph)

    def run(self, paragraph, run=None) -> RunFormat:
        return run_format(self.sheet, paragraph, run)

    def runs(self, paragraph) -> list[tuple[str, RunFormat]]:
        """(text, format) of every run of the paragraph that carries text."""
        p = _element(paragraph)
        return [(run_text(r), self.run(p, r)) for r in p.iter(w("r")) if run_text(r)]

    def text_runs(self, paragraph) -> list[RunFormat]:
        """Formats of the runs with text; the paragraph mark when it has none (an empty line)."""
        formats = [f for _t, f in self.runs(paragraph)]
        return formats or [self.run(paragraph)]


def run_text(r) -> str:
    r = _element(r)
    parts = []
    for child in r:
        if child.tag == w("t"):
            parts.append(child.text or "")
        elif child.tag == w("tab"):
            parts.append("\t")
        elif child.tag in (w("br"), w("cr")):
            parts.append("\n")
    return "".join(parts)


def paragraph_text(p) -> str:
    return "".join(run_text(r) for r in _element(p).iter(w("r")))


# ---------------------------------------------------------------- the body


def iter_body(document, container=None):
    """The body's blocks in order: python-docx Paragraph and Table objects."""
    parent = container if container is not None else document._body
    element = document.element.body if container is None else _element(container)
    for child in element:
        if child.tag == w("p"):
            yield Paragraph(child, parent)
        elif child.tag == w("tbl"):
            yield Table(child, parent)


def all_paragraphs(document, container=None):
    """Every paragraph in document order, table cells (nested too) included.

    container: None (the body), a table cell, or a table.
    """
    if isinstance(container, Table):
        blocks = [container]
    else:
        blocks = iter_body(document, container)
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block
        else:
            for row in block.rows:
                for cell in unique_cells(row):
                    yield from all_paragraphs(document, cell)


def unique_cells(row):
    """The row's `w:tc` elements (python-docx repeats merged cells)."""
    return [_Cell(tc, row) for tc in _element(row).findall(w("tc"))]


def find_paragraphs(document, match, container=None) -> list[Paragraph]:
    """Paragraphs whose text equals `match` (a str), or matches it (compiled regex or predicate)."""
    if isinstance(match, str):
        test = lambda text: text == match  # noqa: E731
    elif isinstance(match, re.Pattern):
        test = lambda text: match.search(text) is not None  # noqa: E731
    else:
        test = match
    return [p for p in all_paragraphs(document, container) if test(paragraph_text(p))]


def find_paragraph(document, match, container=None) -> Paragraph:
    found = find_paragraphs(document, match, container)
    assert found, f"no paragraph matches {match!r}"
    return found[0]


def has_section_break(paragraph) -> bool:
    return _element(paragraph).find(f"{w('pPr')}/{w('sectPr')}") is not None


def section_blocks(document) -> list[list]:
    """The body's blocks grouped by section (the paragraph carrying a sectPr closes its section)."""
    groups: list[list] = [[]]
    for block in iter_body(document):
        if isinstance(block, Paragraph) and has_section_break(block):
            if paragraph_text(block):
                groups[-1].append(block)
            groups.append([])
        else:
            groups[-1].append(block)
    return groups


# ---------------------------------------------------------------- tables


@dataclass
class TableGeometry:
    width_mm: float | None  # tblW, when given in twips
    width_type: str | None
    grid_mm: list[float | None]  # every gridCol (None when w:w is missing)
    borders: dict[str, str | None]  # side -> w:val of the effective table border
    cell_margin_left_mm: float
    cell_margin_right_mm: float


def table_geometry(document_or_sheet, table) -> TableGeometry:
    sheet = document_or_sheet if isinstance(document_or_sheet, StyleSheet) else StyleSheet(document_or_sheet)
    tbl = _element(table)
    style = tbl.find(f"{w('tblPr')}/{w('tblStyle')}")
    layers = [s.find(w("tblPr")) for s in sheet.chain(style.get(w("val")) if style is not None else None)]
    layers = [el for el in layers if el is not None] + [tbl.find(w("tblPr"))]
    borders: dict[str, str | None] = {}
    margins: dict[str, int] = {}
    for props in layers:
        if props is None:
            continue
        for side in props.findall(f"{w('tblBorders')}/*"):
            borders[etree.QName(side).localname] = side.get(w("val"))
        for side in props.findall(f"{w('tblCellMar')}/*"):
            margins[etree.QName(side).localname] = int(side.get(w("w"), 0))
    tblw = tbl.find(f"{w('tblPr')}/{w('tblW')}")
    width_type = tblw.get(w("type")) if tblw is not None else None
    width = int(tblw.get(w("w"))) / TWIPS_PER_MM if tblw is not None and width_type == "dxa" else None
    grid = [int(c.get(w("w"))) / TWIPS_PER_MM if c.get(w("w")) is not None else None
            for c in tbl.findall(f"{w('tblGrid')}/{w('gridCol')}")]
    return TableGeometry(width, width_type, grid, borders,
                         margins.get("left", margins.get("start", 0)) / TWIPS_PER_MM,
                         margins.get("right", margins.get("end", 0)) / TWIPS_PER_MM)


def drawn(value: str | None) -> bool:
    """Whether a border value draws a line."""
    return value not in (None, "nil", "none")


def cell_borders(cell) -> dict[str, str | None]:
    tc = _element(cell)
    return {etree.QName(side).localname: side.get(w("val"))
            for side in tc.findall(f"{w('tcPr')}/{w('tcBorders')}/*")}


def cell_width_mm(cell) -> float | None:
    tcw = _element(cell).find(f"{w('tcPr')}/{w('tcW')}")
    if tcw is None or tcw.get(w("type")) not in (None, "dxa"):
        return None
    return int(tcw.get(w("w"))) / TWIPS_PER_MM


def cell_text_width_mm(document_or_sheet, table, cell) -> float:
    """The width a paragraph of the cell may fill: cell width minus the cell margins."""
    geometry = table_geometry(document_or_sheet, table)
    tc = _element(cell)
    left, right = geometry.cell_margin_left_mm, geometry.cell_margin_right_mm
    for side in tc.findall(f"{w('tcPr')}/{w('tcMar')}/*"):
        name = etree.QName(side).localname
        if name in ("left", "start"):
            left = int(side.get(w("w"), 0)) / TWIPS_PER_MM
        elif name in ("right", "end"):
            right = int(side.get(w("w"), 0)) / TWIPS_PER_MM
    width = cell_width_mm(cell)
    if width is None:
        index = list(tc.getparent().findall(w("tc"))).index(tc)
        width = geometry.grid_mm[index]
    return width - left - right


def cell_paragraphs(document, cell) -> list[Paragraph]:
    return [b for b in iter_body(document, cell) if isinstance(b, Paragraph)]


# ---------------------------------------------------------------- sections and headers


@dataclass
class SectionInfo:
    width_mm: float
    height_mm: float
    orient: str  # portrait | landscape (from the w:orient attribute, else from the sizes)
    top_mm: float
    bottom_mm: float
    left_mm: float
    right_mm: float
    header_mm: float | None
    title_page: bool
    page_start: int | None
    headers: dict[str, object]  # 'default' / 'first' / 'even' -> the w:hdr element (inherited if not set)

    @property
    def text_width_mm(self) -> float:
        return self.width_mm - self.left_mm - self.right_mm


def _mm(value) -> float | None:
    return int(value) / TWIPS_PER_MM if value is not None else None


def sections(document) -> list[SectionInfo]:
    """Every section in order; a header not set by a section is inherited from the previous one."""
    body = document.element.body
    sect_prs = [p for p in body.iter(w("sectPr"))]
    part = document.part
    inherited: dict[str, object] = {}
    result = []
    for sect in sect_prs:
        headers = dict(inherited)
        for ref in sect.findall(w("headerReference")):
            related = part.related_parts[ref.get(f"{{{R_NS}}}id")]
            headers[ref.get(w("type"))] = related.element
        inherited = headers
        size = sect.find(w("pgSz"))
        margins = sect.find(w("pgMar"))
        width, height = _mm(size.get(w("w"))), _mm(size.get(w("h")))
        orient = size.get(w("orient")) or ("landscape" if width > height else "portrait")
        start = sect.find(w("pgNumType"))
        result.append(SectionInfo(
            width_mm=width, height_mm=height, orient=orient,
            top_mm=_mm(margins.get(w("top"))), bottom_mm=_mm(margins.get(w("bottom"))),
            left_mm=_mm(margins.get(w("left"))), right_mm=_mm(margins.get(w("right"))),
            header_mm=_mm(margins.get(w("header"))),
            title_page=bool(_on(sect.find(w("titlePg")))),
            page_start=int(start.get(w("start"))) if start is not None and start.get(w("start")) else None,
            headers=headers,
        ))
    return result


def header_parts(document) -> list:
    """The root elements of every header and footer part of the package."""
    parts = []
    for rel in document.part.rels.values():
        if rel.reltype.endswith(("/header", "/footer")) and not rel.is_external:
            parts.append(rel.target_part.element)
    return parts


def header_paragraphs(header_element) -> list[Paragraph]:
    return [Paragraph(p, None) for p in header_element.iter(w("p"))]


PAGE_FIELD = re.compile(r"(^|\s)PAGE(\s|\\|$)")


def page_field_paragraphs(element) -> list:
    """The `w:p` elements that hold a PAGE field (complex or simple)."""
    found = []
    for p in element.iter(w("p")):
        instructions = "".join(t.text or "" for t in p.iter(w("instrText")))
        simple = [f.get(w("instr"), "") for f in p.iter(w("fldSimple"))]
        if PAGE_FIELD.search(instructions) or any(PAGE_FIELD.search(s) for s in simple):
            found.append(p)
    return found


def field_result_runs(p) -> list:
    """The runs showing a field's result (between `separate` and `end`), or those inside fldSimple."""
    runs, showing = [], False
    for r in _element(p).iter(w("r")):
        char = r.find(w("fldChar"))
        if char is not None:
            kind = char.get(w("fldCharType"))
            showing = kind == "separate"
            continue
        if showing or any(a.tag == w("fldSimple") for a in r.iterancestors()):
            runs.append(r)
    return runs


# ---------------------------------------------------------------- whole-package checks


def theme_font_attributes(document) -> list[str]:
    """`part: attribute` for every theme-font attribute of styles, body and headers."""
    found = []
    roots = [("styles.xml", document.styles.element), ("document.xml", document.element)]
    roots += [(f"header/footer {i}", el) for i, el in enumerate(header_parts(document))]
    for name, root in roots:
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            for key in element.attrib:
                if etree.QName(key).localname in THEME_FONT_ATTRIBUTES:
                    found.append(f"{name}: {etree.QName(element).localname}@{etree.QName(key).localname}")
    return found


def all_runs(document):
    """(paragraph element, run element) for every run of the body (tables included) and headers."""
    for p in document.element.body.iter(w("p")):
        for r in p.iter(w("r")):
            yield p, r
    for root in header_parts(document):
        for p in root.iter(w("p")):
            for r in p.iter(w("r")):
                yield p, r


def all_paragraph_elements(document):
    yield from document.element.body.iter(w("p"))
    for root in header_parts(document):
        yield from root.iter(w("p"))
