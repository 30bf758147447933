"""YAML -> plain data, with the source position of every key and value.

The YAML is composed into nodes by ruamel.yaml's C parser (ten times faster
than the pure-Python round trip, which only `fmt` needs); each node knows
where it stands, and this module copies that into a table keyed by the path
of the value, so validation can point at `file:line:column` without handling
YAML objects.

Every file is read as YAML 1.2, whatever a `%YAML 1.1` line says: `yes`, `no`,
`on`, `off` are text, and only `true`/`false` are true and false. A value read
as a number, true/false or null keeps the characters typed (`Source.typed`), so
a text field prints `0123`, `1.50`, `0x1F`, `1e3`, `true`, `null` as typed.
"""
from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from typing import Any
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from .errors import PlanError, Problem, SituationError, excerpt
from .files import unreadable
from .limits import COMPOSE_SAFE, MAX_DEPTH, MAX_FILE_BYTES, MAX_VALUES
from .vn import nfc

PathKey = tuple[str | int, ...]  # ("sections", 0, "items", 2)
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
    "found a tab character": ("không dùng phím Tab để thụt lề, hãy dùng dấu cách", False),
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
    "did not find expected <document start>": (
        "dòng này thụt lề ít hơn đầu tệp: các khóa cấp cao nhất (format, type, ...) cùng bắt đầu ở cột 1", False),
    "did not find expected comment or line break": ("ký tự thừa ở đây: sau ký hiệu này phải xuống dòng", False),
    "found unexpected ':'": ("không được đặt ':' ở đây: trong [...] hoặc {...}, đoạn văn có ':' cần đặt trong dấu nháy", False),
    "did not find expected alphabetic or numeric character": (
        "'*' hoặc '&' ở đầu giá trị có nghĩa riêng trong YAML: hãy đặt cả đoạn văn trong dấu nháy kép", True),
    "mapping keys are not allowed": ("không được đặt '?' ở đây: đoạn văn bắt đầu bằng '?' cần đặt trong dấu nháy", False),
    "found unexpected document indicator": ("dấu nháy mở ở đây chưa được đóng trước dòng '---' hoặc '...'", True),
    "found an indentation indicator equal to 0": ("số thụt lề sau '|' hoặc '>' phải từ 1 đến 9", False),
    "did not find expected hexdecimal number": ("ký tự thoát không hợp lệ trong chuỗi có dấu nháy kép", False),
    "found invalid Unicode character escape code": ("ký tự thoát không hợp lệ trong chuỗi có dấu nháy kép", False),
    "second occurrence": ("neo (anchor) '&' bị lặp lại: mỗi tên neo chỉ dùng một lần", False),
    # a tag (`!x`) or a directive (`%YAML`): YAML of its own, never in a plan
    **{problem: ("'!' ở đầu giá trị có nghĩa riêng trong YAML (thẻ): hãy đặt cả đoạn văn trong dấu nháy", True) for problem in (
        "did not find expected tag URI", "did not find the expected '>'", "did not find expected whitespace or line break",
        "did not find expected '!'", "did not find URI escaped octet", "found undefined tag handle")},
    **{problem: ("dòng bắt đầu bằng '%' là chỉ thị YAML: hãy bỏ dòng này, hoặc đặt đoạn văn trong dấu nháy", False) for problem in (
        "found unknown directive name", "could not find expected directive name", "found duplicate %",
        "found incompatible YAML document", "did not find expected version number", "did not find expected digit",
        "found unexpected non-alphabetical character", "found extremely long version number", "did not find expected whitespace")},
}
# The characters XML 1.0 (and so a .docx) cannot hold; YAML escapes can write them. Listed as they are:
# the same set written as XML's Char negated, [^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff],
# takes 10 ms of start-up to compile.
NOT_IN_DOCX = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
TOO_DEEP = (f"lồng quá sâu (quá {MAX_DEPTH} cấp, hoặc một bí danh '*' chứa chính nó): "
            "văn bản chỉ cần vài cấp mục, khoản, điểm")


@dataclass
class Source:
    """Where a plan came from, and where each of its values stands (1-based)."""

    file: str
    text: str = field(default="", repr=False)
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    # The characters typed for a value read as a number, true/false or null (`0123`, `1.50`, `true`, `~`):
    # a text field prints them as typed, not as the number.
    typed: dict[PathKey, str] = field(default_factory=dict)
    flow_lists: set[PathKey] = field(default_factory=set)  # lists typed in flow style, `[a, b, c]`
    quoted: set[PathKey] = field(default_factory=set)  # texts typed in quotes, `'a'` or `"a"`

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


def load_file(path: Path, display: str | None = None) -> tuple[Any, Source]:
    """Read a plan file: (plain data, Source). Raises PlanError."""
    name = display or str(path)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a pipe would block, a device never end
            raise SituationError(f"{name} không phải một tệp thường (mà là thư mục, thiết bị hay đường ống); hãy chỉ đến tệp .yaml")
        with open(path, "rb") as file:
            raw = file.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        raise SituationError(unreadable(path, err)) from None
    if len(raw) > MAX_FILE_BYTES:
        raise PlanError([Problem(name, 0, 0, f"tệp lớn hơn {MAX_FILE_BYTES // 1_000_000} MB; hãy chia thành nhiều kế hoạch")])
    return load_text(raw, name)


def load_text(raw: bytes, name: str) -> tuple[Any, Source]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        line_start = raw.rfind(b"\n", 0, err.start) + 1
        column = len(raw[line_start:err.start].decode("utf-8", errors="replace")) + 1  # letters, not bytes
        raise PlanError([Problem(name, line, column, "tệp không được mã hóa UTF-8; hãy lưu lại với mã hóa UTF-8")]) from None
    try:
        if sum(text.count(indicator) for indicator in "[{-?:") > COMPOSE_SAFE:
            _check_depth(text, name)
        root = YAML(typ="safe").compose(text)
    except MarkedYAMLError as err:
        raise PlanError([syntax_problem(name, err, text)]) from None
    except ReaderError as err:  # a character YAML forbids; libyaml gives its offset in UTF-8 bytes
        before = text.encode("utf-8")[:err.position].decode("utf-8", errors="replace")
        line, column = before.count("\n") + 1, len(before) - before.rfind("\n")
        raise PlanError([Problem(name, line, column, f"ký tự điều khiển U+{err.character:04X} không được có trong tệp; hãy xóa nó")]) from None
    except YAMLError:  # unmarked errors are rare; still a message, not a traceback
        raise PlanError([Problem(name, 1, 1, "YAML không hợp lệ")]) from None
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
                             ("cú pháp YAML không hợp lệ ở đây", False))
    mark = (err.context_mark if at_start else None) or err.problem_mark or err.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if problem.startswith("could not find expected ':'") and re.search(r":\S", _line(text, line)):
        message = "thiếu dấu cách sau dấu ':' (viết number: 5, không viết number:5)"
    return Problem(name, line, column, message)


def _line(text: str, number: int) -> str:
    lines = text.split("\n")
    return lines[number - 1] if 0 < number <= len(lines) else ""


def _check_depth(text: str, name: str) -> None:
    depth = 0
    for event in YAML(typ="safe").parse(text):
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                raise PlanError([Problem(name, mark.line + 1, mark.column + 1, TOO_DEEP)])
        elif isinstance(event, CollectionEndEvent):
            depth -= 1


def _plain(node: Node, path: PathKey, source: Source, problems: list[Problem]) -> Any:
    if len(path) >= MAX_DEPTH and not isinstance(node, ScalarNode):  # the root collection is level 1
        raise PlanError([Problem(source.file, *_position(node), TOO_DEEP)])
    if len(source.values) > MAX_VALUES:
        raise PlanError([Problem(source.file, *_position(node),
                                 f"tệp quá lớn: hơn {MAX_VALUES} giá trị (bí danh '*' lặp lại?); hãy chia thành nhiều kế hoạch")])
    if isinstance(node, MappingNode):
        out = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                typed = source.text[key_node.start_mark.index:key_node.end_mark.index]
                problems.append(Problem(source.file, *_position(key_node), f'khóa không hợp lệ "{excerpt(typed)}": tên khóa phải là một chữ, ví dụ text'))
                continue
            key = nfc(str(key_node.value))
            child = path + (key,)
            if key in out:
                line, column = source.keys[child]
                problems.append(Problem(source.file, *_position(key_node), f'khóa "{excerpt(key)}" bị lặp lại (đã có ở dòng {line}, cột {column})'))
                continue
            source.keys[child] = _position(key_node)
            source.values[child] = _position(value_node)
            out[key] = _plain(value_node, child, source, problems)
        return out
    if isinstance(node, SequenceNode):
        if node.flow_style:
            source.flow_lists.add(path)
        items = []
        for index, value_node in enumerate(node.value):
            child = path + (index,)
            source.values[child] = _position(value_node)
            items.append(_plain(value_node, child, source, problems))
        return items
    value = _scalar(node)
    if isinstance(node, ScalarNode) and node.style in ("'", '"'):
        source.quoted.add(path)
    if isinstance(value, (bool, int, float)) or (value is None and node.value):  # `null` or `~` typed, not left empty
        source.typed[path] = nfc(node.value)
    unprintable = NOT_IN_DOCX.search(value) if isinstance(value, str) else None
    if unprintable:  # an escape in double quotes ("\x01", "\e"): the .docx (XML) cannot hold it
        problems.append(Problem(source.file, *_position(node),
                                f"ký tự điều khiển U+{ord(unprintable.group()):04X} không in được trong văn bản; hãy xóa ký tự thoát này"))
    return value


def _scalar(node: Node) -> Any:
    """The value of a scalar by its resolved tag; dates stay text for the model to check."""
    kind, text = (node.tag or "").replace(TAG, ""), node.value
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


def _position(node: Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)
