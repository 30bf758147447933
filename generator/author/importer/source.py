"""An old plan's file as a list of lines: one per paragraph, text with kehoach's
inline markup (`**bold**`, `*italic*`), Word's automatic labels written out.

A .txt (copied from a PDF or a portal) is read line by line; Markdown heading
marks (`##`) are dropped and `**...**` around a whole line says it is bold.
A .docx is read by `wordfile`.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from ...errors import PlanError, Problem
from ...vn import nfc
from .line import Line, whole_bold
from .wordfile import read_docx

HEADING_MARKS = re.compile(r"^#{1,6}\s+")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # characters a .docx cannot hold (a form feed between pages)


def read_lines(path: Path, name: str) -> tuple[list[Line], list[str]]:
    """(the lines, notes on what was left out). Raises PlanError when the file cannot be read."""
    if path.suffix.lower() == ".docx":
        lines, notes = read_docx(path, name)
    else:
        lines, notes = read_text(path, name), []
    if not any(line.plain for line in lines):
        raise PlanError([Problem(name, 1, 1, "tệp không có chữ nào để nhập")])
    return lines, notes


def read_text(path: Path, name: str) -> list[Line]:
    return text_lines(decode(path.read_bytes(), name))


def decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with its BOM; else the place of the first bad byte."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        before = data[:err.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise PlanError([Problem(name, line, column, "tệp văn bản không phải UTF-8: hãy lưu lại với bảng mã UTF-8 "
                                                     "(Notepad: Lưu thành… → Mã hóa UTF-8)")]) from None


def text_lines(text: str) -> list[Line]:
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = CONTROL.sub("", nfc(raw).replace("\u00a0", " ").replace("\t", "    ")).strip()
        line = HEADING_MARKS.sub("", line)
        if not line:
            continue
        lines.append(Line(line, number, bold=whole_bold(line) is not None, columns=True))
    return lines
