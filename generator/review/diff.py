"""`kehoach diff`: what changed in meaning between two versions of a plan, in
Vietnamese and in the document's own terms (Mục II, khoản 3, điểm b, ý 2).

Sections and items are matched (by id, then by text), not compared by
position: inserting an item renumbers the ones after it, and that renumbering
is one change, not one per shifted item. Added and changed items are named by
the new numbering, removed ones by the old.
"""
from __future__ import annotations

import difflib
import html
import io
import json
import re
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import inline, rules, vn
from ..files import PLAN_SUFFIXES, display
from ..errors import PlanError, Problem
from ..layout import DEFAULT_NUMBERING, Table, authority_line, item_label, layout, paragraphs
from ..model import Item, Plan, Recipient, Section, Task, default_document_name
from ..read import read_plan

NO_CHANGES = "Không có thay đổi về nội dung."
SIMILAR = 0.6  # difflib ratio from which two item texts are one item edited
ROMAN = "roman"  # the numbering of sections
LABELLED = ("decimal", "nested", "letters", ROMAN)  # numberings whose labels a renumbering changes
NOUNS = {ROMAN: "mục", "decimal": "khoản", "nested": "khoản", "letters": "điểm"}  # bullets: "ý"
NUMBERING_NAMES = {
    "decimal": "số 1., 2.", "nested": "số nhiều cấp 1.1., 1.2.", "letters": "chữ cái a), b)",
    "dash": "gạch đầu dòng -", "plus": "dấu +", "star": "dấu *", "none": "không đánh số",
}
EXCERPT_WORDS = 12  # a longer fragment shows its first and last words
EXCERPT_EDITS = 3


@dataclass(frozen=True)
class Change:
    kind: str  # "item-added", "task-due", ...
    where: str  # "Mục III, khoản 3", "Người ký", "Nơi nhận"
    message: str
    old: str | None = None
    new: str | None = None

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


# Places: how one version numbers a list of the document.

@dataclass(frozen=True)
class Level:
    """A list (the sections, or the items under one parent) as one version numbers it."""

    where: str  # the parent's place: "Mục II", "Mục II, khoản 6"; "" for the sections
    numbering: str
    parent_label: str = ""
    document: str = "Kế hoạch"  # names the parent of the sections

    @property
    def site(self) -> str:
        """Where a change of the list itself (an item added, removed, moved) is reported."""
        return self.where or self.document

    @property
    def noun(self) -> str:
        return NOUNS.get(self.numbering, "ý")

    def label(self, position: int) -> str:
        if self.numbering == ROMAN:
            return f"{vn.roman(position)}."
        return item_label(self.numbering, position, self.parent_label)

    def number(self, position: int) -> str:
        """The label as text names it (II, 3, 1.2, b); bullets by their position."""
        if self.numbering in LABELLED:
            return self.label(position).rstrip(".)")
        return str(position)

    def name(self, position: int) -> str:
        noun = "Mục" if self.numbering == ROMAN else self.noun
        return f"{noun} {self.number(position)}"

    def place(self, position: int) -> str:
        return _join(self.where, self.name(position))

    def items_of(self, position: int, numbering: str) -> Level:
        parent_label = "" if self.numbering == ROMAN else self.label(position)
        return Level(self.place(position), numbering, parent_label, self.document)


def _join(where: str, name: str) -> str:
    """`Mục II, khoản 6` + `khoản 6.1` -> `Mục II, khoản 6.1`: a nested label already names its parent."""
    if not where:
        return name
    head, _, last = where.rpartition(", ")
    if name.startswith("khoản ") and last.startswith("khoản ") and name.startswith(last + "."):
        return _join(head, name)
    return f"{where}, {name}"


def sections_level(plan: Plan) -> Level:
    return Level("", ROMAN, document=rules.TYPE_NAMES_IN_TEXT[plan.type])


def section_numbering(section: Section) -> str:
    return section.numbering or DEFAULT_NUMBERING["section"]


def item_numbering(item: Item) -> str:
    return item.numbering or DEFAULT_NUMBERING["item"]


# The whole plan, in the order the document shows it.

def diff_plans(old: Plan, new: Plan) -> list[Change]:
    return [
        *_header_changes(old, new),
        *_text_change("bases", "Căn cứ", "\n".join(old.bases), "\n".join(new.bases)),
        *_text_change("intro", "Phần mở đầu", old.intro, new.intro),
        *_list_changes(old.sections, new.sections, sections_level(old), sections_level(new),
                       _match_sections(old.sections, new.sections), _section_pair_changes),
        *_text_change("closing", "Phần kết", old.closing, new.closing),
        *_recipient_changes(old.recipients, new.recipients),
        *_value_change("archive", "Lưu", _archive_text(old), _archive_text(new)),
        *_value_change("remark", "Ghi chú", old.remark, new.remark),
        *_signature_changes(old, new),
        *_attachment_changes(old, new),
    ]


def _header_changes(old: Plan, new: Plan) -> list[Change]:
    issuer_fields = (("parent", "Cơ quan chủ quản"), ("name", "Cơ quan ban hành"), ("code", "Ký hiệu cơ quan"),
                     ("place", "Địa danh"), ("called", "Tên cơ quan trong câu"))
    return [
        *_value_change("format", "Thể thức", old.format, new.format),
        *_value_change("number", "Số", _number_text(old), _number_text(new)),
        *_value_change("date", "Ngày ban hành", _date_text(old.date), _date_text(new.date)),
        *_value_change("urgency", "Độ khẩn", old.urgency, new.urgency),
        *[change for key, where in issuer_fields
          for change in _value_change("issuer", where, getattr(old.issuer, key), getattr(new.issuer, key))],
        *_value_change("title", "Trích yếu", _quoted(old.title), _quoted(new.title)),
        *_value_change("period", "Thời kỳ", _period_text(old.period), _period_text(new.period)),
    ]


def _number_text(plan: Plan) -> str | None:
    if plan.number is None:
        return None
    return vn.number_symbol(plan.format, plan.number, plan.type, plan.issuer.code)


def _date_text(date) -> str | None:
    if date is None:
        return None
    if date.is_full:
        return vn.short_date(date.as_date())
    return f"{vn.pad_month(date.month)}/{date.year}"


def _period_text(period) -> str | None:
    if period is None:
        return None
    first, last = period
    return str(first) if first == last else f"{first}–{last}"


def _quoted(text: str | None) -> str | None:
    return None if text is None else f"“{inline.plain(text)}”"


def _value_change(kind: str, where: str, old: str | None, new: str | None) -> list[Change]:
    if old == new:
        return []
    return [Change(kind, where, _arrow(old, new), old, new)]


def _arrow(old: str | None, new: str | None, label: str = "", colon: bool = False) -> str:
    """`thêm X`, `bỏ X`, `X → Y`; with a label: `thời hạn X → Y`, `thêm thời hạn Y`, `chủ trì: X → Y`."""
    head = f"{label}{':' if colon else ''} " if label else ""
    if old is None:
        return f"thêm {head}{new}"
    if new is None:
        return f"bỏ {head}{old}"
    return f"{head}{old} → {new}"


# Text: compared as the reader sees it, the edit shown word by word.

def _text_change(kind: str, where: str, old: str | None, new: str | None, subject: str = "nội dung") -> list[Change]:
    message = text_edit(old, new, subject)
    return [Change(kind, where, message, old, new)] if message else []


def text_edit(old: str | None, new: str | None, subject: str = "nội dung") -> str | None:
    """What changed between two texts, in a few words; None when a reader sees no difference."""
    old_paras, new_paras = _normalised(old), _normalised(new)
    if old_paras == new_paras:
        return None
    if not old_paras:
        return f"thêm {subject}: {_fragment(_words(new_paras))}"
    if not new_paras:
        return f"bỏ {subject}"
    old_words, new_words = _words(old_paras), _words(new_paras)
    if old_words == new_words:
        if [inline.plain(p) for p in old_paras] == [inline.plain(p) for p in new_paras]:
            return f"sửa chữ đậm, nghiêng trong {subject}"
        return f"sửa cách chia đoạn trong {subject}"
    return f"sửa {subject}: {word_edits(old_words, new_words)}"


def _normalised(text: str | None) -> list[str]:
    return [" ".join(paragraph.split()) for paragraph in paragraphs(text)]


def _words(paras: list[str]) -> list[str]:
    return [word for paragraph in paras for word in inline.plain(paragraph).split()]


def word_edits(old: list[str], new: list[str]) -> str:
    """`“15/10” → “30/10”; thêm “đảng” sau “cấp ủy”; bỏ “...”`, at most a few edits."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    edits = [_word_edit(op, old, new) for op in matcher.get_opcodes() if op[0] != "equal"]
    shown = edits[:EXCERPT_EDITS]
    if len(edits) > len(shown):
        shown.append(f"và {len(edits) - len(shown)} chỗ khác")
    return "; ".join(shown)


def _word_edit(op, old: list[str], new: list[str]) -> str:
    tag, i1, i2, j1, j2 = op
    if tag == "replace":
        return f"{_fragment(old[i1:i2])} → {_fragment(new[j1:j2])}"
    if tag == "delete":
        return f"bỏ {_fragment(old[i1:i2])} {_after(old, i1)}"
    return f"thêm {_fragment(new[j1:j2])} {_after(new, j1)}"


def _after(words: list[str], at: int) -> str:
    """Where an insertion or deletion stands: after the two words before it."""
    return f"sau {_fragment(words[max(0, at - 2):at])}" if at else "ở đầu"


def _fragment(words: list[str]) -> str:
    if len(words) > EXCERPT_WORDS:
        words = [*words[:6], "…", *words[-3:]]
    return f"“{' '.join(words)}”"


# Lists: matched pairs, then what was removed, added, moved and renumbered.

def _list_changes(old_nodes, new_nodes, old_level: Level, new_level: Level, pairs, pair_changes) -> list[Change]:
    """Changes of one list: the structure (removed, added, moved), then each pair's own changes."""
    kind = "section" if old_level.numbering == ROMAN else "item"
    in_order = _longest_in_order(pairs)
    old_of = {j: i for i, j in pairs}
    paired_old = {i for i, _ in pairs}
    changes = [Change(f"{kind}-removed", old_level.site, f"bỏ {old_level.name(i + 1)}{_caption(old_nodes[i])}",
                      old=_summary(old_nodes[i]))
               for i in range(len(old_nodes)) if i not in paired_old]
    structural = list(range(len(changes)))
    for j, node in enumerate(new_nodes):
        if j not in old_of:
            structural.append(len(changes))
            changes.append(Change(f"{kind}-added", new_level.site, f"thêm {new_level.name(j + 1)}{_caption(node)}",
                                  new=_summary(node)))
            continue
        i = old_of[j]
        if (i, j) not in in_order:
            structural.append(len(changes))
            changes.append(_moved(kind, old_level, new_level, i, j))
        changes += pair_changes(old_nodes[i], node, old_level, i + 1, new_level, j + 1)
    return _with_renumbering(changes, structural, _renumbering(old_level, new_level, in_order), new_level.site)


def _moved(kind: str, old_level: Level, new_level: Level, i: int, j: int) -> Change:
    direction = "xuống" if j > i else "lên"
    old_name, new_name = old_level.name(i + 1), new_level.name(j + 1)
    return Change(f"{kind}-moved", new_level.site, f"chuyển từ {old_name} {direction} {new_name}", old_name, new_name)


def _caption(node) -> str:
    """A section added or removed is named with its title: `Mục III “KINH PHÍ”`."""
    return f" “{_section_title(node)}”" if isinstance(node, Section) else ""


def _summary(node) -> str:
    if isinstance(node, Section):
        return _section_title(node)
    return " ".join(_words(_normalised("\n".join(filter(None, (node.title, node.text))))))


def _longest_in_order(pairs: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
    """The most pairs kept in the same order in both versions; the other pairs moved."""
    by_new = sorted(pairs, key=lambda pair: pair[1])
    chains: list[list[tuple[int, int]]] = []
    for k, (i, _) in enumerate(by_new):
        before = [chains[m] for m in range(k) if by_new[m][0] < i]
        chains.append([*(max(before, key=len) if before else []), by_new[k]])
    longest: list[tuple[int, int]] = max(chains, key=len) if chains else []
    return set(longest)


def _renumbering(old_level: Level, new_level: Level, in_order: set) -> str | None:
    """`các khoản 3–6 đánh số lại thành 4–7`: the labels that shifted, in runs."""
    if old_level.numbering != new_level.numbering or new_level.numbering not in LABELLED:
        return None
    runs: list[list] = []
    for i, j in sorted(pair for pair in in_order if pair[0] != pair[1]):
        if runs and runs[-1][-1] == (i - 1, j - 1):
            runs[-1].append((i, j))
        else:
            runs.append([(i, j)])
    return ", ".join(_run_text(old_level, new_level, run) for run in runs) or None


def _run_text(old_level: Level, new_level: Level, run: list) -> str:
    (first_old, first_new), (last_old, last_new) = run[0], run[-1]
    if len(run) == 1:
        return f"{old_level.noun} {old_level.number(first_old + 1)} đánh số lại thành {new_level.number(first_new + 1)}"
    old_range = f"{old_level.number(first_old + 1)}–{old_level.number(last_old + 1)}"
    new_range = f"{new_level.number(first_new + 1)}–{new_level.number(last_new + 1)}"
    return f"các {old_level.noun} {old_range} đánh số lại thành {new_range}"


def _with_renumbering(changes: list[Change], structural: list[int], renumbering: str | None, site: str) -> list[Change]:
    """One renumbering per list: joined to the insertion, removal or move that caused it, if only one did."""
    if not renumbering:
        return changes
    if not structural:  # a shift always has a cause in the list; kept safe all the same
        return [*changes, Change("renumbered", site, renumbering)]
    if len(structural) == 1:
        cause = changes[structural[0]]
        changes[structural[0]] = Change(cause.kind, cause.where, f"{cause.message}; {renumbering}", cause.old, cause.new)
        return changes
    changes.insert(structural[-1] + 1, Change("renumbered", site, renumbering))
    return changes


# Matching.

def _match_sections(old: tuple[Section, ...], new: tuple[Section, ...]) -> list[tuple[int, int]]:
    """By id, else by title (case-insensitive), else by position."""
    pairs: dict[int, int] = {}  # new index -> old index
    _pair_best(pairs, old, new, lambda a, b: float(bool(a.id) and a.id == b.id), 1.0)
    _pair_best(pairs, old, new, lambda a, b: float(_section_title(a) == _section_title(b)), 1.0)
    free_old = set(range(len(old))) - set(pairs.values())
    pairs.update({j: j for j in range(len(new)) if j not in pairs and j in free_old})
    return sorted((i, j) for j, i in pairs.items())


def match_items(old: tuple[Item, ...], new: tuple[Item, ...]) -> list[tuple[int, int]]:
    """By id, then identical text, then similar text, in order: (old index, new index)."""
    pairs: dict[int, int] = {}
    _pair_best(pairs, old, new, lambda a, b: float(bool(a.id) and a.id == b.id), 1.0)
    _pair_best(pairs, old, new, lambda a, b: float(_content(a) == _content(b)), 1.0)
    _pair_best(pairs, old, new, _similarity, SIMILAR)
    return sorted((i, j) for j, i in pairs.items())


def _pair_best(pairs: dict[int, int], old, new, score, threshold: float) -> None:
    """Each unpaired new node, in order, takes the best-scoring unpaired old node reaching the threshold."""
    for j, node in enumerate(new):
        if j in pairs:
            continue
        taken = set(pairs.values())
        scored = [(score(candidate, node), -i) for i, candidate in enumerate(old) if i not in taken]
        best = max(scored, default=None)
        if best and best[0] >= threshold:
            pairs[j] = -best[1]


def _content(item: Item) -> list[str]:
    return _words(_normalised("\n".join(filter(None, (item.title, item.text)))))


def _similarity(a: Item, b: Item) -> float:
    matcher = difflib.SequenceMatcher(None, _content(a), _content(b), autojunk=False)
    return matcher.ratio() if matcher.quick_ratio() >= SIMILAR else 0.0


def _section_title(section: Section) -> str:
    return vn.upper(section.title).rstrip(".").strip()


# A matched section or item: its own changes, then its children's.

def _section_pair_changes(old: Section, new: Section, old_level: Level, i: int, new_level: Level, j: int) -> list[Change]:
    where = new_level.place(j)
    old_numbering, new_numbering = section_numbering(old), section_numbering(new)
    return [
        *_renamed(where, _section_title(old), _section_title(new)),
        *_text_change("section-text", where, old.text, new.text, "đoạn mở đầu"),
        *_numbering_change(where, old_numbering, new_numbering, bool(old.items and new.items)),
        *_items_changes(old.items, new.items, old_level.items_of(i, old_numbering), new_level.items_of(j, new_numbering)),
        *_text_change("section-closing", where, old.closing, new.closing, "đoạn kết"),
    ]


def _renamed(where: str, old: str, new: str) -> list[Change]:
    return [] if old == new else [Change("section-renamed", where, _arrow(old, new, "đổi tên", colon=True), old, new)]


def _items_changes(old: tuple[Item, ...], new: tuple[Item, ...], old_level: Level, new_level: Level) -> list[Change]:
    return _list_changes(old, new, old_level, new_level, match_items(old, new), _item_pair_changes)


def _item_pair_changes(old: Item, new: Item, old_level: Level, i: int, new_level: Level, j: int) -> list[Change]:
    where = new_level.place(j)
    old_numbering, new_numbering = item_numbering(old), item_numbering(new)
    return [
        *_text_change("item-title", where, old.title, new.title, "tiêu đề"),
        *_text_change("item-text", where, old.text, new.text),
        *_task_changes(where, old.task, new.task),
        *_numbering_change(where, old_numbering, new_numbering, bool(old.items and new.items)),
        *_items_changes(old.items, new.items, old_level.items_of(i, old_numbering), new_level.items_of(j, new_numbering)),
        *_text_change("item-closing", where, old.closing, new.closing, "đoạn kết"),
    ]


def _numbering_change(where: str, old: str, new: str, has_children: bool) -> list[Change]:
    if old == new or not has_children:
        return []
    message = f"đổi cách đánh số: {NUMBERING_NAMES[old]} → {NUMBERING_NAMES[new]}"
    return [Change("numbering", where, message, old, new)]


def _task_changes(where: str, old: Task | None, new: Task | None) -> list[Change]:
    if old is None:
        return [] if new is None else [Change("task-added", where, f"giao nhiệm vụ, chủ trì: {new.owner}", new=new.owner)]
    if new is None:
        return [Change("task-removed", where, f"bỏ nhiệm vụ (chủ trì: {old.owner})", old=old.owner)]
    fields = (
        ("task-due", "thời hạn", _due_text(old), _due_text(new), False),
        ("task-owner", "chủ trì", old.owner, new.owner, True),
        ("task-partners", "phối hợp", _joined(old.partners), _joined(new.partners), True),
        ("task-repeat", "định kỳ", _repeat_text(old), _repeat_text(new), True),
        ("task-report-to", "báo cáo về", old.report_to, new.report_to, True),
        ("task-product", "sản phẩm", old.product, new.product, True),
        ("task-summary", "nội dung tóm tắt", old.summary, new.summary, True),
    )
    return [Change(kind, where, _arrow(a, b, label, colon), a, b) for kind, label, a, b, colon in fields if a != b]


def _due_text(task: Task) -> str | None:
    return _date_text(task.due)


def _joined(names) -> str | None:
    return ", ".join(names) or None


def _repeat_text(task: Task) -> str | None:
    repeat = task.repeat
    if repeat is None:
        return None
    parts = [vn.REPEAT_NAMES[repeat.every]]
    if repeat.day:
        parts.append(f"ngày {repeat.day}")
    if repeat.start:
        parts.append(f"từ {_date_text(repeat.start)}")
    if repeat.until:
        parts.append(f"đến {_date_text(repeat.until)}")
    return ", ".join(parts)


# Recipients, signature, what is attached.

def _recipient_changes(old: tuple[Recipient, ...], new: tuple[Recipient, ...]) -> list[Change]:
    old_notes, new_notes = _recipient_notes(old), _recipient_notes(new)
    changes = [Change("recipient-removed", "Nơi nhận", f"bỏ {name}", old=name) for name in old_notes if name not in new_notes]
    changes += [Change("recipient-added", "Nơi nhận", f"thêm {name}", new=name) for name in new_notes if name not in old_notes]
    for name in (name for name in new_notes if name in old_notes and old_notes[name] != new_notes[name]):
        a, b = old_notes[name], new_notes[name]
        changes.append(Change("recipient-note", "Nơi nhận", _arrow(a, b, f"ghi chú của {name}", colon=True), a, b))
    kept_old = [name for name in old_notes if name in new_notes]
    if kept_old != [name for name in new_notes if name in old_notes]:
        changes.append(Change("recipient-order", "Nơi nhận", "đổi thứ tự"))
    return changes


def _recipient_notes(recipients: tuple[Recipient, ...]) -> dict[str, str | None]:
    """Each name, as printed, with its note (a group's names share one)."""
    return {name.rstrip(";., "): recipient.note for recipient in recipients for name in recipient.names}


def _archive_text(plan: Plan) -> str:
    archive = plan.archive
    line = vn.archive_line(plan.format, list(archive.units), archive.drafter, archive.copies)
    return line.removeprefix("Lưu").lstrip(": ")


def _signature_changes(old: Plan, new: Plan) -> list[Change]:
    return [
        *_value_change("signature-authority", "Thẩm quyền ký", authority_line(old), authority_line(new)),
        *_value_change("signature-title", "Chức vụ người ký", _upper(old.signature.title), _upper(new.signature.title)),
        *_value_change("signer", "Người ký", old.signature.name, new.signature.name),
    ]


def _upper(text: str | None) -> str | None:
    return None if text is None else vn.upper(text)


def _attachment_changes(old: Plan, new: Plan) -> list[Change]:
    old_forms, new_forms = {f.id: f for f in old.forms}, {f.id: f for f in new.forms}
    changes = [Change("form-removed", "Phiếu đăng ký", f"bỏ “{form.title}”", old=form.id)
               for key, form in old_forms.items() if key not in new_forms]
    changes += [Change("form-added", "Phiếu đăng ký", f"thêm “{form.title}”", new=form.id)
                for key, form in new_forms.items() if key not in old_forms]
    changes += [Change("form-changed", f"Phiếu đăng ký “{form.title}”", "sửa nội dung phiếu", new=key)
                for key, form in new_forms.items() if key in old_forms and old_forms[key] != form]
    changes += _value_change("appendices", "Phụ lục", _appendix_names(old), _appendix_names(new))
    by_owner = {True: "có bảng riêng cho từng đơn vị chủ trì", False: None}
    changes += _value_change("checklist", "Bảng phân công", by_owner[old.checklist.by_owner], by_owner[new.checklist.by_owner])
    changes += _value_change("documents", "Văn bản theo mẫu", _document_names(old), _document_names(new))
    return changes


PER = {"plan": None, "owner": "mỗi đơn vị chủ trì", "unit": "mỗi cơ quan"}


def _document_names(plan: Plan) -> str | None:
    """`bao-cao (mỗi đơn vị chủ trì), thu-moi.docx (tên moi)`: the office documents a plan asks for."""
    return ", ".join(map(_document_name, plan.documents)) or None


def _document_name(document) -> str:
    notes = [f"tên {document.name}" if document.name != default_document_name(document.template) else None, PER[document.per]]
    shown = ", ".join(note for note in notes if note)
    return f"{document.template} ({shown})" if shown else document.template


def _appendix_names(plan: Plan) -> str | None:
    titles = {form.id: f"“{form.title}”" for form in plan.forms}
    return ", ".join(titles.get(name, "bảng phân công nhiệm vụ") for name in plan.appendices) or None


# Output.

def format_text(changes: list[Change]) -> str:
    return "\n".join(map(str, changes)) or NO_CHANGES


def change_records(changes: list[Change]) -> list[dict]:
    return [asdict(change) for change in changes]


def format_json(changes: list[Change]) -> str:
    return json.dumps(change_records(changes), ensure_ascii=False, indent=2)


def document_lines(plan: Plan | None) -> list[str]:
    """The paragraphs the document shows, labels included, in reading order."""
    if plan is None:
        return []
    lines = []
    for page_section in layout(plan).sections:
        for block in page_section.blocks:
            paras = [p for row in block.rows for cell in row for p in cell] if isinstance(block, Table) else [block]
            lines += [para.text for para in paras if para.text.strip()]
    return lines


def format_html(old: Plan | None, new: Plan | None, changes: list[Change]) -> str:
    """One page: the change list, then both versions side by side, changed words marked."""
    return html_page(_comparison_html(old, new, changes), _page_title(old, new))


def html_page(body: str, title: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_esc(title)}</title>\n<style>{PAGE_CSS}</style>\n</head>\n<body>\n"
            f"<h1>{_esc(title)}</h1>\n{body}</body>\n</html>\n")


def _page_title(old: Plan | None, new: Plan | None) -> str:
    plan = new or old
    return f"So sánh kế hoạch: {inline.plain(plan.title)}" if plan else "So sánh kế hoạch"


def _source_name(plan: Plan | None) -> str:
    return plan.source.file if plan and plan.source else "(không có)"


def _comparison_html(old: Plan | None, new: Plan | None, changes: list[Change], key: str = "") -> str:
    listed = "".join(f'<li><span class="where">{_esc(c.where)}</span>: {_esc(c.message)}</li>\n' for c in changes)
    summary = f'<ol class="changes">\n{listed}</ol>\n' if changes else f'<p class="none">{_esc(NO_CHANGES)}</p>\n'
    rows = list(side_by_side(document_lines(old), document_lines(new)))
    return (f'<section class="comparison">\n<h2>Các thay đổi ({len(changes)})</h2>\n{summary}'
            f'<h2>Toàn văn hai bản</h2>\n{_jumps(rows, key)}{LEGEND}'
            f'<table class="diff">\n<colgroup><col class="n"><col class="t"><col class="n"><col class="t"></colgroup>\n'
            f'<thead><tr><th colspan="2">Bản cũ: {_esc(_source_name(old))}</th>'
            f'<th colspan="2">Bản mới: {_esc(_source_name(new))}</th></tr></thead>\n<tbody>\n'
            f'{"".join(_row_html(row, f"{key}dong-{n}") for n, row in enumerate(rows, start=1))}</tbody>\n</table>\n</section>\n')


LEGEND = ('<p class="legend">Chú thích: <mark class="del">chữ bị bỏ</mark> <mark class="ins">chữ được thêm</mark> '
          '<span class="sample old">dòng của bản cũ đã sửa</span> <span class="sample new">dòng của bản mới</span></p>\n')


def _jumps(rows, key: str) -> str:
    """Links to the lines that differ, by their number in the new version (or the old, for a removed line)."""
    links = [f'<a href="#{key}dong-{n}">{(new or old)[0]}</a>'
             for n, (old, new) in enumerate(rows, start=1) if not (old and new and old[1] == new[1])]
    return f'<p class="jumps">Các dòng khác nhau: {", ".join(links)}</p>\n' if links else ""


def side_by_side(old: list[str], new: list[str]):
    """(old line, new line) rows, each (number, text) or None; a changed line faces its new version."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            yield from (((i + 1, old[i]), (j + 1, new[j])) for i, j in zip(range(i1, i2), range(j1, j2)))
        else:
            yield from _align(old, range(i1, i2), new, range(j1, j2))


def _align(old: list[str], old_range: range, new: list[str], new_range: range):
    """A changed block: line facing line when both sides have as many; else similar lines paired, the rest alone."""
    olds, news = list(old_range), list(new_range)
    if len(olds) == len(news):
        yield from (((i + 1, old[i]), (j + 1, new[j])) for i, j in zip(olds, news))
        return
    while olds or news:
        if olds and news and _line_similarity(old[olds[0]], new[news[0]]) >= 0.5:
            i, j = olds.pop(0), news.pop(0)
            yield (i + 1, old[i]), (j + 1, new[j])
        elif olds and (not news or not any(_line_similarity(old[olds[0]], new[j]) >= 0.5 for j in news)):
            i = olds.pop(0)
            yield (i + 1, old[i]), None
        else:
            j = news.pop(0)
            yield None, (j + 1, new[j])


def _line_similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def _row_html(row, anchor: str) -> str:
    old_line, new_line = row
    if old_line and new_line and old_line[1] == new_line[1]:
        cells, kind = (_esc(old_line[1]), _esc(new_line[1])), "same"
    elif old_line and new_line:
        cells, kind = _marked(old_line[1], new_line[1]), "changed"
    elif old_line:
        cells, kind = (f'<mark class="del">{_esc(old_line[1])}</mark>', ""), "removed"
    else:
        cells, kind = ("", f'<mark class="ins">{_esc(new_line[1])}</mark>'), "added"
    numbers = [str(line[0]) if line else "" for line in (old_line, new_line)]
    anchor = f' id="{anchor}"' if kind != "same" else ""
    return (f'<tr class="{kind}"{anchor}><td class="n">{numbers[0]}</td><td class="old">{cells[0]}</td>'
            f'<td class="n">{numbers[1]}</td><td class="new">{cells[1]}</td></tr>\n')


def _marked(old: str, new: str) -> tuple[str, str]:
    """Both lines escaped, the words that differ inside <mark>."""
    a, b = re.findall(r"\s*\S+\s*", old), re.findall(r"\s*\S+\s*", new)  # a word with its spaces: marks do not break at each space
    old_html, new_html = [], []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old_part, new_part = _esc("".join(a[i1:i2])), _esc("".join(b[j1:j2]))
        if tag == "equal":
            old_html.append(old_part)
            new_html.append(new_part)
            continue
        if old_part:
            old_html.append(f'<mark class="del">{old_part}</mark>')
        if new_part:
            new_html.append(f'<mark class="ins">{new_part}</mark>')
    return "".join(old_html), "".join(new_html)


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


PAGE_CSS = """
body { font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif", "Noto Serif", serif;
       font-size: 15px; line-height: 1.45; color: #1a1a1a; background: #fff; margin: 1.5em 2em; }
h1 { font-size: 1.35em; margin: 0 0 .6em; }
h2 { font-size: 1.1em; margin: 1.2em 0 .4em; border-bottom: 1px solid #ccc; }
ol.changes { margin: 0; padding-left: 2em; }
ol.changes li { margin: .15em 0; }
.where { font-weight: bold; }
p.none, p.legend, p.jumps { margin: .3em 0; }
p.legend mark, p.legend .sample { padding: 0 .3em; margin-right: .6em; }
.sample.old { background: #fff1f0; border: 1px solid #f2c9c4; }
.sample.new { background: #effaf0; border: 1px solid #bfe5c4; }
p.jumps a { color: #0b57a4; }
h2.file { font-family: "DejaVu Sans Mono", monospace; font-size: 1em; background: #f3f3f3; padding: .3em .5em; }
table.diff { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.diff col.n { width: 3em; }
table.diff th { position: sticky; top: 0; text-align: left; background: #eef1f5; padding: .35em .5em; border: 1px solid #ccd; font-weight: bold; }
table.diff td { vertical-align: top; padding: .25em .5em; border: 1px solid #e3e3e3;
                white-space: pre-wrap; overflow-wrap: anywhere; }
table.diff td.n { color: #888; text-align: right; font-size: .85em; background: #fafafa; }
tr.changed td.old, tr.removed td.old { background: #fff1f0; }
tr.changed td.new, tr.added td.new { background: #effaf0; }
tr.added td.old, tr.removed td.new { background: #f4f4f4; }
mark.del { background: #f7b4ad; color: #000; text-decoration: line-through; }
mark.ins { background: #a6e3ae; color: #000; }
"""


# Reading both sides: two files, or a git revision against the working tree.

@dataclass
class Comparison:
    name: str
    old: Plan | None
    new: Plan | None
    changes: list[Change]


@dataclass
class DiffReport:
    comparisons: list[Comparison] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rev: str | None = None  # set for `--git`: the report names each file

    @property
    def ok(self) -> bool:
        return not self.problems


def compare(paths: list[Path], rev: str | None = None) -> DiffReport:
    """`kehoach diff OLD NEW` or `kehoach diff --git REV [PATH...]`; plan and git errors become problems."""
    report = DiffReport(rev=rev)
    try:
        if rev:
            _compare_git(rev, paths, report)
        else:
            report.comparisons.append(_compare_files(*paths))
    except PlanError as err:
        report.problems += err.problems
    return report


def plan_changes(old: Plan | None, new: Plan | None) -> list[Change]:
    if old is None:
        return [] if new is None else [
            Change("plan-added", "Kế hoạch", f"kế hoạch mới: “{inline.plain(new.title)}”", new=new.title)]
    if new is None:
        return [Change("plan-removed", "Kế hoạch", f"xóa kế hoạch: “{inline.plain(old.title)}”", old=old.title)]
    return diff_plans(old, new)


def _compare_files(old_path: Path, new_path: Path) -> Comparison:
    old_name, new_name = display(old_path), display(new_path)
    old, new = _both(lambda: read_plan(old_path, old_name), lambda: read_plan(new_path, new_name))
    return Comparison(f"{old_name} → {new_name}", old, new, plan_changes(old, new))


def _compare_git(rev: str, paths: list[Path], report: DiffReport) -> None:
    files = git_files(rev, paths)
    with tempfile.TemporaryDirectory(prefix="kehoach-diff-") as folder:
        mirror = _revision_mirror(rev, files, Path(folder))
        for file in files:
            name = display(file.root / file.path)
            try:
                old, new = _both(lambda: _read_if(file.old is not None, mirror / file.path, f"{rev}:{name}"),
                                 lambda: _read_if(file.new is not None, file.root / file.path, name))
            except PlanError as err:
                report.problems += err.problems
                continue
            report.comparisons.append(Comparison(name, old, new, plan_changes(old, new)))


def _read_if(present: bool, path: Path, name: str) -> Plan | None:
    return read_plan(path, name) if present else None


def _both(read_old, read_new) -> tuple[Plan | None, Plan | None]:
    """Both versions, or every problem of both."""
    plans, problems = [], []
    for read in (read_old, read_new):
        try:
            plans.append(read())
        except PlanError as err:
            problems += err.problems
    if problems:
        raise PlanError(problems)
    return plans[0], plans[1]


@dataclass(frozen=True)
class GitFile:
    root: Path
    path: str  # relative to the repository's root, with /
    old: bytes | None  # None: added since the revision
    new: bytes | None  # None: deleted in the working tree


def git_pairs(rev: str, paths) -> list[tuple[str, bytes | None, bytes | None]]:
    """Every plan file that differs between REV and the working tree: (name, old bytes, new bytes)."""
    return [(display(file.root / file.path), file.old, file.new) for file in git_files(rev, paths)]


def git_files(rev: str, paths) -> list[GitFile]:
    root = Path(_git("rev-parse", "--show-toplevel", error="thư mục hiện tại không nằm trong một kho git").decode().strip())
    _git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", error=f'không tìm thấy phiên bản "{rev}" trong git')
    status = _changed_files(rev, [str(path) for path in paths] or ["plans"])
    return [GitFile(root, path,
                    None if status[path] == "A" else _git("show", f"{rev}:{path}"),
                    None if status[path] == "D" else (root / path).read_bytes())
            for path in sorted(status) if path.endswith(PLAN_SUFFIXES)]


def _revision_mirror(rev: str, files: list[GitFile], folder: Path) -> Path:
    """The revision's YAML files in a temporary folder: an old plan reads its registry and parent plan as they were."""
    if all(file.old is None for file in files):
        return folder
    root = files[0].root
    # One pattern for .yaml and .yml: git archive fails on a pattern that matches nothing.
    archive = _git("archive", "--format=tar", rev, "--", ":(top,glob)**/*.y*ml", cwd=root,
                   error=f"không lấy được các tệp YAML của phiên bản {rev}")
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    for file in files:  # exactly the bytes `git show` gave, whatever export attributes the archive applied
        if file.old is not None:
            (folder / file.path).write_bytes(file.old)
    return folder


def _changed_files(rev: str, specs: list[str]) -> dict[str, str]:
    """Repository-relative path -> A (added), M (modified) or D (deleted), untracked files included."""
    listed = _git("diff", "--name-status", "-z", "--no-renames", "--no-relative", rev, "--", *specs).decode()
    fields = listed.split("\0")
    status = {path: code[0] for code, path in zip(fields[0::2], fields[1::2]) if path}
    untracked = _git("ls-files", "-z", "--others", "--exclude-standard", "--full-name", "--", *specs).decode()
    for path in filter(None, untracked.split("\0")):
        status[path] = "M" if path in status else "A"  # deleted from git but back on disk: modified
    return status


def _git(*args: str, error: str | None = None, cwd: Path | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], capture_output=True, check=False, cwd=cwd)
    except FileNotFoundError:
        raise PlanError([git_problem("không tìm thấy chương trình git; hãy cài git")]) from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip()
        raise PlanError([git_problem(error or f"lệnh git {args[0]} thất bại: {detail}")])
    return done.stdout


def git_problem(message: str) -> Problem:
    return Problem("git", 0, 0, message)


def format_report(report: DiffReport, fmt: str) -> str:
    """The whole answer in one format; with --git, each file is named."""
    if report.rev is None:
        only = report.comparisons[0]
        return {"text": lambda: format_text(only.changes), "json": lambda: format_json(only.changes),
                "html": lambda: format_html(only.old, only.new, only.changes)}[fmt]()
    if fmt == "json":
        return json.dumps([{"file": c.name, "changes": change_records(c.changes)} for c in report.comparisons],
                          ensure_ascii=False, indent=2)
    if fmt == "html":
        body = "".join(f'<h2 class="file">{_esc(c.name)}</h2>\n{_comparison_html(c.old, c.new, c.changes, f"tep-{n}-")}'
                       for n, c in enumerate(report.comparisons, start=1)) or f"<p>{_esc(_nothing_differs(report.rev))}</p>\n"
        return html_page(body, f"So sánh kế hoạch với phiên bản {report.rev}")
    return "\n\n".join(f"== {c.name}\n{format_text(c.changes)}" for c in report.comparisons) or _nothing_differs(report.rev)


def _nothing_differs(rev: str) -> str:
    return f"Không có kế hoạch nào khác với phiên bản {rev}."
