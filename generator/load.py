"""YAML -> plain data, with the source position of every key and value.

The YAML is composed into nodes by ruamel.yaml's C parser (ten times faster
than the pure-Python round trip, which only `fmt` needs); each node knows
where it stands, and this module copies that into a table keyed by the path
of the value, so validation can point at `file:line:column` without handling
YAML objects.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .errors import PlanError, Problem
from .vn import nfc

PathKey = tuple  # ("sections", 0, "items", 2)
TAG = "tag:yaml.org,2002:"

# The parser's words (libyaml's), said for a clerk; True: point at where the
# construct began (the open quote, the key) rather than where the parser gave up.
YAML_PROBLEMS = {
    "found duplicate key": ("khóa bị lặp lại", False),
    "could not find expected ':'": ("thiếu dấu ':' sau tên khóa", True),
    "mapping values are not allowed": (
        "không được đặt ':' ở đây: thụt lề sai, thiếu dấu cách sau ':', hoặc một đoạn văn có ': ' cần đặt trong dấu nháy", False),
    "found character that cannot start any token": (
        "ký tự không thể đứng đầu giá trị (thường là phím Tab: hãy thụt lề bằng dấu cách)", False),
    "found a tab character that violates indentation": ("không dùng phím Tab để thụt lề, hãy dùng dấu cách", False),
    "did not find expected key": ("thụt lề không khớp với khóa phía trên", False),
    "did not find expected '-' indicator": ("thụt lề không khớp với danh sách phía trên", False),
    "did not find expected ',' or ']'": ("danh sách [...] mở ở đây thiếu dấu ']' đóng (hoặc dấu ',')", True),
    "did not find expected ',' or '}'": ("ánh xạ {...} mở ở đây thiếu dấu '}' đóng (hoặc dấu ',')", True),
    "block sequence entries are not allowed": ("không được bắt đầu danh sách '- ' ở đây (thụt lề sai?)", False),
    "found undefined alias": ("bí danh (alias) chưa được định nghĩa", False),
    "found unexpected end of stream": ("dấu nháy mở ở đây chưa được đóng", True),
    "found unknown escape character": ("ký tự thoát không hợp lệ trong chuỗi có dấu nháy kép", False),
    "did not find expected node content": ("thiếu giá trị ở đây", False),
    "but found another document": ("tệp chỉ chứa một kế hoạch: bỏ dòng '---' thứ hai và phần sau nó", False),
}


@dataclass
class Source:
    """Where a plan came from, and where each of its values stands (1-based)."""

    file: str
    text: str = field(default="", repr=False)
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
        line_start = raw.rfind(b"\n", 0, err.start) + 1
        column = len(raw[line_start:err.start].decode("utf-8", errors="replace")) + 1  # letters, not bytes
        raise PlanError([Problem(name, line, column, "tệp không được mã hóa UTF-8; hãy lưu lại với mã hóa UTF-8")]) from None
    try:
        root = YAML(typ="safe").compose(text)
    except MarkedYAMLError as err:
        raise PlanError([syntax_problem(name, err, text)]) from None
    except YAMLError as err:  # unmarked errors are rare; still a message, not a traceback
        raise PlanError([Problem(name, 1, 1, f"YAML không hợp lệ: {err}")]) from None
    source = Source(name, text)
    source.values[()] = (1, 1)
    if root is None:
        return None, source
    problems: list[Problem] = []
    data = _plain(root, (), source, problems)
    if problems:
        raise PlanError(problems)
    return data, source


def syntax_problem(name: str, err: MarkedYAMLError, text: str = "") -> Problem:
    problem = (err.problem or "").strip()
    message, at_start = next((v for k, v in YAML_PROBLEMS.items() if problem.startswith(k)),
                             (f"cú pháp YAML không hợp lệ ({problem})", False))
    mark = (err.context_mark if at_start else None) or err.problem_mark or err.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if problem.startswith("could not find expected ':'") and re.search(r":\S", _line(text, line)):
        message = "thiếu dấu cách sau dấu ':' (viết number: 5, không viết number:5)"
    return Problem(name, line, column, message)


def _line(text: str, number: int) -> str:
    lines = text.split("\n")
    return lines[number - 1] if 0 < number <= len(lines) else ""


def _plain(node, path: PathKey, source: Source, problems: list):
    if isinstance(node, MappingNode):
        out = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                typed = source.text[key_node.start_mark.index:key_node.end_mark.index]
                problems.append(Problem(source.file, *_position(key_node), f'khóa không hợp lệ "{typed}": tên khóa phải là một chữ, ví dụ text'))
                continue
            key = nfc(str(key_node.value))
            child = path + (key,)
            if key in out:
                line, column = source.keys[child]
                problems.append(Problem(source.file, *_position(key_node), f'khóa "{key}" bị lặp lại (đã có ở dòng {line}, cột {column})'))
                continue
            source.keys[child] = _position(key_node)
            source.values[child] = _position(value_node)
            out[key] = _plain(value_node, child, source, problems)
        return out
    if isinstance(node, SequenceNode):
        out = []
        for index, value_node in enumerate(node.value):
            child = path + (index,)
            source.values[child] = _position(value_node)
            out.append(_plain(value_node, child, source, problems))
        return out
    return _scalar(node)


def _scalar(node: ScalarNode):
    """The value of a scalar by its resolved tag; dates stay text for the model to check."""
    kind, text = node.tag.replace(TAG, ""), node.value
    try:
        if kind == "int":
            return int(text.replace("_", ""), 0) if text.lower().startswith(("0x", "0o")) else int(text.replace("_", ""))
        if kind == "float":
            return float(text.replace("_", ""))
    except ValueError:
        return nfc(text)
    if kind == "bool":
        return text.lower() == "true"
    if kind == "null":
        return None
    return nfc(text)


def _position(node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)
