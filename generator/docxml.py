"""The one module that writes raw WordprocessingML.

Everything above it speaks of styles, paragraphs, runs and tables in
millimetres; here they become `w:p`, `w:tbl` and twips, and packages become
zip files with fixed timestamps so that the same input gives the same bytes.
"""
from __future__ import annotations

import io
import zipfile

from functools import lru_cache

from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.pkgwriter import _ContentTypesItem
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


def add_paragraph(parent, style: str, runs, indent_mm: float | None = None, before=None, keep_next: bool = False):
    """A `w:p` of the named style; runs are (text, bold, italic)."""
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
        _sub(ppr, "w:ind", left=twips(indent_mm), right=twips(indent_mm))
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


def add_row(tbl, widths_mm, header: bool = False, min_height_mm: float | None = None):
    """A row of cells; returns the cells (`w:tc`), each ready for paragraphs."""
    tr = _sub(tbl, "w:tr")
    trpr = _sub(tr, "w:trPr")
    _sub(trpr, "w:cantSplit")  # a row (a signature block, a task) never breaks across pages
    if min_height_mm:
        _sub(trpr, "w:trHeight", val=twips(min_height_mm), hRule="atLeast")
    if header:
        _sub(trpr, "w:tblHeader")
    cells = []
    for width in widths_mm:
        tc = _sub(tr, "w:tc")
        tcpr = _sub(tc, "w:tcPr")
        _sub(tcpr, "w:tcW", w=twips(width), type="dxa")
        cells.append(tc)
    return cells


def clear_body(body):
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


def package_bytes(package) -> bytes:
    """A python-docx package as .docx bytes, written once with fixed timestamps.

    The same items python-docx's own PackageWriter writes, in the same order,
    but through write_zip: its writer stamps every entry with the current time.
    """
    parts = list(package.iter_parts())
    entries = [(CONTENT_TYPES_URI.membername, _ContentTypesItem.from_parts(parts).blob),
               (PACKAGE_URI.rels_uri.membername, package.rels.xml)]
    for part in parts:
        entries.append((part.partname.membername, part.blob))
        if len(part.rels):
            entries.append((part.partname.rels_uri.membername, part.rels.xml))
    return write_zip(entries)
