"""YAML -> plain data, with the source position of every key and value.

The round-trip loader of ruamel.yaml knows where each node stands; this module
copies that into a table keyed by the path of the value, so validation can
point at `file:line:column` without handling ruamel objects.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .errors import PlanError, Problem
from .vn import nfc

PathKey = tuple  # ("sections", 0, "items", 2)


class _PlanConstructor(RoundTripConstructor):
    """Dates stay text: the model checks them and says what is wrong (31/02)."""


_PlanConstructor.add_constructor("tag:yaml.org,2002:timestamp", _PlanConstructor.construct_yaml_str)

YAML_PROBLEMS = {
    "found duplicate key": "khóa bị lặp lại",
    "could not find expected ':'": "thiếu dấu ':' sau tên khóa",
    "mapping values are not allowed here": "không được đặt ':' ở đây (thiếu dấu cách sau ':' hoặc thụt lề sai)",
    "found character '\\t' that cannot start any token": "không dùng phím Tab để thụt lề, hãy dùng dấu cách",
    "did not find expected key": "thụt lề không khớp với khóa phía trên",
    "did not find expected '-' indicator": "thụt lề không khớp với danh sách phía trên",
    "found undefined alias": "bí danh (alias) chưa được định nghĩa",
    "found unexpected end of stream": "tệp kết thúc giữa chừng (thiếu dấu ngoặc hoặc dấu nháy đóng?)",
    "found unknown escape character": "ký tự thoát không hợp lệ trong chuỗi có dấu nháy kép",
}


@dataclass
class Source:
    """Where a plan came from, and where each of its values stands (1-based)."""

    file: str
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: PathKey, at_key: bool = False) -> tuple[int, int]:
        """The position of a value (or its key); the nearest known ancestor otherwise."""
        table = self.keys if at_key else self.values
        if path in table:
            return table[path]
        while path:
            path = path[:-1]
            if path in self.values:
                return self.values[path]
        return (1, 1)

    def problem(self, path: PathKey, message: str, at_key: bool = False) -> Problem:
        line, column = self.position(path, at_key)
        return Problem(self.file, line, column, message)


def load_file(path: Path, display: str | None = None):
    """Read a plan file: (plain data, Source). Raises PlanError."""
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise PlanError([Problem(name, 1, 1, f"không đọc được tệp: {err.strerror}")]) from None
    return load_text(raw, name)


def load_text(raw: bytes, name: str):
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        column = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        raise PlanError([Problem(name, line, column, "tệp không được mã hóa UTF-8; hãy lưu lại với mã hóa UTF-8")]) from None
    yaml = YAML(typ="rt")
    yaml.Constructor = _PlanConstructor
    try:
        tree = yaml.load(text)
    except MarkedYAMLError as err:
        raise PlanError([syntax_problem(name, err)]) from None
    except YAMLError as err:  # unmarked errors are rare; still a message, not a traceback
        raise PlanError([Problem(name, 1, 1, f"YAML không hợp lệ: {err}")]) from None
    source = Source(name)
    source.values[()] = (1, 1)
    return _plain(tree, (), source), source


def syntax_problem(name: str, err: MarkedYAMLError) -> Problem:
    mark = err.problem_mark or err.context_mark
    problem = (err.problem or "").strip()
    message = YAML_PROBLEMS.get(problem)
    if message is None:
        message = next((v for k, v in YAML_PROBLEMS.items() if problem.startswith(k)), None)
    if message is None:
        message = f"cú pháp YAML không hợp lệ ({problem})"
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Problem(name, line, column, message)


def _plain(node, path: PathKey, source: Source):
    if isinstance(node, CommentedMap):
        out = {}
        for key, value in node.items():
            child = path + (nfc(str(key)),)
            source.keys[child] = _one_based(node.lc.key(key))
            source.values[child] = _one_based(node.lc.value(key))
            out[child[-1]] = _plain(value, child, source)
        return out
    if isinstance(node, CommentedSeq):
        out = []
        for index, value in enumerate(node):
            child = path + (index,)
            source.values[child] = _one_based(node.lc.item(index))
            out.append(_plain(value, child, source))
        return out
    if isinstance(node, bool) or node is None:
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return nfc(str(node))


def _one_based(position) -> tuple[int, int]:
    line, column = position
    return (line + 1, column + 1)
