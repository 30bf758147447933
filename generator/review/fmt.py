"""`kehoach fmt`: one canonical layout for plan files, so diffs show meaning.

A round trip through ruamel.yaml keeps comments, block scalars and flow
mappings as the author wrote them; what changes is the order of keys (the
order of the schema), indentation, quoting and the width of plain lines.
fmt(fmt(x)) == fmt(x).
"""
from __future__ import annotations

import io
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.representer import RoundTripRepresenter

from ..errors import PlanError
from ..files import write_atomically
from ..fields import Lazy, ListOf, Record, TextOr
from ..load import load_text, syntax_problem
from ..model import PLAN

TIMESTAMP = "tag:yaml.org,2002:timestamp"
WIDTH = 88


class DateText(str):
    """A date as typed: kept as text (even 2020-02-31) and written back unquoted."""


class _Constructor(RoundTripConstructor):
    pass


class _Representer(RoundTripRepresenter):
    pass


class _Emitter(Emitter):
    def write_double_quoted(self, text, split=True):
        # ruamel.yaml may fold a "..." line right after an escape (\\) without the \ that keeps
        # the line break from reading back as a space: such a text stays on one line.
        super().write_double_quoted(text, split and not any(c in "\\\x85\u2028\u2029\ufeff" for c in text))


_Constructor.add_constructor(TIMESTAMP, lambda c, node: DateText(c.construct_scalar(node)))
_Representer.add_representer(DateText, lambda r, data: r.represent_scalar(TIMESTAMP, str(data)))


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    yaml.Representer = _Representer
    yaml.Emitter = _Emitter
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = WIDTH
    return yaml


def format_text(text: str, name: str = "<plan>") -> str:
    """The canonical layout of a plan's text. Raises PlanError on a YAML syntax error."""
    yaml = _yaml()
    tree = load_tree(yaml, text, name)
    if tree is None:
        return text
    _order(tree, PLAN)
    out = io.StringIO()
    yaml.dump(tree, out)
    return out.getvalue()


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
    while isinstance(field, (Lazy, TextOr)):
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


def format_file(path: Path, name: str, check: bool) -> bool:
    """Format one file in place (or only compare, with check); True when it changes."""
    original = path.read_text(encoding="utf-8-sig")
    formatted = format_text(original, name)
    if formatted == original:
        return False
    if not check:
        write_atomically(path, formatted.encode("utf-8"))
    return True
