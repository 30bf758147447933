"""Vietnamese writing conventions of official documents, as pure functions.

Each function is one rule of Decree 30/2020 (state) or Guidance 05-HD/VPTW
(Party), tested one by one in tests/test_vn.py.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .rules import ENTRY_DASH, FormatRules

# The point letters: the Vietnamese alphabet without f, j, w, z, with đ after d.
POINT_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()

ROMAN_DIGITS = [
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
]

# A draft leaves room for the number and the day, filled in by hand when signed.
BLANK = "\u00a0" * 6


def nfc(text: str) -> str:
    """Unicode NFC, the form TCVN 6909:2001 documents are stored in."""
    return unicodedata.normalize("NFC", text)


def lower_first(text: str) -> str:
    """`Thực hiện phong trào ...` -> `thực hiện phong trào ...`: a title continuing a sentence."""
    return text[:1].lower() + text[1:]


def starts_lower(text: str) -> bool:
    """`thị trấn`, `đ...`: a text whose first letter is a small one (a name or a sentence starts with a capital)."""
    first = nfc(text.lstrip())[:1]
    return first.isalpha() and first.islower()


def upper(text: str) -> str:
    """Capitals, Vietnamese letters included (đ -> Đ, ư -> Ư)."""
    return nfc(text).upper()


# Abbreviations of bodies' names as recipients are written (`UBND tỉnh` for `Ủy ban nhân dân tỉnh`).
BODY_ABBREVIATIONS = {
    "UBND": "ỦY BAN NHÂN DÂN", "HĐND": "HỘI ĐỒNG NHÂN DÂN", "BCH": "BAN CHẤP HÀNH", "BTV": "BAN THƯỜNG VỤ",
    "MTTQ": "MẶT TRẬN TỔ QUỐC", "TW": "TRUNG ƯƠNG",
}
# The old placement of a tone mark (`Uỷ ban`, `hoá`) and the new (`Ủy ban`, `hóa`): the same words.
OLD_TONE_PLACEMENT = {"UỶ": "ỦY", "UÝ": "ÚY", "UỲ": "ÙY", "UỸ": "ŨY", "UỴ": "ỤY",
                      "OÁ": "ÓA", "OÀ": "ÒA", "OẢ": "ỎA", "OÃ": "ÕA", "OẠ": "ỌA"}


def body_key(name: str) -> str:
    """A body's name as compared, not printed: capitals, spaces collapsed, abbreviations spelled out and
    the tone mark where the new placement puts it (`UBND tỉnh`, `Uỷ ban nhân dân  Tỉnh` are one body)."""
    words = upper(name).split()
    text = " ".join(BODY_ABBREVIATIONS.get(word, word) for word in words)
    for old, new in OLD_TONE_PLACEMENT.items():
        text = re.sub(rf"(?<!Q){old}(?=\b|$)", new, text)  # `quý` keeps its mark: qu is one consonant
    return text


def roman(n: int) -> str:
    """1 -> I, 4 -> IV, 14 -> XIV: the numbering of sections."""
    if n < 1:
        raise ValueError(f"roman numerals start at 1, got {n}")
    out = []
    for value, digits in ROMAN_DIGITS:
        count, n = divmod(n, value)
        out.append(digits * count)
    return "".join(out)


def point_letter(n: int) -> str:
    """1 -> a, 5 -> đ, 7 -> g; past y the sequence doubles: aa, bb, ..."""
    if n < 1:
        raise ValueError(f"point letters start at 1, got {n}")
    rounds, index = divmod(n - 1, len(POINT_LETTERS))
    return POINT_LETTERS[index] * (rounds + 1)


def pad_day(day: int) -> str:
    """Days below 10 take a leading 0: 05, 29."""
    return f"{day:02d}"


def pad_month(month: int) -> str:
    """Months 1 and 2 take a leading 0 (tháng 01, tháng 02); the others do not."""
    return f"{month:02d}" if month <= 2 else str(month)


def pad_number(number: int) -> str:
    """Document numbers below 10 take a leading 0: Số: 05/KH-SYT."""
    return f"{number:02d}"


def spelled_day(year: int, month: int, day: int | None) -> str:
    """`ngày 31 tháng 3 năm 2020`; a draft (no day) leaves the day blank."""
    day_text = pad_day(day) if day else BLANK
    return f"ngày {day_text} tháng {pad_month(month)} năm {year}"


def spelled_date(place: str, year: int, month: int, day: int | None) -> str:
    """`Hà Tĩnh, ngày 31 tháng 3 năm 2020`, the place-date line of the header."""
    return f"{place}, {spelled_day(year, month, day)}"


# Room for a day or a month written by hand: as wide as two digits, so the line is as long as a dated one.
TWO_DIGITS_BLANK = "\u00a0" * 4


def blank_date(place: str, year: int) -> str:
    """`Hà Tĩnh, ngày      tháng      năm 2020`: a document dated by hand when signed (a unit's report)."""
    return f"{place}, ngày {TWO_DIGITS_BLANK} tháng {TWO_DIGITS_BLANK} năm {year}"


def short_date(date: dt.date) -> str:
    """`15/10/2020`, `03/6/2013`, `14/01/2016`: a date inside body text."""
    return f"{pad_day(date.day)}/{pad_month(date.month)}/{date.year}"


def number_symbol(fmt: FormatRules, number: int | None, type_code: str, issuer_code: str,
                  legal_year: int | None = None) -> str:
    """The number and symbol as text cites them: `799/KH-SYT` (state), `529-KH/ĐU` (Party); no number leaves a blank.
    A legal document's carries its year (`20/2019/QĐ-UBND`); a state công văn has no type code (`12/UBND-VX`)."""
    shown = pad_number(number) if number else BLANK
    if legal_year is not None and fmt.legal_symbol:
        template = fmt.legal_symbol
    else:
        template = fmt.untyped_symbol if type_code in fmt.untyped_types else fmt.number_symbol
    return template.format(number=shown, type=type_code, issuer=issuer_code, year=legal_year)


def document_number(fmt: FormatRules, number: int | None, type_code: str, issuer_code: str) -> str:
    """The header's number line: `Số: 799/KH-SYT` (state) or `Số 529-KH/ĐU` (Party)."""
    return fmt.number_line.format(symbol=number_symbol(fmt, number, type_code, issuer_code))


TYPED_END_MARK = re.compile(r"\s*\.?/\.?$")  # an end mark typed by hand: "./.", "./", "/."


def with_end_mark(text: str, mark: str = "./.") -> str:
    """The last paragraph of the body ends with `./.` (state: `... 15/10/2020./.`) or `.` (Party)."""
    stripped = TYPED_END_MARK.sub("", text.rstrip())
    return stripped.rstrip(".") + mark


def ensure_end(text: str, mark: str) -> str:
    """Replace trailing `;`, `.` or `,` with the mark a list entry needs."""
    return text.rstrip().rstrip(";.,") + mark


def recipient_line(names: Sequence[str], note: str | None) -> str:
    """`- Sở Nội vụ;`, `- Ban Dân vận Tỉnh ủy (để b/c);`, `- Ban Tuyên giáo TU, UBND, ĐUK (B/cáo);`."""
    shown = ", ".join(name.rstrip(";., ") for name in names)
    return f"{ENTRY_DASH}{shown}{f' {purpose_note(note)}' if note else ''};"


REPORT_NOTES = ("báo cáo", "b/c")  # a recipient's note that a report goes there: (để b/c), (báo cáo)


def is_report_note(note: str | None) -> bool:
    return any(word in (note or "").lower() for word in REPORT_NOTES)


def purpose_note(note: str) -> str:
    """`(để b/c)`: why a recipient (or a group) receives the plan, in parentheses."""
    return f"({note.strip()})"


def done_by(deadline: Deadline, words: str) -> str | None:
    """When a task is to be done, in a sentence (`hoàn thành ...`), the deadline printed as `words`:
    `trước ngày 08/10/2020`, `trước ngày 08/10`, `trong quý II/2022`; none for an ongoing duty."""
    if deadline.ongoing:
        return None
    if deadline.kind == "date":
        return f"trước ngày {words}"
    return words if deadline.kind in ("before", "range") else f"trong {words}"


def assignment(owner: str, partners: Sequence[str] = (), by: str | None = None, report_to: str | None = None,
               itself: bool = False) -> str:
    """`Giao Phòng Tổ chức cán bộ chủ trì, phối hợp với Phòng Điều dưỡng thực hiện, hoàn thành trước ngày 08/10/2020,
    báo cáo kết quả về Đảng ủy Sở Y tế.`: who does a task in a unit's plan (`by`: `trước ngày 08/10/2020`);
    `itself`: the unit leads, nobody is given it."""
    def name(text: str) -> str:
        return text.strip().rstrip(";.,")

    sentence = f"{'' if itself else 'Giao '}{name(owner)} chủ trì"
    if partners:
        sentence += ", phối hợp với " + ", ".join(name(partner) for partner in partners)
    sentence += " thực hiện"
    if by:
        sentence += f", hoàn thành {by}"
    if report_to:
        sentence += f", báo cáo kết quả về {name(report_to)}"
    return sentence + "."


def archive_line(fmt: FormatRules, units: Sequence[str], drafter: str | None, copies: int | None) -> str:
    """`Lưu: VT, TCCB, nadt (05b).` (state); `Lưu Văn phòng Đảng ủy.` (Party)."""
    text = fmt.archive_line.format(units=", ".join([*fmt.archive_first, *units]))
    if drafter:
        text += ", " + drafter
    if copies:
        text += f" ({pad_number(copies)}b)"
    return text + "."


def appendix_heading(fmt: FormatRules, index: int, count: int) -> str:
    """`Phụ lục I` (state, roman when two or more; a lone one is `Phụ lục`), `Phụ lục 1` (Party, always)."""
    if count < 2 and not fmt.lone_appendix_numbered:
        return "Phụ lục"
    return f"Phụ lục {roman(index) if fmt.appendix_numerals == 'roman' else index}"


def citation(fmt: FormatRules, type_name: str, number_text: str, issuer: str,
             year: int, month: int, day: int | None, in_text: bool = False) -> str:
    """A document named by its number and date.

    In a reference line the date is spelled: `Kế hoạch số 799/KH-SYT ngày 31 tháng 3
    năm 2020 của Sở Y tế`; in running text it is short (`ngày 31/3/2020`), and a draft's
    missing day leaves the date out. The Party format writes the short date after a
    comma: `Kế hoạch số 529-KH/ĐU, ngày 15/3/2022 của Đảng ủy Sở Y tế`.
    """
    if day and (in_text or fmt.citation_short_date):
        date_text = "ngày " + short_date(dt.date(year, month, day))
    else:
        date_text = "" if in_text else spelled_day(year, month, day)
    dated = fmt.citation_date_separator + " " + date_text if date_text else ""
    return f"{type_name} số {number_text}{dated} của {issuer}"


IMPLEMENTING_VERBS = ("triển khai", "tổ chức triển khai")


def implementation_title(parent_title: str) -> str:
    """A unit's plan under a parent: `Triển khai thực hiện phong trào ...`; a parent whose title
    already says it implements something (`Triển khai thực hiện ...`) keeps its words."""
    if nfc(parent_title).casefold().startswith(IMPLEMENTING_VERBS):
        return parent_title[:1].upper() + parent_title[1:]
    return "Triển khai " + lower_first(parent_title)


def sentence_case(text: str, lower: bool) -> str:
    """A summary as the format types it: `Triển khai ...`, or `triển khai ...` (Party)."""
    return text[:1].lower() + text[1:] if lower else text[:1].upper() + text[1:]


REPEAT_NAMES = {"monthly": "hằng tháng", "quarterly": "hằng quý", "half-yearly": "6 tháng một lần", "yearly": "hằng năm"}
PERIOD_MONTHS = {"monthly": range(1, 13), "quarterly": (3, 6, 9, 12), "half-yearly": (6, 12), "yearly": (12,)}
QUARTERS = {3: "I", 6: "II", 9: "III", 12: "IV"}


def period_name(every: str, year: int, month: int) -> str:
    """The period a recurring report covers: `tháng 3/2020`, `quý I/2020`, `6 tháng đầu năm 2020`, `năm 2020`."""
    if every == "monthly":
        return f"tháng {pad_month(month)}/{year}"
    if every == "quarterly":
        return f"quý {QUARTERS[month]}/{year}"
    if every == "half-yearly":
        return f"6 tháng đầu năm {year}" if month == 6 else f"năm {year}"
    return f"năm {year}"


def slug(text: str) -> str:
    """`Phòng Tổ chức cán bộ` -> `phong-to-chuc-can-bo`: a file name without diacritics."""
    bare = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in bare if not unicodedata.combining(c)).lower()
    return "-".join("".join(c if c.isascii() and c.isalnum() else " " for c in bare).split())


def decimal(value: float) -> str:
    """`12.5` -> `12,5`, `13.0` -> `13`: a measure as Vietnamese writes it, with a decimal comma."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text.replace(".", ",")


def span(low: float, high: float) -> str:
    """`13–14`, or `13` when both ends are the same: an allowed range."""
    return decimal(low) if low == high else f"{decimal(low)}–{decimal(high)}"


ABBREVIATION_ENDS = ("...", "…", "v.v.", "v.v…")  # a final period that belongs to the words, not the sentence

# Words that end a sentence leading into a list ("... như sau:"): such a sentence ends with a colon.
LIST_LEAD_ENDINGS = ("như sau", "sau đây", "bao gồm", "gồm", "gồm có", "gồm các nội dung",
                     "các nội dung sau", "những nội dung sau", "một số nội dung sau")
ARCHIVE_LINE = re.compile(r"^[-\s]*Lưu\b\s*:?\s*(VT\b|Văn phòng|VP\b)", re.IGNORECASE)


def announces_list(sentence: str) -> bool:
    """Whether a sentence leads into a list: it ends with "như sau", "gồm", ... (a colon or not)."""
    words = nfc(sentence).rstrip(" .;,:").lower()
    return any(words == ending or words.endswith(" " + ending) for ending in LIST_LEAD_ENDINGS)


def is_archive_line(text: str) -> bool:
    """`Lưu: VT, TCCB` or `- Lưu Văn phòng Đảng ủy`: the archive line, which kehoach writes itself."""
    return bool(ARCHIVE_LINE.match(nfc(text)))


# --- Deadlines as plans write them ---------------------------------------------

DEADLINE_KINDS = ("date", "before", "month", "quarter", "half", "year", "range", "ongoing")
QUARTER_NUMBERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# What `due` accepts, with an example of each, for the message that refuses anything else.
DEADLINE_FORMS = ("2022-10-15", "Trước ngày 15/10", "Trước ngày 15/10/2022", "Tháng 6/2022", "Quý II/2022",
                  "6 tháng đầu năm 2022", "6 tháng cuối năm 2022", "Năm 2022", "Từ tháng 3 đến tháng 6/2022",
                  "Thường xuyên")


@dataclass(frozen=True)
class Deadline:
    """A task's deadline as the plan writes it: a day, or a period whose last day is the deadline.

    `year` is None for an ongoing duty (`Thường xuyên`) and for `Trước ngày 15/10`, whose year
    is the plan's; `month` is the period's last month (quý II -> 6); `first_month`/`first_year`
    open a range (`Từ tháng 3 đến tháng 6/2022`).
    """

    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    first_month: int | None = None
    first_year: int | None = None
    small: bool = field(default=False, compare=False)  # typed with a small first letter ("quý II/2022")

    @property
    def ongoing(self) -> bool:
        return self.kind == "ongoing"

    @property
    def text(self) -> str:
        """As a table cell prints it: `15/10/2022`, `Quý II/2022`, `Thường xuyên`."""
        year, month, day = self.year, self.month or 0, self.day or 0
        if self.kind == "date":
            return short_date(dt.date(year or 0, month, day))
        if self.kind == "before":
            return f"Trước ngày {pad_day(day)}/{pad_month(month)}" + (f"/{year}" if year else "")
        if self.kind == "month":
            return f"Tháng {pad_month(month)}/{year}"
        if self.kind == "quarter":
            return f"Quý {QUARTERS[month]}/{year}"
        if self.kind == "half":
            return f"6 tháng {'đầu' if month == 6 else 'cuối'} năm {year}"
        if self.kind == "year":
            return f"Năm {year}"
        if self.kind == "range":
            first = pad_month(self.first_month or 0) + (f"/{self.first_year}" if self.first_year else "")
            return f"Từ tháng {first} đến tháng {pad_month(month)}/{year}"
        return "Thường xuyên"

    @property
    def in_sentence(self) -> str:
        """As `{due}` prints it in running text: with the first letter as typed (`hoàn thành trong Quý I/2020`
        as the Party's plan writes it, `báo cáo thường xuyên` when typed small)."""
        return lower_first(self.text) if self.small else self.text

    def dated(self, year: int) -> Deadline:
        """`Trước ngày 15/10` in a plan of 2022: its day in that year; other deadlines as they are."""
        return replace(self, year=year) if self.year is None and not self.ongoing else self

    def last_day(self, year: int | None = None) -> dt.date | None:
        """The day the deadline falls on: a period's last day, the day before `Trước ngày`; None when ongoing
        (or when the year of `Trước ngày 15/10` is not known)."""
        full_year = self.year or year
        if self.ongoing or full_year is None or self.month is None:
            return None
        if self.kind == "date":
            return dt.date(full_year, self.month, self.day or 1)
        if self.kind == "before":
            return dt.date(full_year, self.month, self.day or 1) - dt.timedelta(days=1)
        return dt.date(full_year, self.month, calendar.monthrange(full_year, self.month)[1])

    @property
    def first_year_of(self) -> int | None:
        """The first year the deadline's period touches (a range may start the year before it ends)."""
        return self.first_year or self.year

    def moved(self, years: int) -> Deadline:
        """The same deadline `years` later (next year's plan); 29/2 into a common year becomes 28/2."""
        if self.year is None:
            return self
        year = self.year + years
        day = self.day
        if day and self.month and self.kind in ("date", "before"):
            day = min(day, calendar.monthrange(year, self.month)[1])
        return replace(self, year=year, day=day, first_year=self.first_year + years if self.first_year else None)


def _year(text: str | None) -> int | None:
    return int(text) if text else None


_DAY_MONTH = r"(\d{1,2})\s*/\s*(\d{1,2})"
_YEAR_TAIL = r"\s*(?:/|năm)\s*(\d{4})"  # "/2022" or " năm 2022"
_DEADLINE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((kind, re.compile(pattern)) for kind, pattern in (
    ("iso", r"(\d{4})-(\d{1,2})-(\d{1,2})"),
    ("date", rf"(?:ngày\s*)?{_DAY_MONTH}\s*/\s*(\d{{4}})"),
    ("before", rf"trước\s*(?:ngày\s*)?{_DAY_MONTH}(?:\s*/\s*(\d{{4}}))?"),
    ("month", rf"tháng\s*(\d{{1,2}}){_YEAR_TAIL}"),
    ("quarter", rf"quý\s*(iv|i{{1,3}}|[1-4]){_YEAR_TAIL}"),
    ("half", r"6\s*tháng\s*(đầu|cuối)\s*năm\s*(\d{4})"),
    ("year", r"năm\s*(\d{4})"),
    ("range", rf"(?:từ\s*)?tháng\s*(\d{{1,2}})(?:{_YEAR_TAIL})?\s*(?:đến|-|–)\s*(?:tháng\s*)?(\d{{1,2}}){_YEAR_TAIL}"),
    ("ongoing", r"thường\s*xuyên"),
))


def deadline_words(text: str) -> str:
    """A deadline's words for matching: NFC, lower case, blanks made one, no final period."""
    return " ".join(nfc(text).lower().split()).rstrip(". ")


def parse_deadline(text: str) -> Deadline:
    """`Quý 2/2022` -> Deadline("quarter", 2022, 6); ValueError (its message in Vietnamese) for a form
    not in DEADLINE_FORMS, a month past 12 or a day the month lacks."""
    words = deadline_words(text)
    for kind, pattern in _DEADLINE_PATTERNS:
        match = pattern.fullmatch(words)
        if match:
            return replace(_deadline(kind, match.groups()), small=nfc(text).strip()[:1].islower())
    raise ValueError("không phải một thời hạn")


def _deadline(kind: str, groups: Sequence[str | None]) -> Deadline:
    numbers = [int(g) if g and g.isdigit() else None for g in groups]
    if kind == "iso":
        year, month, day = numbers
        return _checked(Deadline("date", year, month, day))
    if kind in ("date", "before"):
        day, month, year = numbers
        return _checked(Deadline(kind, year, month, day))
    if kind == "month":
        return _checked(Deadline("month", numbers[1], numbers[0]))
    if kind == "quarter":
        return Deadline("quarter", numbers[1], 3 * QUARTER_NUMBERS[groups[0] or ""])
    if kind == "half":
        return Deadline("half", numbers[1], 6 if groups[0] == "đầu" else 12)
    if kind == "year":
        return Deadline("year", numbers[0], 12)
    if kind == "range":
        first_month, first_year, month, year = numbers
        deadline = _checked(Deadline("range", year, month, first_month=first_month, first_year=first_year or year))
        if (deadline.first_year or 0, first_month or 0) >= (year or 0, month or 0):
            raise ValueError(f"tháng đầu ({first_month}) phải trước tháng cuối ({month})")
        return replace(deadline, first_year=None if first_year in (None, year) else first_year)
    return Deadline("ongoing")


def _checked(deadline: Deadline) -> Deadline:
    for month in (deadline.month, deadline.first_month):
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"tháng {month} không tồn tại")
    if deadline.day is not None and deadline.month is not None:
        last = calendar.monthrange(deadline.year or 2000, deadline.month)[1]  # without a year: 29/2 allowed
        if not 1 <= deadline.day <= last:
            where = f"tháng {deadline.month} năm {deadline.year}" if deadline.year else f"tháng {deadline.month}"
            raise ValueError(f"ngày {deadline.day} không tồn tại, {where} chỉ có {last} ngày")
    return deadline


# Recurrences as plans write them ("6 tháng, hằng năm"): the `repeat` they are.
WRITTEN_REPEATS = {
    "hằng tháng": "monthly", "hàng tháng": "monthly", "định kỳ hằng tháng": "monthly",
    "hằng quý": "quarterly", "hàng quý": "quarterly", "định kỳ hằng quý": "quarterly",
    "6 tháng một lần": "half-yearly", "6 tháng, hằng năm": "half-yearly", "6 tháng, hàng năm": "half-yearly",
    "định kỳ 6 tháng": "half-yearly", "6 tháng, một năm": "half-yearly", "định kỳ 6 tháng, một năm": "half-yearly",
    "hằng năm": "yearly", "hàng năm": "yearly", "định kỳ hằng năm": "yearly",
}


def written_repeat(text: str) -> str | None:
    """`6 tháng, hằng năm` -> `half-yearly`: a recurrence written as words; None when it is none."""
    return WRITTEN_REPEATS.get(deadline_words(text).replace(" ,", ","))
