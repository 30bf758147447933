"""The one module that writes and reads raw WordprocessingML.

Everything above it speaks of styles, paragraphs, runs and tables in
millimetres; here they become `w:p`, `w:tbl` and twips, and packages become
zip files with fixed timestamps so that the same input gives the same bytes.
Reading goes the other way for a template: each style's effective format
(docDefaults, then its basedOn chain) and the page setup, in points and millimetres.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, replace
from functools import lru_cache

from docx.oxml.ns import qn as _qn
from lxml import etree

qn = lru_cache(maxsize=None)(_qn)  # "w:p" -> Clark name; the same few dozen names, thousands of times

TWIPS_PER_MM = 1440 / 25.4
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def twips(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def style_id(name: str) -> str:
    """`KH Body` -> `KHBody`, the id Word gives a style of that name."""
    return name.replace(" ", "")


def _sub(parent, tag: str, **attrs):
    element = etree.SubElement(parent, qn(tag))
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), str(value))
    return element


def add_paragraph(parent, style: str, runs, indent_mm: float | None = None, before=None, keep_next: bool = False,
                  right_indent_mm: float | None = None):
    """A `w:p` of the named style; runs are (text, bold, italic). The indent is on both sides
    unless the right side has its own (a box pushed to the right margin)."""
    p = etree.Element(qn("w:p"))
    if before is not None:
        before.addprevious(p)
    else:
        parent.append(p)
    ppr = _sub(p, "w:pPr")
    _sub(ppr, "w:pStyle", val=style_id(style))
    if keep_next:
        _sub(ppr, "w:keepNext")
    if indent_mm is not None:
        right = indent_mm if right_indent_mm is None else right_indent_mm
        _sub(ppr, "w:ind", left=twips(indent_mm), right=twips(right))
    for text, bold, italic in runs:
        r = _sub(p, "w:r")
        if bold or italic:
            rpr = _sub(r, "w:rPr")
            if bold:
                _sub(rpr, "w:b")
            if italic:
                _sub(rpr, "w:i")
        for index, piece in enumerate(text.split("\t")):
            if index:
                _sub(r, "w:tab")  # a tab jumps to the style's tab stop (dotted leaders on forms)
            if piece:
                t = _sub(r, "w:t")
                t.text = piece
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return p


def add_table(parent, widths_mm, before=None, grid: bool = False):
    """A fixed-layout table, borderless or ruled (grid)."""
    tbl = etree.Element(qn("w:tbl"))
    if before is not None:
        before.addprevious(tbl)
    else:
        parent.append(tbl)
    pr = _sub(tbl, "w:tblPr")
    _sub(pr, "w:tblStyle", val="KHGridTable" if grid else "KHLayoutTable")
    _sub(pr, "w:tblW", w=sum(twips(w) for w in widths_mm), type="dxa")
    _sub(pr, "w:tblLayout", type="fixed")
    grid = _sub(tbl, "w:tblGrid")
    for width in widths_mm:
        _sub(grid, "w:gridCol", w=twips(width))
    return tbl


def add_row(tbl, widths_mm, header: bool = False, min_height_mm: float | None = None,
            ruled_sides=(), middle_columns=()):
    """A row of cells; returns the cells (`w:tc`), each ready for paragraphs.

    ruled_sides: per column, the sides drawn around its cell (in a borderless table);
    middle_columns: the cells centred between the row's top and bottom."""
    tr = _sub(tbl, "w:tr")
    trpr = _sub(tr, "w:trPr")
    _sub(trpr, "w:cantSplit")  # a row (a signature block, a task) never breaks across pages
    if min_height_mm:
        _sub(trpr, "w:trHeight", val=twips(min_height_mm), hRule="atLeast")
    if header:
        _sub(trpr, "w:tblHeader")
    cells = []
    for column, width in enumerate(widths_mm):
        tc = _sub(tr, "w:tc")
        tcpr = _sub(tc, "w:tcPr")
        _sub(tcpr, "w:tcW", w=twips(width), type="dxa")
        sides = ruled_sides[column] if column < len(ruled_sides) else ()
        if sides:
            borders = _sub(tcpr, "w:tcBorders")
            for side in ("top", "left", "bottom", "right"):  # the schema's order
                if side in sides:
                    _sub(borders, f"w:{side}", val="single", sz=6, space=0, color="000000")
        if column in middle_columns:
            _sub(tcpr, "w:vAlign", val="center")
        cells.append(tc)
    return cells


W_NAMESPACE = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


def paragraphs_of_style(root, style: str) -> list:
    """Every `w:p` of the named style under root."""
    return etree.XPath(f'.//w:p[w:pPr/w:pStyle/@w:val="{style_id(style)}"]', namespaces=W_NAMESPACE)(root)


def paragraph_style(p) -> str | None:
    """The style id of a `w:p`."""
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return style.get(qn("w:val")) if style is not None else None


def paragraph_text(p) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def cell_width_mm(p) -> float | None:
    """The width of the table cell holding a paragraph, None outside a table."""
    cell = next((a for a in p.iterancestors(qn("w:tc"))), None)
    width = cell.find(f"{qn('w:tcPr')}/{qn('w:tcW')}") if cell is not None else None
    if width is None or width.get(qn("w:type"), "dxa") != "dxa":
        return None
    return int(width.get(qn("w:w"))) / TWIPS_PER_MM


# What follows w:ind in a paragraph's properties (the schema's order, which Word enforces).
AFTER_IND = {"contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
             "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"}


def set_indent(p, indent_mm: float) -> None:
    """The same indent on both sides (a centred drawn line)."""
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = etree.Element(qn("w:pPr"))
        p.insert(0, ppr)
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = etree.Element(qn("w:ind"))
        later = next((child for child in ppr if etree.QName(child).localname in AFTER_IND), None)
        if later is not None:
            later.addprevious(ind)
        else:
            ppr.append(ind)
    for side in ("left", "right", "start", "end"):
        ind.attrib.pop(qn(f"w:{side}"), None)
    ind.set(qn("w:left"), str(twips(indent_mm)))
    ind.set(qn("w:right"), str(twips(indent_mm)))


def clear_body(body: etree._Element) -> etree._Element | None:
    """Remove the template's sample content, keep its section properties."""
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return body.find(qn("w:sectPr"))


def end_section(section_properties, landscape: bool) -> None:
    """Close the pages so far: a paragraph carrying a copy of the section properties."""
    p = etree.Element(qn("w:p"))
    section_properties.addprevious(p)
    ppr = _sub(p, "w:pPr")
    copy = etree.fromstring(etree.tostring(section_properties))
    set_orientation(copy, landscape)
    ppr.append(copy)


def set_orientation(section_properties, landscape: bool) -> None:
    """Portrait or landscape A4, keeping the margins."""
    size = section_properties.find(qn("w:pgSz"))
    width, height = sorted((int(size.get(qn("w:w"))), int(size.get(qn("w:h")))))
    if landscape:
        width, height = height, width
        size.set(qn("w:orient"), "landscape")
    elif qn("w:orient") in size.attrib:
        del size.attrib[qn("w:orient")]
    size.set(qn("w:w"), str(width))
    size.set(qn("w:h"), str(height))


def write_zip(entries) -> bytes:
    """Zip (name, bytes) pairs in order with fixed times: reproducible bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
DEFAULT_TYPES = {"rels": "application/vnd.openxmlformats-package.relationships+xml", "xml": "application/xml"}


def content_types_xml(parts) -> bytes:
    """`[Content_Types].xml`: a type per extension, and each XML part's own type,
    sorted as python-docx's writer sorts them (by extension, then part name)."""
    defaults, overrides = dict(DEFAULT_TYPES), {}
    for part in parts:
        extension, content_type = part.partname.ext.lower(), part.content_type
        if extension == "xml" or defaults.setdefault(extension, content_type) != content_type:
            overrides[str(part.partname)] = content_type
    types = etree.Element(f"{{{CONTENT_TYPES}}}Types", nsmap={None: CONTENT_TYPES})
    for extension in sorted(defaults):
        etree.SubElement(types, f"{{{CONTENT_TYPES}}}Default", Extension=extension, ContentType=defaults[extension])
    for name in sorted(overrides):
        etree.SubElement(types, f"{{{CONTENT_TYPES}}}Override", PartName=name, ContentType=overrides[name])
    return etree.tostring(types, encoding="UTF-8", standalone=True)


def package_bytes(package) -> bytes:
    """A python-docx package as .docx bytes, written once with fixed timestamps.

    The entries python-docx's own writer writes, in its order, through public
    properties of the package and its parts; its writer stamps every entry with
    the current time.
    """
    parts = list(package.iter_parts())
    entries = [("[Content_Types].xml", content_types_xml(parts)), ("_rels/.rels", package.rels.xml)]
    for part in parts:
        entries.append((part.partname.membername, part.blob))
        if len(part.rels):
            entries.append((part.partname.rels_uri.membername, part.rels.xml))
    return write_zip(entries)


# ---------------------------------------------------------------- reading a template

FONT_SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")
THEME_SLOTS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
WORD_DEFAULT_SIZE = 10  # pt: what Word shows when no style and no default sets w:sz
ALIGNMENTS = {"both": "justify", "distribute": "justify", "start": "left", "end": "right",
              "left": "left", "right": "right", "center": "center"}
OFF = {"0", "false", "off"}


@dataclass(frozen=True)
class StyleFormat:
    """A paragraph style as Word applies it: its own values over its bases' and the defaults."""

    size: float  # pt
    bold: bool
    italic: bool
    underline: bool
    fonts: tuple[str | None, ...]  # ascii, hAnsi, eastAsia, cs; "theme:<name>" for a theme font, None unset
    align: str  # left | center | right | justify
    first_indent_cm: float  # negative: a hanging indent
    space_before: float  # pt
    line_rule: str  # auto | exact | atLeast
    line: float  # a multiple of single lines (auto), else pt
    base: str | None = None  # the name of the style it is based on


@dataclass(frozen=True)
class PageSetup:
    width_mm: float
    height_mm: float
    top_mm: float
    bottom_mm: float
    left_mm: float
    right_mm: float
    header_mm: float


@dataclass(frozen=True)
class TemplateFormat:
    styles: dict[str, StyleFormat]  # paragraph styles by name
    default: StyleFormat  # what a paragraph of a style the template lacks looks like
    page: PageSetup


def read_template(data: bytes) -> TemplateFormat:
    """The effective paragraph styles and the page of a .docx given as bytes.

    Raises zipfile.BadZipFile, KeyError (no styles or document part) or
    etree.XMLSyntaxError for bytes that are not a WordprocessingML package.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        styles = etree.fromstring(archive.read("word/styles.xml"))
        document = etree.fromstring(archive.read("word/document.xml"))
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall(qn("w:style"))}
    paragraph_ids = [i for i, s in by_id.items() if s.get(qn("w:type")) == "paragraph"]
    named = {_style_name(by_id[i]): replace(_effective(styles, by_id, i), base=_base_name(by_id, i)) for i in paragraph_ids}
    default_id = next((i for i in paragraph_ids if by_id[i].get(qn("w:default")) in ("1", "true", "on")), None)
    return TemplateFormat(named, _effective(styles, by_id, default_id), _page_setup(document))


def _base_name(by_id: dict, style_id: str | None) -> str | None:
    based = by_id[style_id].find(qn("w:basedOn"))
    base = by_id.get(based.get(qn("w:val"))) if based is not None else None
    return _style_name(base) if base is not None else None


def _style_name(style) -> str:
    name = style.find(qn("w:name"))
    return name.get(qn("w:val")) if name is not None else style.get(qn("w:styleId"))


def _effective(root, by_id: dict, style_id: str | None) -> StyleFormat:
    """docDefaults, then the style's bases, then the style itself (None: the defaults alone)."""
    layers = [root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}"),
              root.find(f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}")]
    for style in _based_on_chain(by_id, style_id):
        layers += [style.find(qn("w:pPr")), style.find(qn("w:rPr"))]
    return _style_format([props for props in layers if props is not None])


def _based_on_chain(by_id: dict, style_id: str | None) -> list:
    """The style and its bases, the farthest base first (later ones win)."""
    chain, seen = [], set()
    while style_id is not None and style_id in by_id and style_id not in seen:
        seen.add(style_id)
        chain.append(by_id[style_id])
        based = by_id[style_id].find(qn("w:basedOn"))
        style_id = based.get(qn("w:val")) if based is not None else None
    return chain[::-1]


def _last(layers, tag: str):
    found = None
    for props in layers:
        element = props.find(qn(tag))
        if element is not None:
            found = element
    return found


def _merged(layers, tag: str) -> dict[str, str]:
    """Attributes of one element merged from the least to the most specific layer, as Word does."""
    merged = {}
    for props in layers:
        element = props.find(qn(tag))
        if element is not None:
            merged.update({etree.QName(key).localname: value for key, value in element.attrib.items()})
    return merged


def _flag(layers, tag: str) -> bool:
    """Bold, italic: within the paragraph styles the most specific setting wins."""
    element = _last(layers, tag)
    return element is not None and (element.get(qn("w:val")) or "1").lower() not in OFF


def _fonts(layers) -> tuple[str | None, ...]:
    fonts = dict.fromkeys(FONT_SLOTS)
    for attributes in (_merged([props], "w:rFonts") for props in layers):
        for slot, theme in zip(FONT_SLOTS, THEME_SLOTS):
            if theme in attributes:
                fonts[slot] = "theme:" + attributes[theme]
            elif slot in attributes:
                fonts[slot] = attributes[slot]
    return tuple(fonts.values())


def _style_format(layers) -> StyleFormat:
    size = _last(layers, "w:sz")
    underline = _last(layers, "w:u")
    jc = _last(layers, "w:jc")
    indent, spacing = _merged(layers, "w:ind"), _merged(layers, "w:spacing")
    first = -int(indent["hanging"]) if "hanging" in indent else int(indent.get("firstLine", 0))
    rule = spacing.get("lineRule", "auto")
    line = int(spacing.get("line", 240))
    return StyleFormat(
        size=int(size.get(qn("w:val"))) / 2 if size is not None else WORD_DEFAULT_SIZE,
        bold=_flag(layers, "w:b"),
        italic=_flag(layers, "w:i"),
        underline=underline is not None and underline.get(qn("w:val"), "single") != "none",
        fonts=_fonts(layers),
        align=ALIGNMENTS.get(jc.get(qn("w:val")), "left") if jc is not None else "left",
        first_indent_cm=round(first / TWIPS_PER_MM / 10, 3),
        space_before=int(spacing.get("before", 0)) / 20,
        line_rule=rule,
        line=line / 240 if rule == "auto" else line / 20,
    )


def _page_setup(document) -> PageSetup:
    """The last section's page: the one a template's body (and so every plan's first pages) uses."""
    section = document.find(f"{qn('w:body')}/{qn('w:sectPr')}")
    size = section.find(qn("w:pgSz")) if section is not None else None
    margins = section.find(qn("w:pgMar")) if section is not None else None

    def mm(element, name: str) -> float:
        value = element.get(qn(f"w:{name}")) if element is not None else None
        return round(float(value) / TWIPS_PER_MM, 1) if value is not None else 0.0

    return PageSetup(mm(size, "w"), mm(size, "h"), mm(margins, "top"), mm(margins, "bottom"),
                     mm(margins, "left"), mm(margins, "right"), mm(margins, "header"))
