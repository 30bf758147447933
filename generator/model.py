"""The typed plan model: each entity described once, as a dataclass whose
fields carry their field types, read by `fields.record_of` into the validation
and the JSON Schema.

`read.read_plan(path)` is the way in: YAML -> checked Plan, or a PlanError
listing every problem of the file at its line and column.
"""
from __future__ import annotations

import calendar
import datetime as dt
import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import rules, vn
from .errors import PlanError, Problem
from .fields import (
    INVALID, Checker, Choice, Date, DeadlineField, Flag, did_you_mean, Integer, Key, Lazy, ListOf, MapOf, OneOf, PlanDate,
    Record, Refusal, Schema, Text, TextOr, YearRange, describe, key, label, record_of, schema_document,
)
from .limits import FORM_ID_LENGTH, MAX_DUE_DATES, MAX_FORM_COLUMNS, MAX_FORM_ENTRIES, MAX_OWNERS
from .load import PathKey, Source
from .vn import PERIOD_MONTHS, Deadline, short_date, upper

NUMBERINGS = ("decimal", "nested", "letters", "dash", "plus", "star", "none")
REPEATS = ("monthly", "quarterly", "half-yearly", "yearly")
URGENCIES = ("KHẨN", "THƯỢNG KHẨN", "HỎA TỐC")
AUDIENCES = ("individual", "collective")
DUE_PLACEHOLDER = "{due}"
# A label typed by hand at the start of a text: "1. ", "1.2. ", "a) ", "- ", "+ ".
TYPED_LABEL = re.compile(r"(\d+\.)+\s|\d+\)\s|[a-zđ]\)\s|[-+*]\s|[IVXLC]+\.\s")
TYPED_SECTION_LABEL = re.compile(r"[IVXLC]+\.\s")
# "Phần I", "PHẦN II.", "Phần thứ nhất": the part's heading line, printed by the renderer.
TYPED_PART_LABEL = re.compile(r"(?i)phần\s+(?:[IVXLC]+\b|\d+\b|thứ\s+\w+)[.:\s-]*")
STAR = "*"  # the mark of a labelled paragraph inside a list: "* Đối với tập thể:"


def _where() -> Any:
    """The path of the entity in its file: for messages, not part of its value."""
    return field(default=(), compare=False, repr=False)


def _typed_label(pattern: re.Pattern[str], where: str, numbers: str) -> Refusal:
    """A rule for texts: the label typed by hand that the renderer would print twice."""
    def refuse(text: str) -> str | None:
        typed = pattern.match(text)
        if typed and typed.group().strip() == STAR:
            return (f'không gõ dấu "*" ở đầu {where}: một dòng "* ..." giữa các khoản viết '
                    f'star: {text[typed.end():].strip()[:40]}')
        return typed and f'không gõ số thứ tự "{typed.group().strip()}" ở đầu {where}: {numbers} được đánh tự động'
    return refuse


def _typed_star(text: str) -> str | None:
    """The text of a `star` entry: its `* ` is printed, never typed (`**bold**` is markup, not the mark)."""
    if re.match(r"\*(\s|$)", text.lstrip()):
        return f'không gõ dấu "*" ở đầu "star": dấu * được in tự động; viết star: {text.lstrip("* ").strip()[:40]}'
    return None


def _all_of(*rules_: Refusal) -> Refusal:
    """A rule for texts made of several: the first message, or None."""
    def refuse(text: str) -> str | None:
        return next((message for rule in rules_ if (message := rule(text))), None)
    return refuse


def _final_period(where: str) -> Refusal:
    def refuse(text: str) -> str | None:
        return (f'{where} không có dấu chấm cuối (khi in, {where} là một dòng tiêu đề): viết "{text.rstrip(". ")}"'
                if text.endswith(".") and not text.endswith(vn.ABBREVIATION_ENDS) else None)
    return refuse


def _unannounced_list(text: str) -> str | None:
    """A lead-in paragraph ("... như sau") that announces a list ends with a colon."""
    last = text.splitlines()[-1].rstrip() if text.strip() else ""
    return (f'câu dẫn vào danh sách kết thúc bằng dấu hai chấm: viết "…{last.rstrip(" .;,")[-30:]}:"'
            if vn.announces_list(last) and not last.endswith(":") else None)


def _printed_recipient(text: str) -> str | None:
    """A recipient typed as it prints ("- Bộ Y tế;") would print its dash and semicolon twice."""
    stripped = text.strip()
    if stripped.startswith(("-", "+", "•")) or stripped.endswith((";", ".")):
        return f'nơi nhận gõ không kèm "- " đầu dòng và ";" cuối dòng (được thêm khi in): viết "{stripped.lstrip("-+• ").rstrip(";. ")}"'
    if vn.is_archive_line(stripped):
        return 'dòng "Lưu: ..." không phải nơi nhận: ghi vào "archive", ví dụ archive: {units: [TCCB]}'
    return None


def _parenthesised_note(text: str) -> str | None:
    if text.startswith("(") and text.endswith(")"):
        return f'ghi chú không gõ dấu ngoặc (được thêm khi in): viết note: {text[1:-1].strip()}'
    return None


class DocumentNumber(Integer):
    """The number alone: the symbol around it (`/KH-SYT`, `-KH/ĐU`) comes from the format."""

    def check(self, value: Any, path: PathKey, checker: Checker) -> Any:
        symbol = re.match(r"\s*(\d+)\s*[-/]", value) if isinstance(value, str) else None
        if symbol:
            return checker.error(path, f'"number" chỉ ghi số ({int(symbol.group(1))}), không ghi ký hiệu "{value}": '
                                       'ký hiệu (Số: 12/KH-SYT hay Số 12-KH/ĐU) do "format" quyết định')
        return super().check(value, path, checker)


class DraftRound(Integer):
    """`true` (a draft: `DỰ THẢO`), the draft's round (`2`: `DỰ THẢO LẦN 2`), or `false` (no mark)."""

    def check(self, value: Any, path: PathKey, checker: Checker) -> Any:
        if isinstance(value, bool):
            return value
        if not isinstance(value, int) or value < self.minimum:
            return checker.error(path, f"{label(path)} cần true (DỰ THẢO) hoặc lần dự thảo, ví dụ 2 (DỰ THẢO LẦN 2); "
                                       f"nhận được {describe(value)}")
        return super().check(value, path, checker)

    def schema(self, defs: dict[str, Schema]) -> Schema:
        rounds = {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}
        return self._with_description({"anyOf": [{"type": "boolean"}, rounds]})


CODE = Text("mã viết tắt, ví dụ SYT", pattern=r"[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*",
            pattern_hint="chỉ gồm chữ in hoa và chữ số, không dấu cách, ví dụ SYT, TCCB")
PARAGRAPHS = Text("một hoặc nhiều đoạn văn, mỗi dòng một đoạn")
LEAD_PARAGRAPHS = Text("một hoặc nhiều đoạn văn, mỗi dòng một đoạn", refuse=_unannounced_list)
ITEM_TEXT = Text("một hoặc nhiều đoạn văn, mỗi dòng một đoạn; đoạn đầu mang số thứ tự",
                 refuse=_all_of(_typed_label(TYPED_LABEL, "đoạn", "số thứ tự"), _unannounced_list))
ITEM_TITLE = Text("tiêu đề của khoản, in đậm trên một dòng riêng",
                  refuse=_typed_label(TYPED_LABEL, "tiêu đề", "số thứ tự"))
STAR_TEXT = Text("dòng có dấu * giữa các khoản, ví dụ Đối với tập thể: (in \"* Đối với tập thể:\", không mang số)",
                 refuse=_all_of(_typed_star, _typed_label(TYPED_LABEL, "dòng", "số thứ tự")))
PART_TITLE = Text("tên phần, in hoa dưới dòng \"Phần I\"",
                  refuse=_all_of(_typed_label(TYPED_PART_LABEL, "tên phần", "\"Phần I\", \"Phần II\""),
                                 _typed_label(TYPED_SECTION_LABEL, "tên phần", "số La Mã"), _final_period("tên phần")))
SECTION_TITLE = Text("tên mục, in hoa", refuse=_all_of(_typed_label(TYPED_SECTION_LABEL, "tên mục", "số La Mã"),
                                                      _final_period("tên mục")))
RECIPIENT_NAME = Text("nơi nhận", refuse=_printed_recipient)
RECIPIENT_NOTE = Text("mục đích, ví dụ để b/c", refuse=_parenthesised_note)
NUMBERING = Choice(NUMBERINGS, "cách đánh số các mục con")
IDENTIFIER = r"[a-z0-9][a-z0-9-]*"  # ids, form ids, registry keys: parts of file names
IDENT = Text("mã ổn định của mục, ví dụ noi-dung", pattern=IDENTIFIER,
             pattern_hint="chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ bao-cao-ket-qua")


class Recurrence(Choice):
    """`half-yearly`, or as plans write it: `6 tháng, hằng năm` (vn.WRITTEN_REPEATS), kept as written."""

    def check(self, value: Any, path: PathKey, checker: Checker) -> Any:
        if isinstance(value, str) and vn.written_repeat(value):
            return " ".join(vn.nfc(value).split())
        return super().check(value, path, checker)

    def schema(self, defs: dict[str, Any]) -> dict[str, Any]:
        # the words are read whatever their case and spacing ("Hằng quý"): the schema cannot say so, and takes any text
        written = {"type": "string", "minLength": 1, "examples": sorted(vn.WRITTEN_REPEATS)}
        return {"anyOf": [super().schema(defs), written]}


REPEAT_EVERY = Recurrence(REPEATS, "định kỳ: monthly, quarterly, half-yearly, yearly, hoặc như văn bản viết: "
                                   "hằng tháng, hằng quý, 6 tháng, hằng năm, hằng năm")
FORMAT = Choice(rules.FORMATS.keys(), "thể thức: " + " hoặc ".join(f"{name} ({fmt.title})" for name, fmt in rules.FORMATS.items()))


def authority_code(text: str) -> str:
    """`kt.` or `t/ m` as the table of authorities writes it: `KT`, `T/M`."""
    return text.rstrip(".").upper().replace(" ", "")


AUTHORITY = Text("thẩm quyền ký: " + "; ".join(f"{', '.join(fmt.authorities)} ({fmt.called})" for fmt in rules.FORMATS.values()),
                 normalize=authority_code)


@dataclass(frozen=True, kw_only=True)
class Issuer:
    parent: str | None = key(Text("cơ quan chủ quản, ví dụ UBND TỈNH HÀ TĨNH"), default=None)
    name: str = key(Text("cơ quan ban hành, ví dụ SỞ Y TẾ"), required=True)
    code: str = key(CODE, required=True)
    place: str = key(Text("địa danh, ví dụ Hà Tĩnh"), required=True)
    called: str | None = key(Text("tên cơ quan khi viết trong câu, ví dụ Sở Y tế"), default=None)  # "Sở Y tế"
    # A Party body's plan implementing a parent reports here (inherit.superior_of), whatever the parent's issuer.
    party_superior: str | None = key(Text("cơ quan của Đảng: cấp ủy cấp trên trực tiếp, viết trong câu, ví dụ "
                                          "Đảng ủy Sở Y tế; kế hoạch triển khai của cơ quan báo cáo về đây"), default=None)
    path: PathKey = _where()


@dataclass(frozen=True, kw_only=True)
class Repeat:
    """A recurring duty: due at the end of every period (or on `day` of its last month)."""

    every: str = key(REPEAT_EVERY, required=True)
    day: int | None = key(Integer("hạn vào ngày này của tháng cuối kỳ (mặc định: ngày cuối tháng)"), default=None)
    start: PlanDate | None = key(Date("kỳ đầu tiên, ví dụ 2020-06 (mặc định: kỳ đầu tiên sau ngày ban hành)",
                                      allow_month=True), default=None)
    until: PlanDate | None = key(Date("kỳ cuối cùng, ví dụ 2020-12", allow_month=True), default=None)
    continues: bool = key(Flag("nhiệm vụ tiếp tục sau thời kỳ của kế hoạch (không có kỳ cuối)"), default=False)
    written: str | None = field(default=None, compare=False)  # "6 tháng, hằng năm": every as the plan writes it
    path: PathKey = _where()

    def __post_init__(self) -> None:
        if self.every not in REPEATS:
            object.__setattr__(self, "written", self.every)
            object.__setattr__(self, "every", vn.written_repeat(self.every))

    @property
    def text(self) -> str:
        """`6 tháng, hằng năm` as written, else `6 tháng một lần`, for a table cell."""
        words = self.written or vn.REPEAT_NAMES[self.every]
        return words[:1].upper() + words[1:]


REPEAT = TextOr(record_of(Repeat, "định kỳ, chi tiết"), lambda every, path: Repeat(every=every, path=path), text=REPEAT_EVERY)


@dataclass(frozen=True, kw_only=True)
class Task:
    owner: str = key(Text("đơn vị chủ trì"), required=True)
    partners: tuple[str, ...] = key(ListOf(Text(), "đơn vị phối hợp"), default=())
    due: Deadline | None = key(DeadlineField("thời hạn: 2022-10-15, Trước ngày 15/10, Tháng 6/2022, Quý II/2022, "
                                             "6 tháng đầu năm 2022, Năm 2022, Từ tháng 3 đến tháng 6/2022, Thường xuyên"),
                               default=None)
    repeat: Repeat | None = key(REPEAT, default=None)
    report_to: str | None = key(Text("nơi nhận báo cáo"), default=None)
    product: str | None = key(Text("sản phẩm, kết quả"), default=None)
    summary: str | None = key(Text("nội dung ngắn gọn cho bảng phân công"), default=None)
    path: PathKey = _where()


TASK = record_of(Task, "nhiệm vụ mà khoản này giao")


@dataclass(frozen=True, kw_only=True)
class Item:
    id: str | None = key(IDENT, default=None)
    title: str | None = key(ITEM_TITLE, default=None)
    text: str | None = key(ITEM_TEXT, default=None)
    numbering: str | None = key(NUMBERING, default=None)
    items: tuple[Item, ...] = key(Lazy(lambda: ITEMS), default=())
    closing: str | None = key(PARAGRAPHS, default=None)
    task: Task | None = key(TASK, default=None)
    # A labelled paragraph between the entries of a list ("* Đối với tập thể:"): no number of its own;
    # the entries after it count from 1 (or a) again unless `restart: false`.
    star: str | None = key(STAR_TEXT, default=None)
    restart: bool | None = key(Flag("sau dòng *, các khoản đánh số lại từ đầu (mặc định true); false: đánh số tiếp"),
                               default=None)
    path: PathKey = _where()


ITEM_RECORD = record_of(Item, "một khoản, điểm hoặc gạch đầu dòng")
ITEM = TextOr(ITEM_RECORD, lambda text, path: Item(text=text, path=path), text=ITEM_TEXT)
ITEMS: ListOf = ListOf(ITEM, "các mục con", min_items=1)


@dataclass(frozen=True, kw_only=True)
class Section:
    id: str | None = key(IDENT, default=None)
    title: str = key(SECTION_TITLE, required=True)
    text: str | None = key(LEAD_PARAGRAPHS, default=None)
    numbering: str | None = key(NUMBERING, default=None)
    items: tuple[Item, ...] = key(ITEMS, default=())
    closing: str | None = key(PARAGRAPHS, default=None)
    path: PathKey = _where()


@dataclass(frozen=True)
class TaskPatch:
    """Changes to an inherited task, by the name of the Task field: a new owner (the unit's department), an earlier deadline."""

    changes: dict[str, Any]
    path: PathKey = _where()


# A task's fields, every one optional: what the unit changes of an inherited task.
TASK_PATCH = Record("TaskPatch", {name: Key(spec.field) for name, spec in TASK.keys.items()},
                    lambda path, **changes: TaskPatch(changes, path),
                    "thay đổi nhiệm vụ kế thừa từ kế hoạch cấp trên: chủ trì mới, thời hạn sớm hơn")


@dataclass(frozen=True, kw_only=True)
class SectionFrom:
    """A section taken from the parent plan, with the unit's own changes."""

    source_id: str = key(IDENT, required=True, yaml_name="from")
    title: str | None = key(Text("tên mục mới (mặc định: tên mục của kế hoạch cấp trên)"), default=None)
    remove: tuple[str, ...] = key(ListOf(IDENT, "mã các khoản bỏ đi"), default=())
    replace: dict[str, Item] | None = key(MapOf(IDENT, ITEM_RECORD, "mã khoản -> khoản thay thế"), default=None)
    add: tuple[Item, ...] = key(ListOf(ITEM, "các khoản thêm vào cuối mục"), default=())
    tasks: dict[str, TaskPatch] | None = key(MapOf(IDENT, TASK_PATCH, "mã khoản -> thay đổi nhiệm vụ"), default=None)
    path: PathKey = _where()


SECTION = OneOf("from", record_of(SectionFrom, "một mục lấy từ kế hoạch cấp trên (theo mã)"),
                record_of(Section, "một mục La Mã: I., II., ..."))
SECTIONS = ListOf(SECTION, "các mục I, II, ...; kế hoạch triển khai có thể bỏ trống để lấy mọi mục của cấp trên", min_items=1)


@dataclass(frozen=True, kw_only=True)
class Part:
    """`Phần I` on its own line, its title in capitals on the next: a group of sections, numbered I., II., ... again."""

    id: str | None = key(IDENT, default=None)
    title: str = key(PART_TITLE, required=True)
    # SectionFrom entries too until inherit.resolve_sections takes them in, as in Plan.sections
    sections: tuple[Section, ...] = key(ListOf(SECTION, "các mục I, II, ... của phần này", min_items=1),
                                        required=True, default=())
    path: PathKey = _where()


def _one_line(text: str) -> str:
    """A part of one sentence typed over several lines (`|`): the lines joined, as a folded `>` would."""
    return " ".join(text.split())


def _sentence_part(before: str, where: str) -> Refusal:
    """A part of the basis sentence (`... của {issuer} về {about}, ...`): the words around it are printed already."""
    def refuse(text: str) -> str | None:
        fixed = text[len(before) + 1:].strip() if text.lower().startswith(before + " ") else text
        if not fixed.endswith(vn.ABBREVIATION_ENDS):
            fixed = fixed.rstrip(".,;: ")
        if fixed == text:
            return None
        if not text.lower().startswith(before + " "):
            return f'{where} không có dấu câu ở cuối (câu căn cứ còn tiếp): viết "{fixed}"'
        return f'{where} không gõ "{before}" ở đầu (câu căn cứ đã có "{before}"): viết "{fixed}"'
    return refuse


PARENT_TYPE = Choice(tuple(rules.TYPE_NAMES), "loại văn bản cấp trên: " + ", ".join(
    f"{code} ({name.lower()})" for code, name in rules.TYPE_NAMES.items()) + "; mặc định KH")
PARENT_CODE = Text("ký hiệu cơ quan ban hành văn bản cấp trên, ví dụ UBND, TU, ĐU; không cần khi có plan",
                   pattern=CODE.pattern, pattern_hint=CODE.pattern_hint)


@dataclass(frozen=True, kw_only=True)
class Implements:
    """The document a plan implements: its YAML (`plan:`), or its particulars as the basis sentence cites it
    (`Thực hiện Kế hoạch số 96/KH-UBND ngày 15/3/2022 của UBND tỉnh về ...`). With both, they must agree."""

    plan: str | None = key(Text("đường dẫn tới kế hoạch cấp trên, tính từ thư mục của tệp này"), default=None)
    type: str | None = key(PARENT_TYPE, default=None)
    number: int | None = key(DocumentNumber("số văn bản cấp trên, ví dụ 96; không cần khi có plan"),
                             required=True, unless_given="plan", default=None)
    code: str | None = key(PARENT_CODE, required=True, unless_given="plan", default=None)
    date: PlanDate | None = key(Date("ngày ban hành văn bản cấp trên, ví dụ 2022-03-15; không cần khi có plan"),
                                required=True, unless_given="plan", default=None)
    issuer: str | None = key(Text("cơ quan ban hành văn bản cấp trên khi viết trong câu, ví dụ UBND tỉnh; "
                                  "không cần khi có plan", normalize=_one_line, refuse=_sentence_part("của", '"issuer"')),
                             required=True, unless_given="plan", default=None)
    recipient: str | None = key(Text("tên cơ quan đó trong nơi nhận, nếu khác issuer, ví dụ UBND tỉnh Hà Tĩnh",
                                     normalize=_one_line, refuse=_printed_recipient), default=None)
    about: str | None = key(Text("nội dung văn bản cấp trên trong câu căn cứ, ví dụ thực hiện phong trào ...; "
                                 "khi có plan, mặc định là trích yếu của kế hoạch đó", normalize=_one_line,
                                 refuse=_sentence_part("về", '"about"')),
                            required=True, unless_given="plan", default=None)
    format: str | None = key(Choice(rules.FORMATS.keys(), "thể thức của văn bản cấp trên, quyết định cách ghi số: "
                                    "nd30 (số 96/KH-UBND ngày 15/3/2022) hoặc party (số 45-KH/TU, ngày 10/3/2022); không cần khi có plan"),
                             required=True, unless_given="plan", default=None)
    legal: bool = key(Flag("văn bản quy phạm pháp luật (nhà nước): số ký hiệu kèm năm ban hành, ví dụ 20/2019/QĐ-UBND"),
                      default=False)
    aliases: tuple[str, ...] = field(default=(), compare=False, repr=False)  # a parent file's issuer, by its name too
    path: PathKey = _where()

    @property
    def cited(self) -> bool:
        """Cited by its particulars alone: there is no file to take sections from."""
        return self.plan is None

    @property
    def type_code(self) -> str:
        return self.type or "KH"

    @property
    def names(self) -> tuple[str, ...]:
        """How the recipients may name the parent's issuer."""
        return tuple(name for name in (self.recipient, self.issuer, *self.aliases) if name)


@dataclass(frozen=True, kw_only=True)
class Recipient:
    """`- Sở Nội vụ;`: one name (`to`), or a group sharing one note."""

    to: str | None = key(RECIPIENT_NAME, default=None)
    group: tuple[str, ...] = key(ListOf(RECIPIENT_NAME, "các nơi nhận cùng một ghi chú", min_items=2), default=())
    note: str | None = key(RECIPIENT_NOTE, default=None)
    path: PathKey = _where()

    @property
    def names(self) -> tuple[str, ...]:
        return self.group or ((self.to,) if self.to else ())


@dataclass(frozen=True, kw_only=True)
class Archive:
    units: tuple[str, ...] = key(ListOf(Text(), "đơn vị soạn thảo, ví dụ [TCCB]; văn bản của Đảng: [Văn phòng Đảng ủy]"),
                                 required=True, default=())
    drafter: str | None = key(Text("chữ viết tắt tên người soạn thảo"), default=None)
    copies: int | None = key(Integer("số bản lưu"), default=None)
    path: PathKey = _where()


@dataclass(frozen=True, kw_only=True)
class Signature:
    authority: str | None = key(AUTHORITY, default=None)
    head: str | None = key(Text("chức danh người đứng đầu sau thẩm quyền, ví dụ Giám đốc"), default=None)
    title: str | None = key(Text("chức vụ người ký, ví dụ Phó Giám đốc"), default=None)
    name: str = key(Text("họ và tên người ký"), required=True)
    path: PathKey = _where()


@dataclass(frozen=True, kw_only=True)
class Form:
    """A registration form to print and fill by hand."""

    id: str = key(IDENT, required=True)
    title: str = key(Text("tên phiếu, ví dụ PHIẾU ĐĂNG KÝ THI ĐUA"), required=True)
    audience: str = key(Choice(AUDIENCES, "cá nhân (individual) hay tập thể (collective)"), default="individual")
    subtitle: str | None = key(Text("dòng dưới tên phiếu"), default=None)
    fields: tuple[str, ...] = key(ListOf(Text(), "các dòng thông tin để điền, ví dụ Họ và tên"), default=())
    entries: int = key(Integer("số nội dung đăng ký (số dòng để viết)", maximum=MAX_FORM_ENTRIES), default=2)
    columns: tuple[str, ...] = key(ListOf(Text(), "các cột của bảng nội dung đăng ký", min_items=1,
                                          max_items=MAX_FORM_COLUMNS), default=())
    criteria: tuple[str, ...] = key(ListOf(IDENT, "mã các khoản tiêu chí của kế hoạch, in thành dòng có ô đánh dấu"), default=())
    criteria_title: str | None = key(Text("tiêu đề phần tiêu chí"), default=None)
    confirm: str | None = key(Text("khối ký bên trái, ví dụ XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ"), default=None)
    signer: str | None = key(Text("khối ký bên phải, ví dụ NGƯỜI ĐĂNG KÝ"), default=None)
    path: PathKey = _where()


BUILTIN_DOCUMENTS = ("bao-cao",)  # generator/templates/<format>/<name>.docx
DOCUMENT_PER = ("plan", "owner", "unit")
TEMPLATE_PATH = r"(?![/\\])(?!.*(?:^|[/\\])\.\.(?:[/\\]|$))[^\x00]+\.[dD][oO][cC][xX]|[a-z0-9][a-z0-9-]*"


def default_document_name(template: str) -> str:
    """`bao-cao` -> `bao-cao`; `thu moi/Giấy mời.docx` -> `thu-moi-giay-moi`: in the file name."""
    return template if "." not in template else vn.slug(template.rsplit(".", 1)[0].replace("/", "-"))


@dataclass(frozen=True, kw_only=True)
class OfficeDocument:
    """A document the office designed in Word (a .docx with Jinja fields), filled from the plan."""

    # a path under the repository's templates/ (`thu-moi.docx`), or a built-in's name (`bao-cao`)
    template: str = key(Text("mẫu .docx trong thư mục templates/ (ví dụ thu-moi.docx), hoặc mẫu có sẵn: bao-cao",
                             pattern=TEMPLATE_PATH,
                             pattern_hint="ghi đường dẫn tệp .docx tính từ thư mục templates/ (ví dụ thu-moi.docx), "
                                          "không bắt đầu bằng / và không có .., hoặc tên mẫu có sẵn: bao-cao"), required=True)
    # in the file name: 799-KH-SYT.<name>.docx; left out, the template's (default_document_name)
    name: str = key(Text("tên trong tên tệp: 799-KH-SYT.<name>.docx (mặc định: tên mẫu)", pattern=r"[a-z0-9][a-z0-9-]*",
                         pattern_hint="chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ thu-moi"), default="")
    # plan | owner | unit: one document, one per task owner, one per body of the registry
    per: str = key(Choice(DOCUMENT_PER, "một văn bản cho kế hoạch (plan), cho mỗi đơn vị chủ trì (owner), "
                                        "hay cho mỗi cơ quan trong plans/bodies.yaml (unit)"), default="plan")
    file: Path | None = field(default=None, compare=False)  # the repository's template, found by read.py
    path: PathKey = _where()

    def __post_init__(self) -> None:
        if not self.name:
            object.__setattr__(self, "name", default_document_name(self.template))

    @property
    def builtin(self) -> bool:
        return not self.template.lower().endswith(".docx")


DOCUMENT = TextOr(record_of(OfficeDocument, "văn bản của cơ quan, điền từ kế hoạch theo mẫu Word"),
                  lambda template, path: OfficeDocument(template=template, path=path), text=Text(pattern=TEMPLATE_PATH))
DOCUMENTS = ListOf(DOCUMENT, "văn bản điền từ kế hoạch theo mẫu Word: báo cáo, công văn, giấy mời, ...")


@dataclass(frozen=True, kw_only=True)
class Checklist:
    by_owner: bool = key(Flag("thêm một bảng phân công riêng cho từng đơn vị chủ trì"), default=False)
    path: PathKey = _where()


ISSUER = record_of(Issuer, "cơ quan ban hành")
ARCHIVE = record_of(Archive, "dòng Lưu: VT, ...")
SIGNATURE = record_of(Signature, "chữ ký")


# format, archive and signature come from plans/bodies.yaml when `issuer` names a body by key.
@dataclass(frozen=True, kw_only=True)
class Plan:
    format: str = key(FORMAT, required=True, unless_text="issuer")
    type: str = key(Choice(rules.PLAN_TYPES, "loại văn bản: KH"), required=True)
    issuer: Issuer = key(TextOr(ISSUER, lambda body, path: body, text=Text("mã cơ quan trong plans/bodies.yaml")), required=True)
    number: int | None = key(DocumentNumber("số văn bản; bỏ trống khi là dự thảo"), default=None)
    draft: bool | int | None = key(DraftRound("dấu dự thảo trên đầu trang của kế hoạch chưa có số: mặc định DỰ THẢO; "
                                              "lần dự thảo, ví dụ 2 (DỰ THẢO LẦN 2); false: bản trình ký, không in dấu"), default=None)
    date: PlanDate = key(Date("ngày ban hành, ví dụ 2020-03-31; dự thảo: 2021-02", allow_month=True), required=True)
    revision: int | None = key(Integer("lần điều chỉnh (1, 2, ...): tăng mỗi lần gửi lại kế hoạch đã sửa thời hạn, "
                                       "để lịch (.ics) đã nhập được cập nhật"), default=None)
    urgency: str | None = key(Choice(URGENCIES, "độ khẩn"), default=None)
    title: str = key(Text("trích yếu"), required=True)
    bases: tuple[str, ...] = key(ListOf(Text(), "các căn cứ, mỗi căn cứ một dòng"), default=())
    intro: str | None = key(LEAD_PARAGRAPHS, default=None)
    implements: Implements | None = key(record_of(Implements, "văn bản cấp trên mà kế hoạch này triển khai: tệp kế hoạch (plan) hoặc "
                                                            "số, ký hiệu, ngày, cơ quan ban hành, trích yếu, thể thức"), default=None)
    # Either parts (each holding sections) or sections. A plan that implements a parent may take them all from it.
    parts: tuple[Part, ...] = key(ListOf(record_of(Part, "một phần: Phần I, Phần II, ..."),
                                         "các phần (Phần I, Phần II, ...), mỗi phần gồm các mục I, II, ...; "
                                         "dùng thay cho sections khi kế hoạch chia phần", min_items=1), default=())
    sections: tuple[Section, ...] = key(SECTIONS, default=())
    closing: str | None = key(PARAGRAPHS, default=None)
    recipients: tuple[Recipient, ...] = key(ListOf(TextOr(record_of(Recipient), lambda text, path: Recipient(to=text, path=path), text=RECIPIENT_NAME), "nơi nhận", min_items=1), required=True)
    archive: Archive = key(ARCHIVE, required=True, unless_text="issuer")
    signature: Signature = key(SIGNATURE, required=True, unless_text="issuer")
    remark: str | None = key(Text("ghi chú dưới nơi nhận, ví dụ Gửi VB giấy và điện tử."), default=None)
    period: tuple[int, int] | None = key(YearRange("thời kỳ của kế hoạch: một năm (2020) hoặc giai đoạn (2021-2025); mặc định năm ban hành"), default=None)
    forms: tuple[Form, ...] = key(ListOf(record_of(Form, "phiếu đăng ký"), "các phiếu đăng ký"), default=())
    checklist: Checklist = key(record_of(Checklist, "bảng phân công nhiệm vụ"), default=Checklist())
    appendices: tuple[str, ...] = key(ListOf(IDENT, "phụ lục đính kèm văn bản: checklist và/hoặc mã phiếu"), default=())
    # a body of bodies.yaml may list them for all its plans
    documents: tuple[OfficeDocument, ...] = key(DOCUMENTS, unless_text="issuer", default=())
    path: PathKey = _where()
    source: Source | None = field(default=None, compare=False, repr=False)
    parent: Plan | None = field(default=None, compare=False, repr=False)
    inputs: tuple[Path, ...] = field(default=(), compare=False, repr=False)  # every file read
    warnings: tuple[Problem, ...] = field(default=(), compare=False, repr=False)  # said to the user; change nothing built

    @property
    def years(self) -> tuple[int, int]:
        """The plan's period: a year (default, the plan's own) or a range such as 2021-2025."""
        return self.period or (self.date.year, self.date.year)

    def due_date(self, task: Task) -> dt.date | None:
        """The last day of a task's deadline (`Trước ngày 15/10` in the plan's first year); None when
        it has none or is ongoing (`Thường xuyên`)."""
        return task.due.last_day(self.years[0]) if task.due else None

    def find_item(self, item_id: str) -> Item | None:
        return next((item for item in self.all_items() if item.id == item_id), None)

    def all_items(self) -> Iterator[Item]:
        for section in self.all_sections:
            yield from walk_items(section.items)

    @property
    def all_sections(self) -> tuple[Section, ...]:
        """Every section in document order, whether the plan has parts or not."""
        return tuple(section for part in self.parts for section in part.sections) or self.sections

    @property
    def rules(self) -> rules.FormatRules:
        return rules.FORMATS[self.format]


PLAN = record_of(Plan, "một kế hoạch", partial=lambda values, path, checker: _check_partly(values, path, checker))


def parse_plan(data: Any, source: Source) -> Plan:
    """The checks of one file; a plan that implements a parent is checked again once complete."""
    checker = Checker(source)
    if data is None:
        checker.error((), "tệp trống: cần các trường format, type, issuer, date, title, sections, recipients, archive, signature")
        raise PlanError(checker.problems)
    if not _looks_like_a_plan(data):
        checker.error((), f"không phải tệp kế hoạch: không có trường nào của kế hoạch ({', '.join(PLAN_HEAD)}, ...)")
        raise PlanError(checker.problems)
    plan: Plan = PLAN.check(data, (), checker)  # or INVALID, and then the problems are raised below
    if plan is INVALID:
        _check_tasks_of_invalid_sections(data, checker)
    else:
        parent_file = plan.implements is not None and not plan.implements.cited
        if plan.parts and plan.sections:
            checker.error(("parts",), 'kế hoạch có "parts" thì các mục nằm trong từng phần: chuyển "sections" vào '
                                      'một phần (parts: - title: ... sections: ...), hoặc bỏ "parts"')
        elif not plan.all_sections and not parent_file:
            checker.error((), 'thiếu trường bắt buộc "sections" (các mục I, II, ...) hoặc "parts" (Phần I, Phần II, ...)')
        inherited = [s for s in plan.all_sections if isinstance(s, SectionFrom)]
        if inherited and not plan.implements:
            checker.error(inherited[0].path + ("from",), '"from" lấy mục của kế hoạch cấp trên: cần khai báo "implements"')
        elif not parent_file:
            for section in inherited:
                checker.error(section.path + ("from",), '"from" lấy mục từ tệp kế hoạch cấp trên, nhưng "implements" chỉ ghi '
                                                        'số, ngày của văn bản cấp trên: không có tệp để lấy mục; viết '
                                                        'các mục của đơn vị (title, items), hoặc thêm implements.plan')
            check_meaning(_own_sections(plan), checker)
    if checker.problems:
        raise PlanError(checker.problems, checker.warnings)
    return replace(plan, source=source, warnings=tuple(checker.warnings))


PLAN_HEAD = ("format", "type", "issuer", "date", "title", "sections")


def _own_sections(plan: Plan) -> Plan:
    """The plan with only the sections it writes out: `from:` entries need a parent file to be read."""
    def own(sections: tuple[Section, ...]) -> tuple[Section, ...]:
        return tuple(section for section in sections if isinstance(section, Section))
    return replace(plan, sections=own(plan.sections), parts=tuple(replace(part, sections=own(part.sections)) for part in plan.parts))


def _looks_like_a_plan(data: Any) -> bool:
    """Some key of a plan, or one misspelt (`tittle`): another YAML file (a CI or pre-commit
    configuration named on the command line) gets one message instead of one per key."""
    if not isinstance(data, dict) or not data:
        return True  # PLAN.check says what a plan needs
    return any(difflib.get_close_matches(str(key).lower(), list(PLAN.keys), n=1, cutoff=0.6) for key in data)


def check_meaning(plan: Plan, checker: Checker) -> None:
    """Rules that span fields: what the types alone cannot say."""
    if plan.issuer.code.startswith(plan.type + "-"):
        checker.error(plan.issuer.path + ("code",), f'"code" chỉ là mã cơ quan ({plan.issuer.code[len(plan.type) + 1:]}): '
                                                   f'loại văn bản "{plan.type}" đã có trong "type"')
    implements = plan.implements
    if implements and implements.legal and implements.format and not rules.FORMATS[implements.format].legal_symbol:
        checker.error(implements.path + ("legal",), f'"legal" chỉ dùng cho văn bản quy phạm pháp luật của nhà nước; '
                                                    f'văn bản thể thức {implements.format} không ghi năm trong số ký hiệu')
    if implements and implements.code and implements.code.startswith(implements.type_code + "-"):
        checker.error(implements.path + ("code",), f'"code" chỉ là ký hiệu cơ quan ({implements.code[len(implements.type_code) + 1:]}): '
                                                   f'loại văn bản "{implements.type_code}" ghi ở "type"')
    if plan.number is not None and not plan.date.is_full:
        checker.error(("date",), "văn bản đã có số phải có ngày đầy đủ (NĂM-THÁNG-NGÀY)")
    if plan.number is not None and plan.draft not in (None, False):
        checker.error(("draft",), f'văn bản đã có số ({plan.number}) không còn là dự thảo: bỏ "draft"')
    _check_recipients(plan.recipients, checker)
    _check_signature(plan.signature, plan.rules, checker)
    ids = _check_sections(plan.all_sections, Timeframe(plan.date, plan.years), checker, plan.parts)
    _check_derived(plan, ids, checker)
    _check_task_counts(plan, checker)
    if plan.implements is not None and plan.implements.cited:
        check_implemented(plan, checker)


def check_implemented(plan: Plan, checker: Checker) -> None:
    """What a plan owes the document it implements, from its particulars alone (cited, or read from
    its file): dated on or after it, and a report to whom it reports among the recipients."""
    assert plan.implements is not None, "a plan that implements a parent"
    _check_implemented(plan.implements, plan.date, plan.recipients, checker, plan.format, plan.issuer)


def _check_implemented(implements: Implements, date: PlanDate, recipients: Iterable[Recipient], checker: Checker,
                       unit_format: str | None, unit: Issuer | None) -> None:
    assert implements.date is not None, "the particulars are complete"
    document = rules.TYPE_NAMES_IN_TEXT[implements.type_code].lower()
    _check_dated_after(date, implements.date, document, checker)
    _check_reports_to(recipients, implements, document, checker, unit_format, unit)


def superior_of(unit_format: str | None, party_superior: str | None, parent_format: str | None,
                parent_issuer: str) -> str | None:
    """Whom a unit's implementation plan reports to: a Party unit to its Party superior (`party_superior`; without
    one, a Party parent's issuer), any other unit to the parent's issuer. None: a Party unit of a state parent
    that names no Party superior (it must not report to the state issuer)."""
    if unit_format == "party" and (party_superior or parent_format != "party"):
        return party_superior
    return parent_issuer


def party_superior_missing(unit: str, parent_issuer: str) -> str:
    return (f"{unit} là tổ chức đảng: kế hoạch triển khai báo cáo cấp ủy cấp trên trực tiếp, không báo cáo "
            f"{parent_issuer}; khai cấp ủy đó ở party_superior của cơ quan (trong bodies.yaml hoặc issuer), "
            f"ví dụ party_superior: Đảng ủy Sở Y tế")


def _check_dated_after(date: PlanDate, parent: PlanDate, document: str, checker: Checker) -> None:
    child = (date.year, date.month, date.day or 0)
    if date.is_full and parent.is_full and child < (parent.year, parent.month, parent.day):
        checker.error(("date",), f"kế hoạch triển khai không thể ban hành trước {document} cấp trên "
                                 f"({vn.short_date(parent.as_date())})")
    elif child[:2] < (parent.year, parent.month):
        checker.error(("date",), f"kế hoạch triển khai không thể ban hành trước {document} cấp trên "
                                 f"(tháng {parent.month}/{parent.year})")


def _check_reports_to(recipients: Iterable[Recipient], implements: Implements, document: str, checker: Checker,
                      unit_format: str | None, unit: Issuer | None) -> None:
    assert implements.issuer is not None, "the particulars are complete"
    superior = superior_of(unit_format, unit.party_superior if unit else None, implements.format, implements.issuer)
    if superior is None:
        checker.error(("issuer",), party_superior_missing(unit.called or unit.name if unit else "", implements.issuer))
        return
    if reports_to(report_addressees(unit_format, superior, implements), ((r.names, r.note) for r in recipients)):
        return
    shown = (implements.recipient or implements.issuer) if superior == implements.issuer else superior
    checker.error(("recipients",), f"nơi nhận cần có {shown} kèm ghi chú báo cáo, ví dụ {{to: {shown}, note: báo cáo}}: "
                                   f"kế hoạch này triển khai {document} của {implements.issuer}")


def report_addressees(unit_format: str | None, superior: str, implements: Implements) -> tuple[str, ...]:
    """The names a unit's report may go to: its superior, and the parent's issuer unless a Party unit
    implements a state parent (it reports to its Party superior only)."""
    to_parent = unit_format != "party" or implements.format == "party"  # a Party unit of a Party parent: either
    return (superior, *(implements.names if to_parent else ()))


def reports_to(addressees: Iterable[str], recipients: Iterable[tuple[Iterable[str], str | None]]) -> bool:
    """Whether a recipient (its names, its note) is one of the addressees with a report note (`để b/c`)."""
    wanted = {vn.body_key(name) for name in addressees}
    return any(vn.is_report_note(note) and wanted & {vn.body_key(name) for name in names} for names, note in recipients)


def _check_partly(values: dict[str, Any], path: PathKey, checker: Checker) -> None:
    """The rules whose fields are valid, when others are not (see Record.partial)."""
    if "recipients" in values:
        _check_recipients(values["recipients"], checker)
    if "signature" in values and "format" in values:
        _check_signature(values["signature"], rules.FORMATS[values["format"]], checker)
    if "sections" in values or "parts" in values:
        parts = values.get("parts", ())
        sections = values.get("sections", ()) or tuple(s for part in parts for s in part.sections)
        _check_sections(sections, _timeframe_of(values, checker), checker, parts)
    if {"implements", "date", "recipients"} <= values.keys() and values["implements"].cited:
        issuer = values.get("issuer")
        _check_implemented(values["implements"], values["date"], values["recipients"], checker, values.get("format"),
                           issuer if isinstance(issuer, Issuer) else None)


def _check_recipients(recipients: Iterable[Recipient], checker: Checker) -> None:
    seen: dict[str, PathKey] = {}
    for recipient in recipients:
        if not recipient.names:
            checker.error(recipient.path, 'nơi nhận cần "to" (một nơi) hoặc "group" (nhiều nơi cùng ghi chú)')
        elif recipient.to and recipient.group:
            checker.error(recipient.path, f'nơi nhận ghi "to" hoặc "group", không ghi cả hai: thêm "{recipient.to}" vào "group"')
        elif len(recipient.names) > 1 and recipient.note is None:
            checker.error(recipient.path, 'nhóm nơi nhận cần "note", ví dụ note: thực hiện')
        for name in recipient.names:
            key = vn.nfc(name).casefold()
            if key in seen:
                line, column = checker.source.position(seen[key])
                checker.error(recipient.path, f'nơi nhận "{name}" đã có ở dòng {line}, cột {column}; mỗi nơi nhận ghi một lần')
            else:
                seen[key] = recipient.path


@dataclass(frozen=True)
class Timeframe:
    """What the dates of a plan's tasks are checked against: the plan's own date and the years it covers."""

    issued: PlanDate
    years: tuple[int, int]


def _timeframe_of(values: dict[str, Any], checker: Checker) -> Timeframe | None:
    """The timeframe of a plan some of whose fields are invalid: None unless its date and period are valid."""
    period_typed_but_invalid = ("period",) in checker.source.keys and "period" not in values
    if "date" not in values or period_typed_but_invalid:
        return None
    issued = values["date"]
    return Timeframe(issued, values.get("period") or (issued.year, issued.year))


def _check_tasks_of_invalid_sections(data: Any, checker: Checker) -> None:
    """Every problem in one run: when a section is invalid (so the checks of the whole plan do not run),
    its valid tasks are still checked against the plan's date and period."""
    if not isinstance(data, dict) or not any(isinstance(data.get(key), list) for key in ("sections", "parts")):
        return
    scratch = Checker(checker.source)  # what these checks would say again is said once, by PLAN.check
    values = {key: PLAN.keys[key].field.check(data[key], (key,), scratch)
              for key in ("date", "period", "sections", "parts") if data.get(key) is not None}
    if all(values[key] is not INVALID for key in ("sections", "parts") if key in values):
        return  # valid sections were checked with the plan's timeframe by _check_partly
    frame = _timeframe_of({key: value for key, value in values.items() if value is not INVALID}, checker)
    for path, raw in _raw_tasks(data, ()):
        task = TASK.check(raw, path, scratch)
        if frame and task is not INVALID:
            _check_task(frame, task, checker)


def _raw_tasks(node: Any, path: PathKey) -> Iterator[tuple[PathKey, Any]]:
    """The `task` mappings of items as typed, with their paths (not the `tasks` a unit changes in a parent's)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "task" and isinstance(value, dict):
                yield path + (key,), value
            elif key in ("sections", "parts", "items"):
                yield from _raw_tasks(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _raw_tasks(value, path + (index,))


def _check_sections(sections: Iterable[Section | SectionFrom], frame: Timeframe | None, checker: Checker,
                    parts: Iterable[Part] = ()) -> dict[str, PathKey]:
    """Parts, sections and items; with the plan's date and period, tasks against them too. Returns the ids seen."""
    seen: dict[str, PathKey] = {}
    for part in parts:
        _check_id(part, seen, checker)
    for section in sections:
        if isinstance(section, SectionFrom):
            continue
        if not section.items and not section.text:
            checker.error(section.path, f'mục "{section.title}" không có nội dung: cần "items" hoặc "text"')
        _check_id(section, seen, checker)
        _check_stars(section.items, checker)
        for item in walk_items(section.items):
            _check_item(item, seen, checker)
            _check_stars(item.items, checker)
            if item.task and frame:
                _check_task(frame, item.task, checker)
    return seen


# What a `star` line may hold besides its words.
STAR_KEYS = ("star", "restart", "id")


def _check_stars(items: tuple[Item, ...], checker: Checker) -> None:
    """A `* ...` line is a heading between entries of a list: its words alone, followed by entries."""
    for index, item in enumerate(items):
        if item.star is None:
            if item.restart is not None:
                checker.error(item.path + ("restart",), '"restart" chỉ dùng cho dòng "star" (dòng * giữa các khoản)')
            continue
        extra = [name for name in ("title", "text", "numbering", "items", "closing", "task") if getattr(item, name)]
        if extra:
            checker.error(item.path + (extra[0],), f'dòng "star" chỉ gồm lời của nó (và "restart", "id"), không có '
                                                   f'"{extra[0]}": các khoản thuộc dòng * viết ngay sau nó, trong cùng danh sách')
        if index == len(items) - 1:
            checker.error(item.path + ("star",), 'dòng "star" đứng cuối danh sách: dòng * dẫn vào các khoản theo sau nó')


def _check_signature(signature: Signature, fmt: rules.FormatRules, checker: Checker) -> None:
    path = signature.path
    authority = signature.authority
    if authority and authority not in fmt.authorities:
        shown = path + ("authority",)
        if authority in fmt.wrong_authorities:
            checker.error(shown, f'"authority" không dùng "{authority}": {fmt.wrong_authorities[authority]}')
        else:
            checker.error(shown, f'"authority" không hợp lệ: "{authority}"; dùng một trong: {", ".join(fmt.authorities)}')
        return
    for refused in fmt.signature_rules:
        if authority == refused.authority and refused.title_word in upper(signature.title or ""):
            checker.error(path + ("authority",), refused.message)
    if signature.authority is None:
        if signature.head:
            checker.error(path + ("head",), '"head" chỉ dùng cùng "authority" (KT, TM, ...); người đứng đầu tự ký thì chỉ ghi "title"')
        if not signature.title:
            checker.error(path, 'thiếu trường bắt buộc "title" (chức vụ người ký, ví dụ Giám đốc)')
        return
    if not signature.head:
        checker.error(path, f'ký "{signature.authority}" cần "head": chức danh người đứng đầu hoặc tập thể, ví dụ Giám đốc, Chi bộ')
    if signature.authority == "Q" and signature.title:
        checker.error(path + ("title",), 'ký "Q." (quyền) chỉ ghi "head", ví dụ head: Giám đốc → Q. GIÁM ĐỐC')
    if signature.authority != "Q" and not signature.title:
        checker.error(path, f'ký "{signature.authority}" cần "title": chức vụ người ký, ví dụ Phó Giám đốc, Bí thư')


def _check_item(item: Item, seen: dict[str, PathKey], checker: Checker) -> None:
    _check_id(item, seen, checker)
    if item.star is not None:
        return  # _check_stars says what a star line may hold
    if not item.text and not item.title and item.path + ("star",) in checker.source.keys:
        checker.error(item.path + ("star",), 'dòng "star" để trống: viết lời của dòng *, ví dụ star: Đối với tập thể:',
                      at_key=True)
    elif not item.text and not item.title:
        checker.error(item.path, 'khoản cần "text" hoặc "title"')
    uses_due = DUE_PLACEHOLDER in (item.text or "") + (item.closing or "")
    if uses_due and not (item.task and item.task.due):
        checker.error(item.path, 'đoạn văn dùng "{due}" nhưng khoản không có task.due')
    if item.task and item.id is None:  # checked here, not with the plan's period, so it is said with every other problem
        checker.error(item.path, 'khoản có "task" cần "id" ổn định (bảng phân công và lịch dùng nó để nhận ra nhiệm vụ)')


def _check_task(frame: Timeframe, task: Task, checker: Checker) -> None:
    first, last = frame.years
    period = f"{first}" if first == last else f"{first}-{last}"
    if task.due:
        _check_due(frame, task.due, task.path + ("due",), period, checker)
    repeat = task.repeat
    if repeat is None:
        return
    for bound_key in ("start", "until"):
        bound = getattr(repeat, bound_key)
        if bound and not first <= bound.year <= last:
            checker.error(repeat.path + (bound_key,), f'kỳ "{bound_key}" {bound.month}/{bound.year} nằm ngoài thời kỳ của kế hoạch ({period})')
    if repeat.start and repeat.until and (repeat.until.year, repeat.until.month) < (repeat.start.year, repeat.start.month):
        checker.error(repeat.path + ("until",), '"until" đứng trước "start"')
    if repeat.continues and repeat.until:
        checker.error(repeat.path + ("continues",), '"continues" (tiếp tục sau thời kỳ kế hoạch) không dùng cùng "until" (kỳ cuối cùng)')
    if repeat.day is not None and not 1 <= repeat.day <= 31:
        checker.error(repeat.path + ("day",), f'"day" cần một ngày từ 1 đến 31, nhận được {repeat.day}')


def _check_due(frame: Timeframe, due: Deadline, path: PathKey, period: str, checker: Checker) -> None:
    """A deadline inside the plan's period, not before the plan's own date; `Trước ngày 15/10` needs
    its year in a plan of several years."""
    first, last = frame.years
    if due.ongoing:
        return
    if due.year is None and first != last:
        checker.error(path, f'thời hạn "{due.text}" không ghi năm, mà kế hoạch kéo dài {period}: '
                            f'ghi năm, ví dụ "{due.text}/{first}"')
        return
    last_day = due.last_day(first)
    assert last_day is not None  # a dated deadline that is not ongoing
    if not first <= (due.first_year_of or last_day.year) <= last or not first <= last_day.year <= last:
        checker.error(path, f"thời hạn {due.text} nằm ngoài thời kỳ của kế hoạch ({period})")
        return
    last_shown = "" if due.kind == "date" else f" (ngày cuối {short_date(last_day)})"
    issued = frame.issued
    if issued.is_full and last_day < issued.as_date():
        checker.error(path, f"thời hạn {due.text}{last_shown} trước ngày ban hành kế hoạch ({short_date(issued.as_date())})")
    elif (last_day.year, last_day.month) < (issued.year, issued.month):
        checker.error(path, f"thời hạn {due.text}{last_shown} trước tháng ban hành kế hoạch ({issued.month}/{issued.year})")


def _check_derived(plan: Plan, ids: dict[str, PathKey], checker: Checker) -> None:
    """Forms refer to the plan's items; appendices name what exists."""
    form_ids: set[str] = set()
    for form in plan.forms:
        if form.id in form_ids or form.id == "checklist":
            checker.error(form.path + ("id",), f'mã phiếu "{form.id}" bị trùng hoặc trùng với "checklist"')
        if len(form.id) > FORM_ID_LENGTH:  # it names a file, and a file name holds at most 255 bytes
            checker.error(form.path + ("id",), f"mã phiếu dài {len(form.id)} ký tự; mã phiếu là một phần tên tệp, tối đa {FORM_ID_LENGTH} ký tự")
        form_ids.add(form.id)
        for index, criterion in enumerate(form.criteria):
            if plan.find_item(criterion) is None:
                hint = did_you_mean(criterion, [i for i in ids if plan.find_item(i)])
                checker.error(form.path + ("criteria", index), f'tiêu chí "{criterion}" không có trong kế hoạch; {hint.strip() or "hãy dùng mã (id) của một khoản"}')
    has_tasks = any(item.task for item in plan.all_items())
    for index, name in enumerate(plan.appendices):
        if name in plan.appendices[:index]:
            checker.error(("appendices", index), f'phụ lục "{name}" đã có ở trên; mỗi phụ lục chỉ đính kèm một lần')
        elif name == "checklist" and not has_tasks:
            checker.error(("appendices", index), 'phụ lục "checklist" cần ít nhất một khoản có "task"')
        elif name != "checklist" and name not in form_ids:
            checker.error(("appendices", index), f'phụ lục "{name}" không phải "checklist" hay mã một phiếu trong "forms"')
    _check_documents(plan, form_ids, checker)
    if (has_tasks or plan.forms or plan.documents) and not plan.issuer.called:
        checker.error(plan.issuer.path, 'thiếu "called": tên cơ quan khi viết trong câu, ví dụ Sở Y tế (dùng trong dòng "Kèm theo Kế hoạch ... của Sở Y tế")')


def _check_documents(plan: Plan, form_ids: set[str], checker: Checker) -> None:
    """Office documents: a known built-in, and a name of their own among the plan's documents."""
    names: dict[str, OfficeDocument] = {}
    for document in plan.documents:
        if document.builtin and document.template not in BUILTIN_DOCUMENTS:
            hint = did_you_mean(document.template, BUILTIN_DOCUMENTS) or f"mẫu có sẵn: {', '.join(BUILTIN_DOCUMENTS)}; "
            checker.error(document.path, f'không có mẫu có sẵn "{document.template}"; {hint}'
                                         'mẫu của cơ quan ghi kèm đuôi .docx, ví dụ thu-moi.docx')
        if document.name in names or document.name in form_ids or document.name == "checklist":
            checker.error(document.path, f'tên văn bản "{document.name}" trùng với một văn bản khác của kế hoạch '
                                         '(mã phiếu, checklist hoặc văn bản ở trên): đặt "name" khác')
        if len(document.name) > FORM_ID_LENGTH:
            checker.error(document.path, f"tên văn bản dài {len(document.name)} ký tự; tên là một phần tên tệp, tối đa {FORM_ID_LENGTH} ký tự")
        names[document.name] = document


def _check_task_counts(plan: Plan, checker: Checker) -> None:
    """The checklist's rows (recurrences expanded) and its owners, within the limits (limits.py)."""
    due_dates = 0
    owners: set[str] = set()
    for item in plan.all_items():
        if not item.task:
            continue
        due_dates += len(recurrence_dates(plan, item.task.repeat)) if item.task.repeat else 1
        owners.add(item.task.owner)
        if due_dates > MAX_DUE_DATES:
            checker.error(item.task.path, f"kế hoạch có hơn {MAX_DUE_DATES} thời hạn (kể cả các kỳ định kỳ) tính đến "
                                          "nhiệm vụ này; hãy chia thành nhiều kế hoạch")
            return
        if len(owners) > MAX_OWNERS:
            checker.error(item.task.path + ("owner",), f"kế hoạch có hơn {MAX_OWNERS} đơn vị chủ trì khác nhau tính đến "
                                                       "nhiệm vụ này; hãy gộp đơn vị hoặc chia thành nhiều kế hoạch")
            return


def recurrence_dates(plan: Plan, repeat: Repeat) -> list[dt.date]:
    """The due dates of a recurring task in the plan's period: the end of each period (or `day` of its
    last month), from `start`, else from the plan's own date (compared by month for a draft), to `until`."""
    first, last = plan.years
    until = (repeat.until.year, repeat.until.month) if repeat.until else (last, 12)
    dates = []
    for year in range(first, last + 1):
        for month in PERIOD_MONTHS[repeat.every]:
            month_end = calendar.monthrange(year, month)[1]
            due = dt.date(year, month, min(repeat.day or month_end, month_end))
            if _after_start(plan, repeat, due) and (year, month) <= until:
                dates.append(due)
    return dates


def _after_start(plan: Plan, repeat: Repeat, due: dt.date) -> bool:
    if repeat.start:
        return (due.year, due.month) >= (repeat.start.year, repeat.start.month)
    if plan.date.is_full:
        return due >= plan.date.as_date()
    return (due.year, due.month) >= (plan.date.year, plan.date.month)


def _check_id(node: Part | Section | Item, seen: dict[str, PathKey], checker: Checker) -> None:
    if node.id is None:
        return
    if node.id in seen:
        line, column = checker.source.position(seen[node.id])
        checker.error(node.path + ("id",), f'mã "{node.id}" bị trùng (đã dùng ở dòng {line}, cột {column})')
    else:
        seen[node.id] = node.path + ("id",)


def walk_items(items: Iterable[Item]) -> Iterator[Item]:
    """Every item, depth first, in document order."""
    for item in items:
        yield item
        yield from walk_items(item.items)


def json_schema() -> dict[str, Any]:
    return schema_document(PLAN, "Kế hoạch (kehoach)")
