"""The office's own documents: Word templates with Jinja fields, filled from a plan.

A clerk designs a report, a letter or an invitation in Word and types fields
(`{{ plan.citation }}`, `{%tr for task in own_tasks %}` in a table row). The
context is built in one place (office_context.Context) from the typed plan;
plan text enters only as values of it, never as a template. docxtpl renders the
template in Jinja's sandbox with XML autoescaping and undefined names as
errors, so `{{ 7*7 }}`, `&` and `<` typed in a plan print as typed, and a
template reaches nothing but the context's fields.

Before rendering, a template's fields are checked against the context's types
without a plan (`template_problems`), so a misspelt field is reported with the
tag as typed and a suggestion, and nothing is written.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import io
import re
import typing
from dataclasses import dataclass
from functools import lru_cache, cache
from pathlib import Path

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateRuntimeError, TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment

from .. import docxml, layout, rules, vn
from ..errors import PlanError, Problem
from ..files import BUILTIN_TEMPLATES, display
from ..layout import Properties, properties
from ..model import OfficeDocument, Plan
from ..render import set_properties
from .office_context import Context, VnDate, VnDeadline, owner_contexts, plan_context, unit_contexts
from .tasks import TaskRow


# ------------------------------------------------------------------ Jinja, sandboxed


def _as_vn_date(value) -> VnDate:
    if isinstance(value, VnDate):
        return value
    if isinstance(value, dt.date):
        return VnDate(value.year, value.month, value.day)
    raise TemplateRuntimeError(f"bộ lọc ngày cần một ngày, nhận được {value!r}")


def _short(value) -> str:
    return str(value) if isinstance(value, VnDeadline) else str(_as_vn_date(value))


def _spelled(value) -> str:
    """A day spelled out; a deadline that is a period as running text writes it (`quý II/2022`)."""
    return value.spelled if isinstance(value, VnDeadline) else _as_vn_date(value).spelled


FILTERS = {
    "spelled": _spelled,  # {{ task.due | spelled }} -> ngày 15 tháng 10 năm 2020
    "short": _short,  # 15/10/2020
    "roman": vn.roman,  # {{ loop.index | roman }} -> IV
    "letter": vn.point_letter,  # {{ loop.index | letter }} -> đ
    "upper": vn.upper,  # capitals, Vietnamese letters in NFC
    "lower_first": vn.lower_first,  # a title continuing a sentence
    "pad": vn.pad_number,  # 5 -> 05
}
# Jinja's own that would break a promise: `safe` writes a value unescaped (plan text as raw XML);
# `random` and `lipsum` change the bytes from one build to the next.
REFUSED = ("safe", "random", "lipsum")


def _finalize(value):
    """An absent value (a task without deadline) prints nothing, not "None"."""
    return "" if value is None else value


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, compiling each distinct text once: docxtpl asks to compile every part
    (body, headers, properties) of every document it fills, and compiling is most of its time."""

    def __init__(self, **options: typing.Any) -> None:
        super().__init__(**options)
        self.compiled: dict[str, object] = {}

    def from_string(self, source, globals=None, template_class=None):
        if globals or template_class:
            return super().from_string(source, globals, template_class)
        if source not in self.compiled:
            if len(self.compiled) >= COMPILED_LIMIT:
                self.compiled.clear()
            self.compiled[source] = super().from_string(source)
        return self.compiled[source]


COMPILED_LIMIT = 256  # distinct texts kept compiled: a few per template


@cache
def environment() -> SandboxedEnvironment:
    env = _Sandbox(autoescape=True, undefined=StrictUndefined, finalize=_finalize, keep_trailing_newline=True)
    for name in REFUSED:
        env.filters.pop(name, None)
        env.globals.pop(name, None)
    env.filters.update(FILTERS)
    return env


# ------------------------------------------------------------------ rendering


class _Template(DocxTemplate):
    """docxtpl's template, cleaning each distinct part's XML once (its patch_xml is a chain of
    regular expressions over the whole part, the same for every document of a template)."""

    def patch_xml(self, src_xml):
        return _patched(src_xml)


@lru_cache(maxsize=64)
def _patched(src_xml: str) -> str:
    return DocxTemplate.patch_xml(None, src_xml)


def render_document(template: Path, context: Context, props: Properties) -> bytes:
    """The template filled with the context: .docx bytes, the same every time."""
    document = _Template(io.BytesIO(_template_bytes(template)))
    try:
        document.render(context.variables(), environment())
    except TemplateError as err:  # what a static check cannot see, such as a field of an absent value
        raise PlanError([Problem(display(template), 0, 0, f"không điền được mẫu: {_vietnamese(err)}")]) from None
    except (TypeError, ValueError, ArithmeticError) as err:  # the template's own expression: {{ 1/0 }}, {{ "a"|roman }}
        raise PlanError([Problem(display(template), 0, 0, f"không điền được mẫu: {type(err).__name__}: {err}")]) from None
    fit_rules(document.docx, rules.FORMATS[context.plan.format])
    set_properties(document.docx, props)
    return docxml.package_bytes(document.docx.part.package)


def _template_bytes(path: Path) -> bytes:
    """A template's bytes, read once per version of the file (a build fills it for every owner)."""
    stat = path.stat()
    return _read(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _read(path: Path, _mtime_ns: int, _size: int) -> bytes:
    return path.read_bytes()


def template_file(plan: Plan, document: OfficeDocument) -> Path:
    return document.file or BUILTIN_TEMPLATES / plan.format / f"{document.template}.docx"


def plan_template_problems(plan: Plan) -> list[Problem]:
    """The problems of every template the plan's documents name (each reported once)."""
    files = dict.fromkeys(template_file(plan, document) for document in plan.documents)
    return [problem for file in files for problem in template_problems(file)]


def office_outputs(plan: Plan, rows: list[TaskRow]) -> dict[str, bytes]:
    """`.<name>.docx` (per plan) or `.<name>.<owner or unit>.docx`, for every document the plan lists.
    Every template is checked first: one with problems stops the plan, nothing is written."""
    problems = plan_template_problems(plan)
    if problems:
        raise PlanError(problems)
    outputs = {}
    for document in plan.documents:
        template = template_file(plan, document)
        if document.per == "plan":
            contexts = {"": plan_context(plan, rows)}
        else:
            contexts = (owner_contexts if document.per == "owner" else unit_contexts)(plan, rows)
        for key, context in contexts.items():
            suffix = f".{document.name}.{key}.docx" if key else f".{document.name}.docx"
            title = f"{document.name} - {context.unit.called}" if key else document.name
            outputs[suffix] = render_document(template, context, properties(plan, title))
    return outputs


# ------------------------------------------------------------------ lines fitted to their text


def fit_rules(document, fmt: rules.FormatRules) -> None:
    """Each `KH Rule` paragraph (a drawn line) under an issuing body, a motto or a summary is given
    the length the format asks of the text above it, whatever that text turned out to be."""
    shares = {"KH Issuer": fmt.geometry.issuer_line, "KH Summary": fmt.geometry.summary_line,
              "KH Motto": 1.0, "KH National Title": 1.0}
    metrics = layout.rules_metrics(fmt)
    for paragraph in docxml.paragraphs_of_style(document.element.body, "KH Rule"):
        above = _text_above(paragraph)
        if above is None:
            continue
        style_above, lines = above
        style = next((name for name in shares if docxml.style_id(name) == style_above), None)
        if style is None:
            continue
        cell_mm = docxml.cell_width_mm(paragraph) or fmt.page.text_width_mm
        text_mm = layout.width_of(metrics, style, lines)
        docxml.set_indent(paragraph, layout.rule_indent_mm(cell_mm, text_mm, shares[style]))


def _text_above(paragraph) -> tuple[str | None, list[str]] | None:
    """The style id (None: Word's default) and lines of the paragraphs of one style just above a paragraph."""
    lines: list[str] = []
    style: str | None = None
    previous = paragraph.getprevious()
    while previous is not None and previous.tag == docxml.qn("w:p"):
        this_style = docxml.paragraph_style(previous)
        if style not in (None, this_style):
            break
        style = this_style
        lines.append(docxml.paragraph_text(previous))
        previous = previous.getprevious()
    lines = [line for line in lines if line.strip()]
    return (style, lines) if lines else None


# ------------------------------------------------------------------ checking a template without a plan


@dataclass(frozen=True)
class Sequence:
    """A list of values of one type: what a `for` walks over."""

    item: object


@dataclass(frozen=True)
class LoopInfo:
    """Jinja's `loop` inside a for."""

    index: int
    index0: int
    revindex: int
    revindex0: int
    first: bool
    last: bool
    length: int
    depth: int
    depth0: int
    previtem: object
    nextitem: object
    cycle: object
    changed: object


UNKNOWN = object()  # a value whose fields are not checked (a number, a text, what a filter returns)


def _type_of(hint):
    """The checker's view of a field's type: a dataclass, a Sequence of one, or UNKNOWN."""
    origin = typing.get_origin(hint)
    if origin in (tuple, list):
        return Sequence(_type_of(typing.get_args(hint)[0]))
    if origin is typing.Union or type(hint).__name__ == "UnionType":
        real = [a for a in typing.get_args(hint) if a is not type(None)]
        return _type_of(real[0]) if len(real) == 1 else UNKNOWN
    return hint if dataclasses.is_dataclass(hint) else UNKNOWN


@cache
def _fields(cls) -> dict[str, object]:
    """The names a template may read on a value of this class: its fields and properties."""
    hints = typing.get_type_hints(cls)
    names = {f.name: _type_of(hints[f.name]) for f in dataclasses.fields(cls)}
    names.update({n: UNKNOWN for n, v in vars(cls).items() if isinstance(v, property)})
    return names


@dataclass
class Use:
    """What a template's tags read, and what they get wrong."""

    used: set = dataclasses.field(default_factory=set)
    problems: list = dataclasses.field(default_factory=list)  # (line, the name at fault, message)


class _Walker:
    """Follows the template's syntax tree, knowing the type of every name in scope."""

    def __init__(self, env: SandboxedEnvironment, use: Use):
        self.env, self.use = env, use

    def walk(self, node, scope: dict):
        method = getattr(self, f"_{type(node).__name__}", None)
        if method:
            return method(node, scope)
        for child in node.iter_child_nodes():
            self.walk(child, scope)
        return UNKNOWN, None

    def error(self, node, name: str, message: str):
        self.use.problems.append((node.lineno, name, message))

    def _Name(self, node, scope):
        if node.ctx != "load":
            return UNKNOWN, None
        if node.name in scope:
            kind, path = scope[node.name]
            if path:
                self.use.used.add(path)
            return kind, path
        if node.name in self.env.globals:
            return UNKNOWN, None
        self.error(node, node.name, _unknown(node.name, list(scope)))
        return UNKNOWN, None

    def _Getattr(self, node, scope):
        kind, path = self.walk(node.node, scope)
        return self.attribute(node, kind, path, node.attr)

    def _Getitem(self, node, scope):
        kind, path = self.walk(node.node, scope)
        self.walk(node.arg, scope)
        if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            return self.attribute(node, kind, path, node.arg.value)
        return (kind.item, f"{path}[]") if isinstance(kind, Sequence) else (UNKNOWN, None)

    def attribute(self, node, kind, path, name: str):
        if name.startswith("_"):
            self.error(node, name, f'không được dùng "{name}": mẫu chỉ đọc các trường của kế hoạch')
            return UNKNOWN, None
        if isinstance(kind, Sequence):  # `own_tasks.owner` (no loop), or `item`: the checker's own, not the list's
            self.error(node, name, f'"{path}" là một danh sách, không có trường "{name}": '
                                   f'đọc trường của từng phần tử trong {{% for ... %}}')
            return UNKNOWN, None
        if not (isinstance(kind, type) and dataclasses.is_dataclass(kind)):
            return UNKNOWN, None
        fields = _fields(kind)
        if name not in fields:
            self.error(node, name, _unknown(name, list(fields)))
            return UNKNOWN, None
        full = f"{path}.{name}"
        self.use.used.add(full)
        return fields[name], full

    def _For(self, node, scope):
        kind, path = self.walk(node.iter, scope)
        inner = dict(scope)
        item = (kind.item, f"{path}[]") if isinstance(kind, Sequence) else (UNKNOWN, None)
        for target in ([node.target] if isinstance(node.target, nodes.Name) else node.target.find_all(nodes.Name)):
            inner[target.name] = item if isinstance(node.target, nodes.Name) else (UNKNOWN, None)
        inner["loop"] = (LoopInfo, "loop")
        if node.test is not None:
            self.walk(node.test, inner)
        for child in node.body:
            self.walk(child, inner)
        for child in node.else_:
            self.walk(child, scope)
        return UNKNOWN, None

    def _Assign(self, node, scope):
        value = self.walk(node.node, scope)
        for target in node.target.find_all(nodes.Name):
            scope[target.name] = value if isinstance(node.target, nodes.Name) else (UNKNOWN, None)
        return UNKNOWN, None

    def _AssignBlock(self, node, scope):
        for child in node.body:
            self.walk(child, scope)
        for target in node.target.find_all(nodes.Name):
            scope[target.name] = (UNKNOWN, None)
        return UNKNOWN, None

    def _With(self, node, scope):
        inner = dict(scope)
        for target, value in zip(node.targets, node.values):
            kind = self.walk(value, scope)
            for name in target.find_all(nodes.Name):
                inner[name.name] = kind if isinstance(target, nodes.Name) else (UNKNOWN, None)
        for child in node.body:
            self.walk(child, inner)
        return UNKNOWN, None

    def _Macro(self, node, scope):
        inner = {**scope, **{arg.name: (UNKNOWN, None) for arg in node.args}, "caller": (UNKNOWN, None),
                 "varargs": (UNKNOWN, None), "kwargs": (UNKNOWN, None)}
        scope[node.name] = (UNKNOWN, None)
        for child in node.body:
            self.walk(child, inner)
        return UNKNOWN, None

    def _Filter(self, node, scope):
        kind, path = self.walk(node.node, scope) if node.node is not None else (UNKNOWN, None)
        for child in [*node.args, *node.kwargs]:
            self.walk(child, scope)
        if node.name not in self.env.filters:
            self.error(node, node.name, _unknown(node.name, list(self.env.filters), "bộ lọc"))
        if node.name in ("first", "last") and isinstance(kind, Sequence):
            return kind.item, f"{path}[]"
        if node.name in ("sort", "reverse", "unique", "selectattr", "rejectattr", "list", "select", "reject"):
            return kind, path
        return UNKNOWN, None

    def _Test(self, node, scope):
        self.walk(node.node, scope)
        for child in node.args:
            self.walk(child, scope)
        if node.name not in self.env.tests:
            self.error(node, node.name, _unknown(node.name, list(self.env.tests), "phép thử"))
        return UNKNOWN, None

    def _refused(self, node, scope):
        self.error(node, type(node).__name__.lower(), "mẫu không được gọi mẫu khác (include, import, extends)")
        return UNKNOWN, None

    _Include = _Import = _FromImport = _Extends = _refused


def _unknown(name: str, known: list[str], what: str = "trường") -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f'; có phải ý bạn là "{close[0]}"?' if close else ""
    return f'không có {what} "{name}"{hint}'


def _root_scope() -> dict:
    return {name: (kind, name) for name, kind in _fields(Context).items()}


TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)


def template_sources(path: Path) -> list[str]:
    """The Jinja text of a template's body, headers and footers, as docxtpl renders it
    (runs Word split joined by docxtpl's patch_xml; one line per paragraph, as in its errors)."""
    document = DocxTemplate(io.BytesIO(_template_bytes(path)))
    document.init_docx()
    parts = [document.get_xml()]
    for uri in (document.HEADER_URI, document.FOOTER_URI):
        parts += [document.get_part_xml(part) for _key, part in document.get_headers_footers(uri)]
    return [re.sub(r"<w:p([ >])", r"\n<w:p\1", document.patch_xml(xml)) for xml in parts]


def has_fields(path: Path) -> bool:
    """Whether a .docx holds Jinja tags: the template of an office document, not of a plan."""
    try:
        sources = template_sources(path)
    except Exception:  # not a .docx: python-docx's and zipfile's errors alike; the caller's check says so
        return False
    return any(TAG.search(re.sub(r"<[^>]+>", "", source)) for source in sources)


def tag_text(source: str, line: int, name: str | None = None) -> str:
    """The tag as the clerk typed it, on that line of the source (the first naming `name`)."""
    text = re.sub(r"<[^>]+>", "", source.split("\n")[max(line - 1, 0)] if source else "")
    tags = [_unescape(t) for t in TAG.findall(text)]
    named = [t for t in tags if name and re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", t)]
    return (named or tags or [text.strip()[:60]])[0]


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")


def inspect_template(path: Path) -> tuple[Use, list[Problem]]:
    """What a template reads, and its problems (`templates/x.docx: {{ tag }}: message`)."""
    shown = display(path)
    use, problems = Use(), []
    env = environment()
    try:
        sources = template_sources(path)
    except Exception as err:  # not a .docx Word can open: python-docx's and zipfile's errors alike
        return use, [Problem(shown, 0, 0, f"không mở được mẫu .docx ({type(err).__name__}: {err})")]
    for source in sources:
        try:
            tree = env.parse(source)
        except TemplateSyntaxError as err:
            problems.append(Problem(shown, 0, 0, f"{tag_text(source, err.lineno)}: {_vietnamese(err)}"))
            continue
        before = len(use.problems)
        _Walker(env, use).walk(tree, _root_scope())
        problems += [Problem(shown, 0, 0, f"{tag_text(source, line, name)}: {message}")
                     for line, name, message in use.problems[before:]]
    return use, problems


@lru_cache(maxsize=64)
def _checked(path: Path, _mtime_ns: int, _size: int) -> tuple[Problem, ...]:
    return tuple(inspect_template(path)[1])


def template_problems(path: Path) -> list[Problem]:
    """A template's problems, checked once per version of the file."""
    stat = path.stat()
    return list(_checked(path, stat.st_mtime_ns, stat.st_size))


def check_template(path: Path) -> tuple[list[str], list[Problem]]:
    """`kehoach template check` for a template with fields, without a plan: the fields it reads
    (`plan.citation`, `own_tasks[].deadline`) and the problems of its tags."""
    use, problems = inspect_template(path)
    used = sorted(name for name in use.used if not any(other.startswith((name + ".", name + "[")) for other in use.used))
    return used, problems


JINJA_MESSAGES = (
    (re.compile(r"Unexpected end of template.*looking for the following tags: (.*?)\. The innermost block that needs "
                r"to be closed is '(\w+)'", re.DOTALL), r"khối {% \2 %} chưa được đóng: thiếu một trong \1"),
    (re.compile(r"Encountered unknown tag '(\w+)'\..*looking for the following tags: (.*?)\. The innermost block",
                re.DOTALL), r"thẻ {% \1 %} không đúng chỗ: khối đang mở cần một trong \2"),
    (re.compile(r"Encountered unknown tag '(\w+)'"), r"không có thẻ {% \1 %}"),
    (re.compile(r"unexpected '\}'"), "thẻ {{ ... }} cần đóng bằng hai dấu }}"),
    (re.compile(r"unexpected '(.*?)'"), r"ký tự '\1' không đúng chỗ"),
    (re.compile(r"unexpected end of template"), "thẻ chưa được đóng (thiếu }} hoặc %})"),
    (re.compile(r"expected token '(.*?)', got '(.*?)'"), r"cần '\1' nhưng gặp '\2'"),
    (re.compile(r"'(\w+)' is undefined"), r'không có trường "\1"'),
    (re.compile(r"'None' has no attribute '(\w+)'"), r'giá trị trống (None) không có trường "\1"'),
    (re.compile(r"has no attribute '(\w+)'"), r'không có trường "\1"'),
    (re.compile(r"access to attribute '(\w+)' of '(\w+)' object is unsafe"), r'không được dùng "\1"'),
)


def _vietnamese(err: TemplateError) -> str:
    message = str(err.message or err)
    for pattern, replacement in JINJA_MESSAGES:
        match = pattern.search(message)
        if match:
            return match.expand(replacement).replace("' or '", "' hoặc '")
    return f"lỗi cú pháp Jinja ({message})" if isinstance(err, TemplateSyntaxError) else message
