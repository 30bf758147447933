"""Document description + template -> .docx bytes, the same bytes every time.

python-docx opens the template and keeps the package (parts, relationships,
core properties); the body is written through docxml. Text goes into the XML
as data, never through a template engine, so `{{ }}`, `&` and `<` print as typed.
"""
from __future__ import annotations

import datetime as dt
import io
from functools import lru_cache

import docx

from . import docxml
from .layout import Document, Para, Table
from .template import template_path


@lru_cache(maxsize=None)
def _template_bytes(fmt: str) -> bytes:
    return template_path(fmt).read_bytes()


def render(description: Document) -> bytes:
    document = docx.Document(io.BytesIO(_template_bytes(description.format)))
    body = document.element.body
    last_section = docxml.clear_body(body)
    for index, section in enumerate(description.sections):
        for block in section.blocks:
            if isinstance(block, Table):
                _table(body, block, last_section)
            else:
                _paragraph(body, block, last_section)
        if index < len(description.sections) - 1:
            docxml.end_section(last_section, section.landscape)
        else:
            docxml.set_orientation(last_section, section.landscape)
    _set_properties(document, description)
    return docxml.package_bytes(document.part.package)


def _paragraph(parent, para: Para, before=None):
    runs = [(run.text, run.bold, run.italic) for run in para.runs]
    docxml.add_paragraph(parent, para.style, runs, para.indent_mm, before, para.keep_next)


def _table(body, table: Table, before):
    tbl = docxml.add_table(body, table.widths_mm, before, grid=table.grid)
    for index, row in enumerate(table.rows):
        header = index < table.header_rows
        cells = docxml.add_row(tbl, table.widths_mm, header=header, min_height_mm=None if header else table.row_height_mm)
        for cell, paras in zip(cells, row):
            for para in paras or (Para("KH Table Cell"),):  # a cell needs one paragraph
                _paragraph(cell, para)


PROPERTY_LIMIT = 255  # python-docx refuses a longer core property (a long title, issuer or owner)


def _set_properties(document, description: Document):
    props = description.properties
    core = document.core_properties
    stamp = dt.datetime.fromisoformat(props.created).replace(tzinfo=dt.timezone.utc)
    core.title = _clip(props.title)
    core.subject = _clip(props.subject)
    core.author = _clip(props.author)
    core.created = stamp
    core.modified = stamp
    core.last_modified_by = _clip(props.author)
    core.revision = 1


def _clip(text: str) -> str:
    """Metadata only: the document itself prints the whole text."""
    return text if len(text) <= PROPERTY_LIMIT else text[:PROPERTY_LIMIT - 1] + "…"
