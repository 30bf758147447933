"""One line of an old plan: a paragraph of a .docx or a line of a .txt."""
from __future__ import annotations

import re
from dataclasses import dataclass

WHOLE_BOLD = re.compile(r"^\*\*(?!\*)(?P<inner>(?:(?!\*\*).)+)\*\*$")  # **a whole line in bold**


def plain(text: str) -> str:
    """The words of a marked-up text: stars of emphasis removed, an escaped star kept, spaces single."""
    return " ".join(text.replace("\\*", "\0").replace("*", "").replace("\0", "*").split())


@dataclass(frozen=True)
class Line:
    text: str  # with inline markup; a label as typed (or Word's, written out) at its start
    number: int  # the line of a .txt, the paragraph of a .docx (counted from 1): where to look
    bold: bool = False  # the whole line is bold
    centered: bool = False
    style: str = ""  # the paragraph style's name (a .docx)

    @property
    def plain(self) -> str:
        """The words without markup."""
        return plain(self.text)
