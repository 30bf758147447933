"""Light inline markup: `*italic*`, `**bold**`, `***both***`, `\\*` for a star.

Emphasis follows the delimiter rules of CommonMark, simplified: a run of one
to three stars opens when a non-space follows it and no letter or digit
precedes it, and closes when a non-space precedes it and no letter or digit
follows it; a closer pairs with the nearest opener of the same length. Stars
that pair with nothing print as typed, so `{{ 7*7 }}` stays `{{ 7*7 }}`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

TOKEN = re.compile(r"\\\*|\*+")
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
    last = 0
    for match in TOKEN.finditer(text):
        if match.start() > last:
            pieces.append(text[last:match.start()])
        token = match.group()
        if token == "\\*":
            pieces.append("*")
        else:
            before = text[match.start() - 1] if match.start() else " "
            after = text[match.end()] if match.end() < len(text) else " "
            usable = len(token) <= 3
            # Stars inside a word (7*7) neither open nor close, so `{{ 7*7 }}` stays as typed however often.
            opens = usable and not after.isspace() and not before.isalnum()
            closes = usable and not before.isspace() and not after.isalnum()
            pieces.append(_Stars(len(token), opens, closes))
        last = match.end()
    if last < len(text):
        pieces.append(text[last:])
    return pieces


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
