"""Declarative field types: one description gives both the validation (with
Vietnamese `file:line:column` messages, every error collected) and the JSON
Schema that editors use to complete and check plans as they are typed.

An entity is described once, as a dataclass whose fields carry their field
type (`key(Text(...), required=True)`); `record_of` reads the dataclass into
the `Record` that checks a YAML mapping and builds the dataclass. Tools that
walk plans (newyear's dates, diff's task fields) walk this same description.
"""
from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Any
from collections.abc import Callable, Collection, Iterable

from .errors import Problem, excerpt
from .limits import FIRST_YEAR, LAST_YEAR, MAX_NUMBER, MAX_PERIOD_YEARS
from .load import PathKey, Source
from .vn import DEADLINE_FORMS, Deadline, parse_deadline, starts_lower, written_repeat

INVALID = object()  # a value that failed; the caller keeps collecting errors
Schema = dict[str, Any]  # a JSON Schema object
Refusal = Callable[[str], str | None]  # a rule on the words of a text: the message, or None

TYPE_NAMES = {
    str: "chuỗi văn bản",
    int: "số nguyên",
    float: "số thực",
    bool: "giá trị đúng/sai",
    list: "danh sách",
    dict: "ánh xạ (các cặp khóa: giá trị)",
    type(None): "giá trị rỗng",
}


def describe(value: Any) -> str:
    """`chuỗi văn bản "abc"`: what the user typed, for 'expected X, got Y'."""
    kind = TYPE_NAMES.get(type(value), type(value).__name__)
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return f'{kind} "{excerpt(str(value))}"'
    return kind


class Checker:
    """Collects the problems of one plan file, and its warnings (they fail nothing)."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def error(self, path: PathKey, message: str, at_key: bool = False) -> object:
        self.problems.append(self.source.problem(path, message, at_key))
        return INVALID

    def warn(self, path: PathKey, message: str) -> None:
        line, column = self.source.position(path)
        self.warnings.append(Problem(self.source.file, line, column, message, warning=True))


def label(path: PathKey) -> str:
    """The name of the field at path, for messages: `"date"` or `"items[2]"`."""
    names = [excerpt(p) for p in path if isinstance(p, str)]
    if not path:
        return "tệp"
    if isinstance(path[-1], int):
        return f'"{names[-1]}[{path[-1] + 1}]"' if names else f"mục {path[-1] + 1}"
    return f'"{names[-1]}"'


class Field:
    description = ""

    def check(self, value: Any, path: PathKey, checker: Checker) -> Any:
        raise NotImplementedError

    def schema(self, defs: dict[str, Schema]) -> Schema:
        raise NotImplementedError

    def _with_description(self, schema: Schema) -> Schema:
        if self.description:
            schema["description"] = self.description
        return schema


@dataclass
class Text(Field):
    description: str = ""
    pattern: str | None = None
    pattern_hint: str = ""
    normalize: Callable[[str], str] | None = None
    refuse: Refusal | None = None

    def check(self, value: Any, path: PathKey, checker: Checker) -> Any:
        if isinstance(value, (bool, int, float)) or value is None:  # a code like 0115 or a title "2020" is still text, as typed
            value = checker.source.typed.get(path, value if value is None else str(value))
        if not isinstance(value, str):
            return checker.error(path, f"{label(path)} cần chuỗi văn bản, nhận được {describe(value)}")
        value = value.strip()
        if not value:
            return checker.error(path, f"{label(path)} không được để trống")
        if self.normalize:
            value = self.normalize(value)
        if self.refuse and (message := self.refuse(value)):
            return checker.error(path, message)
        if self.pattern and not re.fullmatch(self.pattern, value):
            return checker.error(path, f'{label(path)} không hợp lệ: "{excerpt(value)}"; {self.pattern_hint}')
        return value

    def schema(self, defs: dict[str, Schema]) -> Schema:
        schema = {"type": ["string", "number", "boolean", "null"] if not self.pattern else "string", "minLength": 1}
        if self.pattern:
            schema["pattern"] = f"^(?:{self.pattern})$"
        return self._with_description(schema)


@dataclass
class Integer(Field):
    description: str = ""
    minimum: int = 1
    maximum: int = MAX_NUMBER

    def check(self, value: Any, path: PathKey, checker: Checker) -> Any:
        if isinstance(value, bool) or not isinstance(value, int) or value < self.minimum:
            return checker.error(path, f"{label(path)} cần số nguyên dương, nhận được {describe(value)}")
        if value > self.maximum:
            return checker.error(path, f"{label(path)} tối đa là {self.maximum}, nhận được {describe(value)}")
        return value

    def schema(self, defs: dict[str, Schema]) -> Schema:
        return self._with_description({"type": "integer", "minimum": self.minimum, "maximum": self.maximum})


@dataclass(frozen=True)
class PlanDate:
    """A full date, or only year and month (a draft, day left blank)."""

    year: int
    month: int
    day: int | None = None

    @property
    def is_full(self) -> bool:
        return self.day is not None

    def as_date(self) -> dt.date:
        return dt.date(self.year, self.month, self.day or 1)


DATE_PATTERN = r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?"


@dataclass
class Date(Field):
    description: str = ""
    allow_month: bool = False

    def check(self, value: Any, path: PathKey, checker: Checker) -> Any:
        match = re.fullmatch(DATE_PATTERN, value.strip()) if isinstance(value, str) else None
        if not match or (match.group(3) is None and not self.allow_month):
            example = "2020-03-31" + (" hoặc 2021-02 (bản dự thảo)" if self.allow_month else "")
            return checker.error(path, f"{label(path)} cần ngày dạng NĂM-THÁNG-NGÀY, ví dụ {example}; nhận được {describe(value)}")
        year, month = int(match.group(1)), int(match.group(2))
        day = int(match.group(3)) if match.group(3) else None
        if not FIRST_YEAR <= year <= LAST_YEAR:
            return checker.error(path, f'{label(path)}: năm {year} nằm ngoài khoảng {FIRST_YEAR}–{LAST_YEAR} ("{value}")')
        if not 1 <= month <= 12:
            return checker.error(path, f'{label(path)}: tháng {month} không tồn tại ("{value}")')
        if day is not None:
            last = _last_day(year, month)
            if not 1 <= day <= last:
                return checker.error(path, f'{label(path)}: ngày {day} không tồn tại, tháng {month} năm {year} chỉ có {last} ngày ("{value}")')
        return PlanDate(year, month, day)

    def schema(self, defs: dict[str, Schema]) -> Schema:
        pattern = r"^\d{4}-\d{1,2}(-\d{1,2})?$" if self.allow_month else r"^\d{4}-\d{1,2}-\d{1,2}$"
        return self._with_description({"type": "string", "pattern": pattern})


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


@dataclass
class Choice(Field):
    values: Collection[str] = ()  # a live collection (the keys of FORMATS) takes in what is added later
    description: str = ""

    def check(self, value: Any, path: PathKey, checker: Checker) -> Any:
        if isinstance(value, str) and value in self.values:  # a list or mapping is no choice (and is unhashable)
            return value
        allowed = ", ".join(self.values)
        hint = did_you_mean(value, self.values)
        return checker.error(path, f"{label(path)} không hợp lệ: {describe(value)}; {hint}dùng một trong: {allowed}")

    def schema(self, defs: dict[str, Schema]) -> Schema:
        return self._with_description({"enum": list(self.values)})


def did_you_mean(value: Any, choices: Iterable[str]) -> str:
    if not isinstance(value, str):
        return ""
    by_lower = {str(choice).lower(): choice for choice in choices}
    close = difflib.get_close_matches(value.lower(), list(by_lower), n=1, cutoff=0.6)
    return f'có phải ý bạn là "{by_lower[close[0]]}"? ' if close else ""


@dataclass
class ListOf(Field):
    item: Field
    description: str = ""
    min_items: int = 0
    max_items: int | None = None

    def check(self, value: Any, path: PathKey, checker: Checker) -> Any:
        if not isinstance(value, list):
            return checker.error(path, f"{label(path)} cần danh sách, nhận được {describe(value)}")
        if len(value) < self.min_items:
            return checker.error(path, f"{label(path)} cần ít nhất {self.min_items} mục")
        if self.max_items is not None and len(value) > self.max_items:
            return checker.error(path + (self.max_items,), f"{label(path)} có {len(value)} mục; tối đa {self.max_items} mục")
        checked = [self.item.check(v, path + (i,), checker) for i, v in enumerate(value)]
        if path in checker.source.flow_lists and _is_prose(self.item):
            _warn_split_phrases(value, path, checker)
        return INVALID if any(c is INVALID for c in checked) else tuple(checked)

    def schema(self, defs: dict[str, Schema]) -> Schema:
        schema: Schema = {"type": "array", "items": self.item.schema(defs)}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.max_items is not None:
            schema["maxItems"] = self.max_items
        return self._with_description(schema)


def _is_prose(field: Field) -> bool:
    """Words a clerk types (a name, a line to fill), not a code with a pattern such as an id."""
    field = field.resolve() if isinstance(field, Lazy) else field
    field = field.text if isinstance(field, TextOr) else field
    return isinstance(field, Text) and field.pattern is None


def _warn_split_phrases(entries: list[Any], path: PathKey, checker: Checker) -> None:
    """`fields: [Tên xã, thị trấn]`: in a flow list, entries after the first that start in lower case
    are most likely the rest of a phrase its commas cut up. Said once a phrase, at its first such entry;
    an entry in quotes was set apart on purpose."""
    def continues(index: int) -> bool:
        entry, where = entries[index], path + (index,)
        return index > 0 and isinstance(entry, str) and where not in checker.source.typed \
            and where not in checker.source.quoted and starts_lower(entry)

    for index in range(1, len(entries)):
        if not continues(index) or continues(index - 1):
            continue
        end = index
        while end + 1 < len(entries) and continues(end + 1):
            end += 1
        head = [entries[index - 1]] if isinstance(entries[index - 1], str) else []
        phrase = excerpt(", ".join([*head, *entries[index:end + 1]]))
        checker.warn(path + (index,), f'{label(path + (index,))} bắt đầu bằng chữ thường: dấu phẩy trong [...] ngăn cách '
                                      f'các mục, nên "{phrase}" có lẽ là một cụm từ bị tách thành nhiều mục; nếu vậy hãy viết '
                                      'danh sách theo khối, mỗi mục một dòng bắt đầu bằng "- " (kehoach fmt không tự đổi [...] thành khối)')


@dataclass
class Key:
    field: Field
    required: bool = False
    # Required only where the key named here holds a mapping: as text it is a reference
    # (`issuer: bv-da-khoa-ha-tinh`) whose target supplies this key before the check runs,
    # so only the JSON Schema, which sees the file as typed, needs to know.
    unless_text: str | None = None
    # Required only where the key named here is absent: `implements` names the parent's
    # file (`plan:`) or, without it, cites the parent by its particulars (`number:`, `date:`, ...).
    unless_given: str | None = None

    def required_in(self, mapping: dict[str, Any]) -> bool:
        return self.required and not (self.unless_given and mapping.get(self.unless_given) is not None)


@dataclass
class Record(Field):
    """A mapping with known keys, built into `build(**values, path=...)`."""

    name: str
    keys: dict[str, Key]
    build: Callable[..., Any]
    description: str = ""
    # When some fields failed: checks that can still run on the valid ones, so one
    # run reports a wrong type and a broken rule elsewhere in the file together.
    partial: Callable[[dict[str, Any], PathKey, Checker], None] | None = None

    def check(self, value: Any, path: PathKey, checker: Checker) -> Any:
        if not isinstance(value, dict):
            return checker.error(path, f"{label(path)} cần ánh xạ (các cặp khóa: giá trị), nhận được {describe(value)}")
        values: dict[str, Any] = {}
        failed = False
        meant: set[str] = set()
        for key in value:
            if key not in self.keys:
                failed = True
                close = difflib.get_close_matches(key.lower(), list(self.keys), n=1, cutoff=0.6)
                meant.update(close)
                hint = f'có phải ý bạn là "{close[0]}"?' if close else f"các khóa được phép: {', '.join(self.keys)}"
                checker.error(path + (key,), f'khóa không hợp lệ "{excerpt(key)}"; {hint}', at_key=True)
        for key, spec in self.keys.items():
            typed_null = _is_text(spec.field) and path + (key,) in checker.source.typed  # `title: null` prints "null"
            required = spec.required_in(value)
            if value.get(key) is None and not (required and key in value) and not typed_null:
                # an empty optional value (`number:`) is the same as leaving the key out
                if required and key not in meant:  # a misspelt key was reported already
                    failed = True
                    what = f" ({spec.field.description})" if spec.field.description else ""
                    checker.error(path, f'thiếu trường bắt buộc "{key}"{what}')
                failed = failed or (required and key in meant)
                continue
            checked = spec.field.check(value[key], path + (key,), checker)
            failed = failed or checked is INVALID
            values[key] = checked
        if failed and self.partial:
            self.partial({k: v for k, v in values.items() if v is not INVALID}, path, checker)
        return INVALID if failed else self.build(path=path, **values)

    def schema(self, defs: dict[str, Schema]) -> Schema:
        if self.name not in defs:
            defs[self.name] = {}  # reserve first: records may contain themselves
            defs[self.name] = self._with_description({
                "type": "object",
                "properties": {k: s.field.schema(defs) for k, s in self.keys.items()},
                "required": [k for k, s in self.keys.items() if s.required and not (s.unless_text or s.unless_given)],
                "additionalProperties": False,
                **self._required_unless(),
            })
        return {"$ref": f"#/$defs/{self.name}"}

    def _required_unless(self) -> Schema:
        """`if` the reference key holds a mapping, `then` the keys it would otherwise supply are required;
        `if` a key is absent, the keys it stands for are required."""
        conditions = []
        for reference in dict.fromkeys(s.unless_text for s in self.keys.values() if s.unless_text):
            conditions.append({
                "if": {"properties": {reference: {"type": "object"}}, "required": [reference]},
                "then": {"required": [k for k, s in self.keys.items() if s.required and s.unless_text == reference]},
            })
        for given in dict.fromkeys(s.unless_given for s in self.keys.values() if s.unless_given):
            conditions.append({
                "if": {"not": {"required": [given]}},
                "then": {"required": [k for k, s in self.keys.items() if s.required and s.unless_given == given]},
            })
        if len(conditions) > 1:
            return {"allOf": conditions}
        return conditions[0] if conditions else {}


KEY = "kehoach.key"  # dataclass field metadata: the field's Key
YAML_NAME = "kehoach.yaml_name"  # dataclass field metadata: its key in YAML when not the attribute's name


def key(field: Field, required: bool = False, default: Any = dataclasses.MISSING, yaml_name: str | None = None,
        unless_text: str | None = None, unless_given: str | None = None) -> Any:
    """A dataclass field that is a key of the YAML mapping: its type, and whether the YAML must give it.

    Without a default the dataclass needs the value too; `yaml_name` when YAML spells it
    otherwise (`from:` is the attribute `source_id`); `unless_text` and `unless_given` as in Key.
    """
    metadata = {KEY: Key(field, required, unless_text, unless_given), YAML_NAME: yaml_name}
    return dataclasses.field(default=default, metadata=metadata)


def keys_of(cls: type) -> dict[str, tuple[str, Key]]:
    """YAML key -> (attribute, Key) of a dataclass described with `key`, in declaration order."""
    return {(f.metadata[YAML_NAME] or f.name): (f.name, f.metadata[KEY])
            for f in dataclasses.fields(cls) if KEY in f.metadata}


def record_of(cls: type, description: str = "", name: str | None = None,
              partial: Callable[[dict[str, Any], PathKey, Checker], None] | None = None) -> Record:
    """The Record of a dataclass: its described fields are the mapping's keys; a valid mapping builds it."""
    described = keys_of(cls)

    def build(path: PathKey, **values: Any) -> Any:
        return cls(path=path, **{described[yaml][0]: value for yaml, value in values.items()})
    return Record(name or cls.__name__, {yaml: spec for yaml, (_, spec) in described.items()}, build, description, partial)


def _is_text(field: Field) -> bool:
    return isinstance(field, Text) or (isinstance(field, TextOr) and isinstance(field.text, Text))


@dataclass
class TextOr(Field):
    """Plain text as a shorthand for a record: `- Sở Nội vụ` or `- {to: ..., note: ...}`."""

    record: Record
    from_text: Callable[[str, PathKey], Any]
    text: Field = field(default_factory=Text)

    def check(self, value: Any, path: PathKey, checker: Checker) -> Any:
        if isinstance(value, dict):
            return self.record.check(value, path, checker)
        checked = self.text.check(value, path, checker)
        return INVALID if checked is INVALID else self.from_text(checked, path)

    def schema(self, defs: dict[str, Schema]) -> Schema:
        return {"anyOf": [self.text.schema(defs), self.record.schema(defs)]}


@dataclass
class Lazy(Field):
    """A field defined later (an item contains items)."""

    resolve: Callable[[], Field]

    def check(self, value: Any, path: PathKey, checker: Checker) -> Any:
        return self.resolve().check(value, path, checker)

    def schema(self, defs: dict[str, Schema]) -> Schema:
        return self.resolve().schema(defs)


@dataclass
class Flag(Field):
    description: str = ""

    def check(self, value: Any, path: PathKey, checker: Checker) -> Any:
        if not isinstance(value, bool):
            return checker.error(path, f"{label(path)} cần true hoặc false, nhận được {describe(value)}")
        return value

    def schema(self, defs: dict[str, Schema]) -> Schema:
        return self._with_description({"type": "boolean"})


@dataclass
class YearRange(Field):
    """A year (2020) or a range of years (2021-2025) -> (first, last)."""

    description: str = ""

    def check(self, value: Any, path: PathKey, checker: Checker) -> Any:
        text = str(value).strip() if isinstance(value, (int, str)) and not isinstance(value, bool) else ""
        match = re.fullmatch(r"(\d{4})(?:\s*-\s*(\d{4}))?", text)
        if not match:
            return checker.error(path, f"{label(path)} cần một năm (2020) hoặc giai đoạn (2021-2025), nhận được {describe(value)}")
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if last < first:
            return checker.error(path, f"{label(path)}: năm cuối {last} đứng trước năm đầu {first}")
        if not FIRST_YEAR <= first <= last <= LAST_YEAR:
            return checker.error(path, f"{label(path)}: năm nằm ngoài khoảng {FIRST_YEAR}–{LAST_YEAR} ({text})")
        if last - first + 1 > MAX_PERIOD_YEARS:
            return checker.error(path, f"{label(path)}: giai đoạn {first}-{last} dài {last - first + 1} năm; "
                                       f"tối đa {MAX_PERIOD_YEARS} năm (hãy chia thành nhiều kế hoạch)")
        return (first, last)

    def schema(self, defs: dict[str, Schema]) -> Schema:
        return self._with_description({"anyOf": [{"type": "integer"}, {"type": "string", "pattern": r"^\d{4}(\s*-\s*\d{4})?$"}]})


@dataclass
class MapOf(Field):
    """A mapping whose keys are names (ids) and values all of one kind."""

    key: Field
    value: Field
    description: str = ""

    def check(self, value: Any, path: PathKey, checker: Checker) -> Any:
        if not isinstance(value, dict):
            return checker.error(path, f"{label(path)} cần ánh xạ (các cặp khóa: giá trị), nhận được {describe(value)}")
        out: dict[Any, Any] = {}
        failed = False
        for key, item in value.items():
            checked_key = self.key.check(key, path + (key,), checker)
            checked = self.value.check(item, path + (key,), checker)
            failed = failed or checked_key is INVALID or checked is INVALID
            out[key] = checked
        return INVALID if failed else out

    def schema(self, defs: dict[str, Schema]) -> Schema:
        key = self.key.schema(defs)
        names = {"propertyNames": {"pattern": key["pattern"]}} if "pattern" in key else {}
        return self._with_description({"type": "object", **names, "additionalProperties": self.value.schema(defs)})


def schema_document(field: Field, title: str) -> Schema:
    """A complete JSON Schema whose root is field, for `kehoach schema`."""
    defs: dict[str, Schema] = {}
    root = field.schema(defs)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **root, "$defs": defs}


@dataclass
class OneOf(Field):
    """A mapping of one of two kinds, told apart by a key it has (`from:` or not)."""

    marker: str
    with_marker: Field
    without_marker: Field

    def check(self, value: Any, path: PathKey, checker: Checker) -> Any:
        chosen = self.with_marker if isinstance(value, dict) and self.marker in value else self.without_marker
        return chosen.check(value, path, checker)

    def schema(self, defs: dict[str, Schema]) -> Schema:
        return {"anyOf": [self.with_marker.schema(defs), self.without_marker.schema(defs)]}


def field_at(field: Field, data: Any, path: PathKey) -> Field | None:
    """The field type describing the value at path of data (a plan as typed); None where nothing does."""
    for part in path:
        field = _resolved(field, data)
        if isinstance(field, Record) and isinstance(part, str) and part in field.keys:
            field = field.keys[part].field
        elif isinstance(field, ListOf) and isinstance(part, int):
            field = field.item
        elif isinstance(field, MapOf):
            field = field.value
        else:
            return None
        data = data[part]
    return _resolved(field, data)


def _resolved(field: Field, value: Any) -> Field:
    """The field that reads this value: through Lazy, OneOf's choice and TextOr's two spellings."""
    while True:
        if isinstance(field, Lazy):
            field = field.resolve()
        elif isinstance(field, OneOf):
            field = field.with_marker if isinstance(value, dict) and field.marker in value else field.without_marker
        elif isinstance(field, TextOr):
            field = field.record if isinstance(value, dict) else field.text
        else:
            return field


DEADLINE_HINT = "các dạng thời hạn: " + ", ".join(DEADLINE_FORMS)


@dataclass
class DeadlineField(Field):
    """A deadline as plans write it (vn.parse_deadline): a day (2022-10-15) or a period (Quý II/2022)."""

    description: str = ""

    def check(self, value: Any, path: PathKey, checker: Checker) -> Any:
        text = checker.source.typed.get(path, str(value)) if isinstance(value, (int, float)) and not isinstance(value, bool) else value
        if not isinstance(text, str) or not text.strip():
            return checker.error(path, f"{label(path)} cần một thời hạn, nhận được {describe(value)}; {DEADLINE_HINT}")
        iso = re.fullmatch(DATE_PATTERN, text.strip())
        if iso and iso.group(3) is None:
            year, month = int(iso.group(1)), int(iso.group(2))
            return checker.error(path, f'{label(path)} "{text.strip()}" thiếu ngày: cả tháng viết "Tháng {month}/{year}", '
                                       f"một ngày viết {year}-{month:02d}-15")
        if iso:
            date = Date().check(text, path, checker)
            return INVALID if date is INVALID else Deadline("date", date.year, date.month, date.day)
        if written_repeat(text):
            return checker.error(path, f'{label(path)} "{excerpt(text.strip())}" là nhiệm vụ định kỳ: ghi vào "repeat", '
                                       f'ví dụ repeat: "{excerpt(text.strip())}"')
        try:
            deadline = parse_deadline(text)
        except ValueError as problem:
            return checker.error(path, f'{label(path)} "{excerpt(text.strip())}": {problem}; {DEADLINE_HINT}')
        years = [year for year in (deadline.year, deadline.first_year) if year is not None]
        if any(not FIRST_YEAR <= year <= LAST_YEAR for year in years):
            return checker.error(path, f'{label(path)}: năm nằm ngoài khoảng {FIRST_YEAR}–{LAST_YEAR} ("{excerpt(text.strip())}")')
        return deadline

    def schema(self, defs: dict[str, Schema]) -> Schema:
        return self._with_description({"type": "string", "minLength": 1})
