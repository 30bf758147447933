"""The HTML page of `kehoach diff --format html`: the change list, then both
versions' rendered text side by side, the words that differ marked.

The page is written by the jinja2 template `templates/diff.html.j2`
(autoescape on, so a plan's `<`, `&` and `{{ }}` print as typed); this module
only decides what the page shows: the document's lines, paired, and the marks.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .. import inline
from ..layout import Table, layout
from ..model import Plan
from .diff import NO_CHANGES, Change

TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
)
SIMILAR_LINE = 0.5  # difflib ratio from which a removed and an added line face each other

Line = tuple[int, str]  # (number in its version, text)
Segment = tuple[str, str | None]  # (text, "del" | "ins" | None)


@dataclass(frozen=True)
class Row:
    kind: str  # same | changed | removed | added
    anchor: str | None  # where the jump links of a differing line point
    old_number: str
    old: list[Segment]
    new_number: str
    new: list[Segment]


@dataclass(frozen=True)
class FileComparison:
    name: str | None  # the file's name, with --git
    changes: list[Change]
    old_name: str
    new_name: str
    rows: list[Row]
    jumps: list[tuple[str, int]]  # (anchor, line number)


def format_html(old: Plan | None, new: Plan | None, changes: list[Change]) -> str:
    """One page: the change list, then both versions side by side, changed words marked."""
    return _page(_page_title(old, new), [comparison(None, old, new, changes)])


def comparisons_page(title: str, files: list[FileComparison], nothing: str) -> str:
    """Several files on one page (`--git`), or `nothing` when no file differs."""
    return _page(title, files, "" if files else nothing)


def _page(title: str, files: Sequence[FileComparison], nothing: str = "") -> str:
    return TEMPLATES.get_template("diff.html.j2").render(title=title, files=files, nothing=nothing, no_changes=NO_CHANGES)


def _page_title(old: Plan | None, new: Plan | None) -> str:
    plan = new or old
    return f"So sánh kế hoạch: {inline.plain(plan.title)}" if plan else "So sánh kế hoạch"


def _source_name(plan: Plan | None) -> str:
    return plan.source.file if plan and plan.source else "(không có)"


def comparison(name: str | None, old: Plan | None, new: Plan | None, changes: list[Change], key: str = "") -> FileComparison:
    """What the page shows of one plan; `key` keeps the anchors of several files apart."""
    rows = [_row(pair, f"{key}dong-{n}") for n, pair in enumerate(side_by_side(document_lines(old), document_lines(new)), 1)]
    jumps = [(row.anchor, int(row.new_number or row.old_number)) for row in rows if row.anchor]
    return FileComparison(name, changes, _source_name(old), _source_name(new), rows, jumps)


def document_lines(plan: Plan | None) -> list[str]:
    """The paragraphs the document shows, labels included, in reading order."""
    if plan is None:
        return []
    lines = []
    for page_section in layout(plan).sections:
        for block in page_section.blocks:
            paras = list(block.paragraphs()) if isinstance(block, Table) else [block]
            lines += [para.text for para in paras if para.text.strip()]
    return lines


def side_by_side(old: list[str], new: list[str]) -> Iterator[tuple[Line | None, Line | None]]:
    """(old line, new line) rows, each (number, text) or None; a changed line faces its new version."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            yield from (((i + 1, old[i]), (j + 1, new[j])) for i, j in zip(range(i1, i2), range(j1, j2)))
        else:
            yield from _align(old, range(i1, i2), new, range(j1, j2))


def _align(old: list[str], old_range: range, new: list[str], new_range: range) -> Iterator[tuple[Line | None, Line | None]]:
    """A changed block: line facing line when both sides have as many; else similar lines paired, the rest alone."""
    olds, news = list(old_range), list(new_range)
    if len(olds) == len(news):
        yield from (((i + 1, old[i]), (j + 1, new[j])) for i, j in zip(olds, news))
        return
    while olds or news:
        if olds and news and _line_similarity(old[olds[0]], new[news[0]]) >= SIMILAR_LINE:
            i, j = olds.pop(0), news.pop(0)
            yield (i + 1, old[i]), (j + 1, new[j])
        elif olds and (not news or not any(_line_similarity(old[olds[0]], new[j]) >= SIMILAR_LINE for j in news)):
            i = olds.pop(0)
            yield (i + 1, old[i]), None
        else:
            j = news.pop(0)
            yield None, (j + 1, new[j])


def _line_similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def _row(pair: tuple[Line | None, Line | None], anchor: str) -> Row:
    old_line, new_line = pair
    old_number, new_number = (str(line[0]) if line else "" for line in pair)
    if old_line and new_line and old_line[1] == new_line[1]:
        return Row("same", None, old_number, [(old_line[1], None)], new_number, [(new_line[1], None)])
    if old_line and new_line:
        old_marked, new_marked = marked_words(old_line[1], new_line[1])
        return Row("changed", anchor, old_number, old_marked, new_number, new_marked)
    if old_line:
        return Row("removed", anchor, old_number, [(old_line[1], "del")], new_number, [])
    added = new_line[1] if new_line else ""
    return Row("added", anchor, old_number, [], new_number, [(added, "ins")])


def marked_words(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    """Both lines as segments, the words that differ marked `del` (old) and `ins` (new)."""
    a, b = re.findall(r"\s*\S+\s*", old), re.findall(r"\s*\S+\s*", new)  # a word with its spaces: marks do not break at each space
    old_segments: list[Segment] = []
    new_segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old_part, new_part = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag == "equal":
            old_segments.append((old_part, None))
            new_segments.append((new_part, None))
            continue
        if old_part:
            old_segments.append((old_part, "del"))
        if new_part:
            new_segments.append((new_part, "ins"))
    return old_segments, new_segments
