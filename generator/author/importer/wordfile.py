"""A Word file (.docx) as lines: paragraphs in reading order (a table cell by
cell, row by row), runs' bold and italic as `**`/`*`, Word's automatic
numbering written out as the label it shows (`numPr` of the paragraph or of its
style -> numbering.xml's `numFmt` and `lvlText`), a line break (Shift+Enter)
starting a new line. What follows the first section break (appendices) is left
out and said so.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ... import inline
from ...errors import PlanError, Problem
from ...vn import nfc, roman
from .line import Line

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
OFF = {"0", "false", "off", "none"}
BULLETS = {"-": "-", "+": "+", "*": "*"}  # any other bullet glyph (•, –, , o, §) reads as a dash
SOFT_HYPHEN = "\u00ad"
GROUP_ENTRY = re.compile(r"^[-–+•]\s*(?P<name>.*?)\s*;?$")  # `- Bộ Y tế;`: one name of a group of recipients
GROUP_NOTE = re.compile(r"^\((?P<note>.+)\)$")  # `(để b/c)`: the group's note


def read_docx(path: Path, name: str) -> tuple[list[Line], list[str]]:
    try:
        with zipfile.ZipFile(path) as archive:
            document = etree.fromstring(archive.read("word/document.xml"))
            styles = Styles(_part(archive, "word/styles.xml"))
            numbering = Numbering(_part(archive, "word/numbering.xml"))
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, OSError) as err:
        raise PlanError([Problem(name, 0, 0, f"không đọc được tệp Word (.docx): {_reason(err)}; "
                                             "hãy mở bằng Word và lưu lại dạng .docx")]) from None
    body = document.find(f"{W}body")
    if body is None:
        raise PlanError([Problem(name, 0, 0, "tệp Word không có phần nội dung (word/document.xml không có w:body)")])
    reader = Reader(styles, numbering)
    reader.read(body)
    return reader.lines, reader.notes


def _part(archive: zipfile.ZipFile, name: str):
    return etree.fromstring(archive.read(name)) if name in archive.namelist() else None


def _reason(err: Exception) -> str:
    if isinstance(err, zipfile.BadZipFile):
        return "không phải tệp .docx (tệp .doc cũ hoặc tệp hỏng)"
    if isinstance(err, KeyError):
        return "thiếu word/document.xml"
    return str(err)


def _on(element) -> bool:
    """A toggle property (<w:b/>, <w:b w:val="0"/>) is on."""
    return element is not None and element.get(f"{W}val", "1").lower() not in OFF


@dataclass
class StyleInfo:
    name: str
    based_on: str | None
    bold: bool | None
    italic: bool | None
    centered: bool | None
    num: tuple[str, int] | None  # (numId, ilvl)


class Styles:
    def __init__(self, root):
        self.styles: dict[str, StyleInfo] = {}
        for style in (root.iter(f"{W}style") if root is not None else ()):
            rpr, ppr = style.find(f"{W}rPr"), style.find(f"{W}pPr")
            self.styles[style.get(f"{W}styleId")] = StyleInfo(
                name=(style.find(f"{W}name").get(f"{W}val") if style.find(f"{W}name") is not None else ""),
                based_on=(style.find(f"{W}basedOn").get(f"{W}val") if style.find(f"{W}basedOn") is not None else None),
                bold=_toggle(rpr, "b"), italic=_toggle(rpr, "i"),
                centered=_centered(ppr), num=_num(ppr))

    def chain(self, style_id: str | None):
        seen = set()
        while style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            yield self.styles[style_id]
            style_id = self.styles[style_id].based_on

    def value(self, style_id: str | None, attribute: str):
        return next((getattr(s, attribute) for s in self.chain(style_id) if getattr(s, attribute) is not None), None)

    def name(self, style_id: str | None) -> str:
        return self.styles[style_id].name if style_id in self.styles else ""


def _toggle(rpr, tag: str) -> bool | None:
    if rpr is None or rpr.find(f"{W}{tag}") is None:
        return None
    return _on(rpr.find(f"{W}{tag}"))


def _centered(ppr) -> bool | None:
    jc = ppr.find(f"{W}jc") if ppr is not None else None
    return None if jc is None else jc.get(f"{W}val") == "center"


def _num(ppr) -> tuple[str, int] | None:
    num = ppr.find(f"{W}numPr") if ppr is not None else None
    if num is None or num.find(f"{W}numId") is None:
        return None
    level = num.find(f"{W}ilvl")
    return num.find(f"{W}numId").get(f"{W}val"), int(level.get(f"{W}val")) if level is not None else 0


@dataclass
class Level:
    fmt: str
    text: str
    start: int = 1


class Numbering:
    """numbering.xml: numId -> its levels; counters advance as numbered paragraphs are read."""

    def __init__(self, root):
        abstract = {}
        self.levels: dict[str, dict[int, Level]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if root is None:
            return
        for node in root.iter(f"{W}abstractNum"):
            abstract[node.get(f"{W}abstractNumId")] = {int(lvl.get(f"{W}ilvl")): _level(lvl) for lvl in node.iter(f"{W}lvl")}
        for node in root.iter(f"{W}num"):
            ref = node.find(f"{W}abstractNumId")
            levels = dict(abstract.get(ref.get(f"{W}val") if ref is not None else None, {}))
            for override in node.iter(f"{W}lvlOverride"):
                start = override.find(f"{W}startOverride")
                index = int(override.get(f"{W}ilvl"))
                if start is not None and index in levels:
                    levels[index] = Level(levels[index].fmt, levels[index].text, int(start.get(f"{W}val")))
            self.levels[node.get(f"{W}numId")] = levels

    def label(self, num_id: str, level: int) -> str:
        """The label Word shows for the next paragraph of this list and level ("" for none)."""
        levels = self.levels.get(num_id)
        if not levels or level not in levels or num_id == "0":
            return ""
        counters = self.counters.setdefault(num_id, {})
        counters[level] = counters.get(level, levels[level].start - 1) + 1
        for deeper in [k for k in counters if k > level]:
            del counters[deeper]  # a higher level's step restarts the levels below it
        spec = levels[level]
        if spec.fmt == "bullet":
            return BULLETS.get(spec.text.strip(), "-")
        if spec.fmt == "none":
            return ""
        return re.sub(r"%(\d)", lambda m: self._shown(levels, counters, int(m.group(1)) - 1), spec.text).strip()

    @staticmethod
    def _shown(levels: dict[int, Level], counters: dict[int, int], level: int) -> str:
        spec = levels.get(level)
        value = counters.get(level, spec.start if spec else 1)
        return _formatted(value, spec.fmt if spec else "decimal")


def _level(node) -> Level:
    fmt, text, start = node.find(f"{W}numFmt"), node.find(f"{W}lvlText"), node.find(f"{W}start")
    return Level(fmt.get(f"{W}val") if fmt is not None else "decimal",
                 text.get(f"{W}val") if text is not None else "",
                 int(start.get(f"{W}val")) if start is not None else 1)


def _formatted(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = "abcdefghijklmnopqrstuvwxyz"
        rounds, index = divmod(value - 1, len(letters))
        shown = letters[index] * (rounds + 1)
        return shown.upper() if fmt == "upperLetter" else shown
    if fmt in ("lowerRoman", "upperRoman"):
        return roman(value).lower() if fmt == "lowerRoman" else roman(value)
    return str(value)


@dataclass
class Reader:
    styles: Styles
    numbering: Numbering
    lines: list[Line] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    count: int = 0  # paragraphs read

    def read(self, body) -> None:
        for block in body:
            if block.tag == f"{W}p":
                self.paragraph(block)
                if block.find(f"{W}pPr/{W}sectPr") is not None:
                    self._rest_left_out(block)
                    return
            elif block.tag == f"{W}tbl":
                self.table(block)

    def table(self, tbl) -> None:
        """Row by row, cell by cell; a table inside a cell read in its place, or as one group of recipients."""
        for cell in tbl.findall(f"{W}tr/{W}tc"):
            for block in cell:
                if block.tag == f"{W}p":
                    self.paragraph(block)
                elif block.tag == f"{W}tbl" and not self.recipient_group(block):
                    self.table(block)

    def recipient_group(self, tbl) -> bool:
        """Names one a line beside one note (`- Bộ Y tế;` `- Sở Tài chính;` | `(để b/c)`), as kehoach prints
        a group: read as one line `- Bộ Y tế; Sở Tài chính (để b/c);`, the recipients' line of a group."""
        columns = [[p for p in cell.iter(f"{W}p") if _words(p)] for cell in tbl.findall(f"{W}tr/{W}tc")]
        columns = [column for column in columns if column]
        if len(columns) != 2 or len(columns[1]) != 1 or len(columns[0]) < 2:
            return False
        names = [GROUP_ENTRY.match(_words(p)) for p in columns[0]]
        note = GROUP_NOTE.match(_words(columns[1][0]))
        if note is None or not all(names):
            return False
        shown = tuple(nfc(match.group("name")) for match in names if match)
        line = inline.escape(f"- {'; '.join(shown)} ({note.group('note')});")  # the line is markup: a star typed is a star
        self.lines.append(Line(nfc(line), self.count + 1, group=(shown, nfc(note.group("note")))))
        self.count += len(tbl.findall(f".//{W}p"))  # where the group's paragraphs are, counted one by one
        return True

    def _rest_left_out(self, block) -> None:
        if any("".join(following.itertext()).strip() for following in block.itersiblings()):
            self.notes.append(f"phần sau ngắt trang ở đoạn {self.count} (phụ lục, biểu mẫu) không được nhập: "
                              'khai phiếu trong "forms" và phụ lục trong "appendices" nếu cần')

    def paragraph(self, p) -> None:
        self.count += 1
        ppr = p.find(f"{W}pPr")
        style_id = ppr.find(f"{W}pStyle").get(f"{W}val") if ppr is not None and ppr.find(f"{W}pStyle") is not None else None
        label = self._label(ppr, style_id)
        centered = _centered(ppr)
        centered = self.styles.value(style_id, "centered") if centered is None else centered
        for runs in self._pieces(p, style_id):
            text = markup(runs)
            if not text.strip():
                continue
            bold = all(b for t, b, _ in runs if t.strip())
            self.lines.append(Line(nfc(f"{label} {text}" if label else text), self.count, bold=bold,
                                   centered=bool(centered), style=self.styles.name(style_id)))
            label = ""

    def _label(self, ppr, style_id) -> str:
        num = _num(ppr) or self.styles.value(style_id, "num")
        if num is None:
            return ""
        own = ppr.find(f"{W}numPr/{W}ilvl") if ppr is not None else None
        level = int(own.get(f"{W}val")) if own is not None else num[1]
        return self.numbering.label(num[0], level)

    def _pieces(self, p, style_id):
        """The paragraph's runs as (text, bold, italic), split where a line break stands."""
        style_bold = bool(self.styles.value(style_id, "bold"))
        style_italic = bool(self.styles.value(style_id, "italic"))
        piece = []
        for run in p.iter(f"{W}r"):
            rpr = run.find(f"{W}rPr")
            bold, italic = _toggle(rpr, "b"), _toggle(rpr, "i")
            bold = style_bold if bold is None else bold
            italic = style_italic if italic is None else italic
            for node in run:
                if node.tag == f"{W}t":
                    piece.append(((node.text or "").replace(SOFT_HYPHEN, ""), bold, italic))
                elif node.tag == f"{W}tab":
                    piece.append(("    ", bold, italic))
                elif node.tag in (f"{W}br", f"{W}cr"):
                    yield piece
                    piece = []
        yield piece


def markup(runs) -> str:
    """Runs as kehoach's inline markup: `**bold**`, `*italic*`; a literal star escaped.

    A paragraph bold throughout is wrapped whole (`**...**`: a title, a heading);
    one italic throughout is left plain (the look of its style, such as a basis).
    Emphasis is written only where its stars pair (not inside a word, not
    against the stars of the run before): elsewhere it is dropped rather than
    printed as stars. Stars and
    backslashes of the text print as they are (`inline.write`)."""
    merged: list[list] = []
    for text, bold, italic in runs:
        text = text.replace("\u00a0", " ")
        if merged and (merged[-1][1], merged[-1][2]) == (bold, italic):
            merged[-1][0] += text
        elif text:
            merged.append([text, bold, italic])
    while merged and not merged[0][0].strip():  # spaces at the ends go; those inside are kept as typed
        del merged[0]
    while merged and not merged[-1][0].strip():
        del merged[-1]
    if not merged:
        return ""
    merged[0][0] = merged[0][0].lstrip()
    merged[-1][0] = merged[-1][0].rstrip()
    whole_bold = all(b for t, b, _ in merged if t.strip())
    whole_italic = all(i for t, _, i in merged if t.strip())  # a paragraph's own look (a basis line), not emphasis
    pieces: list[str | int] = []
    for index, (text, bold, italic) in enumerate(merged):
        italic = italic and not whole_italic
        if whole_bold and index in (0, len(merged) - 1):
            italic = False  # `***` where the bold wrapper meets it would pair with nothing: the italic is lost
        stars = (0 if whole_bold else 2 * bold) + italic
        core = text.strip()
        lead, trail = text[:len(text) - len(text.lstrip())], text[len(text.rstrip()):]
        before = merged[index - 1][0] if index else ""
        after = merged[index + 1][0] if index + 1 < len(merged) else ""
        # Stars after a letter, before one, or against the stars of the run before would not pair.
        opens = bool(lead) or not (before[-1:].isalnum() or (pieces and isinstance(pieces[-1], int)))
        closes = bool(trail) or not after[:1].isalnum()
        if not stars or not core or not (opens and closes):
            pieces.append(text)
            continue
        pieces += [piece for piece in (lead, stars, core, stars, trail) if piece]
    return inline.write([2, *pieces, 2] if whole_bold else pieces)


def _words(p) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t")).strip()
