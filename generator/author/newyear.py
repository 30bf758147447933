"""`kehoach new`: next year's draft of a plan, written from this year's.

The plan is edited on the ruamel round-trip tree (the setup of `kehoach fmt`),
so comments and block scalars stay as the clerk wrote them; the rest takes the
layout of `kehoach fmt` (key order, quoting), so the draft passes `fmt --check`.
What moves:

- `number`, `revision` and `draft` are removed (a draft: `Số:      /KH-SYT`), `date` becomes the new
  year and the same month (`2021-03`: the day is left blank);
- dates of the plan's own period move by the same number of years: task `due`
  (also in `tasks:` of an implementation plan), `repeat.start`/`until`,
  `period` (a range such as `2021-2025` moves as a whole, and is listed to
  review: a multi-year plan is rarely redone every year); 29/2 moving into a
  common year becomes 28/2; a deadline landing on a weekend is listed;
- in texts, `năm 2020` (the plan's year, as words) becomes `năm 2021`, unless
  its sentence also holds a date of that year (`(19/5/1890-19/5/2020)`): then
  the year probably names an event of that year, so it is left and listed.

What never moves: dates of other documents and events (`ngày 23/3/2020`,
`ngày 23 tháng 3 năm 2020`, `14/02/2017`) and years inside document numbers
(`20/2019/QĐ-UBND`). Dates of the old year and other mentions of years near it
(`"Năm dân vận khéo" 2020`, `giai đoạn 2021 - 2025`, `quý I/2020`) are left
as typed and listed "cần xem lại". `{due}` needs nothing: it prints the task's
deadline. Replacements keep every year four digits, so folded lines keep their
places.

An implementation plan (`implements`) is pointed at next year's parent when that
file exists (`new_plan_path` of the old parent); otherwise it keeps the old
parent and says so. A parent cited by its particulars (number, date, ...) is
an issued document: they are kept as typed, to review.

Every change and every item to review is written as a comment block at the top
of the new file (after the `# yaml-language-server` line), with the YAML path
of the value (`sections[2].items[2].task.due`, counted from 0). A draft made
from a draft loses the old block and gets its own.
"""
from __future__ import annotations

import calendar
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from collections.abc import Callable

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .. import vn
from ..errors import PlanError, Problem
from ..fields import DATE_PATTERN, Date, DeadlineField, Field, Text, YearRange, field_at
from ..files import display, write_atomically
from ..model import PLAN
from ..read import read_plan
from ..review.fmt import Typed, round_trip

BLOCK_START = "# ==== kehoach new:"
BLOCK_END = "# ==== hết danh sách"
SCHEMA_LINE = "# yaml-language-server:"
WEEKEND = {5: "thứ Bảy", 6: "Chủ nhật"}
EXCERPT = 32  # characters of context kept on each side of a change
# Where a folded scalar (`>-`) keeps its line breaks and the comment after `>`: slots with no public
# API, the one ruamel.yaml internal used here (pinned in pyproject.toml; tests/test_ruamel.py).
SCALAR_SLOTS = ("fold_pos", "comment")
NOT_A_PLAN = "tệp không phải một kế hoạch (cần các khóa format, date, title, ...)"

YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
YEARS = re.compile(r"(?<!\d)(\d{4})(?:\s*[-–]\s*(\d{4}))?(?!\d)")  # 2020, or a range 2021 - 2025
NUMERIC_DATE_BEFORE = re.compile(r"\d{1,2}\s?[/.\-]\s?\d{1,2}\s?[/.\-]\s?$")
WRITTEN_DATE_BEFORE = re.compile(r"(?:ngày\s+\d{1,2}\s+)?tháng\s+\d{1,2}\s*,?\s+năm\s+$", re.IGNORECASE)
YEAR_WORD_BEFORE = re.compile(r"(?<!\w)năm\s+$", re.IGNORECASE)
SLASH_AFTER = re.compile(r"\s*/\s*\d")
CLAUSE_END = re.compile(r"[.;](?=\s)|\n")

# implements.plan as typed -> (the path to write, relative to the new file; is it next year's parent)
Relocate = Callable[[str], tuple[str, bool]]


@dataclass
class Log:
    tree: CommentedMap
    changes: list[str] = field(default_factory=list)
    reviews: list[str] = field(default_factory=list)

    def change(self, path, before, after, note: str = "") -> None:
        self.changes.append(f"{yaml_path(path)}: {before} → {after}{note}{self._id_hint(path)}")

    def review(self, path, note: str) -> None:
        self.reviews.append(f"{yaml_path(path)}: {note}{self._id_hint(path)}")

    def _id_hint(self, path) -> str:
        """The id of the nearest item on the path, to search for in a deep plan."""
        found = nearest_id(self.tree, path)
        return f" (id: {found})" if found else ""

    def lines(self) -> list[str]:
        return self.changes + [f"cần xem lại: {line}" for line in self.reviews]


def nearest_id(tree, path) -> str | None:
    node, found = tree, None
    for index, part in enumerate(path[:-1]):
        node = node[part]
        if index and path[index - 1] == "tasks":
            found = part  # tasks: {item-id: ...} of an implementation plan
        elif isinstance(node, CommentedMap) and isinstance(node.get("id"), str):
            found = node["id"]
    return found


def yaml_path(path) -> str:
    """("sections", 2, "items", 2, "task", "due") -> sections[2].items[2].task.due"""
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in path).lstrip(".")


@dataclass(frozen=True)
class Shift:
    """From the old plan's year to the new one; `watched` are years worth a look in texts."""

    old: int
    new: int
    period: tuple[int, int]

    @property
    def years(self) -> int:
        return self.new - self.old

    @property
    def watched(self) -> range:
        first, last = self.period
        return range(first - 1, last + 2)


@dataclass
class Draft:
    target: Path
    year: int
    text: str
    changes: list[str]


@dataclass
class Outcome:
    """What `kehoach new` did: written, refused (the file exists), or the old plan's problems."""

    draft: Draft | None = None
    problems: list[Problem] = field(default_factory=list)  # of the old plan: nothing written
    existing: Path | None = None  # refused to overwrite it
    draft_problems: list[Problem] = field(default_factory=list)  # of the draft as written, warnings too: to fix by hand


# ---------------------------------------------------------------- files

def write_draft(old_path: Path, year: int | None = None, target: Path | None = None, force: bool = False) -> Outcome:
    """`kehoach new`: write the draft (never over an existing file without force), then check it."""
    try:
        draft = draft_from(old_path, year, target)
    except PlanError as err:
        return Outcome(problems=err.problems)
    if draft.target.exists() and not force:
        return Outcome(existing=draft.target)
    write_atomically(draft.target, draft.text.encode("utf-8"))
    return Outcome(draft, draft_problems=_problems_of(draft.target))


def _problems_of(path: Path) -> list[Problem]:
    """The draft's problems and warnings, by place."""
    try:
        return sorted(read_plan(path, display(path)).warnings)
    except PlanError as err:
        return sorted([*err.problems, *err.warnings])


def draft_from(old_path: Path, year: int | None = None, target: Path | None = None) -> Draft:
    """Check the old plan, then write (in memory) its draft for `year`. Raises PlanError."""
    plan = read_plan(old_path, display(old_path))
    year = year or plan.date.year + 1
    target = target or new_plan_path(old_path, year)
    text = old_path.read_text(encoding="utf-8-sig")
    new_text, changes = next_year(text, display(old_path), year, relocate=_parent_locator(old_path, target, year))
    return Draft(target, year, new_text, changes)


def new_plan_path(old_path: Path, year: int) -> Path:
    """The year folder replaced (plans/x/2020/a.yaml -> plans/x/2021/a.yaml); else a-2021.yaml beside it."""
    parts = list(old_path.parts)
    for index in range(len(parts) - 2, -1, -1):
        if re.fullmatch(r"\d{4}", parts[index]):
            old_year, parts[index] = parts[index], str(year)
            name = Path(parts[-1])
            if name.stem.endswith(f"-{old_year}"):
                parts[-1] = f"{name.stem[:-4]}{year}{name.suffix}"
            return Path(*parts)
    stem = re.sub(r"-\d{4}$", "", old_path.stem)
    return old_path.with_name(f"{stem}-{year}{old_path.suffix}")


def _parent_locator(old_path: Path, target: Path, year: int) -> Relocate:
    def locate(typed: str) -> tuple[str, bool]:
        old_parent = (old_path.resolve().parent / typed).resolve()
        next_parent = new_plan_path(old_parent, year)
        found = next_parent.is_file()
        chosen = next_parent if found else old_parent
        return Path(os.path.relpath(chosen, target.resolve().parent)).as_posix(), found
    return locate


# ---------------------------------------------------------------- text

def next_year(text: str, name: str, year: int | None = None,
              relocate: Relocate | None = None) -> tuple[str, list[str]]:
    """Next year's draft of a plan's YAML text: (new text, the changes, one line each).
    The edit is made on the round trip of `kehoach fmt`, so the draft passes `fmt --check`."""
    logs: list[tuple[Shift, Log]] = []

    def edit(tree) -> None:
        if not isinstance(tree, CommentedMap):
            raise PlanError([Problem(name, 1, 1, NOT_A_PLAN)])
        old_year, old_month = _plan_year_month(tree, name)
        shift = Shift(old_year, year or old_year + 1, _period(tree) or (old_year, old_year))
        _check_new_year(tree, shift, name)
        log = Log(tree)
        _drop(tree, "number", " (bản nháp: số để trống)", log)
        _drop(tree, "revision", " (kế hoạch mới: lịch .ics bắt đầu lại từ lần điều chỉnh 0)", log)
        _drop(tree, "draft", " (dự thảo của năm trước; ghi lại draft khi gửi dự thảo năm mới)", log)
        log.change(("date",), tree["date"], f"{shift.new}-{old_month:02d}", " (bản nháp: ngày để trống)")
        tree["date"] = f"{shift.new}-{old_month:02d}"
        for container, key, path in _scalars(tree):
            _update_value(container, key, path, field_at(PLAN, tree, path), shift, log, relocate)
        _review_particulars(tree, shift, log)
        logs.append((shift, log))

    draft = round_trip(without_previous_block(text), name, edit)
    if not logs:  # an empty file: nothing to edit
        raise PlanError([Problem(name, 1, 1, NOT_A_PLAN)])
    shift, log = logs[0]
    return _with_block(draft, _block(name, shift, log)), log.lines()


def _plan_year_month(tree: CommentedMap, name: str) -> tuple[int, int]:
    match = re.fullmatch(DATE_PATTERN, str(tree.get("date", "")).strip())
    if not match:
        line, column = _position(tree, "date")
        raise PlanError([Problem(name, line, column, 'cần "date" dạng NĂM-THÁNG-NGÀY để biết năm của kế hoạch')])
    return int(match.group(1)), int(match.group(2))


def _period(tree: CommentedMap) -> tuple[int, int] | None:
    years = [int(y) for y in YEAR.findall(str(tree.get("period", "")))]
    return (years[0], years[-1]) if years else None


def _check_new_year(tree: CommentedMap, shift: Shift, name: str) -> None:
    if not (shift.old < shift.new <= 9999):
        line, column = _position(tree, "date")
        raise PlanError([Problem(name, line, column,
                                 f"năm mới {shift.new} phải sau năm của kế hoạch ({shift.old})")])


def _position(tree: CommentedMap, key: str) -> tuple[int, int]:
    line, column = tree.lc.value(key) if key in tree else (0, 0)
    return line + 1, column + 1


def _drop(tree: CommentedMap, key: str, note: str, log: Log) -> None:
    """Remove a top-level key; full-line comments that stood under it move to the next key."""
    if key not in tree:
        return
    log.change((key,), tree[key], "bỏ", note)
    keys = list(tree)
    following = keys[keys.index(key) + 1] if keys[-1] != key else None
    token = (tree.ca.items.pop(key, None) or [None] * 4)[2]
    del tree[key]
    kept = [line.strip()[1:].strip() for line in (token.value.split("\n")[1:] if token else []) if line.strip()]
    if kept and following:
        tree.yaml_set_comment_before_after_key(following, before="\n".join(kept))


def _scalars(node, path=()):
    """(container, key, path) of every scalar, in document order."""
    pairs = node.items() if isinstance(node, CommentedMap) else enumerate(node)
    for key, value in list(pairs):
        if isinstance(value, (CommentedMap, CommentedSeq)):
            yield from _scalars(value, path + (key,))
        else:
            yield node, key, path + (key,)


def _update_value(container, key, path, described: Field | None, shift: Shift, log: Log, relocate: Relocate | None) -> None:
    """What moves is found by the plan's description: its Date fields, its period, its free texts."""
    value = container[key]
    if path in (("date",), ("number",), ("revision",), ("draft",)):
        return  # done first, at the top of the list
    if path[0] == "implements" and path != ("implements", "plan"):
        return  # the particulars of a document already issued: _review_particulars
    if isinstance(described, YearRange):
        _move_period(container, shift, log)
    elif isinstance(described, Date) or (isinstance(described, DeadlineField) and re.fullmatch(DATE_PATTERN, str(value).strip())):
        _move_date(container, key, path, shift, log)
    elif isinstance(described, DeadlineField):
        _move_deadline(container, key, path, shift, log)
    elif path == ("implements", "plan"):
        _move_parent(container, shift, log, relocate)
    elif isinstance(value, str) and not isinstance(value, Typed) and _is_free_text(described):
        _update_text(container, key, path, shift, log)


def _is_free_text(described: Field | None) -> bool:
    """Words a clerk wrote: text of no pattern, not an id, a code or a choice (`every`, `format`, `criteria`)."""
    return isinstance(described, Text) and described.pattern is None


# ---------------------------------------------------------------- dates

def _move_period(tree, shift: Shift, log: Log) -> None:
    old = tree["period"]
    new = YEAR.sub(lambda m: str(int(m.group()) + shift.years), str(old))
    tree["period"] = _restyled(old, int(new) if isinstance(old, int) else new)
    log.change(("period",), old, tree["period"])
    first, last = shift.period
    if first != last:
        log.review(("period",), "giai đoạn nhiều năm: kế hoạch giai đoạn thường không làm lại hằng năm; "
                                "kiểm tra lại giai đoạn và các thời hạn")


def _move_date(container, key, path, shift: Shift, log: Log) -> None:
    old = str(container[key])
    match = re.fullmatch(DATE_PATTERN, old.strip())
    if not match:
        log.review(path, f'không đọc được ngày "{old}", giữ nguyên')
        return
    year, month = int(match.group(1)) + shift.years, int(match.group(2))
    day = int(match.group(3)) if match.group(3) else None
    new, note = f"{year}{old.strip()[4:]}", ""
    if (month, day) == (2, 29) and not calendar.isleap(year):
        day, new, note = 28, new[:-2] + "28", f" (năm {year} không có ngày 29/2)"
    container[key] = _restyled(container[key], new)
    log.change(path, old, new, note)
    if day and calendar.weekday(year, month, day) in WEEKEND:
        log.review(path, f"thời hạn mới {day}/{month}/{year} rơi vào {WEEKEND[calendar.weekday(year, month, day)]}")


def _move_deadline(container, key, path, shift: Shift, log: Log) -> None:
    """A deadline as written moves as written: `Quý II/2020` -> `Quý II/2021`; `Trước ngày 15/10` and
    `Thường xuyên` need nothing."""
    old = str(container[key])
    try:
        deadline = vn.parse_deadline(old)
    except ValueError:
        log.review(path, f'không đọc được thời hạn "{old}", giữ nguyên')
        return
    moved = deadline.moved(shift.years)
    if moved != deadline:
        container[key] = _restyled(container[key], moved.in_sentence)  # its first letter as typed
        log.change(path, old, moved.in_sentence)


def _move_parent(container, shift: Shift, log: Log, relocate: Relocate | None) -> None:
    old = str(container["plan"])
    path = ("implements", "plan")
    new, found = relocate(old) if relocate else (old, False)
    if new != old:
        container["plan"] = _restyled(container["plan"], new)
        log.change(path, old, new)
    if not found:
        log.review(path, f"chưa có kế hoạch cấp trên năm {shift.new} (vẫn dẫn tới bản năm {shift.old}): "
                         'tạo nó bằng kehoach new rồi sửa "implements.plan"')


def _review_particulars(tree, shift: Shift, log: Log) -> None:
    """A parent cited by its number and date is last year's document: the clerk names this year's."""
    implements = tree.get("implements")
    if not isinstance(implements, CommentedMap) or not set(implements) - {"plan", "about", "recipient"}:
        return
    log.review(("implements",), f"văn bản cấp trên ghi theo số, ngày (giữ nguyên như năm {shift.old}): nếu năm "
                                f"{shift.new} cấp trên ban hành văn bản mới, sửa number, date, about cho khớp")


# ---------------------------------------------------------------- texts

@dataclass(frozen=True)
class YearMention:
    start: int
    end: int
    years: tuple[int, ...]  # one year, or the first and last of a range
    kind: str  # "number" | "date" | "plan-year" | "other"

    @property
    def year(self) -> int:
        return self.years[0]


def _update_text(container, key, path, shift: Shift, log: Log) -> None:
    text = new = str(container[key])
    mentions = [m for m in _mentions(text) if any(year in shift.watched for year in m.years)]
    for mention in mentions:
        note = _why_kept(text, mention, mentions, shift)
        if note is None:  # the plan's year, as words: it moves (same length, so positions hold)
            new = new[:mention.start] + str(shift.new) + new[mention.end:]
            log.change(path, _excerpt(text, mention), _excerpt(new, mention))
        elif note:
            log.review(path, note)
    if new != text:
        container[key] = _restyled(container[key], new)


def _why_kept(text: str, mention: YearMention, mentions: list[YearMention], shift: Shift) -> str | None:
    """None: the mention moves; "": kept, nothing to say (a document number, an older date); else the note."""
    if mention.kind == "number" or (mention.kind == "date" and mention.year != shift.old):
        return ""
    if mention.kind == "date":
        return f"giữ ngày {_date_text(text, mention)} (văn bản hoặc sự kiện khác?); kiểm tra lại cho năm {shift.new}"
    if mention.kind == "plan-year" and mention.year == shift.old:
        held = [m for m in mentions if m.kind == "date" and m.year == shift.old and _same_clause(text, m, mention)]
        if not held:
            return None
        return (f'{_excerpt(text, mention)}: giữ "năm {mention.year}" vì cùng câu có ngày '
                f"{_date_text(text, held[0])}; sửa nếu nói về năm của kế hoạch")
    return f'{_excerpt(text, mention)}: giữ "{text[mention.start:mention.end]}"; sửa nếu nói về thời kỳ của kế hoạch'


def _mentions(text: str) -> list[YearMention]:
    return [YearMention(m.start(), m.end(), tuple(int(y) for y in m.groups() if y), _kind(text, m))
            for m in YEARS.finditer(text)]


def _kind(text: str, match: re.Match) -> str:
    start, end = match.span()
    before, after = text[max(0, start - 32):start], text[end:end + 8]
    if before.endswith("/") and after.startswith("/"):
        return "number"  # 20/2019/QĐ-UBND, 30/2020/NĐ-CP
    if NUMERIC_DATE_BEFORE.search(before) or WRITTEN_DATE_BEFORE.search(before):
        return "date"  # 23/3/2020, ngày 23 tháng 3 năm 2020
    if YEAR_WORD_BEFORE.search(before) and not match.group(2) and not SLASH_AFTER.match(after):
        return "plan-year"
    return "other"  # "Năm dân vận khéo" 2020, giai đoạn 2021 - 2025, quý I/2020


def _same_clause(text: str, first: YearMention, second: YearMention) -> bool:
    low, high = sorted((first.start, second.start))
    return not CLAUSE_END.search(text, low, high)


def _date_text(text: str, mention: YearMention) -> str:
    before = text[max(0, mention.start - 32):mention.start]
    found = NUMERIC_DATE_BEFORE.search(before) or WRITTEN_DATE_BEFORE.search(before)
    start = found.start() if found else len(before)  # a mention of kind "date" has a date before its year
    return " ".join((before[start:] + text[mention.start:mention.end]).split())


def _excerpt(text: str, mention: YearMention) -> str:
    start, end = max(0, mention.start - EXCERPT), min(len(text), mention.end + EXCERPT // 3)
    while 0 < start < mention.start and not text[start - 1].isspace():
        start += 1
    while end < len(text) and not text[end].isspace():
        end += 1
    body = " ".join(text[start:end].split())
    return f'"{"…" if start > 0 else ""}{body}{"…" if end < len(text) else ""}"'


def _restyled(old, new):
    """`new` written the way `old` was: folded, literal, quoted, a date, with its anchor."""
    if type(old) in (str, int, bool) or not isinstance(new, str):
        return new
    styled = type(old)(new)
    for attribute in SCALAR_SLOTS:
        if hasattr(old, attribute):
            setattr(styled, attribute, getattr(old, attribute))
    anchor = old.yaml_anchor() if hasattr(old, "yaml_anchor") else None
    if anchor is not None:
        styled.yaml_set_anchor(anchor.value, always_dump=anchor.always_dump)
    return styled


# ---------------------------------------------------------------- the comment block

def without_previous_block(text: str) -> str:
    """The text without the block a previous `kehoach new` wrote (a draft made from a draft)."""
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.startswith(BLOCK_START)]
    if not starts:
        return text
    ends = [i for i in range(starts[0], len(lines)) if lines[i].startswith(BLOCK_END)]
    inside = lines[starts[0]:ends[0] + 1] if ends else []
    if not inside or not all(line.startswith("#") for line in inside):
        return text
    return "".join(lines[:starts[0]] + lines[ends[0] + 1:])


def _block(name: str, shift: Shift, log: Log) -> list[str]:
    lines = [f"{BLOCK_START} bản nháp kế hoạch năm {shift.new}, tạo từ {name} (năm {shift.old}) ====",
             "# Đường dẫn đếm từ 0: sections[2].items[2] là mục III, khoản 3.",
             "# Đã thay đổi:"]
    lines += [f"# - {line}" for line in log.changes]
    lines += ["# Cần xem lại (chưa sửa):"] + [f"# - {line}" for line in log.reviews or ["không có"]]
    lines.append(f"{BLOCK_END}: xóa khối chú thích này khi đã rà soát xong ====")
    return [" ".join(line.split("\n")) for line in lines]


def _with_block(text: str, block: list[str]) -> str:
    """The block after the `# yaml-language-server` line, else at the very top."""
    first, _, rest = text.partition("\n")
    if first.startswith(SCHEMA_LINE):
        return first + "\n" + "\n".join(block) + "\n" + rest
    return "\n".join(block) + "\n" + text
