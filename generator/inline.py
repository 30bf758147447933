"""Light inline markup: `*italic*`, `**bold**`, `***both***`, `\\*` for a star.

Emphasis follows the delimiter rules of CommonMark, simplified: a run of one
to three stars opens when a non-space follows it and no letter or digit
precedes it, and closes when a non-space precedes it and no letter or digit
follows it; a closer pairs with the nearest opener of the same length. Stars
that pair with nothing print as typed, so `{{ 7*7 }}` stays `{{ 7*7 }}`.

Backslashes mean something only just before a star, as in CommonMark: there
each pair is one backslash and an odd one left makes the star literal
(`\\*` a star, `\\\\**đậm**` a backslash before bold, `\\\\\\*` a backslash
and a star). Elsewhere a backslash prints as typed (`C:\\tệp`). `write` is
the inverse: any text, next to stars of emphasis or not, written so that it
prints as it is.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

TOKEN = re.compile(r"(?P<backslashes>\\+)|\*+")
EFFECT = {1: (False, True), 2: (True, False), 3: (True, True)}  # stars -> (bold, italic)


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class _Stars:
    count: int
    can_open: bool
    can_close: bool
    partner: int | None = None  # index of the matching delimiter
    opens: bool = False


def parse(text: str) -> list[Run]:
    pieces = _tokenize(text)
    _pair(pieces)
    return _runs(pieces)


def _tokenize(text: str) -> list:
    pieces: list[str | _Stars] = []
    position = 0
    while match := TOKEN.search(text, position):
        pieces.append(text[position:match.start()])
        position = match.end()
        backslashes = match.group("backslashes")
        if backslashes is not None:
            before_star = text.startswith("*", match.end())
            if before_star:
                escaped = len(backslashes) % 2
                pieces.append("\\" * (len(backslashes) // 2) + "*" * escaped)
                position += escaped
            else:
                pieces.append(backslashes)
            continue
        token = match.group()
        before = text[match.start() - 1] if match.start() else " "
        after = text[match.end()] if match.end() < len(text) else " "
        usable = len(token) <= 3
        # Stars inside a word (7*7) neither open nor close, so `{{ 7*7 }}` stays as typed however often.
        opens = usable and not after.isspace() and not before.isalnum()
        closes = usable and not before.isspace() and not after.isalnum()
        pieces.append(_Stars(len(token), opens, closes))
    pieces.append(text[position:])
    return [piece for piece in pieces if piece != ""]


def _pair(pieces: list) -> None:
    openers: list[int] = []
    for index, piece in enumerate(pieces):
        if not isinstance(piece, _Stars):
            continue
        match = next((o for o in reversed(openers) if pieces[o].count == piece.count), None) if piece.can_close else None
        if match is not None:
            del openers[openers.index(match):]
            pieces[match].partner, pieces[match].opens = index, True
            piece.partner = match
        elif piece.can_open:
            openers.append(index)


def _runs(pieces: list) -> list[Run]:
    runs: list[Run] = []
    bold = italic = 0
    for piece in pieces:
        if isinstance(piece, _Stars) and piece.partner is not None:
            b, i = EFFECT[piece.count]
            step = 1 if piece.opens else -1
            bold += step * b
            italic += step * i
            continue
        text = piece if isinstance(piece, str) else "*" * piece.count
        _append(runs, Run(text, bold > 0, italic > 0))
    return runs


def _append(runs: list[Run], run: Run) -> None:
    if runs and (runs[-1].bold, runs[-1].italic) == (run.bold, run.italic):
        runs[-1] = Run(runs[-1].text + run.text, run.bold, run.italic)
    else:
        runs.append(run)


def plain(text: str) -> str:
    """The text a reader sees, markup removed."""
    return "".join(run.text for run in parse(text))


def write(pieces: Iterable[str | int]) -> str:
    """Markup from literal texts and runs of stars of emphasis (an int: how many): `parse` reads back
    each text as it is, wherever it stands. A literal star is written `\\*`; the backslashes just
    before a star, literal or of emphasis, twice."""
    out: list[str] = []
    backslashes = 0  # at the end of what is written
    for piece in pieces:
        stars, text = (piece, "") if isinstance(piece, int) else (0, piece)
        if stars:
            out.append("\\" * backslashes + "*" * stars)
            backslashes = 0
        for char in text:
            if char == "*":
                out.append("\\" * backslashes + "\\")
            out.append(char)
            backslashes = backslashes + 1 if char == "\\" else 0
    return "".join(out)


def escape(text: str) -> str:
    """Markup that prints `text` as typed, stars and backslashes included."""
    return write([text])


def unescape_end(markup: str) -> str:
    """A text cut just before a star of emphasis (`a\\\\` of `**a\\\\**`) as it reads without it:
    the backslashes at its end, doubled for that star, halved."""
    stripped = markup.rstrip("\\")
    return stripped + "\\" * ((len(markup) - len(stripped)) // 2)


def without_stars(markup: str) -> str:
    """The text with every star of emphasis removed, paired or not; escaped stars and backslashes as printed."""
    return "".join(piece for piece in _tokenize(markup) if isinstance(piece, str))
