"""An office's own templates: `kehoach template init` and `kehoach template check`.

`init` copies a built-in template into the repository's `templates/<format>/`
for the office to restyle in Word. `check` holds an edited template to what
the Decree (or the Guidance) allows, rules.RANGES: each kind of check is one
function of CHECKS taking the template read once, and returning its messages.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import rules, vn
from .docxml import StyleFormat, TemplateFormat
from .errors import Problem, SituationError
from .files import builtin_template, current_repository, display, office_template, write_atomically
from .render import NotADocx, read_template_format

DEFAULT_FORMAT = "nd30"


# ---------------------------------------------------------------- init


@dataclass(frozen=True)
class Copied:
    target: Path
    written: bool  # False: a template was there already, and left as it was


def init_template(fmt: str, force: bool = False) -> Copied:
    """The built-in template of a format, copied to `templates/<format>/plan.docx` of the current repository."""
    target = office_template(current_repository(), fmt)
    if target.exists() and not force:
        return Copied(target, False)
    try:
        write_atomically(target, builtin_template(fmt).read_bytes())
    except OSError as err:
        raise SituationError(f"{display(target)}: không ghi được mẫu văn bản ({err.strerror})") from None
    return Copied(target, True)


# ---------------------------------------------------------------- check


@dataclass(frozen=True)
class OfficeTemplate:
    """A template to check, read once: its file, the format it is for, its styles and page."""

    path: Path
    fmt: str
    ranges: rules.Ranges
    format: TemplateFormat


@dataclass(frozen=True)
class TemplateReport:
    template: OfficeTemplate
    problems: list[Problem]
    checked_styles: int


def template_format_of(path: Path, given: str | None) -> str:
    """The format a template is for: as given, else its folder's name (`templates/party/plan.docx`), else nd30."""
    if given:
        return given
    return path.resolve().parent.name if path.resolve().parent.name in rules.FORMATS else DEFAULT_FORMAT


def read_office_template(path: Path, fmt: str | None = None) -> OfficeTemplate:
    fmt = template_format_of(path, fmt)
    try:
        template_format = read_template_format(path.read_bytes())
    except OSError as err:
        raise SituationError(f"{display(path)}: không đọc được mẫu văn bản ({err.strerror})") from None
    except NotADocx as err:
        raise SituationError(f"{display(path)}: {err}") from None
    return OfficeTemplate(path, fmt, rules.RANGES[fmt], template_format)


def check_template(path: Path, fmt: str | None = None) -> TemplateReport:
    """Every place the template leaves the allowed ranges, as `file: style: problem (source)`."""
    template = read_office_template(path, fmt)
    messages = [message for check in CHECKS for message in check(template)]
    source = template.ranges.source
    problems = [Problem(display(path), 0, 0, f"{message} ({source})") for message in messages]
    return TemplateReport(template, problems, len(used_styles(template)))


def used_styles(template: OfficeTemplate) -> list[str]:
    """The styles kehoach writes with, in the rules' order."""
    return list(rules.FORMATS[template.fmt].styles)


def check_page(template: OfficeTemplate) -> list[str]:
    """Spec 1: A4 portrait, margins in their ranges."""
    page, ranges = template.format.page, template.ranges
    messages = []
    paper = (page.width_mm, page.height_mm)
    if any(abs(have - want) > rules.MM_TOLERANCE for have, want in zip(paper, ranges.paper_mm)):
        width, height = ranges.paper_mm
        messages.append(f"Trang: khổ giấy {vn.decimal(paper[0])} x {vn.decimal(paper[1])} mm, "
                        f"cần A4 đứng {vn.decimal(width)} x {vn.decimal(height)} mm")
    for side, (low, high) in ranges.margins_mm.items():
        have = getattr(page, f"{side}_mm")
        if not low - rules.MM_TOLERANCE <= have <= high + rules.MM_TOLERANCE:
            messages.append(f"Trang: {MARGIN_WORDS[side]} {vn.decimal(have)} mm{_outside(low, high)} mm")
    return messages


MARGIN_WORDS = {"top": "lề trên", "bottom": "lề dưới", "left": "lề trái", "right": "lề phải"}


def check_styles(template: OfficeTemplate) -> list[str]:
    """Spec 1-6: each style kehoach uses is in the template, in Times New Roman, within its ranges.

    A problem a style takes from its base (KH Section from KH Body) is said once, of the base:
    that is the style to change."""
    found = {name: _problems_of(template, name) for name in used_styles(template)}
    messages = []
    for name, problems in found.items():
        style = template.format.styles.get(name)
        inherited = found.get(style.base, []) if style is not None and style.base is not None else []
        messages += [f"{name}: {problem}" for problem in problems if problem not in inherited]
    return messages


def _problems_of(template: OfficeTemplate, name: str) -> list[str]:
    style = template.format.styles.get(name)
    if style is None:
        return ["không có kiểu này trong mẫu (kehoach dùng kiểu này; xem kehoach template init)"]
    wrong = [font for font in _fonts_of(style) if font != template.ranges.font]
    problems = [f"phông chữ {', '.join(wrong)}, cần {template.ranges.font}"] if wrong else []
    allowed = template.ranges.styles.get(name)
    return problems + (style_problems(style, allowed) if allowed else [])


CHECKS = (check_page, check_styles)  # each kind of check: OfficeTemplate -> messages


def _fonts_of(style: StyleFormat) -> list[str]:
    """The fonts of the four script slots, each once, in slot order; an unset slot is named so."""
    names = [font.removeprefix("theme:") + " (phông của chủ đề)" if font and font.startswith("theme:")
             else font or "chưa đặt" for font in style.fonts]
    return list(dict.fromkeys(names))


def _outside(low: float, high: float) -> str:
    return f", cần {vn.decimal(low)}" if low == high else f" ngoài khoảng {vn.span(low, high)}"


ALIGN_WORDS = {"left": "căn trái", "center": "căn giữa", "right": "căn phải", "justify": "căn đều hai bên"}
FLAG_WORDS = {  # (property, required): what is wrong, when the style has it the other way
    ("bold", True): "chưa in đậm, cần in đậm", ("bold", False): "đang in đậm, cần chữ không đậm",
    ("italic", True): "chưa in nghiêng, cần in nghiêng", ("italic", False): "đang in nghiêng, cần chữ đứng",
    ("underline", True): "chưa gạch chân, cần gạch chân", ("underline", False): "đang gạch chân, cần bỏ gạch chân",
}


def style_problems(style: StyleFormat, allowed: rules.Allowed) -> list[str]:
    """What in one style leaves what the text allows, in Vietnamese."""
    problems = []
    if allowed.size and not allowed.size[0] <= style.size <= allowed.size[1]:
        problems.append(f"cỡ chữ {vn.decimal(style.size)}{_outside(*allowed.size)}")
    for flag in ("bold", "italic", "underline"):
        required = getattr(allowed, flag)
        if required is not None and getattr(style, flag) != required:
            problems.append(FLAG_WORDS[flag, required])
    if allowed.align and style.align != allowed.align:
        problems.append(f"{ALIGN_WORDS[style.align]}, cần {ALIGN_WORDS[allowed.align]}")
    if allowed.first_indents_cm and not any(abs(style.first_indent_cm - cm) <= rules.INDENT_TOLERANCE_CM
                                            for cm in allowed.first_indents_cm):
        choices = " hoặc ".join(f"{vn.decimal(cm)} cm" for cm in allowed.first_indents_cm)
        problems.append(f"thụt đầu dòng {vn.decimal(style.first_indent_cm)} cm, cần {choices}")
    if allowed.min_space_before is not None and style.space_before < allowed.min_space_before:
        problems.append(f"khoảng cách trước đoạn {vn.decimal(style.space_before)} pt, "
                        f"cần ít nhất {vn.decimal(allowed.min_space_before)} pt")
    problems += _line_spacing_problems(style, allowed)
    return problems


def _line_spacing_problems(style: StyleFormat, allowed: rules.Allowed) -> list[str]:
    if allowed.line_spacing:
        low, high = allowed.line_spacing
        if style.line_rule != "auto" or not low <= style.line <= high:
            return [f"giãn dòng {_spacing_words(style)}, cần từ {vn.decimal(low)} đến {vn.decimal(high)} dòng"]
    if allowed.line_exact:
        low, high = allowed.line_exact
        if style.line_rule != "exact" or not low <= style.line <= high:
            return [f"giãn dòng {_spacing_words(style)}, cần chính xác {vn.span(low, high)} pt"]
    return []


def _spacing_words(style: StyleFormat) -> str:
    if style.line_rule == "auto":
        return f"{vn.decimal(style.line)} dòng"
    return f"{'chính xác' if style.line_rule == 'exact' else 'ít nhất'} {vn.decimal(style.line)} pt"
