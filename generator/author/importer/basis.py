"""The introduction that is the basis sentence `kehoach build` writes for a cited parent
(`Thực hiện Kế hoạch số 96/KH-UBND ngày 15/3/2022 của UBND tỉnh về ..., Sở Y tế xây dựng
Kế hoạch triển khai thực hiện như sau:`): read back into the parent's particulars
(`implements:`), only when the renderer gives the very same words from them.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ... import rules, vn
from ...fields import PlanDate
from ...inherit import basis_words
from ...model import CODE, Implements, report_addressees, reports_to, superior_of

TYPE_CODES = {name: code for code, name in rules.TYPE_NAMES_IN_TEXT.items()}  # "Kế hoạch" -> "KH"
SENTENCE = re.compile(
    rf"Thực hiện (?P<type>{'|'.join(map(re.escape, TYPE_CODES))}) số (?P<symbol>[^\s,]+),? "
    r"ngày (?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4}) của (?P<issuer>.+?) về (?P<about>.+), "
    r"(?P<unit>[^,]+?) xây dựng \S+ \S+ triển khai thực hiện như sau:")
CITATION = re.compile(r"^Thực hiện\b.*\bsố\s*\d", re.IGNORECASE)  # reads like a citation of a parent
PARTS = {"{number}": r"(?P<number>\d+)", "{type}": r"(?P<type>[^\W\d_]+)", "{issuer}": f"(?P<code>{CODE.pattern})",
         "{year}": r"(?P<year>\d{4})"}


@dataclass(frozen=True)
class Cited:
    implements: Implements
    called: str | None  # the unit as the sentence names it, when the header writes it otherwise (SỞ Y TẾ)


def _symbol_forms() -> list[tuple[str, bool, re.Pattern[str]]]:
    """(format, legal, pattern) of every number and symbol the formats cite, from their templates in rules."""
    forms = []
    for name, fmt in rules.FORMATS.items():
        templates = [(fmt.number_symbol, False), (fmt.untyped_symbol, False)]
        templates += [(fmt.legal_symbol, True)] if fmt.legal_symbol else []
        for template, legal in templates:
            pattern = re.escape(template)
            for part, group in PARTS.items():
                pattern = pattern.replace(re.escape(part), group)
            forms.append((name, legal, re.compile(pattern)))
    return forms


SYMBOL_FORMS = _symbol_forms()


def cited_parent(intro: list[str], unit_names: list[str], plan_type: str) -> Cited | None:
    """The particulars whose basis sentence is exactly the introduction, for this unit's plan; None otherwise."""
    if len(intro) != 1 or not unit_names:
        return None
    match = SENTENCE.fullmatch(intro[0])
    if match is None or not _plain_part(match["issuer"], "của") or not _plain_part(match["about"], "về"):
        return None
    unit, name = match["unit"], "\n".join(unit_names)  # as issuer.name is written: the header's lines
    if vn.body_key(unit) != vn.body_key(name):
        return None
    date = _date(int(match["year"]), int(match["month"]), int(match["day"]))
    for implements in _readings(match, date):
        if basis_words(implements, unit, plan_type) == intro[0]:
            return Cited(implements, None if unit == name else unit)
    return None


def looks_cited(intro: list[str]) -> bool:
    return any(CITATION.match(paragraph) for paragraph in intro)


def unreported(cited: Cited, unit_format: str, recipients: list[tuple[list[str], str | None]]) -> str | None:
    """Why `kehoach check` would refuse the particulars for want of a report to the parent; None: it would not."""
    implements = cited.implements
    assert implements.issuer is not None, "read from the sentence"
    superior = superior_of(unit_format, None, implements.format, implements.issuer)
    if superior is None:  # the old file does not say the unit's Party superior
        return f"tổ chức đảng báo cáo cấp ủy cấp trên, không báo cáo {implements.issuer}: cần khai party_superior"
    if reports_to(report_addressees(unit_format, superior, implements), recipients):
        return None
    return f"nơi nhận chưa có {superior} kèm ghi chú báo cáo"


def _readings(match: re.Match[str], date: PlanDate | None):
    """Each set of particulars the number and symbol may stand for (the sentence's type and format decide)."""
    if date is None:
        return
    type_code = TYPE_CODES[match["type"]]
    for fmt, legal, pattern in SYMBOL_FORMS:
        symbol = pattern.fullmatch(match["symbol"])
        if symbol is None or symbol.groupdict().get("type", type_code) != type_code or int(symbol["number"]) < 1:
            continue
        if legal and int(symbol["year"]) != date.year:
            continue
        yield Implements(type=None if type_code == "KH" else type_code, number=int(symbol["number"]),
                         code=symbol["code"], date=date, issuer=match["issuer"], about=match["about"],
                         format=fmt, legal=legal)


def _date(year: int, month: int, day: int) -> PlanDate | None:
    try:
        dt.date(year, month, day)
    except ValueError:
        return None
    return PlanDate(year, month, day)


def _plain_part(text: str, before: str) -> bool:
    """A part of the sentence the plan's field takes as it is (model._sentence_part refuses the others)."""
    ends_clean = text == text.rstrip(".,;: ") or text.endswith(vn.ABBREVIATION_ENDS)
    return ends_clean and text == " ".join(text.split()) and not text.lower().startswith(before + " ")
