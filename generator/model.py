"""The typed plan model, its validation and its JSON Schema.

`read_plan(path)` is the whole front end: YAML -> checked Plan, or a PlanError
listing every problem of the file at its line and column.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import rules, vn
from .errors import PlanError
from .fields import (
    INVALID, Checker, Choice, Date, Flag, did_you_mean, Integer, Key, Lazy, ListOf, MapOf, OneOf, PlanDate, Record, Text,
    TextOr, YearRange, schema_document,
)
from .load import PathKey, Source
from .vn import short_date, upper

NUMBERINGS = ("decimal", "nested", "letters", "dash", "plus", "star", "none")
REPEATS = ("monthly", "quarterly", "half-yearly", "yearly")
URGENCIES = ("KHẨN", "THƯỢNG KHẨN", "HỎA TỐC")
DUE_PLACEHOLDER = "{due}"
# A label typed by hand at the start of a text: "1. ", "1.2. ", "a) ", "- ", "+ ".
TYPED_LABEL = re.compile(r"(\d+\.)+\s|\d+\)\s|[a-zđ]\)\s|[-+*]\s|[IVXLC]+\.\s")
TYPED_SECTION_LABEL = re.compile(r"[IVXLC]+\.\s")


def _record(cls):
    """Build a dataclass from checked values, keeping where it stood."""
    def build(path, **values):
        return cls(path=path, **values)
    return build


@dataclass(frozen=True)
class Issuer:
    name: str
    code: str
    place: str
    parent: str | None = None
    called: str | None = None  # how text names the issuer: "Sở Y tế"
    path: PathKey = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Repeat:
    """A recurring duty: due at the end of every period (or on `day` of its last month)."""

    every: str
    day: int | None = None
    start: PlanDate | None = None
    until: PlanDate | None = None
    path: PathKey = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Task:
    owner: str
    partners: tuple[str, ...] = ()
    due: PlanDate | None = None
    repeat: Repeat | None = None
    report_to: str | None = None
    product: str | None = None
    summary: str | None = None
    path: PathKey = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Item:
    text: str | None = None
    title: str | None = None
    id: str | None = None
    numbering: str | None = None
    items: tuple[Item, ...] = ()
    closing: str | None = None
    task: Task | None = None
    path: PathKey = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Section:
    title: str
    id: str | None = None
    text: str | None = None
    numbering: str | None = None
    items: tuple[Item, ...] = ()
    closing: str | None = None
    path: PathKey = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class SectionFrom:
    """A section taken from the parent plan, with the unit's own changes."""

    source_id: str
    title: str | None = None
    remove: tuple[str, ...] = ()
    replace: dict | None = None  # item id -> Item
    add: tuple[Item, ...] = ()
    tasks: dict | None = None  # item id -> TaskPatch
    path: PathKey = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class TaskPatch:
    """Changes to an inherited task: a new owner (the unit's department), an earlier deadline."""

    owner: str | None = None
    partners: tuple[str, ...] | None = None
    due: PlanDate | None = None
    repeat: Repeat | None = None
    report_to: str | None = None
    product: str | None = None
    summary: str | None = None
    path: PathKey = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Implements:
    plan: str  # path of the parent plan, relative to this file
    about: str | None = None  # "thực hiện phong trào ..." in the generated basis sentence
    path: PathKey = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Recipient:
    names: tuple[str, ...]
    note: str | None = None
    path: PathKey = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Archive:
    units: tuple[str, ...] = ()
    drafter: str | None = None
    copies: int | None = None
    path: PathKey = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Signature:
    name: str
    title: str | None = None
    authority: str | None = None
    head: str | None = None
    path: PathKey = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Form:
    """A registration form to print and fill by hand."""

    id: str
    title: str
    audience: str = "individual"
    subtitle: str | None = None
    fields: tuple[str, ...] = ()
    entries: int = 2
    columns: tuple[str, ...] = ()
    criteria: tuple[str, ...] = ()
    criteria_title: str | None = None
    confirm: str | None = None
    signer: str | None = None
    path: PathKey = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class OfficeDocument:
    """A document the office designed in Word (a .docx with Jinja fields), filled from the plan."""

    template: str  # a path under the repository's templates/ (`thu-moi.docx`), or a built-in's name (`bao-cao`)
    name: str  # in the file name: 799-KH-SYT.<name>.docx
    per: str = "plan"  # plan | owner | unit: one document, one per task owner, one per body of the registry
    file: Path | None = field(default=None, compare=False)  # the repository's template, found by read.py
    path: PathKey = field(default=(), compare=False, repr=False)

    @property
    def builtin(self) -> bool:
        return not self.template.lower().endswith(".docx")


@dataclass(frozen=True)
class Checklist:
    by_owner: bool = False
    path: PathKey = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Plan:
    format: str
    type: str
    issuer: Issuer
    date: PlanDate
    title: str
    recipients: tuple[Recipient, ...]
    archive: Archive
    signature: Signature
    sections: tuple[Section, ...] = ()  # a plan that implements a parent may take them all from it
    number: int | None = None
    revision: int | None = None
    urgency: str | None = None
    bases: tuple[str, ...] = ()
    intro: str | None = None
    closing: str | None = None
    remark: str | None = None
    period: tuple[int, int] | None = None
    forms: tuple[Form, ...] = ()
    checklist: Checklist = Checklist()
    appendices: tuple[str, ...] = ()
    implements: Implements | None = None
    documents: tuple[OfficeDocument, ...] = ()
    path: PathKey = field(default=(), compare=False, repr=False)
    source: Source | None = field(default=None, compare=False, repr=False)
    parent: Plan | None = field(default=None, compare=False, repr=False)
    inputs: tuple[Path, ...] = field(default=(), compare=False, repr=False)  # every file read

    @property
    def years(self) -> tuple[int, int]:
        """The plan's period: a year (default, the plan's own) or a range such as 2021-2025."""
        return self.period or (self.date.year, self.date.year)

    def find_item(self, item_id: str) -> Item | None:
        return next((item for item in self.all_items() if item.id == item_id), None)

    def all_items(self):
        for section in self.sections:
            yield from walk_items(section.items)

    @property
    def rules(self) -> rules.FormatRules:
        return rules.FORMATS[self.format]


CODE = Text("mã viết tắt, ví dụ SYT", pattern=r"[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*",
            pattern_hint="chỉ gồm chữ in hoa và chữ số, không dấu cách, ví dụ SYT, TCCB")
def _typed_label(pattern: re.Pattern, where: str, numbers: str):
    """A rule for texts: the label typed by hand that the renderer would print twice."""
    def refuse(text: str) -> str | None:
        typed = pattern.match(text)
        return typed and f'không gõ số thứ tự "{typed.group().strip()}" ở đầu {where}: {numbers} được đánh tự động'
    return refuse


def _all_of(*rules_):
    """A rule for texts made of several: the first message, or None."""
    def refuse(text: str) -> str | None:
        return next((message for rule in rules_ if (message := rule(text))), None)
    return refuse


def _final_period(where: str):
    def refuse(text: str) -> str | None:
        return (f'{where} không có dấu chấm cuối (khi in, tên mục là một dòng tiêu đề): viết "{text.rstrip(". ")}"'
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


PARAGRAPHS = Text("một hoặc nhiều đoạn văn, mỗi dòng một đoạn")
LEAD_PARAGRAPHS = Text("một hoặc nhiều đoạn văn, mỗi dòng một đoạn", refuse=_unannounced_list)
ITEM_TEXT = Text("một hoặc nhiều đoạn văn, mỗi dòng một đoạn; đoạn đầu mang số thứ tự",
                 refuse=_all_of(_typed_label(TYPED_LABEL, "đoạn", "số thứ tự"), _unannounced_list))
ITEM_TITLE = Text("tiêu đề của khoản, in đậm trên một dòng riêng",
                  refuse=_typed_label(TYPED_LABEL, "tiêu đề", "số thứ tự"))
SECTION_TITLE = Text("tên mục, in hoa", refuse=_all_of(_typed_label(TYPED_SECTION_LABEL, "tên mục", "số La Mã"),
                                                      _final_period("tên mục")))
RECIPIENT_NAME = Text("nơi nhận", refuse=_printed_recipient)
RECIPIENT_NOTE = Text("mục đích, ví dụ để b/c", refuse=_parenthesised_note)
NUMBERING = Choice(NUMBERINGS, "cách đánh số các mục con")
IDENT = Text("mã ổn định của mục, ví dụ noi-dung", pattern=r"[a-z0-9][a-z0-9-]*",
             pattern_hint="chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ bao-cao-ket-qua")

REPEAT_EVERY = Choice(REPEATS, "định kỳ: monthly, quarterly, half-yearly, yearly")
REPEAT = TextOr(
    Record("Repeat", {
        "every": Key(REPEAT_EVERY, required=True),
        "day": Key(Integer("hạn vào ngày này của tháng cuối kỳ (mặc định: ngày cuối tháng)")),
        "start": Key(Date("kỳ đầu tiên, ví dụ 2020-06", allow_month=True)),
        "until": Key(Date("kỳ cuối cùng, ví dụ 2020-12", allow_month=True)),
    }, _record(Repeat), "định kỳ, chi tiết"),
    lambda every, path: Repeat(every=every, path=path),
    text=REPEAT_EVERY,
)

TASK = Record("Task", {
    "owner": Key(Text("đơn vị chủ trì"), required=True),
    "partners": Key(ListOf(Text(), "đơn vị phối hợp")),
    "due": Key(Date("thời hạn")),
    "repeat": Key(REPEAT),
    "report_to": Key(Text("nơi nhận báo cáo")),
    "product": Key(Text("sản phẩm, kết quả")),
    "summary": Key(Text("nội dung ngắn gọn cho bảng phân công")),
}, _record(Task), "nhiệm vụ mà khoản này giao")

ITEM_RECORD = Record("Item", {
    "id": Key(IDENT),
    "title": Key(ITEM_TITLE),
    "text": Key(ITEM_TEXT),
    "numbering": Key(NUMBERING),
    "items": Key(Lazy(lambda: ITEMS)),
    "closing": Key(PARAGRAPHS),
    "task": Key(TASK),
}, _record(Item), "một khoản, điểm hoặc gạch đầu dòng")
ITEM = TextOr(ITEM_RECORD, lambda text, path: Item(text=text, path=path), text=ITEM_TEXT)
ITEMS: ListOf = ListOf(ITEM, "các mục con", min_items=1)

SECTION_RECORD = Record("Section", {
    "id": Key(IDENT),
    "title": Key(SECTION_TITLE, required=True),
    "text": Key(LEAD_PARAGRAPHS),
    "numbering": Key(NUMBERING),
    "items": Key(ITEMS),
    "closing": Key(PARAGRAPHS),
}, _record(Section), "một mục La Mã: I., II., ...")

# A task's fields, every one optional: what the unit changes of an inherited task.
TASK_PATCH = Record("TaskPatch", {name: Key(key.field) for name, key in TASK.keys.items()},
                    _record(TaskPatch), "thay đổi nhiệm vụ kế thừa từ kế hoạch cấp trên: chủ trì mới, thời hạn sớm hơn")

SECTION_FROM = Record("SectionFrom", {
    "from": Key(IDENT, required=True),
    "title": Key(Text("tên mục mới (mặc định: tên mục của kế hoạch cấp trên)")),
    "remove": Key(ListOf(IDENT, "mã các khoản bỏ đi")),
    "replace": Key(MapOf(IDENT, ITEM_RECORD, "mã khoản -> khoản thay thế")),
    "add": Key(ListOf(ITEM, "các khoản thêm vào cuối mục")),
    "tasks": Key(MapOf(IDENT, TASK_PATCH, "mã khoản -> thay đổi nhiệm vụ")),
}, lambda path, **v: SectionFrom(
    source_id=v["from"], title=v.get("title"), remove=v.get("remove", ()), replace=v.get("replace"),
    add=v.get("add", ()), tasks=v.get("tasks"), path=path), "một mục lấy từ kế hoạch cấp trên (theo mã)")
SECTION = OneOf("from", SECTION_FROM, SECTION_RECORD)

IMPLEMENTS = Record("Implements", {
    "plan": Key(Text("đường dẫn tới kế hoạch cấp trên, tính từ thư mục của tệp này"), required=True),
    "about": Key(Text("nội dung kế hoạch cấp trên trong câu căn cứ, ví dụ thực hiện phong trào ...")),
}, _record(Implements), "kế hoạch cấp trên mà kế hoạch này triển khai")

RECIPIENT = TextOr(
    Record("Recipient", {
        "to": Key(RECIPIENT_NAME),
        "group": Key(ListOf(RECIPIENT_NAME, "các nơi nhận cùng một ghi chú", min_items=2)),
        "note": Key(RECIPIENT_NOTE),
    }, lambda path, to=None, group=(), note=None: Recipient(
        names=tuple(group) or ((to,) if to else ()), note=note, path=path)),
    lambda text, path: Recipient(names=(text,), path=path),
    text=RECIPIENT_NAME,
)

ISSUER = Record("Issuer", {
    "parent": Key(Text("cơ quan chủ quản, ví dụ UBND TỈNH HÀ TĨNH")),
    "name": Key(Text("cơ quan ban hành, ví dụ SỞ Y TẾ"), required=True),
    "code": Key(CODE, required=True),
    "place": Key(Text("địa danh, ví dụ Hà Tĩnh"), required=True),
    "called": Key(Text("tên cơ quan khi viết trong câu, ví dụ Sở Y tế")),
}, _record(Issuer), "cơ quan ban hành")

AUDIENCES = ("individual", "collective")
FORM = Record("Form", {
    "id": Key(IDENT, required=True),
    "title": Key(Text("tên phiếu, ví dụ PHIẾU ĐĂNG KÝ THI ĐUA"), required=True),
    "audience": Key(Choice(AUDIENCES, "cá nhân (individual) hay tập thể (collective)")),
    "subtitle": Key(Text("dòng dưới tên phiếu")),
    "fields": Key(ListOf(Text(), "các dòng thông tin để điền, ví dụ Họ và tên")),
    "entries": Key(Integer("số nội dung đăng ký (số dòng để viết)")),
    "columns": Key(ListOf(Text(), "các cột của bảng nội dung đăng ký", min_items=1)),
    "criteria": Key(ListOf(IDENT, "mã các khoản tiêu chí của kế hoạch, in thành dòng có ô đánh dấu")),
    "criteria_title": Key(Text("tiêu đề phần tiêu chí")),
    "confirm": Key(Text("khối ký bên trái, ví dụ XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ")),
    "signer": Key(Text("khối ký bên phải, ví dụ NGƯỜI ĐĂNG KÝ")),
}, _record(Form), "phiếu đăng ký")

BUILTIN_DOCUMENTS = ("bao-cao",)  # generator/templates/<format>/<name>.docx
DOCUMENT_PER = ("plan", "owner", "unit")
TEMPLATE_PATH = r"(?![/\\])(?!.*(?:^|[/\\])\.\.(?:[/\\]|$))[^\x00]+\.[dD][oO][cC][xX]|[a-z0-9][a-z0-9-]*"


def default_document_name(template: str) -> str:
    """`bao-cao` -> `bao-cao`; `thu moi/Giấy mời.docx` -> `thu-moi-giay-moi`: in the file name."""
    return template if "." not in template else vn.slug(template.rsplit(".", 1)[0].replace("/", "-"))


def _office_document(path, template, name=None, per="plan") -> OfficeDocument:
    return OfficeDocument(template=template, name=name or default_document_name(template), per=per, path=path)


DOCUMENT = TextOr(Record("OfficeDocument", {
    "template": Key(Text("mẫu .docx trong thư mục templates/ (ví dụ thu-moi.docx), hoặc mẫu có sẵn: bao-cao",
                         pattern=TEMPLATE_PATH,
                         pattern_hint="ghi đường dẫn tệp .docx tính từ thư mục templates/ (ví dụ thu-moi.docx), "
                                      "không bắt đầu bằng / và không có .., hoặc tên mẫu có sẵn: bao-cao"), required=True),
    "name": Key(Text("tên trong tên tệp: 799-KH-SYT.<name>.docx (mặc định: tên mẫu)", pattern=r"[a-z0-9][a-z0-9-]*",
                     pattern_hint="chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ thu-moi")),
    "per": Key(Choice(DOCUMENT_PER, "một văn bản cho kế hoạch (plan), cho mỗi đơn vị chủ trì (owner), "
                                    "hay cho mỗi cơ quan trong plans/bodies.yaml (unit)")),
}, _office_document, "văn bản của cơ quan, điền từ kế hoạch theo mẫu Word"),
    lambda template, path: _office_document(path, template), text=Text(pattern=TEMPLATE_PATH))
DOCUMENTS = ListOf(DOCUMENT, "văn bản điền từ kế hoạch theo mẫu Word: báo cáo, công văn, giấy mời, ...")

FORMAT = Choice(rules.FORMATS.keys(), "thể thức: " + " hoặc ".join(f"{name} ({fmt.title})" for name, fmt in rules.FORMATS.items()))


def authority_code(text: str) -> str:
    """`kt.` or `t/ m` as the table of authorities writes it: `KT`, `T/M`."""
    return text.rstrip(".").upper().replace(" ", "")


AUTHORITY = Text("thẩm quyền ký: " + "; ".join(f"{', '.join(fmt.authorities)} ({fmt.called})" for fmt in rules.FORMATS.values()),
                 normalize=authority_code)


class DocumentNumber(Integer):
    """The number alone: the symbol around it (`/KH-SYT`, `-KH/ĐU`) comes from the format."""

    def check(self, value, path, checker):
        if isinstance(value, str) and re.match(r"\s*\d+\s*[-/]", value):
            digits = re.match(r"\s*(\d+)", value).group(1)
            return checker.error(path, f'"number" chỉ ghi số ({int(digits)}), không ghi ký hiệu "{value}": '
                                       'ký hiệu (Số: 12/KH-SYT hay Số 12-KH/ĐU) do "format" quyết định')
        return super().check(value, path, checker)

ARCHIVE = Record("Archive", {
    "units": Key(ListOf(Text(), "đơn vị soạn thảo, ví dụ [TCCB]; văn bản của Đảng: [Văn phòng Đảng ủy]"), required=True),
    "drafter": Key(Text("chữ viết tắt tên người soạn thảo")),
    "copies": Key(Integer("số bản lưu")),
}, _record(Archive), "dòng Lưu: VT, ...")
SIGNATURE = Record("Signature", {
    "authority": Key(AUTHORITY),
    "head": Key(Text("chức danh người đứng đầu sau thẩm quyền, ví dụ Giám đốc")),
    "title": Key(Text("chức vụ người ký, ví dụ Phó Giám đốc")),
    "name": Key(Text("họ và tên người ký"), required=True),
}, _record(Signature), "chữ ký")


# format, archive and signature come from plans/bodies.yaml when `issuer` names a body by key.
PLAN = Record("Plan", {
    "format": Key(FORMAT, required=True, unless_text="issuer"),
    "type": Key(Choice(tuple(rules.TYPE_NAMES), "loại văn bản: KH"), required=True),
    "issuer": Key(TextOr(ISSUER, lambda key, path: key, text=Text("mã cơ quan trong plans/bodies.yaml")), required=True),
    "number": Key(DocumentNumber("số văn bản; bỏ trống khi là dự thảo")),
    "date": Key(Date("ngày ban hành, ví dụ 2020-03-31; dự thảo: 2021-02", allow_month=True), required=True),
    "revision": Key(Integer("lần điều chỉnh (1, 2, ...): tăng mỗi lần gửi lại kế hoạch đã sửa thời hạn, "
                            "để lịch (.ics) đã nhập được cập nhật")),
    "urgency": Key(Choice(URGENCIES, "độ khẩn")),
    "title": Key(Text("trích yếu"), required=True),
    "bases": Key(ListOf(Text(), "các căn cứ, mỗi căn cứ một dòng")),
    "intro": Key(LEAD_PARAGRAPHS),
    "implements": Key(IMPLEMENTS),
    "sections": Key(ListOf(SECTION, "các mục I, II, ...; kế hoạch triển khai có thể bỏ trống để lấy mọi mục của cấp trên", min_items=1)),
    "closing": Key(PARAGRAPHS),
    "recipients": Key(ListOf(RECIPIENT, "nơi nhận", min_items=1), required=True),
    "archive": Key(ARCHIVE, required=True, unless_text="issuer"),
    "signature": Key(SIGNATURE, required=True, unless_text="issuer"),
    "remark": Key(Text("ghi chú dưới nơi nhận, ví dụ Gửi VB giấy và điện tử.")),
    "period": Key(YearRange("thời kỳ của kế hoạch: một năm (2020) hoặc giai đoạn (2021-2025); mặc định năm ban hành")),
    "forms": Key(ListOf(FORM, "các phiếu đăng ký")),
    "checklist": Key(Record("Checklist", {
        "by_owner": Key(Flag("thêm một bảng phân công riêng cho từng đơn vị chủ trì")),
    }, _record(Checklist), "bảng phân công nhiệm vụ")),
    "appendices": Key(ListOf(IDENT, "phụ lục đính kèm văn bản: checklist và/hoặc mã phiếu")),
    "documents": Key(DOCUMENTS, unless_text="issuer"),  # a body of bodies.yaml may list them for all its plans
}, _record(Plan), "một kế hoạch", partial=lambda values, path, checker: _check_partly(values, path, checker))


def parse_plan(data, source: Source) -> Plan:
    """The checks of one file; a plan that implements a parent is checked again once complete."""
    checker = Checker(source)
    if data is None:
        checker.error((), "tệp trống: cần các trường format, type, issuer, date, title, sections, recipients, archive, signature")
        raise PlanError(checker.problems)
    if not _looks_like_a_plan(data):
        checker.error((), f"không phải tệp kế hoạch: không có trường nào của kế hoạch ({', '.join(PLAN_HEAD)}, ...)")
        raise PlanError(checker.problems)
    plan = PLAN.check(data, (), checker)
    if plan is not INVALID:
        if not plan.sections and not plan.implements:
            checker.error((), 'thiếu trường bắt buộc "sections" (các mục I, II, ...)')
        inherited = [s for s in plan.sections if isinstance(s, SectionFrom)]
        if inherited and not plan.implements:
            checker.error(inherited[0].path + ("from",), '"from" lấy mục của kế hoạch cấp trên: cần khai báo "implements"')
        elif not plan.implements:
            check_meaning(plan, checker)
    if checker.problems:
        raise PlanError(checker.problems)
    return replace(plan, source=source)


PLAN_HEAD = ("format", "type", "issuer", "date", "title", "sections")


def _looks_like_a_plan(data) -> bool:
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
    if plan.number is not None and not plan.date.is_full:
        checker.error(("date",), "văn bản đã có số phải có ngày đầy đủ (NĂM-THÁNG-NGÀY)")
    _check_recipients(plan.recipients, checker)
    _check_signature(plan.signature, plan.rules, checker)
    ids = _check_sections(plan.sections, plan, checker)
    _check_derived(plan, ids, checker)


def _check_partly(values: dict, path: PathKey, checker: Checker) -> None:
    """The rules whose fields are valid, when others are not (see Record.partial)."""
    if "recipients" in values:
        _check_recipients(values["recipients"], checker)
    if "signature" in values and "format" in values:
        _check_signature(values["signature"], rules.FORMATS[values["format"]], checker)
    if "sections" in values:
        _check_sections(values["sections"], None, checker)


def _check_recipients(recipients, checker: Checker) -> None:
    seen: dict[str, PathKey] = {}
    for recipient in recipients:
        if not recipient.names:
            checker.error(recipient.path, 'nơi nhận cần "to" (một nơi) hoặc "group" (nhiều nơi cùng ghi chú)')
        elif len(recipient.names) > 1 and recipient.note is None:
            checker.error(recipient.path, 'nhóm nơi nhận cần "note", ví dụ note: thực hiện')
        for name in recipient.names:
            key = vn.nfc(name).casefold()
            if key in seen:
                line, column = checker.source.position(seen[key])
                checker.error(recipient.path, f'nơi nhận "{name}" đã có ở dòng {line}, cột {column}; mỗi nơi nhận ghi một lần')
            else:
                seen[key] = recipient.path


def _check_sections(sections, plan: Plan | None, checker: Checker) -> dict:
    """Sections and items; with the whole plan, tasks against its period too. Returns the ids seen."""
    seen: dict[str, PathKey] = {}
    for section in sections:
        if isinstance(section, SectionFrom):
            continue
        if not section.items and not section.text:
            checker.error(section.path, f'mục "{section.title}" không có nội dung: cần "items" hoặc "text"')
        _check_id(section, seen, checker)
        for item in walk_items(section.items):
            _check_item(item, seen, checker)
            if item.task and plan:
                _check_task(plan, item.task, checker)
    return seen


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


def _check_item(item: Item, seen: dict, checker: Checker) -> None:
    _check_id(item, seen, checker)
    if not item.text and not item.title:
        checker.error(item.path, 'khoản cần "text" hoặc "title"')
    uses_due = DUE_PLACEHOLDER in (item.text or "") + (item.closing or "")
    if uses_due and not (item.task and item.task.due):
        checker.error(item.path, 'đoạn văn dùng "{due}" nhưng khoản không có task.due')
    if item.task and item.id is None:  # checked here, not with the plan's period, so it is said with every other problem
        checker.error(item.path, 'khoản có "task" cần "id" ổn định (bảng phân công và lịch dùng nó để nhận ra nhiệm vụ)')
    if item.task and item.task.due and not item.task.due.is_full:
        checker.error(item.task.path + ("due",), "thời hạn cần ngày đầy đủ (NĂM-THÁNG-NGÀY)")


def _check_task(plan: Plan, task: Task, checker: Checker) -> None:
    first, last = plan.years
    period = f"{first}" if first == last else f"{first}-{last}"
    if task.due and task.due.is_full and not first <= task.due.year <= last:
        checker.error(task.path + ("due",), f"thời hạn {short_date(task.due.as_date())} nằm ngoài thời kỳ của kế hoạch ({period})")
    repeat = task.repeat
    if repeat is None:
        return
    for key in ("start", "until"):
        bound = getattr(repeat, key)
        if bound and not first <= bound.year <= last:
            checker.error(repeat.path + (key,), f'kỳ "{key}" {bound.month}/{bound.year} nằm ngoài thời kỳ của kế hoạch ({period})')
    if repeat.start and repeat.until and (repeat.until.year, repeat.until.month) < (repeat.start.year, repeat.start.month):
        checker.error(repeat.path + ("until",), '"until" đứng trước "start"')
    if repeat.day is not None and not 1 <= repeat.day <= 31:
        checker.error(repeat.path + ("day",), f'"day" cần một ngày từ 1 đến 31, nhận được {repeat.day}')


FORM_ID_LENGTH = 80


def _check_derived(plan: Plan, ids: dict, checker: Checker) -> None:
    """Forms refer to the plan's items; appendices name what exists."""
    form_ids = set()
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


def _check_documents(plan: Plan, form_ids: set, checker: Checker) -> None:
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


def _check_id(node, seen: dict, checker: Checker) -> None:
    if node.id is None:
        return
    if node.id in seen:
        line, column = checker.source.position(seen[node.id])
        checker.error(node.path + ("id",), f'mã "{node.id}" bị trùng (đã dùng ở dòng {line}, cột {column})')
    else:
        seen[node.id] = node.path + ("id",)


def walk_items(items):
    """Every item, depth first, in document order."""
    for item in items:
        yield item
        yield from walk_items(item.items)


def json_schema() -> dict:
    return schema_document(PLAN, "Kế hoạch (kehoach)")
