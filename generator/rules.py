"""The table of presentation rules: every size, margin and style of a format.

One place for the numbers of ../shared/spec/format-rules.md. The template
builder (template.py) turns each format's styles into the named styles of the built-in
templates generator/templates/<format>/plan.docx; layout and render only name
styles, and take sizes and the page from the template actually used (an
office may restyle its own). RANGES says what the Decree (or the Guidance)
allows, which `kehoach template check` holds an edited template to.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .textwidth import text_width_mm

FONT = "Times New Roman"
LANGUAGE = "vi-VN"
DEFAULT_SIZE = 14  # pt, the template's docDefaults: what a style without a size of its own shows
ENTRY_DASH = "- "  # before each recipient


def dash_hanging_cm(size: float) -> float:
    """A wrapped recipient continues under its name, not under the dash: the dash's width at the entry's size."""
    return round(text_width_mm(ENTRY_DASH, size) / 10, 3)


@dataclass(frozen=True)
class Style:
    """A paragraph style; None leaves the value to the base style."""

    size: float | None = None  # pt
    bold: bool | None = None
    italic: bool | None = None
    underline: bool | None = None
    align: str | None = None  # left | center | right | justify
    first_indent_cm: float | None = None
    hanging_cm: float | None = None  # lines after the first start this far right of the first (a list entry's text)
    space_before: float | None = None  # pt
    space_after: float | None = None  # pt
    line_spacing: float | None = None  # a multiple of single lines
    line_exact: float | None = None  # pt, exact line height (Party format)
    keep_next: bool | None = None
    base: str | None = "KH Normal"
    bottom_border: bool = False  # drawn lines under the motto, issuer, summary
    box: bool = False  # a single-line box around the text (urgency, the draft mark)
    dotted_tab: bool = False  # a tab fills the line to the right margin with dots (forms)


@dataclass(frozen=True)
class Page:
    width_mm: float = 210
    height_mm: float = 297
    top_mm: float = 20
    bottom_mm: float = 20
    left_mm: float = 30
    right_mm: float = 15
    header_mm: float = 10  # page number distance from the top edge
    mirrored: bool = False  # duplex: left and right swap on back pages (left is the inside margin)

    @property
    def text_width_mm(self) -> float:
        return self.width_mm - self.left_mm - self.right_mm


@dataclass(frozen=True)
class Geometry:
    """Proportions of the two-column tables and lengths of the drawn lines."""

    header_left: float = 0.40  # share of the text width (sample 67.5 mm of 167.5)
    signature_left: float = 0.40  # recipients column
    issuer_line: float = 0.40  # 1/3 to 1/2 of the issuing body's name
    summary_line: float = 0.40  # 1/3 to 1/2 of the summary's longest line
    signature_blank_lines: int = 4  # room for signature and seal
    urgency_box_padding_mm: float = 4  # the urgency box's room around its word
    form_number_column_mm: float = 12  # the STT column of a form's table of entries
    draft_box_padding_mm: float = 4  # the draft mark's box: room around its words
    group_bracket_mm: float = 1.5  # the `]` drawn beside a group of recipients
    group_note_padding_mm: float = 2  # room around a group's note beside the bracket
    group_note_share: float = 0.45  # the note's column at most this share of the recipients' cell (a longer note wraps)


# Style names are shared by every format, so an office restyles a template
# without touching the code that names them.
ND30_STYLES: dict[str, Style] = {
    "KH Normal": Style(size=14, base=None, space_before=0, space_after=0, line_spacing=1.0),
    # Header, first page
    "KH Issuer Parent": Style(size=13, align="center"),
    "KH Issuer": Style(size=13, bold=True, align="center"),
    "KH Issuer Mark": Style(size=13, bold=True, align="center"),
    "KH National Title": Style(size=13, bold=True, align="center"),
    "KH Motto": Style(size=14, bold=True, align="center"),
    "KH Number": Style(size=13, align="center", space_before=6),
    "KH Place Date": Style(size=14, italic=True, align="center", space_before=6),
    "KH Urgency": Style(size=13, bold=True, align="center", space_before=6, box=True),
    # "DỰ THẢO" over the header's right, in a single-line box (Thông tư 01/2011/TT-BNV, ô số 12)
    "KH Draft Mark": Style(size=13, bold=True, align="center", space_after=6, box=True),
    "KH Rule": Style(size=2, align="center", bottom_border=True, line_exact=2),
    # Title block
    "KH Type Name": Style(size=14, bold=True, align="center", space_before=18, keep_next=True),
    "KH Summary": Style(size=14, bold=True, align="center", keep_next=True),
    "KH Summary Mark": Style(size=14, align="center"),
    # Body
    "KH Body": Style(size=14, align="justify", first_indent_cm=1.27, space_before=6, space_after=0, line_spacing=1.0),
    "KH Basis": Style(italic=True, base="KH Body"),
    "KH Part": Style(bold=True, align="center", first_indent_cm=0, keep_next=True, base="KH Body"),
    "KH Section": Style(bold=True, keep_next=True, base="KH Body"),
    "KH Item": Style(base="KH Body"),
    "KH Item Title": Style(bold=True, keep_next=True, base="KH Body"),
    "KH Point": Style(base="KH Body"),
    "KH Bullet": Style(base="KH Body"),
    # Signature and recipients, last page
    "KH Recipients Label": Style(size=12, bold=True, italic=True, align="left", space_before=12),
    "KH Recipient": Style(size=11, align="left", hanging_cm=dash_hanging_cm(11)),
    "KH Recipient Note": Style(size=11, align="center"),  # a group's note beside it
    "KH Remark": Style(size=11, italic=True, align="left", space_before=6),
    "KH Signature Authority": Style(size=14, bold=True, align="center", space_before=12),
    "KH Signer Title": Style(size=14, bold=True, align="center"),
    "KH Signature Space": Style(size=14, align="center"),
    "KH Signer Name": Style(size=14, bold=True, align="center"),
    # Page header
    "KH Page Number": Style(size=14, align="center"),
    # Appendices (spec 6)
    "KH Appendix Heading": Style(size=14, bold=True, align="center", keep_next=True),
    "KH Appendix Title": Style(size=14, bold=True, align="center", keep_next=True),
    "KH Appendix Reference": Style(size=14, italic=True, align="center", space_after=12),
    "KH Table Header": Style(size=12, bold=True, align="center", space_before=3, space_after=3),
    "KH Table Cell": Style(size=12, align="left", space_before=3, space_after=3),
    "KH Table Cell Center": Style(size=12, align="center", space_before=3, space_after=3),
    # Registration forms
    "KH Form Title": Style(size=14, bold=True, align="center", space_before=18),
    "KH Form Subtitle": Style(size=14, bold=True, align="center", space_after=12),
    "KH Form Heading": Style(size=14, bold=True, align="left", space_before=12, keep_next=True),
    "KH Form Field": Style(size=14, align="left", space_before=6, dotted_tab=True),
    "KH Form Criterion": Style(size=14, align="justify", space_before=4),
    "KH Form Date": Style(size=14, italic=True, align="center", space_before=12),
    "KH Form Signer": Style(size=14, bold=True, align="center", space_before=6),
    "KH Form Hint": Style(size=13, italic=True, align="center"),
}

# The landscape page of a checklist: column shares of its text width.
CHECKLIST_COLUMNS = (
    ("STT", 0.05), ("Nội dung nhiệm vụ", 0.29), ("Mục", 0.06), ("Chủ trì", 0.14), ("Phối hợp", 0.12),
    ("Thời hạn", 0.11), ("Sản phẩm, báo cáo gửi", 0.15), ("Tình trạng", 0.08),  # "Quý II/2022" on one line
)
FORM_ENTRY_HEIGHT_MM = 30  # room to write one registered item by hand
TICK_BOX = "\u25a1"  # □, a glyph Times New Roman has

def _party_styles() -> dict[str, Style]:
    """Guidance 05-HD/VPTW: the state styles with the Party's sizes and spacing."""
    changes: dict[str, Style | dict[str, Any]] = {
        "KH Issuer Parent": dict(size=14),
        "KH Issuer": dict(size=14),
        "KH Issuer Mark": Style(size=14, bold=True, align="center"),
        "KH National Title": dict(size=15),
        "KH Number": dict(size=14),
        "KH Urgency": dict(size=14, box=False),
        "KH Type Name": dict(size=16),
        "KH Summary Mark": Style(size=14, align="center"),
        "KH Body": dict(first_indent_cm=1.0, line_spacing=None, line_exact=18),
        "KH Basis": dict(italic=False),
        "KH Recipients Label": dict(size=14, bold=False, italic=False, underline=True),
        "KH Recipient": dict(size=12, hanging_cm=dash_hanging_cm(12)),
        "KH Recipient Note": dict(size=12),
        "KH Remark": dict(size=12),
        "KH Draft Mark": dict(size=14),
        "KH Signer Title": dict(bold=False),
    }
    styles = dict(ND30_STYLES)
    for name, change in changes.items():
        styles[name] = change if isinstance(change, Style) else replace(styles[name], **change)
    return styles


def effective(styles: dict[str, Style], name: str, field: str, default):
    """A style's value of one field, from its base chain when it leaves it unset."""
    style = styles.get(name)
    while style is not None:
        value = getattr(style, field)
        if value is not None:
            return value
        style = styles.get(style.base) if style.base else None
    return default


NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
PARTY_TITLE = "ĐẢNG CỘNG SẢN VIỆT NAM"
PLAN_TYPES = ("KH",)  # what kehoach writes; the others are documents a plan cites (the parent it implements)
TYPE_NAMES = {
    "KH": "KẾ HOẠCH", "CT": "CHỈ THỊ", "QĐ": "QUYẾT ĐỊNH", "NQ": "NGHỊ QUYẾT", "KL": "KẾT LUẬN",
    "HD": "HƯỚNG DẪN", "TB": "THÔNG BÁO", "QĐi": "QUY ĐỊNH", "CV": "CÔNG VĂN",
}
DRAFT_MARK = "DỰ THẢO"  # a draft's mark; the same in both formats (Guidance 05 says nothing of drafts)
DRAFT_ROUND_MARK = "DỰ THẢO LẦN {round}"  # which draft, when the plan says
TYPE_NAMES_IN_TEXT = {code: name.capitalize() for code, name in TYPE_NAMES.items()}  # "Kế hoạch số 799/..."


@dataclass(frozen=True)
class SignatureRule:
    """A signature the format refuses although its authority is allowed: `K/T` over a deputy secretary."""

    authority: str
    title_word: str  # in the signer's title, in capitals
    message: str


@dataclass(frozen=True)
class FormatRules:
    """Everything that differs between formats: a new format is a new entry of FORMATS."""

    name: str
    title: str  # what the format follows: "Nghị định 30/2020"
    called: str  # whose documents: "nhà nước", "Đảng"
    page: Page
    geometry: Geometry
    styles: dict[str, Style]
    national: tuple[tuple[str, str], ...]  # (style, text) lines of the right header; a line under the last
    issuer_mark: str | None  # printed under the issuing body instead of a drawn line
    summary_mark: str | None  # printed under the summary instead of a drawn line
    basis_prefix: str  # before each legal basis
    end_mark: str  # how the body's last paragraph ends
    authorities: dict[str, str]  # signing authority -> how it is printed before the head's title
    wrong_authorities: dict[str, str]  # forms of the other format -> what to write instead
    number_line: str  # "Số: {symbol}": the header's number line
    number_symbol: str  # "{number}/{type}-{issuer}": the number and symbol as text cites them
    untyped_symbol: str  # the symbol of a type whose code it leaves out: "{number}/{issuer}"
    untyped_types: tuple[str, ...]  # those types: a state công văn is "Số: 12/UBND-VX"
    legal_symbol: str | None  # a legal (normative) document's symbol, with its year: "20/2019/QĐ-UBND"; None: none
    archive_line: str  # "Lưu: {units}": units joined by ", ", drafter and copies appended
    archive_first: tuple[str, ...]  # units before the plan's own: the clerical office (VT)
    appendix_numerals: str  # "roman" (Phụ lục I, II) or "arabic" (Phụ lục 1, 2)
    lone_appendix_numbered: bool  # a single appendix is "Phụ lục 1", not "Phụ lục"
    citation_short_date: bool  # a reference line cites the date short (15/3/2022), not spelled
    citation_date_separator: str  # between the number and the date: "" or ","
    summary_lower_case: bool  # the summary is typed in lower case: "triển khai ...", not "Triển khai ..."
    # a group of recipients sharing a note: one name a line with the note once beside them (state),
    # or one line, the names joined by commas and the note after them (Party: `- Ban Tuyên giáo TU, UBND, ĐUK (B/cáo);`)
    group_one_name_a_line: bool
    signature_rules: tuple[SignatureRule, ...] = ()


FORMATS: dict[str, FormatRules] = {
    "nd30": FormatRules(
        name="nd30",
        title="Nghị định 30/2020",
        called="nhà nước",
        page=Page(),
        geometry=Geometry(),
        styles=ND30_STYLES,
        national=(("KH National Title", NATIONAL_TITLE), ("KH Motto", MOTTO)),
        issuer_mark=None,
        summary_mark=None,
        basis_prefix="",
        end_mark="./.",
        authorities={"KT": "KT.", "TM": "TM.", "TL": "TL.", "TUQ": "TUQ.", "Q": "Q."},
        wrong_authorities={
            "T/M": 'văn bản nhà nước viết "TM"', "K/T": 'văn bản nhà nước viết "KT"',
            "T/L": 'văn bản nhà nước viết "TL"', "T/UQ": 'văn bản nhà nước viết "TUQ"',
        },
        number_line="Số: {symbol}",
        number_symbol="{number}/{type}-{issuer}",
        untyped_symbol="{number}/{issuer}",
        untyped_types=("CV",),
        legal_symbol="{number}/{year}/{type}-{issuer}",  # Decree 30, Phụ lục I: văn bản quy phạm pháp luật
        archive_line="Lưu: {units}",
        archive_first=("VT",),
        appendix_numerals="roman",
        lone_appendix_numbered=False,
        citation_short_date=False,
        citation_date_separator="",
        summary_lower_case=False,
        group_one_name_a_line=True,
    ),
    "party": FormatRules(
        name="party",
        title="Hướng dẫn 05-HD/VPTW",
        called="Đảng",
        page=Page(mirrored=True),  # Guidance 05: 20/20/15/30 on back pages when printed duplex
        geometry=Geometry(header_left=0.48),  # Party bodies' names run longer (ĐẢNG BỘ KHỐI CƠ QUAN TỈNH)
        styles=_party_styles(),
        national=(("KH National Title", PARTY_TITLE),),
        issuer_mark="*",
        summary_mark="-----",
        basis_prefix="- ",
        end_mark=".",
        authorities={"T/M": "T/M", "K/T": "K/T", "T/L": "T/L", "Q": "Q."},
        wrong_authorities={
            "TM": 'văn bản của Đảng viết "T/M"', "KT": 'văn bản của Đảng viết "K/T"',
            "TL": 'văn bản của Đảng viết "T/L"',
            "TUQ": 'thể thức của Đảng không có "TUQ."; ký "T/L" (thừa lệnh) hoặc "T/M"',
            "T/UQ": 'thể thức của Đảng không có ủy quyền; ký "T/L" (thừa lệnh) hoặc "T/M"',
        },
        number_line="Số {symbol}",
        number_symbol="{number}-{type}/{issuer}",
        untyped_symbol="{number}-{type}/{issuer}",  # a Party công văn is "Số 12-CV/TU"
        untyped_types=(),
        legal_symbol=None,  # the Party issues no legal documents
        archive_line="Lưu {units}",
        archive_first=(),
        appendix_numerals="arabic",
        lone_appendix_numbered=True,
        citation_short_date=True,
        citation_date_separator=",",
        summary_lower_case=True,
        group_one_name_a_line=False,
        signature_rules=(SignatureRule(
            "K/T", "PHÓ BÍ THƯ",
            'phó bí thư ký thay mặt tập thể: viết "T/M" (ví dụ T/M ĐẢNG ỦY / PHÓ BÍ THƯ), không viết "K/T"'),),
    ),
}


# ---------------------------------------------------------------- what the texts allow


@dataclass(frozen=True)
class Allowed:
    """What the Decree (or the Guidance) allows for one style; None: the text says nothing."""

    size: tuple[float, float] | None = None  # pt, lowest and highest (equal when fixed)
    bold: bool | None = None
    italic: bool | None = None
    underline: bool | None = None
    align: str | None = None  # left | center | right | justify
    first_indents_cm: tuple[float, ...] | None = None  # the indents allowed
    min_space_before: float | None = None  # pt
    line_spacing: tuple[float, float] | None = None  # single lines (auto spacing)
    line_exact: tuple[float, float] | None = None  # pt (exact spacing)


@dataclass(frozen=True)
class Ranges:
    """The allowed ranges of one format, each message citing `source`."""

    source: str
    font: str
    paper_mm: tuple[float, float]  # portrait width, height
    margins_mm: dict[str, tuple[float, float]]  # top, bottom, left, right: lowest, highest
    styles: dict[str, Allowed]


INDENT_TOLERANCE_CM = 0.02  # a first-line indent typed in Word's inches or points
MM_TOLERANCE = 0.5  # paper and margins typed in Word's inches


def _body_ranges(size, first_indents_cm, line_spacing=None, line_exact=None, basis_italic=None) -> dict[str, Allowed]:
    """Spec 4: every paragraph of the body, labelled or not, has the body's size, alignment and spacing."""
    body = Allowed(size=size, bold=False, italic=False, align="justify", first_indents_cm=first_indents_cm,
                   min_space_before=6, line_spacing=line_spacing, line_exact=line_exact)
    return {
        "KH Body": body,
        "KH Basis": replace(body, italic=basis_italic),
        "KH Part": replace(body, bold=True, align="center", first_indents_cm=(0.0,)),  # Phần I, its title
        "KH Section": replace(body, bold=True),
        "KH Item": body,
        "KH Item Title": replace(body, bold=True),
        "KH Point": body,
        "KH Bullet": body,
    }


_APPENDIX_RANGES = {  # spec 6 (the Party's "same practice")
    "KH Appendix Heading": Allowed(size=(14, 14), bold=True, align="center"),
    "KH Appendix Title": Allowed(size=(13, 14), bold=True, align="center"),
    "KH Appendix Reference": Allowed(size=(13, 14), italic=True, align="center"),
}

RANGES: dict[str, Ranges] = {
    "nd30": Ranges(
        source="Nghị định 30/2020, Phụ lục I",
        font=FONT,
        paper_mm=(210, 297),
        margins_mm={"top": (20, 25), "bottom": (20, 25), "left": (30, 35), "right": (15, 20)},
        styles={
            "KH National Title": Allowed(size=(12, 13), bold=True, align="center"),
            "KH Motto": Allowed(size=(13, 14), bold=True, align="center"),
            "KH Issuer Parent": Allowed(size=(12, 13), bold=False, align="center"),
            "KH Issuer": Allowed(size=(12, 13), bold=True, align="center"),
            "KH Number": Allowed(size=(13, 13), bold=False, italic=False),
            "KH Place Date": Allowed(size=(13, 14), italic=True),
            "KH Urgency": Allowed(size=(13, 14), bold=True),
            "KH Type Name": Allowed(size=(13, 14), bold=True, align="center"),
            "KH Summary": Allowed(size=(13, 14), bold=True, align="center"),
            **_body_ranges((13, 14), (1.0, 1.27), line_spacing=(1.0, 1.5), basis_italic=True),
            "KH Recipients Label": Allowed(size=(12, 12), bold=True, italic=True, align="left"),
            "KH Recipient": Allowed(size=(11, 11), bold=False, align="left"),
            "KH Recipient Note": Allowed(size=(11, 11), bold=False),
            "KH Draft Mark": Allowed(size=(13, 14), bold=True, italic=False),  # Thông tư 01/2011/TT-BNV
            "KH Signature Authority": Allowed(size=(13, 14), bold=True, align="center"),
            "KH Signer Title": Allowed(bold=True, align="center"),
            "KH Signer Name": Allowed(size=(13, 14), bold=True, align="center"),
            "KH Page Number": Allowed(size=(13, 14), align="center"),
            **_APPENDIX_RANGES,
        },
    ),
    "party": Ranges(
        source="Hướng dẫn 05-HD/VPTW",
        font=FONT,
        paper_mm=(210, 297),
        margins_mm={"top": (20, 20), "bottom": (20, 20), "left": (30, 30), "right": (15, 15)},
        styles={
            "KH National Title": Allowed(size=(15, 15), bold=True, align="center"),
            "KH Issuer Parent": Allowed(size=(14, 14), bold=False, align="center"),
            "KH Issuer": Allowed(size=(14, 14), bold=True, align="center"),
            "KH Number": Allowed(size=(14, 14), bold=False, italic=False),
            "KH Place Date": Allowed(size=(14, 14), italic=True),
            "KH Urgency": Allowed(size=(14, 14), bold=True),
            "KH Type Name": Allowed(size=(15, 16), bold=True, align="center"),
            "KH Summary": Allowed(size=(14, 15), bold=True, align="center"),
            **_body_ranges((14, 15), (1.0,), line_exact=(18, 22)),
            "KH Recipients Label": Allowed(size=(14, 14), bold=False, italic=False, underline=True),
            "KH Recipient": Allowed(size=(12, 12), bold=False, align="left"),
            "KH Recipient Note": Allowed(size=(12, 12), bold=False),
            "KH Draft Mark": Allowed(size=(13, 14), bold=True, italic=False),  # as the state's: the Guidance is silent
            "KH Signature Authority": Allowed(size=(14, 14), bold=True, align="center"),
            "KH Signer Title": Allowed(size=(14, 14), bold=False, align="center"),
            "KH Signer Name": Allowed(size=(14, 14), bold=True, align="center"),
            "KH Page Number": Allowed(size=(14, 14), align="center"),
            **_APPENDIX_RANGES,
        },
    ),
}
