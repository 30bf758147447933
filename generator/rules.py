"""The table of presentation rules: every size, margin and style of a format.

One place for the numbers of ../shared/spec/format-rules.md. The template
builder (template.py) turns STYLES into the named styles of
templates/<format>/plan.docx; layout and render only name styles, and read
geometry (page, columns, line lengths) from here.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

FONT = "Times New Roman"
LANGUAGE = "vi-VN"


@dataclass(frozen=True)
class Style:
    """A paragraph style; None leaves the value to the base style."""

    size: float | None = None  # pt
    bold: bool | None = None
    italic: bool | None = None
    underline: bool | None = None
    align: str | None = None  # left | center | right | justify
    first_indent_cm: float | None = None
    space_before: float | None = None  # pt
    space_after: float | None = None  # pt
    line_spacing: float | None = None  # a multiple of single lines
    line_exact: float | None = None  # pt, exact line height (Party format)
    keep_next: bool | None = None
    base: str | None = "KH Normal"
    bottom_border: bool = False  # drawn lines under the motto, issuer, summary
    box: bool = False  # a single-line box around the text (urgency)
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
    "KH Rule": Style(size=2, align="center", bottom_border=True, line_exact=2),
    # Title block
    "KH Type Name": Style(size=14, bold=True, align="center", space_before=18, keep_next=True),
    "KH Summary": Style(size=14, bold=True, align="center", keep_next=True),
    "KH Summary Mark": Style(size=14, align="center"),
    # Body
    "KH Body": Style(size=14, align="justify", first_indent_cm=1.27, space_before=6, space_after=0, line_spacing=1.0),
    "KH Basis": Style(italic=True, base="KH Body"),
    "KH Section": Style(bold=True, keep_next=True, base="KH Body"),
    "KH Item": Style(base="KH Body"),
    "KH Item Title": Style(bold=True, keep_next=True, base="KH Body"),
    "KH Point": Style(base="KH Body"),
    "KH Bullet": Style(base="KH Body"),
    # Signature and recipients, last page
    "KH Recipients Label": Style(size=12, bold=True, italic=True, align="left", space_before=12),
    "KH Recipient": Style(size=11, align="left"),
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
    ("STT", 0.05), ("Nội dung nhiệm vụ", 0.31), ("Mục", 0.06), ("Chủ trì", 0.14), ("Phối hợp", 0.12),
    ("Thời hạn", 0.09), ("Sản phẩm, báo cáo gửi", 0.15), ("Tình trạng", 0.08),
)
FORM_ENTRY_HEIGHT_MM = 30  # room to write one registered item by hand
TICK_BOX = "\u25a1"  # □, a glyph Times New Roman has

def _party_styles() -> dict[str, Style]:
    """Guidance 05-HD/VPTW: the state styles with the Party's sizes and spacing."""
    changes = {
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
        "KH Recipient": dict(size=12),
        "KH Remark": dict(size=12),
        "KH Signer Title": dict(bold=False),
    }
    styles = dict(ND30_STYLES)
    for name, change in changes.items():
        styles[name] = change if isinstance(change, Style) else replace(styles[name], **change)
    return styles


NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
PARTY_TITLE = "ĐẢNG CỘNG SẢN VIỆT NAM"
TYPE_NAMES = {"KH": "KẾ HOẠCH"}
TYPE_NAMES_IN_TEXT = {code: name.capitalize() for code, name in TYPE_NAMES.items()}  # "Kế hoạch số 799/..."


@dataclass(frozen=True)
class FormatRules:
    name: str
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


FORMATS: dict[str, FormatRules] = {
    "nd30": FormatRules(
        name="nd30",
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
    ),
    "party": FormatRules(
        name="party",
        page=Page(),
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
    ),
}
