"""One line of an old plan: a paragraph of a .docx or a line of a .txt."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ...inline import parse, unescape_end, without_stars


def whole_bold(text: str) -> str | None:
    """`**a line bold throughout**` -> what is inside the outer stars (its own markup kept); else None."""
    if len(text) > 4 and text.startswith("**") and text.endswith("**") and all(run.bold for run in parse(text) if run.text.strip()):
        return unescape_end(text[2:-2]).strip()
    return None


def unmarked(text: str) -> str:
    """A marked-up text as printed: stars of emphasis removed, an escaped star a star, spaces as typed."""
    return without_stars(text)


def plain(text: str) -> str:
    """The words of a marked-up text, spaces single: for recognising, not for keeping."""
    return " ".join(unmarked(text).split())


@dataclass(frozen=True)
class Line:
    text: str  # with inline markup; a label as typed (or Word's, written out) at its start
    number: int  # the line of a .txt, the paragraph of a .docx (counted from 1): where to look
    bold: bool = False  # the whole line is bold
    centered: bool = False
    style: str = ""  # the paragraph style's name (a .docx)
    columns: bool = False  # may hold columns side by side, apart by two spaces or more (a .txt from a PDF)
    group: tuple[tuple[str, ...], str] | None = None  # a group of recipients read from its table: names and note as printed

    def fragments(self) -> list[str]:
        """The line's pieces as printed (a header's or footer's columns apart), spaces inside kept."""
        text = unmarked(self.text)
        pieces = re.split(r"\s{2,}", text) if self.columns else [text]
        return [piece.strip() for piece in pieces if piece.strip()]

    @property
    def plain(self) -> str:
        """The words without markup."""
        return plain(self.text)
