"""A rendered .docx as plain text, for `git diff` (textconv) and quick reading.

Paragraphs one per line in reading order; a layout table (header, signature)
cell by cell; a ruled table (checklist, form) one row per line, cells joined
by ` | `; a section break as a line of dashes.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from ..errors import SituationError
from ..files import display, unreadable

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SECTION_BREAK = "-" * 40


def docx_text(path: Path) -> str:
    blocks = _body(path).iterfind("*")
    lines = []
    for block in blocks:
        if block.tag == f"{W}p":
            lines.append(_paragraph(block))
            if block.find(f"{W}pPr/{W}sectPr") is not None:
                lines.append(SECTION_BREAK)
        elif block.tag == f"{W}tbl":
            lines += _table(block)
    return "\n".join(line for line in lines if line.strip()) + "\n"


def _body(path: Path):
    """The document's body; a file that is not a .docx is the user's situation, said so."""
    try:
        with zipfile.ZipFile(path) as archive:
            body = etree.fromstring(archive.read("word/document.xml")).find(f"{W}body")
    except OSError as err:
        raise SituationError(unreadable(path, err)) from None
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError, EOFError):
        body = None
    if body is None:
        raise SituationError(f"{display(path)} không phải văn bản .docx (Word) đọc được; "
                             "totext chỉ đọc tệp .docx, ví dụ output/.../799-KH-SYT.docx")
    return body


def _paragraph(p) -> str:
    parts = []
    for node in p.iter(f"{W}t", f"{W}tab"):
        parts.append("\t" if node.tag == f"{W}tab" else node.text or "")
    return "".join(parts).replace("\u00a0", " ")


def _table(tbl) -> list[str]:
    style = tbl.find(f"{W}tblPr/{W}tblStyle")  # a table typed in Word may have none: then it is a layout table
    ruled = style is not None and style.get(f"{W}val") == "KHGridTable"
    lines = []
    for row in tbl.iterfind(f"{W}tr"):
        cells = [_cell(cell) for cell in row.iterfind(f"{W}tc")]
        if ruled:
            lines.append(" | ".join(" ".join(filter(None, cell)) for cell in cells))
        else:
            lines += [text for cell in cells for text in cell]
    return lines


def _cell(tc) -> list[str]:
    """A cell's lines in order; a table inside it (a group of recipients) read in its place."""
    lines = []
    for block in tc:
        if block.tag == f"{W}p":
            lines.append(_paragraph(block))
        elif block.tag == f"{W}tbl":
            lines += _table(block)
    return lines
