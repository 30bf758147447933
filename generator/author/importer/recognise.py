"""Lines of an old plan -> its parts: the header, `KẾ HOẠCH` and the summary,
bases and introduction, sections and items at every depth, recipients and the
signature. Nothing is guessed silently: what does not fit is kept as text and
noted for review at its line.

Items nest by their labels as typed (or as Word numbered them): a label of a
kind already open (`a)` while points are open) continues that list, closing the
deeper ones; a new kind opens a list under the last item; a first label (`1.`,
`a)`) where its kind is already open starts a list under the last item too. The
labels are removed (the renderer computes them); where a typed label is not the
one the renderer will print (`f)` after `e)`, a second `d)`), it is noted.
"""
from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass, field

from ... import vn
from ...model import URGENCIES
from ...places import item_label
from ...rules import FORMATS, MOTTO, NATIONAL_TITLE, PARTY_TITLE
from ...vn import roman, upper
from .basis import Cited, cited_parent, looks_cited, unreported
from .line import Line, plain, unmarked, whole_bold

LABEL = re.compile(r"""^(?P<stars>\*{2,3}(?=\S))?\s*(?P<label>
      (?P<nested>\d{1,2}(?:\.\d{1,2}){1,4}\.?)
    | (?P<decimal>\d{1,2}[.)])
    | (?P<letters>[a-zđ]{1,2}\))
    | (?P<roman>[IVXLC]{1,6}\.)
    | (?P<dash>[-–—•])
    | (?P<plus>\+)
    | (?P<star>\\?\*)
    )\s+(?P<rest>\S.*)$""", re.VERBOSE)
KINDS = ("nested", "decimal", "letters", "roman", "dash", "plus", "star")
PARTY_FORMAT = "party"  # the key of the Party format in rules.FORMATS
BULLET_KINDS = ("dash", "plus", "star")
NUMBERED_KINDS = ("nested", "decimal", "letters")
TITLE_LENGTH = 150  # a titled item's title is a short line, not a sentence
NUMBER_STATE = re.compile(r"^Số\s*:?\s*(?P<number>\d*)\s*/\s*(?P<type>[A-ZĐ]+)\s*-\s*(?P<code>[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*)(?![\w-])\s*(?P<rest>.*)$")
NUMBER_PARTY = re.compile(r"^Số\s*:?\s*(?P<number>\d*)\s*-\s*(?P<type>[A-ZĐ]+)\s*/\s*(?P<code>[A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*)(?![\w-])\s*(?P<rest>.*)$")
PLACE_DATE = re.compile(r"^(?P<place>[^,]*?)\s*,?\s*ngày\s*(?P<day>\d{0,2})\s*tháng\s*(?P<month>\d{1,2})\s*năm\s*(?P<year>\d{4})\s*$", re.IGNORECASE)
MARKS = {"*", "-----", "***"}
DRAFT = re.compile(r"^DỰ\s+THẢO(?:\s+LẦN\s+(?P<round>\d{1,6}))?$")  # the draft mark, in capitals
TYPE_LINE = re.compile(r"^KẾ HOẠCH(?:\s+(?P<rest>\S.*))?$")  # the summary may follow on the same line (a Markdown paragraph)
NATIONAL = re.compile(r"(CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập\s*-\s*Tự do\s*-\s*Hạnh phúc|ĐẢNG CỘNG SẢN VIỆT NAM)")
PARTY_SIGNS = re.compile(r"^(?:T/M|K/T|T/L)\s")  # a Party signature: the plan is Party even when its header is lost
RECIPIENTS = re.compile(r"^Nơi\s+nhận\s*:?\s*$", re.IGNORECASE)
ARCHIVE = re.compile(r"^[-–+•]?\s*Lưu\s*:?\s*(?P<rest>.*)$")
RECIPIENT = re.compile(r"^[-–+•]\s*(?P<rest>.+)$")
AUTHORITY = re.compile(r"^(?P<authority>KT|TM|TL|TUQ|Q|K/T|T/M|T/L)\s*[.:]?\s+(?P<head>\S.*)$")
OTHER_FORM = {"KT": "K/T", "TM": "T/M", "TL": "T/L", "K/T": "KT", "T/M": "TM", "T/L": "TL"}
SIGNED = re.compile(r"^\(.*\)$|^\[.*\]$")  # "(Đã ký)", "(Ký tên, đóng dấu)"
SIGNING = re.compile(r"\bký\b|dấu|\bsigned\b", re.IGNORECASE)  # a bracket of the signature, not a recipients' note
DEADLINE = re.compile(r"(?:trước|chậm nhất|hạn chót|hạn|không quá)\s*(?:ngày\s*)?"
                      r"(?P<day>\d{1,2})\s*/\s*(?P<month>\d{1,2})\s*/\s*(?P<year>\d{4})", re.IGNORECASE)
# A deadline as written (`hoàn thành trong Quý I/2020`, `trước ngày 15/10`): kept as written (vn.parse_deadline).
WRITTEN_DEADLINE = re.compile(r"(?:trong|vào)\s+(?P<written>quý\s+(?:IV|I{1,3}|[1-4])\s*/\s*\d{4}|tháng\s+\d{1,2}\s*/\s*\d{4}"
                              r"|6\s+tháng\s+(?:đầu|cuối)\s+năm\s+\d{4})"
                              r"|(?P<before>trước\s+ngày\s+\d{1,2}\s*/\s*\d{1,2})(?!\s*/?\s*\d)", re.IGNORECASE)
REPORT_TO = re.compile(r"\svề\s+(?P<to>[^.;()]+?)(?=\s+(?:trước|chậm nhất|để|trong)\b|\s*[.;]|\s*$)", re.IGNORECASE)
REPEATS = (("hằng tháng", "monthly"), ("hàng tháng", "monthly"), ("hằng quý", "quarterly"), ("hàng quý", "quarterly"),
           ("6 tháng", "half-yearly"), ("sáu tháng", "half-yearly"), ("hằng năm", "yearly"), ("hàng năm", "yearly"))
SENTENCE_END = re.compile(r"(?<=[.;])\s+")
# `Phần I`, `PHẦN II.`, `Phần thứ hai:`, with the part's title on the line or on the next one
PART = re.compile(r"^PHẦN\s+(?P<number>[IVXLC]{1,6}|\d{1,2}|THỨ\s+\S+)\s*[.:\-–]?\s*(?P<rest>.*)$", re.IGNORECASE)
YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


@dataclass
class Note:
    line: int | None  # where to look in the old file
    message: str

    def __str__(self) -> str:
        return f"dòng {self.line}: {self.message}" if self.line else self.message


@dataclass
class TaskHint:
    """A sentence that reads like a duty with a deadline or a period: for the clerk to confirm."""

    line: int
    sentence: str
    due: str | None  # 2020-10-15, or as written: Quý I/2020, Trước ngày 15/10
    due_typed: str | None  # 15/10/2020, Quý I/2020: as the text has it
    repeat: str | None
    report_to: str | None


@dataclass
class Node:
    """An item: its label as typed, its paragraphs, its title, its children."""

    label: str
    line: int
    shown: str = ""  # the label the renderer prints
    paragraphs: list[str] = field(default_factory=list)
    title: str | None = None
    children: Listing | None = None
    notes: list[Note] = field(default_factory=list)
    tasks: list[TaskHint] = field(default_factory=list)
    star: bool = False  # a `* ...` line between the entries of a list: no number of its own
    restart: bool = True  # the entries after a star line count from 1 (or a) again


@dataclass
class Listing:
    kind: str  # a numbering of the model: decimal, nested, letters, dash, plus, star
    depth: int  # the number of parts of a nested label (1.2.1. -> 3); 0 otherwise
    items: list[Node] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, int]:
        return self.kind, self.depth

    @property
    def count(self) -> int:
        """How many entries count since the list began or a star line restarted it (the last entry's number)."""
        count = 0
        for node in self.items:
            count = (0 if node.restart else count) if node.star else count + 1
        return count


@dataclass
class SectionDraft:
    title: str
    line: int
    text: list[str] = field(default_factory=list)
    listing: Listing | None = None
    notes: list[Note] = field(default_factory=list)


@dataclass
class PartDraft:
    """`Phần II` and its title: the sections from `first` (an index of Recognised.sections) to the next part's."""

    title: str
    line: int
    first: int


@dataclass
class Recognised:
    format: str | None = None
    type: str = "KH"
    number: int | None = None
    draft: bool | int | None = None  # the mark DỰ THẢO (True), DỰ THẢO LẦN 2 (2)
    code: str | None = None
    parent: list[str] = field(default_factory=list)
    name: list[str] = field(default_factory=list)
    place: str | None = None
    date: tuple[int, int, int | None] | None = None
    urgency: str | None = None
    title: str | None = None
    bases: list[str] = field(default_factory=list)
    intro: list[str] = field(default_factory=list)
    cited: Cited | None = None  # the parent whose basis sentence the introduction is: written as implements
    intro_note: str | None = None  # why an introduction that cites a parent stays as it is typed
    sections: list[SectionDraft] = field(default_factory=list)
    parts: list[PartDraft] = field(default_factory=list)
    recipients: list[tuple[list[str], str | None]] = field(default_factory=list)
    archive: tuple[list[str], str | None, int | None] | None = None
    authority: str | None = None
    head: str | None = None
    signer_title: str | None = None
    signer_name: str | None = None
    remark: str | None = None
    notes: list[Note] = field(default_factory=list)  # for the file's top: what to check, with where

    def note(self, line: int | None, message: str) -> None:
        self.notes.append(Note(line, message))


def recognise(lines: list[Line], fmt: str | None, this_year: int) -> Recognised:
    found = Recognised(format=fmt)
    type_line = next((i for i, line in enumerate(lines) if TYPE_LINE.match(line.plain)), None)
    footer = next((i for i, line in enumerate(lines) if RECIPIENTS.match(line.plain)), len(lines))
    if type_line is None:
        found.note(None, 'không thấy dòng "KẾ HOẠCH": phần đầu văn bản (cơ quan, số, ngày, trích yếu) có thể đã mất')
        body_start = 0
    else:
        _header(lines[:type_line], found)
        body_start = _summary(lines, type_line, found)
    if found.format is None and any(PARTY_SIGNS.match(line.plain) for line in lines[footer:]):
        found.format = PARTY_FORMAT
    body = lines[body_start:footer]
    if found.date is None:
        _guess_date(body, found, this_year)
    found.format = found.format or "nd30"
    Body(found).read(body)
    for section in found.sections:
        for node in walk(section.listing):
            node.tasks = [hint for text in node.paragraphs for hint in task_hints(text, node.line)]
    if footer == len(lines):
        found.note(None, 'không thấy "Nơi nhận:": nơi nhận, dòng lưu và chữ ký cần điền')
    else:
        _footer(lines[footer + 1:], found)
    _cited(found)
    return found


CITED_HINT = ("nếu câu chỉ dẫn một văn bản cấp trên, có thể thay intro bằng implements: "
              "{type, number, code, date, issuer, about, format} để kehoach dựng câu này")


def _cited(found: Recognised) -> None:
    """The introduction as the parent's particulars when they give its very words and `check` accepts them."""
    assert found.format is not None and found.date is not None, "set before"
    cited = cited_parent(found.intro, found.name, found.type)
    if cited is None:
        if looks_cited(found.intro):
            _keep_intro(found, f"không đúng câu kehoach dựng: {CITED_HINT}")
        return
    parent = cited.implements.date
    assert parent is not None, "read from the sentence"
    year, month, day = found.date
    if ((year, month, day) < (parent.year, parent.month, parent.day)) if day else ((year, month) < (parent.year, parent.month)):
        _keep_intro(found, f"văn bản đó ban hành sau kế hoạch này; {CITED_HINT}")
        return
    reason = unreported(cited, found.format, found.recipients)
    if reason is not None:
        _keep_intro(found, f"{reason}; nếu sửa, {CITED_HINT}")
        return
    found.cited = cited


def _keep_intro(found: Recognised, reason: str) -> None:
    found.intro_note = f'câu dẫn văn bản cấp trên giữ trong "intro": {reason}'
    found.note(None, found.intro_note)


def _guess_date(body: list[Line], found: Recognised, this_year: int) -> None:
    """No date in the file (its first page lost): January of the year it names most, as a draft."""
    years = Counter(int(y) for line in body for y in YEAR.findall(line.plain))
    year = years.most_common(1)[0][0] if years else this_year
    found.date = (year, 1, None)
    found.note(None, f"không thấy ngày ban hành: ghi tạm tháng 01/{year} (năm nhắc đến nhiều nhất); sửa date")


# ---------------------------------------------------------------- header

def _header(lines: list[Line], found: Recognised) -> None:
    issuer: list[tuple[str, bool]] = []
    for line in lines:
        if _header_fragment(" ".join(line.fragments()), found):  # "Số:      /KH-SYT": blanks inside, not columns
            continue
        for piece in line.fragments():
            for fragment in NATIONAL.split(piece):
                fragment = fragment.strip()
                if not fragment or fragment in MARKS or set(fragment) <= set("-_*=."):
                    continue
                if not _header_fragment(fragment, found):
                    issuer.append((fragment, line.bold))
    _issuer(issuer, found)


def _header_fragment(text: str, found: Recognised) -> bool:
    """Read a number, a place-date, the national title, an urgency; False for anything else."""
    if upper(text) == PARTY_TITLE:
        found.format = found.format or PARTY_FORMAT
    elif upper(text) in (NATIONAL_TITLE, upper(MOTTO)) or text.startswith("Độc lập"):
        found.format = found.format or "nd30"
    elif text.startswith("Số"):
        _number(text, found)
    elif match := PLACE_DATE.match(text):
        found.place = match.group("place").strip(" ,") or None
        year, month = int(match.group("year")), int(match.group("month"))
        day = int(match.group("day")) if match.group("day") else None
        if not 1 <= month <= 12 or (day and day > calendar.monthrange(year, month)[1]):
            found.note(None, f'ngày ban hành "{text}" không có thật: ghi tạm tháng 01/{year} (bản nháp); sửa date')
            month, day = 1, None
        found.date = (year, month, day)
    elif upper(text) in URGENCIES:
        found.urgency = upper(text)
    elif draft := DRAFT.match(upper(text)):
        found.draft = int(draft.group("round")) if draft.group("round") else True
    else:
        return False
    return True


def _number(text: str, found: Recognised) -> None:
    party, state = NUMBER_PARTY.match(text), NUMBER_STATE.match(text)
    match = party or state
    if match is None:
        found.note(None, f'không đọc được số, ký hiệu "{text}": cần điền "number" và "issuer.code"')
        return
    found.format = found.format or (PARTY_FORMAT if party else "nd30")
    found.number = int(match.group("number")) if match.group("number") else None
    found.code = match.group("code")
    if match.group("rest"):  # "Số: 12/KH-SYT Hà Tĩnh, ngày ...": a copied line holding both
        _header_fragment(match.group("rest"), found)
    if match.group("type") != "KH":
        found.note(None, f'ký hiệu loại văn bản "{match.group("type")}" không phải KH: kehoach chỉ dựng Kế hoạch (KH)')
    if re.search(r"\d\s+[-/]|[-/]\s+[A-ZĐ\d]", text[:match.start("rest")].rstrip()):
        found.note(None, f'"{text}": số và ký hiệu viết liền, không có dấu cách (kehoach sửa thành liền)')


def _issuer(issuer: list[tuple[str, bool]], found: Recognised) -> None:
    """The parent body (not bold) and the issuing body (bold); without bold, the last line is the body."""
    if not issuer:
        return
    if any(bold for _, bold in issuer) and not all(bold for _, bold in issuer):
        found.parent = [text for text, bold in issuer if not bold]
        found.name = [text for text, bold in issuer if bold]
    else:
        found.parent = [text for text, _ in issuer[:-1]]
        found.name = [issuer[-1][0]]
        if len(issuer) > 2:
            found.note(None, f'phần đầu có {len(issuer)} dòng tên cơ quan: kiểm tra cơ quan chủ quản ("issuer.parent") '
                             'và cơ quan ban hành ("issuer.name")')


def _summary(lines: list[Line], type_line: int, found: Recognised) -> int:
    """The summary: after `KẾ HOẠCH` (on its line or the next), with the lines after it set the same
    way (a .docx), or continuing it (a copied text: lower case, up to the Party's `-----`). Returns the body's start."""
    match = TYPE_LINE.match(lines[type_line].plain)
    assert match is not None, "type_line is the line TYPE_LINE matched"
    rest = match.group("rest")
    first_index = type_line if rest else type_line + 1
    if first_index >= len(lines):
        return first_index
    first = lines[first_index]
    parts, index = [rest if rest else _unbold(first.text)], first_index + 1
    while index < len(lines) and not LABEL.match(lines[index].text) and lines[index].plain not in MARKS and (
            _set_alike(first, lines[index]) or (not first.style and _continues((parts, len(parts) - 1), lines[index].text))):
        parts.append(_unbold(lines[index].text))
        index += 1
    if index < len(lines) and lines[index].plain in MARKS:
        index += 1
    found.title = " ".join(parts)
    return index


def _set_alike(first: Line, line: Line) -> bool:
    """Another line of a summary laid out in Word: the same style, centred, as bold."""
    return bool(first.style) and line.style == first.style and line.centered and line.bold == first.bold


def _unbold(text: str) -> str:
    inner = whole_bold(text)
    return text if inner is None else inner


# ---------------------------------------------------------------- body

class Body:
    """Reads the body's lines into bases, introduction and sections."""

    def __init__(self, found: Recognised):
        self.found = found
        self.section: SectionDraft | None = None
        self.stack: list[Listing] = []
        self.lines: list[Line] = []  # the body's lines, and the index of the one being read: for looking ahead
        self.index = 0
        self.last: tuple[list[str], int] | None = None  # the paragraph a broken line continues
        self.preamble: list[Line] = []
        self.part_title_next = False  # a `Phần I` line without its title: the next line is the title

    def read(self, lines: list[Line]) -> None:
        self.lines = lines
        for index, line in enumerate(lines):
            self.index = index
            match = LABEL.match(line.text)
            if self.part_title_next and not (match and match.group("roman")):
                self._part_title(line)
            elif (part := PART.match(line.plain)) and (not part.group("rest") or _is_upper(part.group("rest"))):
                self._part(line, part)
            elif match and match.group("roman") and self._is_section(line, match):
                self._section(line, match)
            elif self.section is None:
                self.preamble.append(line)
            elif match and match.group("star") and (following := self._star_line(match, lines[index + 1:index + 2])):
                self._star(line, match, following)
            elif match and not match.group("roman"):
                self._item(line, match)
            else:
                self._paragraph(line.text)
        self._preamble()
        if self.last:
            container, index = self.last
            container[index] = _without_end_mark(container[index])
        if not self.found.sections:
            self.found.note(None, 'không thấy mục La Mã nào (I., II., ...): toàn bộ nội dung nằm trong "intro"; '
                                  "hãy chia thành các mục")

    def _is_section(self, line: Line, match: re.Match) -> bool:
        """`I. MỤC ĐÍCH`: a roman label before a title in capitals or in bold, or the next section's number."""
        expected = roman(self._sections_in_part + 1)
        return _is_upper(match.group("rest")) or line.bold or match.group("label").rstrip(".") == expected

    @property
    def _sections_in_part(self) -> int:
        """Sections count from I in each part."""
        return len(self.found.sections) - (self.found.parts[-1].first if self.found.parts else 0)

    def _part(self, line: Line, match: re.Match) -> None:
        """`Phần II` (its title on the line after, or after the number): sections count from I again."""
        self.found.parts.append(PartDraft(unmarked(match.group("rest")).strip(" .:"), line.number, len(self.found.sections)))
        self.part_title_next = not match.group("rest")
        if self.section is not None:  # what follows belongs to the part, not to the last section
            self.section, self.stack, self.last = None, [], None
        typed = match.group("number")
        if upper(typed) != roman(len(self.found.parts)):
            self.found.note(line.number, f'"{line.plain}" là phần thứ {len(self.found.parts)}: kehoach in '
                                         f'"Phần {roman(len(self.found.parts))}"')

    def _part_title(self, line: Line) -> None:
        self.found.parts[-1].title = unmarked(line.text).strip(" .:")
        self.part_title_next = False

    def _star_line(self, match: re.Match, after: list[Line]) -> re.Match | None:
        """`* Đối với tập thể:` leading into labelled entries of another kind (`a)`, `1.`, `-`): a line between
        the entries of their list, not a star bullet (a `*` line with its own `-` children stays one).
        Returns the label line after it when it is one."""
        following = LABEL.match(after[0].text) if after else None
        if not (following and match.group("rest").rstrip("*").rstrip().endswith(":")):
            return None
        kind = next(k for k in KINDS if following.group(k))
        depth = following.group("label").rstrip(".").count(".") + 1 if kind == "nested" else 0
        if kind in ("roman", "star"):
            return None
        open_here = any(listing.key == (kind, depth) for listing in self.stack)
        return following if open_here or kind not in BULLET_KINDS else None

    def _star(self, line: Line, match: re.Match, following: re.Match) -> None:
        """A star line joins the list of the entries after it (opened here if none is); they count again
        from their first label, or go on (`restart: false`) when the label after it continues the count."""
        kind = next(k for k in KINDS if following.group(k))
        label = following.group("label")
        depth = label.rstrip(".").count(".") + 1 if kind == "nested" else 0
        open_lists = [index for index in range(len(self.stack) - 1, -1, -1) if self.stack[index].key == (kind, depth)]
        if open_lists:
            del self.stack[open_lists[0] + 1:]
            listing = self.stack[-1]
            restart = _is_first(label) or self._next_label(len(self.stack) - 1) != _normal(label)
        else:
            listing, _ = self._listing_for(kind, depth, label)
            restart = True
        text = (match.group("stars") or "") + match.group("rest")
        listing.items.append(Node("*", line.number, "*", [text], star=True, restart=restart))
        self.last = None

    def _section(self, line: Line, match: re.Match) -> None:
        title = unmarked(match.group("rest")).rstrip(" .")
        self.section = SectionDraft(title, line.number)
        self.found.sections.append(self.section)
        number = self._sections_in_part
        typed = match.group("label")
        if typed.rstrip(".") != roman(number):
            whole = f"Phần {roman(len(self.found.parts))}" if self.found.parts else "văn bản"
            self.section.notes.append(Note(line.number, f'mục "{typed}" là mục thứ {number} của {whole}: kehoach đánh số '
                                                        f'"{roman(number)}."; kiểm tra phần bị thiếu hoặc thừa'))
        self.stack, self.last = [], None

    def _item(self, line: Line, match: re.Match) -> None:
        kind = next(k for k in KINDS if match.group(k))
        label = match.group("label")
        depth = label.rstrip(".").count(".") + 1 if kind == "nested" else 0
        text = (match.group("stars") or "") + match.group("rest")
        node = Node(label, line.number)
        inner = whole_bold(text)
        if inner and len(inner) <= TITLE_LENGTH and not inner.endswith((".", ";", ",")):
            node.title = inner
        else:
            node.paragraphs.append(text)
        listing, owner = self._listing_for(kind, depth, label)
        listing.items.append(node)
        node.shown = item_label(listing.kind, listing.count, owner.shown if isinstance(owner, Node) else "")
        if kind in ("decimal", "nested", "letters") and _normal(label) != node.shown:
            node.notes.append(Note(line.number, f'nhãn "{label}" theo thứ tự phải là "{node.shown}": kehoach đánh số '
                                                f'"{node.shown}"; kiểm tra có thiếu hay thừa khoản nào không'))
        self.last = (node.paragraphs, len(node.paragraphs) - 1) if node.paragraphs else None

    def _listing_for(self, kind: str, depth: int, label: str) -> tuple[Listing, SectionDraft | Node]:
        """The list this label continues (closing deeper lists), or a new one under the last item.

        Of the open lists of its kind, the one whose next label it is; else, unless it is a first label
        (`1.`, `a)`: a new list), the nearest one (the label is a slip, noted by the caller). A bullet
        right after a numbered point starts that point's list."""
        candidates = [index for index in range(len(self.stack) - 1, -1, -1) if self.stack[index].key == (kind, depth)]
        expected = [index for index in candidates if self._next_label(index) == _normal(label)]
        chosen = expected[0] if expected else (candidates[0] if candidates and not _is_first(label) else None)
        if kind in BULLET_KINDS and chosen is not None and chosen < len(self.stack) - 1 \
                and self.stack[-1].kind not in BULLET_KINDS:
            chosen = None  # a bullet right after a numbered point belongs to it, not to a bullet list further out
        if kind in BULLET_KINDS and chosen is not None and self._numbering_goes_on_inside(chosen):
            chosen = None  # under a bullet of another kind, as the next numbered label (`3.` after `2.`) shows
        if chosen is not None:
            del self.stack[chosen + 1:]
            return self.stack[chosen], self._owner(chosen)
        listing = Listing(kind, depth)
        owner: SectionDraft | Node
        section = self.open_section
        if self.stack:
            owner = self.stack[-1].items[-1]
            owner.children = listing
        elif section.listing is not None:  # a second list of the section's own: kept as children of its last item
            owner = section.listing.items[-1]
            owner.children = listing
            self.stack.append(section.listing)
        else:
            owner = section
            section.listing = listing
        self.stack.append(listing)
        return listing, owner

    def _numbering_goes_on_inside(self, outer: int) -> bool:
        """Whether the next numbered label ahead (not a first one: `1.`, `a)` start a list anywhere) continues a
        numbered list open inside the list at `outer`: going back out to `outer` would close that list."""
        inside = {self._next_label(index) for index in range(outer + 1, len(self.stack))
                  if self.stack[index].kind in NUMBERED_KINDS}
        if not inside:
            return False
        for line in self.lines[self.index + 1:]:
            match = LABEL.match(line.text)
            if match is None or not any(match.group(kind) for kind in NUMBERED_KINDS + ("roman",)):
                continue
            if match.group("roman") or not _is_first(match.group("label")):
                return _normal(match.group("label")) in inside
        return False

    def _next_label(self, index: int) -> str:
        listing, owner = self.stack[index], self._owner(index)
        return item_label(listing.kind, listing.count + 1, owner.shown if isinstance(owner, Node) else "")

    def _owner(self, index: int) -> SectionDraft | Node:
        return self.stack[index - 1].items[-1] if index else self.open_section

    @property
    def open_section(self) -> SectionDraft:
        """The section being read: an item or a paragraph before the first section goes to the preamble."""
        assert self.section is not None, "items and paragraphs are read only once a section is open"
        return self.section

    def _paragraph(self, text: str) -> None:
        if self.last and _continues(self.last, text):
            container, index = self.last
            container[index] = f"{container[index]} {text}"
            return
        target = self.stack[-1].items[-1].paragraphs if self.stack else self.open_section.text
        target.append(text)
        self.last = (target, len(target) - 1)

    def _preamble(self) -> None:
        """Bases (`Căn cứ ...`, or `- ...` in the Party format) first, then the introduction."""
        party = self.found.format == PARTY_FORMAT
        for line in self.preamble:
            match = LABEL.match(line.text)
            basis = line.style == "KH Basis" or line.plain.startswith("Căn cứ") or (party and match and match.group("dash"))
            if basis and not self.found.intro:
                text = match.group("rest") if party and match and match.group("dash") else line.text
                self.found.bases.append(_without_list_end(text))
            elif self.found.intro and self.found.intro[-1] and _continues((self.found.intro, len(self.found.intro) - 1), line.text):
                self.found.intro[-1] += " " + line.text
            else:
                self.found.intro.append(line.text)
        if not self.found.sections and self.found.intro:
            self.last = (self.found.intro, len(self.found.intro) - 1)


def _continues(last: tuple[list[str], int], text: str) -> bool:
    """A line broken off the paragraph before it (a page break of the original, a PDF's line):
    it starts in lower case and the paragraph before has no final punctuation."""
    container, index = last
    before = plain(container[index]).rstrip()
    return bool(text[:1].islower()) and not before.endswith((".", ":", ";", "!", "?", "”", '"', ")"))


def _without_end_mark(text: str) -> str:
    """The body's end mark (`./.`) is the renderer's; one typed after a space stays (the renderer keeps it so)."""
    stripped = text.rstrip()
    for mark in ("./.", "/."):
        if stripped.endswith(mark) and not stripped[:-len(mark)][-1:].isspace():
            return stripped[:-len(mark)] + "."
    return stripped


def _without_list_end(text: str) -> str:
    """A basis without its `;` or `.`: the renderer ends each (one after a space stays, as the renderer keeps it)."""
    stripped = text.rstrip()
    bare = stripped.rstrip(";.,")
    return stripped if bare[-1:].isspace() else bare


def _is_upper(text: str) -> bool:
    letters = [c for c in plain(text) if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _normal(label: str) -> str:
    """`1)` reads as `1.`, `1.2` as `1.2.`: the renderer's forms."""
    if re.fullmatch(r"\d+\)", label):
        return label[:-1] + "."
    return label if label.endswith((".", ")")) else label + "."


def _is_first(label: str) -> bool:
    return label.rstrip(".)").split(".")[-1] in ("1", "a")


# ---------------------------------------------------------------- footer

def _footer(lines: list[Line], found: Recognised) -> None:
    others: list[tuple[str, int]] = []
    uppers: list[tuple[str, int]] = []
    for line in lines:
        if line.group and not uppers and found.archive is None:
            names, note = line.group
            found.recipients.append((list(names), note.strip() or None))
            continue
        for fragment in line.fragments():
            if SIGNED.match(fragment) and found.recipients and found.archive is None and not SIGNING.search(fragment):
                found.note(line.number, f'"{fragment}" đứng riêng cạnh các nơi nhận (ghi chú chung của một nhóm?): '
                                        'nếu vậy ghi {group: [...], note: ...}')
            if not fragment or SIGNED.match(fragment):
                continue
            archive, recipient = ARCHIVE.match(fragment), RECIPIENT.match(fragment)
            if archive:
                found.archive = _archive(archive.group("rest"), found)
            elif recipient and not uppers:
                found.recipients.append(_recipient(recipient.group("rest")))
            elif _is_upper(fragment):
                uppers.append((fragment, line.number))
            else:
                others.append((fragment, line.number))
    _signature(uppers, found)
    if others:
        found.signer_name = others[-1][0]
        remark = " ".join(text for text, _ in others[:-1])
        found.remark = remark or None


def _recipient(text: str) -> tuple[list[str], str | None]:
    text = text.strip().rstrip(";.,").strip()
    names, note = _note_apart(text)
    if note is None:
        return [text], None
    names = names.rstrip(";,. ")
    parts = names.split("; ") if "; " in names else names.split(", ")  # a group typed on one line
    group = len(parts) > 1 and all(part == part.strip(" ;.,") and _named(part) for part in parts)
    return (parts if group else [names]), note.strip() or None


def _named(part: str) -> bool:
    """A part of a group typed on one line reads as a name: its first letter or digit is a capital
    (`Sở Y tế`, `"Y"`; not `195` or `amp` of a name cut at its `&amp; `)."""
    first = next((c for c in part if c.isalnum()), "")
    return first.isupper()


def _note_apart(text: str) -> tuple[str, str | None]:
    """`Sở Nội vụ (để b/c (gấp))` -> the names and the note in the last brackets (brackets inside it kept)."""
    if not text.endswith(")"):
        return text, None
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[index], 0)
        if depth == 0:
            names = text[:index].rstrip()
            return (names, text[index + 1:-1]) if names else (text, None)
    return text, None


def _archive(text: str, found: Recognised) -> tuple[list[str], str | None, int | None]:
    text = _without_end_mark(text).rstrip(".").strip()
    copies = None
    count = re.search(r"\(\s*(\d+)\s*b(?:ản)?\s*\)\s*$", text)
    if count:
        copies, text = int(count.group(1)), text[:count.start()].strip()
    separators = r"\s*[,;]\s*" if found.format == PARTY_FORMAT else r"\s*[,;.]\s*"
    units = [unit for unit in re.split(separators, text) if unit]
    drafter = None
    if units and re.fullmatch(r"[a-zđ]+", units[-1]) and len(units) > 1:
        drafter = units.pop()
    if found.format != PARTY_FORMAT:
        units = [unit for unit in units if unit != "VT"]
    return units, drafter, copies


def _signature(uppers: list[tuple[str, int]], found: Recognised) -> None:
    assert found.format is not None, "recognise sets the format before it reads the footer"
    allowed = FORMATS[found.format].authorities
    for text, line in uppers:
        authority = AUTHORITY.match(text)
        if authority and found.authority is None and found.signer_title is None:
            form = authority.group("authority")
            if form not in allowed and OTHER_FORM.get(form) in allowed:
                found.note(line, f'"{form}" viết theo thể thức {"nhà nước" if found.format == PARTY_FORMAT else "của Đảng"}: '
                                 f'kehoach ghi "{OTHER_FORM[form]}"')
                form = OTHER_FORM[form]
            found.authority, found.head = form, authority.group("head").strip()
        elif found.signer_title is None and found.authority != "Q":
            found.signer_title = text
        else:
            found.note(line, f'dòng "{text}" ở phần chữ ký chưa được đặt vào đâu: kiểm tra "signature"')


# ---------------------------------------------------------------- tasks

def walk(listing: Listing | None):
    """Every node under a list, depth first, in document order."""
    for node in (listing.items if listing else ()):
        yield node
        yield from walk(node.children)


def _written_deadline(typed: str) -> str | None:
    """`Quý I/2020` as the plan writes it; None for what is no deadline after all (`tháng 13/2020`)."""
    try:
        return vn.parse_deadline(typed).text
    except ValueError:
        return None


def task_hints(text: str, line: int) -> list[TaskHint]:
    """Sentences with a deadline (`trước ngày 15/10/2020`), or a report with a period (`Định kỳ 6 tháng ... báo cáo`)."""
    hints = []
    for sentence in SENTENCE_END.split(plain(text)):
        deadline = DEADLINE.search(sentence) or WRITTEN_DEADLINE.search(sentence)
        lowered = sentence.lower()
        repeat = next((every for words, every in REPEATS if words in lowered), None) if "báo cáo" in lowered else None
        if not deadline and not repeat:
            continue
        due = typed = None
        if deadline and deadline.re is DEADLINE:
            day, month, year = (int(deadline.group(k)) for k in ("day", "month", "year"))
            due, typed = f"{year:04d}-{month:02d}-{day:02d}", deadline.group(0).split()[-1]
        elif deadline:
            typed = deadline.group("written") or deadline.group("before")
            due = _written_deadline(typed)
            due, typed = (due, typed) if due else (None, None)
        report = list(REPORT_TO.finditer(sentence[:deadline.start()] if deadline else sentence))
        hints.append(TaskHint(line, sentence, due, typed, None if deadline else repeat,
                              report[-1].group("to").strip() if report else None))
    return hints
