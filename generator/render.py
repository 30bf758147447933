"""Document description + template -> .docx bytes, the same bytes every time.

python-docx opens the template and keeps the package (parts, relationships,
core properties); the body is written through docxml. Text goes into the XML
as data, never through a template engine, so `{{ }}`, `&` and `<` print as typed.
The template is the built-in one of the document's format unless one is given
(an office's own, or `--template`); its metrics are read once per template.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from functools import lru_cache, cache
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from lxml import etree

from . import docxml
from .errors import SituationError
from .files import builtin_template, display
from .layout import Document, Font, Metrics, Para, Properties, Table
from .rules import Page


@cache
def builtin_template_bytes(fmt: str) -> bytes:
    return builtin_template(fmt).read_bytes()


def load_template(path: Path) -> bytes:
    """A template's bytes, once they are known to be a .docx kehoach can read and write into."""
    try:
        data = path.read_bytes()
        _check_opens(data)
    except OSError as err:
        raise SituationError(f"{display(path)}: không đọc được mẫu văn bản ({err.strerror})") from None
    except NotADocx as err:
        raise SituationError(f"{display(path)}: {err}") from None
    return data


@lru_cache(maxsize=8)
def _check_opens(data: bytes) -> None:
    if template_metrics(data).text_width_mm <= 0:
        raise NotADocx("mẫu văn bản không đặt khổ giấy và lề trang (mở bằng Word, chọn khổ A4 rồi lưu lại)")
    try:
        docx.Document(io.BytesIO(data))
    except Exception as err:  # python-docx has no single error for a broken package
        raise NotADocx(f"mẫu văn bản không phải tệp .docx (Word) mở được ({type(err).__name__})") from None


@lru_cache(maxsize=8)
def template_metrics(data: bytes) -> Metrics:
    """The page and each style's size and weight, as the template sets them."""
    template = read_template_format(data)
    fonts = {name: Font(style.size, style.bold) for name, style in template.styles.items()}
    page = template.page
    width, height = sorted((page.width_mm, page.height_mm))  # a plan's pages are portrait (render turns them so)
    return Metrics(Page(width, height, page.top_mm, page.bottom_mm, page.left_mm, page.right_mm, page.header_mm),
                   fonts, Font(template.default.size, template.default.bold))


class NotADocx(SituationError):
    """Bytes given as a template that are not a WordprocessingML package (the caller names the file)."""


def read_template_format(data: bytes) -> docxml.TemplateFormat:
    try:
        return docxml.read_template(data)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError) as err:
        raise NotADocx(f"mẫu văn bản không phải tệp .docx (Word) đọc được ({type(err).__name__})") from None


def render(description: Document, template: bytes | None = None) -> bytes:
    """The document, written into the given template or the built-in one of its format."""
    template = template or builtin_template_bytes(description.format)
    document = docx.Document(io.BytesIO(template))
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
    set_properties(document, description.properties)
    return docxml.package_bytes(document.part.package)


def _paragraph(parent: etree._Element, para: Para, before: etree._Element | None = None) -> None:
    runs = [(run.text, run.bold, run.italic) for run in para.runs]
    docxml.add_paragraph(parent, para.style, runs, para.indent_mm, before, para.keep_next, para.right_indent_mm)


def _table(parent: etree._Element, table: Table, before: etree._Element | None) -> None:
    tbl = docxml.add_table(parent, table.widths_mm, before, grid=table.grid)
    for index, row in enumerate(table.rows):
        header = index < table.header_rows
        cells = docxml.add_row(tbl, table.widths_mm, header=header, min_height_mm=None if header else table.row_height_mm,
                               ruled_sides=table.ruled_sides, middle_columns=table.middle_columns)
        for cell, blocks in zip(cells, row):
            for block in blocks:
                if isinstance(block, Table):
                    _table(cell, block, None)
                else:
                    _paragraph(cell, block)
            if not blocks or isinstance(blocks[-1], Table):  # a cell ends with a paragraph: Word refuses one that does not
                _paragraph(cell, Para("KH Table Cell"))


PROPERTY_LIMIT = 255  # python-docx refuses a longer core property (a long title, issuer or owner)


def set_properties(document: DocxDocument, props: Properties) -> None:
    """Core properties dated by the plan, never by the clock: the same bytes every build."""
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
