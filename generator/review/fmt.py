"""`kehoach fmt`: one canonical layout for plan files, so diffs show meaning.

A round trip through ruamel.yaml keeps comments, block scalars and flow
mappings as the author wrote them; what changes is the order of keys (the
order of the schema), indentation, quoting and the width of plain lines.
Nothing else: fmt(fmt(x)) == fmt(x), and a file whose meaning or comments the
round trip would change is refused (exit 123), never rewritten.

- Lines before the document (`%YAML` directives, comments, `---`) and after it
  (`...` and comments) are kept as typed; the document between them is formatted.
- A scalar that is not text (a number, `yes`/`no`, a date, null) is written
  back as typed (`0123`, `1.50`, `no` under `%YAML 1.1`), never as its value.
- ruamel.yaml drops most comments inside a flow collection (`[...]`, `{...}`)
  written over several lines: such a collection is written in block style,
  each comment beside or before its item.
- A text with two spaces (or a tab) in a row is written in double quotes on
  one line: a line break at that place would read back as one space.
"""
from __future__ import annotations

import bisect
import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent, ScalarEvent
from ruamel.yaml.representer import RoundTripRepresenter

from ..errors import PlanError, Problem, SituationError
from ..fields import Lazy, ListOf, OneOf, Record, TextOr
from ..files import write_atomically
from ..load import load_text, syntax_problem
from ..model import PLAN

TAG = "tag:yaml.org,2002:"
BOM = "\ufeff".encode("utf-8")
WIDTH = 88
NOT_TEXT = ("bool", "int", "float", "null", "timestamp")
# A line break where a text has two blanks in a row (or a tab) reads back as one space.
FOLD_LOSES = re.compile(r"\s\s|\t")
# ruamel.yaml may fold a "..." line right after an escape (\\) without the \ that keeps the break.
FOLD_ESCAPES = "\\\x85\u2028\u2029\ufeff"
DOCUMENT_START = re.compile(r"---(?:[ \t]+#.*)?[ \t]*")  # `---`, alone or with a comment
DOCUMENT_END = re.compile(r"\.\.\.(?:[ \t]+#.*)?[ \t]*")
LOST = ("fmt không thể định dạng tệp này mà giữ nguyên {what} (dòng {line}); tệp được giữ nguyên, "
        "hãy báo lại kèm tệp YAML")


class Typed(str):
    """A scalar that is not text, kept as typed; `tag` is what YAML reads it as."""

    tag = TAG + "str"


TYPED = {TAG + kind: type(f"Typed_{kind}", (Typed,), {"tag": TAG + kind}) for kind in NOT_TEXT}
DateText = TYPED[TAG + "timestamp"]  # a date as typed: kept as text (even 2020-02-31), written back unquoted


class _Constructor(RoundTripConstructor):
    pass


class _Representer(RoundTripRepresenter):
    pass


class _Emitter(Emitter):
    def write_double_quoted(self, text, split=True):
        super().write_double_quoted(text, split and _foldable(text))


def _foldable(text: str) -> bool:
    return not FOLD_LOSES.search(text) and not any(c in FOLD_ESCAPES for c in text)


def _represent_text(representer, text: str):
    """Plain when a line break anywhere would read back the same; else double quotes (unfolded)."""
    return representer.represent_scalar(TAG + "str", text, style=None if _foldable(text) else '"')


for _tag, _class in TYPED.items():
    _Constructor.add_constructor(_tag, lambda constructor, node, kind=_class: kind(node.value))
    _Representer.add_representer(_class, lambda representer, data: representer.represent_scalar(data.tag, str(data)))
_Representer.add_representer(str, _represent_text)


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.Representer = _Representer
    yaml.Emitter = _Emitter
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = WIDTH
    return yaml


# ---------------------------------------------------------------- the text

def format_text(text: str, name: str = "<plan>") -> str:
    """The canonical layout of a plan's text. Raises PlanError on a YAML syntax error,
    or when the round trip would change the plan's meaning or drop a comment."""
    newline = "\r\n" if text.partition("\n")[0].endswith("\r") else "\n"  # a file from Windows keeps its CRLF
    text = text.replace("\r\n", "\n")
    formatted = round_trip(text, name)
    _check_nothing_lost(text, formatted, name)
    return formatted.replace("\n", newline)


def round_trip(text: str, name: str, edit: Callable[[CommentedMap], None] | None = None) -> str:
    """The text read as a ruamel.yaml tree, changed by `edit` (`kehoach new`), written in the canonical layout."""
    load_text(text.encode("utf-8"), name)  # the loader's own checks, located (depth, control characters)
    head, body, tail = split_document(text)
    directives = [line for line in head.splitlines(keepends=True) if line.startswith("%")]
    parsed = "".join(directives) + ("---\n" if directives else "") + body
    yaml = _yaml()
    tree = load_tree(yaml, parsed, name)
    if tree is None:
        return text
    _keep_flow_comments(tree, parsed)
    _keep_block_scalar_item_comments(tree)
    if edit:
        edit(tree)
    _order(tree, PLAN)
    out = io.StringIO()
    yaml.dump(tree, out)
    return head + _without_directives(out.getvalue(), bool(directives)) + tail


def split_document(text: str) -> tuple[str, str, str]:
    """(lines before the document: directives, comments and `---`; the document; `...` and after)."""
    lines = text.splitlines(keepends=True)
    head = 0
    for index, line in enumerate(lines):
        if DOCUMENT_START.fullmatch(line.rstrip("\r\n")):
            head = index + 1
            break
        if line.strip() and not line.lstrip().startswith(("#", "%")):
            break
    tail = len(lines)
    for index in range(len(lines) - 1, head - 1, -1):  # the first `...` after which only comments follow
        if DOCUMENT_END.fullmatch(lines[index].rstrip("\r\n")):
            tail = index
        elif lines[index].strip() and not lines[index].lstrip().startswith("#"):
            break
    return "".join(lines[:head]), "".join(lines[head:tail]), "".join(lines[tail:])


def _without_directives(dumped: str, directives: bool) -> str:
    """ruamel.yaml writes the directives it read and `---` again: the head keeps the typed ones."""
    if not directives:
        return dumped
    lines = dumped.splitlines(keepends=True)
    start = next(index for index, line in enumerate(lines) if line.startswith("---"))
    rest = lines[start][3:].lstrip(" ")
    return ("" if rest.strip() == "" else rest) + "".join(lines[start + 1:])


def load_tree(yaml: YAML, text: str, name: str):
    """The round-trip tree of a plan's text (comments kept), after the loader's own checks:
    the pure-Python round trip has no limit of nesting and reports some errors without a position."""
    load_text(text.encode("utf-8"), name)
    try:
        return yaml.load(text)
    except MarkedYAMLError as err:
        raise PlanError([syntax_problem(name, err, text)]) from None


def _order(node, field) -> None:
    """Put every mapping's keys in the schema's order, recursively."""
    while isinstance(field, (Lazy, TextOr, OneOf)):  # a section taken `from:` a parent or written out
        if isinstance(field, OneOf):
            field = field.with_marker if isinstance(node, CommentedMap) and field.marker in node else field.without_marker
        else:
            field = field.resolve() if isinstance(field, Lazy) else field.record
    if isinstance(field, Record) and isinstance(node, CommentedMap):
        known = [key for key in field.keys if key in node]
        for key in known + [key for key in list(node) if key not in field.keys]:
            node.move_to_end(key)
        for key in known:
            _order(node[key], field.keys[key].field)
    elif isinstance(field, ListOf) and isinstance(node, CommentedSeq):
        for value in node:
            _order(value, field.item)


# ---------------------------------------------------------------- comments

@dataclass(frozen=True, order=True)
class Comment:
    line: int  # 0-based, as ruamel.yaml counts
    column: int
    text: str  # from the `#` to the end of the line, trailing blanks dropped


COMMENT_START = re.compile(r"(?:^|(?<=[ \t]))#", re.MULTILINE)


def _structure(text: str) -> tuple[list[tuple[int, int]], dict[tuple[int, int], tuple[int, int]]]:
    """(where each scalar stands, as offsets; where each flow collection opens -> closes, as
    (line, column)), from libyaml's events (its marks count characters, as Python does)."""
    scalars, flows, open_at = [], {}, []
    for event in YAML(typ="safe").parse(text):
        if isinstance(event, ScalarEvent):
            scalars.append((event.start_mark.index, event.end_mark.index))
        elif isinstance(event, CollectionStartEvent):
            open_at.append((event.start_mark.line, event.start_mark.column) if event.flow_style else None)
        elif isinstance(event, CollectionEndEvent):
            start = open_at.pop()
            if start is not None:
                flows[start] = (event.end_mark.line, event.end_mark.column)
    return scalars, flows


def _comments(text: str, scalars: list[tuple[int, int]] | None = None) -> list[Comment]:
    """Every comment: a `#` at the start of a line or after a blank, outside every scalar and directive."""
    scalars = sorted(scalars if scalars is not None else _structure(text)[0])
    starts = [start for start, _ in scalars]
    found, line, counted = [], 0, 0
    for match in COMMENT_START.finditer(text):
        at = bisect.bisect_right(starts, match.start()) - 1
        if at >= 0 and scalars[at][0] <= match.start() < scalars[at][1]:
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        if text.startswith("%", line_start):
            continue
        line, counted = line + text.count("\n", counted, line_start), line_start
        line_end = text.find("\n", match.start())
        line_end = len(text) if line_end < 0 else line_end
        found.append(Comment(line, match.start() - line_start, text[match.start():line_end].rstrip()))
    return found


def _inventory(comments: list[Comment]) -> Counter:
    return Counter(comment.text.lstrip("#").strip() for comment in comments)


def _check_nothing_lost(text: str, formatted: str, name: str) -> None:
    """black's promise: the output means what the input meant, comments included; else refuse."""
    before, after = load_text(text.encode("utf-8"), name), load_text(formatted.encode("utf-8"), name)
    if before[0] != after[0]:
        raise PlanError([Problem(name, 1, 1, LOST.format(what="nội dung", line=1))])
    comments = _comments(text)
    missing = _inventory(comments) - _inventory(_comments(formatted))
    if missing:
        lost = next(comment for comment in comments if comment.text.lstrip("#").strip() in missing)
        line = lost.line + 1
        raise PlanError([Problem(name, line, lost.column + 1, LOST.format(what="chú thích", line=line))])


def _keep_flow_comments(tree, text: str) -> None:
    """A flow collection over several lines that holds comments is written in block style, each
    comment at the end of its item's line, or before the item that follows it."""
    scalars, flows = _structure(text)
    spans = {start: end for start, end in flows.items() if start[0] != end[0]}  # a comment ends its line
    owned: dict[tuple[int, int], list[Comment]] = {}  # by the innermost collection around each comment
    for comment in _comments(text, scalars):
        position = (comment.line, comment.column)
        inside = [start for start, end in spans.items() if start < position < end]
        for start in inside:  # a block collection cannot stand inside a flow one: every one around goes block
            owned.setdefault(start, [])
        if inside:
            owned[max(inside)].append(comment)
    for parent, key, node in _collections(tree) if owned else ():
        start = (node.lc.line, node.lc.col)
        if start not in owned:
            continue
        if not node:  # `[  # ...` then `]`: no entry to stand beside, so beside the key
            if parent is not None and owned[start]:
                parent.yaml_add_eol_comment("\n".join(comment.text for comment in owned[start]), key)
        elif node.fa.flow_style():
            node.fa.set_block_style()
            if owned[start]:
                node.ca.items.clear()
                _attach(node, owned[start])


def _keep_block_scalar_item_comments(tree) -> None:
    """`- >-  # ...`: ruamel.yaml keeps the comment after the indicator of a block scalar that is a
    list entry as a bare string where its emitter expects comment tokens, and then drops it with the
    comments before it. Such a comment goes on its own line before the entry (pinned version)."""
    for _, _, node in _collections(tree):
        if not isinstance(node, CommentedSeq):
            continue
        for index, entry in list(node.ca.items.items()):
            bare = [text for text in entry[1] or () if isinstance(text, str)]
            if bare:
                entry[1] = [token for token in entry[1] if not isinstance(token, str)] or None
                for text in bare:
                    node.yaml_set_comment_before_after_key(index, before=text.strip()[1:].removeprefix(" "),
                                                           indent=max(0, node.lc.item(index)[1] - 2))


def _collections(node, parent=None, key=None):
    """(the collection holding it, its key or index, the collection), every collection of the tree."""
    if isinstance(node, (CommentedMap, CommentedSeq)):
        yield parent, key, node
        for child_key, value in node.items() if isinstance(node, CommentedMap) else enumerate(node):
            yield from _collections(value, node, child_key)


def _attach(node, comments: list[Comment]) -> None:
    """Each comment at the end of its item's line, else before the next item (after the last:
    before it); the ends of lines first (ruamel.yaml cannot add one to an item with a comment before it)."""
    keys = list(node) if isinstance(node, CommentedMap) else list(range(len(node)))
    starts = [tuple(node.lc.key(key) if isinstance(node, CommentedMap) else node.lc.item(key)) for key in keys]
    before = []
    for comment in comments:
        on_line = [index for index, start in enumerate(starts) if start[0] == comment.line and start[1] < comment.column]
        if on_line and not isinstance(node[keys[on_line[-1]]], (CommentedMap, CommentedSeq)):
            node.yaml_add_eol_comment(comment.text, keys[on_line[-1]], column=comment.column)
            continue
        following = [index for index, start in enumerate(starts) if start > (comment.line, comment.column)]
        before.append((following[0] if following else len(keys) - 1, comment))
    for index, comment in before:  # indented no further than the item it now stands before
        node.yaml_set_comment_before_after_key(keys[index], before=comment.text[1:].removeprefix(" "),
                                               indent=min(comment.column, starts[index][1]))


# ---------------------------------------------------------------- files

def format_file(path: Path, name: str, check: bool) -> bool:
    """Format one file in place (or only compare, with check); True when it changes.
    A symlinked plan is written through its link; the file keeps its mode, its byte order
    mark and its line endings."""
    target = path.resolve()
    try:
        raw = target.read_bytes()
        mode = target.stat().st_mode & 0o7777
    except OSError as err:
        raise SituationError(f"không đọc được {name}: {err.strerror}; kiểm tra quyền đọc tệp") from None
    load_text(raw, name)  # not UTF-8, a control character: located like every other problem
    bom = BOM if raw.startswith(BOM) else b""  # kept, like the file's line endings
    original = raw[len(bom):].decode("utf-8")
    formatted = format_text(original, name)
    if formatted == original:
        return False
    if not check:
        try:
            write_atomically(target, bom + formatted.encode("utf-8"), mode=mode)
        except OSError as err:
            raise SituationError(f"không ghi được {name}: {err.strerror}; kiểm tra quyền ghi và chỗ trống "
                                 "trên đĩa (tệp cũ vẫn nguyên)") from None
    return True
