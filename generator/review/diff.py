"""`kehoach diff`: what changed in meaning between two versions of a plan, in
Vietnamese and in the document's own terms (Mục II, khoản 3, điểm b, ý 2).

Sections and items are matched (by id, then by text), not compared by
position: inserting an item renumbers the ones after it, and that renumbering
is one change, not one per shifted item. A section or item whose id the other
version has elsewhere moved: one change naming both places. Added and changed
items are named by the new numbering, removed ones by the old. Places are
named by `places`, the numbering the document itself prints.
"""
from __future__ import annotations

import difflib
import json
from collections import deque
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from .. import inline, rules, vn
from ..layout import authority_line, draft_mark, paragraphs
from ..fields import PlanDate, keys_of
from ..inherit import basis_sentence, parent_citation
from ..model import Item, Part, Plan, Recipient, Repeat, Section, Task, default_document_name
from ..places import ROMAN, LABELLED, Level, item_numbering, part_name, section_numbering, sections_level

NO_CHANGES = "Không có thay đổi về nội dung."
SIMILAR = 0.6  # difflib ratio from which two item texts are one item edited

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

    @property
    def separator(self) -> str:
        """`Mục I, khoản 3: thời hạn ...`; a move reads as one sentence: `Mục III, khoản 2 chuyển thành ...`."""
        return " " if self.kind.endswith("-moved") else ": "

    def __str__(self) -> str:
        return f"{self.where}{self.separator}{self.message}"



# The whole plan, in the order the document shows it.

def diff_plans(old: Plan, new: Plan) -> list[Change]:
    return [
        *_header_changes(old, new),
        *_text_change("bases", "Căn cứ", "\n".join(old.bases), "\n".join(new.bases)),
        *_text_change("implements", "Văn bản cấp trên", _parent_text(old), _parent_text(new), "văn bản cấp trên"),
        *_text_change("intro", "Phần mở đầu", _typed_intro(old), _typed_intro(new)),
        *_parts_changes(old, new),
        *_text_change("closing", "Phần kết", old.closing, new.closing),
        *_recipient_changes(old.recipients, new.recipients),
        *_value_change("archive", "Lưu", _archive_text(old), _archive_text(new)),
        *_value_change("remark", "Ghi chú", old.remark, new.remark),
        *_signature_changes(old, new),
        *_attachment_changes(old, new),
    ]


def _parent_text(plan: Plan) -> str | None:
    """`Kế hoạch số 96/KH-UBND ngày 15/3/2022 của UBND tỉnh về ...`: the parent, whether read or cited."""
    if plan.implements is None:
        return None
    return f"{parent_citation(plan.implements)} về {plan.implements.about}"


def _typed_intro(plan: Plan) -> str | None:
    """The intro the clerk wrote; a generated basis sentence changes with the parent, said once above."""
    if plan.implements is not None and plan.intro == basis_sentence(plan):
        return None
    return plan.intro


def _sections_level(plan: Plan, part: int | None = None) -> Level:
    return sections_level(rules.TYPE_NAMES_IN_TEXT[plan.type], part)


def _parts_changes(old: Plan, new: Plan) -> list[Change]:
    """The sections, part by part: a plan without parts is one part without a heading.

    Parts are matched by id, then title, then position; sections are compared inside matched parts and
    named with their part (`Phần II, Mục I, khoản 2`); a section with an id may move from part to part."""
    old_parts, new_parts = _parts_of(old), _parts_of(new)
    outline = _Outline(old, new)
    document = rules.TYPE_NAMES_IN_TEXT[new.type]
    changes = []
    if bool(old.parts) != bool(new.parts):
        message = f"chia thành {len(new.parts)} phần" if new.parts else "bỏ chia phần"
        changes.append(Change("parts", document, message, str(len(old.parts)), str(len(new.parts))))
    pairs = _match_parts(old_parts, new_parts)
    paired_old, paired_new = {i for i, _ in pairs}, {j for _, j in pairs}
    changes += [Change("part-removed", document, f"bỏ {part_name(i + 1)} “{_part_title(old_parts[i][0])}”",
                       old=_part_title(old_parts[i][0])) for i in range(len(old_parts)) if i not in paired_old and old.parts]
    for j in range(len(new_parts)):
        if j not in paired_new and new.parts:
            changes.append(Change("part-added", document, f"thêm {part_name(j + 1)} “{_part_title(new_parts[j][0])}”",
                                  new=_part_title(new_parts[j][0])))
            changes += outline.arrivals_among(new_parts[j][1], _sections_level(new, j + 1))
    for i, j in sorted(pairs, key=lambda pair: pair[1]):
        (old_title, old_sections), (new_title, new_sections) = old_parts[i], new_parts[j]
        old_level = _sections_level(old, i + 1 if old.parts else None)
        new_level = _sections_level(new, j + 1 if new.parts else None)
        if old.parts and new.parts:
            changes += _renamed(new_level.site, _part_title(old_title), _part_title(new_title), "part-renamed")
            if i != j:
                changes.append(Change("part-moved", new_level.site, f"chuyển từ {part_name(i + 1)} thành {part_name(j + 1)}",
                                      part_name(i + 1), part_name(j + 1)))
        changes += outline.list_changes(old_sections, new_sections, old_level, new_level)
    return changes


def _parts_of(plan: Plan) -> list[tuple[Part | None, tuple[Section, ...]]]:
    parts: list[tuple[Part | None, tuple[Section, ...]]] = [(part, part.sections) for part in plan.parts]
    return parts or [(None, plan.sections)]


def _match_parts(old: list, new: list) -> list[tuple[int, int]]:
    """By id, else by title, else by position (a plan without parts pairs with the other's first part)."""
    pairs: dict[int, int] = {}
    _pair_equal(pairs, dict(enumerate(old)), dict(enumerate(new)), lambda part: part[0].id if part[0] else None)
    _pair_equal(pairs, dict(enumerate(old)), dict(enumerate(new)), lambda part: _part_title(part[0]))
    free_old = set(range(len(old))) - set(pairs.values())
    pairs.update({j: j for j in range(len(new)) if j not in pairs and j in free_old})
    return sorted((i, j) for j, i in pairs.items())


def _part_title(part: Part | None) -> str:
    return vn.upper(part.title).rstrip(".").strip() if part else ""


def _header_changes(old: Plan, new: Plan) -> list[Change]:
    issuer_fields = (("parent", "Cơ quan chủ quản"), ("name", "Cơ quan ban hành"), ("code", "Ký hiệu cơ quan"),
                     ("place", "Địa danh"), ("called", "Tên cơ quan trong câu"))
    return [
        *_value_change("format", "Thể thức", old.format, new.format),
        *_value_change("number", "Số", _number_text(old), _number_text(new)),
        *_value_change("draft", "Dấu dự thảo", draft_mark(old), draft_mark(new)),
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
    return vn.number_symbol(plan.rules, plan.number, plan.type, plan.issuer.code)


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


# The outline: sections and items, each list's nodes matched, then what was removed, added, moved and renumbered.
#
# A node keeps its id across lists: one whose id the other version has under another parent moved there.
# It is reported once, where it arrives, by both places (`Mục III, khoản 2 chuyển thành Mục II, khoản 8`),
# then its own changes under its new place. Within one list, a node moved when its order among the nodes
# kept in both versions changed (`khoản 2 chuyển thành khoản 5`); nodes shifted by an insertion, a
# removal or a move were renumbered, said once per list.

Node = Section | Item
IdKey = tuple[type, str]  # a section's and an item's ids are told apart: neither becomes the other


@dataclass(frozen=True)
class Placed:
    """A node where one version puts it: the list holding it and its position there (from 1)."""

    node: Node
    level: Level
    position: int

    @property
    def place(self) -> str:
        return self.level.place(self.position)


def _id_key(node: Node) -> IdKey | None:
    return (type(node), node.id) if node.id else None


def _children_level(node: Node, level: Level, position: int) -> Level:
    numbering = section_numbering(node.numbering) if isinstance(node, Section) else item_numbering(node.numbering)
    return level.items_of(position, numbering, node.items)


def placed_by_id(plan: Plan) -> dict[IdKey, Placed]:
    """Every section and item with an id, by id; an id used twice (a plan `check` refuses) is left out."""
    found: dict[IdKey, Placed] = {}
    repeated: set[IdKey] = set()

    def visit(nodes: Iterable[Node], level: Level) -> None:
        for position, node in enumerate(nodes, start=1):
            key = _id_key(node)
            if key in found:
                repeated.add(key)
            elif key:
                found[key] = Placed(node, level, position)
            visit(node.items, _children_level(node, level, position))

    for number, (_, sections) in enumerate(_parts_of(plan), start=1):
        visit(sections, _sections_level(plan, number if plan.parts else None))
    return {key: placed for key, placed in found.items() if key not in repeated}


class _Outline:
    """Both versions' sections and items, compared list by list from the top."""

    def __init__(self, old: Plan, new: Plan):
        self.old_ids, self.new_ids = placed_by_id(old), placed_by_id(new)

    def list_changes(self, old_nodes: tuple[Node, ...], new_nodes: tuple[Node, ...],
                     old_level: Level, new_level: Level) -> list[Change]:
        """Changes of one list: the structure (removed, added, moved), each pair's own changes, one renumbering."""
        kind = _kind(old_level)
        old_keys, new_keys = {_id_key(node) for node in old_nodes}, {_id_key(node) for node in new_nodes}
        left = {i for i, node in enumerate(old_nodes) if _elsewhere(_id_key(node), self.new_ids, new_keys)}
        arrived = {j: self.old_ids[key] for j, node in enumerate(new_nodes)
                   if (key := _id_key(node)) and _elsewhere(key, self.old_ids, old_keys)}
        pairs = _match(old_nodes, new_nodes, left, set(arrived))
        in_order = _longest_in_order(pairs)
        old_of = {j: i for i, j in pairs}
        paired_old = {i for i, _ in pairs} | left  # a node that left is reported where it arrives
        changes = [Change(f"{kind}-removed", old_level.site, f"bỏ {old_level.name(i + 1)}{_caption(old_nodes[i])}",
                          old=_summary(old_nodes[i]))
                   for i in range(len(old_nodes)) if i not in paired_old]
        causes = [Cause(n, n + 1) for n in range(len(changes))]
        for j, node in enumerate(new_nodes):
            start = len(changes)
            if j in arrived:
                changes += self.arrival(arrived[j], node, new_level, j + 1)
                causes.append(Cause(start, len(changes), joins=False))
            elif j not in old_of:
                changes.append(Change(f"{kind}-added", new_level.site, f"thêm {new_level.name(j + 1)}{_caption(node)}",
                                      new=_summary(node)))
                changes += self.arrivals_among(node.items, _children_level(node, new_level, j + 1))
                causes.append(Cause(start, len(changes)))
            else:
                i = old_of[j]
                came = Placed(old_nodes[i], old_level, i + 1)
                moved = (i, j) not in in_order
                if moved:
                    changes.append(_moved(kind, came, new_level, j + 1))
                changes += self.pair_changes(came, node, new_level, j + 1)
                if moved:
                    causes.append(Cause(start, len(changes)))
        return _with_renumbering(changes, causes, _renumbering(old_level, new_level, in_order), new_level.site)

    def arrival(self, came: Placed, node: Node, level: Level, position: int) -> list[Change]:
        """A node that came from another list: the move, then its own changes at its new place."""
        where = level.place(position)
        if where == came.place:  # its parent replaced by a new one of the same number: the place reads the same
            message = f"chuyển sang {level.site} mới (vẫn là {level.name(position)})"
        else:
            message = f"chuyển thành {where}"
        return [Change(f"{_kind(came.level)}-moved", came.place, message, came.place, where),
                *self.pair_changes(came, node, level, position)]

    def arrivals_among(self, nodes: tuple[Node, ...], level: Level) -> list[Change]:
        """The nodes under an added one that came from elsewhere (the others are new with it, not compared)."""
        changes = []
        for j, node in enumerate(nodes, start=1):
            key = _id_key(node)
            came = self.old_ids.get(key) if key else None
            changes += (self.arrival(came, node, level, j) if came
                        else self.arrivals_among(node.items, _children_level(node, level, j)))
        return changes

    def pair_changes(self, old: Placed, new: Node, level: Level, position: int) -> list[Change]:
        """A matched section or item: its own changes, then its children's, named by the new numbering."""
        where = level.place(position)
        old_node = old.node
        old_children, new_children = _children_level(old_node, old.level, old.position), _children_level(new, level, position)
        has_children = bool(old_node.items and new.items)
        if isinstance(old_node, Section) and isinstance(new, Section):
            own = [*_renamed(where, _section_title(old_node), _section_title(new)),
                   *_text_change("section-text", where, old_node.text, new.text, "đoạn mở đầu")]
            closing = "section-closing"
        elif isinstance(old_node, Item) and isinstance(new, Item):
            own = [*_text_change("item-title", where, old_node.title, new.title, "tiêu đề"),
                   *_text_change("item-text", where, old_node.text, new.text),
                   *_text_change("item-star", where, old_node.star, new.star, "dòng *"),
                   *_task_changes(where, old_node.task, new.task)]
            closing = "item-closing"
        else:  # never paired: ids of sections and items are kept apart
            raise TypeError(f"{type(old_node).__name__} paired with {type(new).__name__}")
        return [
            *own,
            *_numbering_change(where, old_children.numbering, new_children.numbering, has_children),
            *self.list_changes(old_node.items, new.items, old_children, new_children),
            *_text_change(closing, where, old_node.closing, new.closing, "đoạn kết"),
        ]


def _kind(level: Level) -> str:
    return "section" if level.numbering == ROMAN else "item"


def _elsewhere(key: IdKey | None, other_ids: dict[IdKey, Placed], other_list: set[IdKey | None]) -> bool:
    """Whether the other version has the node of this id in another list than the one facing it."""
    return key is not None and key in other_ids and key not in other_list


def _moved(kind: str, came: Placed, level: Level, position: int) -> Change:
    """`Mục I, khoản 2 chuyển thành khoản 5`; the whole new place when the parent's own number changed."""
    target = level.name(position) if came.level.where == level.where else level.place(position)
    return Change(f"{kind}-moved", came.place, f"chuyển thành {target}", came.place, level.place(position))


def _caption(node) -> str:
    """A section added or removed is named with its title: `Mục III “KINH PHÍ”`."""
    return f" “{_section_title(node)}”" if isinstance(node, Section) else ""


def _summary(node) -> str:
    if isinstance(node, Section):
        return _section_title(node)
    return " ".join(_words(_normalised("\n".join(filter(None, (node.title, node.text, node.star))))))


def _longest_in_order(pairs: Iterable[tuple[int, int]]) -> set[tuple[int, int]]:
    """The most pairs kept in the same order in both versions; the other pairs moved. Of two such
    orders, the one keeping more numbers unchanged: when two items swap, the one whose number changed moved."""
    by_new = sorted(pairs, key=lambda pair: pair[1])
    merit: list[tuple[int, int]] = []  # of the best chain ending at each pair: (its length, numbers it keeps)
    previous: list[int | None] = []
    for k, (i, j) in enumerate(by_new):
        best = max((m for m in range(k) if by_new[m][0] < i), key=merit.__getitem__, default=None)
        length, kept = merit[best] if best is not None else (0, 0)
        merit.append((length + 1, kept + (i == j)))
        previous.append(best)
    chain: set[tuple[int, int]] = set()
    end = max(range(len(by_new)), key=merit.__getitem__, default=None)
    while end is not None:
        chain.add(by_new[end])
        end = previous[end]
    return chain


def _renumbering(old_level: Level, new_level: Level, in_order: set) -> str | None:
    """`các khoản 3–6 đánh số lại thành 4–7`: the labels that shifted, in runs."""
    if old_level.numbering != new_level.numbering or new_level.numbering not in LABELLED:
        return None
    runs: list[list] = []
    shifted = (pair for pair in in_order if not old_level.is_star(pair[0] + 1)
               and old_level.number(pair[0] + 1) != new_level.number(pair[1] + 1))
    for i, j in sorted(shifted):
        if runs and runs[-1][-1] == (i - 1, j - 1):
            runs[-1].append((i, j))
        else:
            runs.append([(i, j)])
    return ", ".join(_run_text(old_level, new_level, run) for run in runs) or None


def _run_text(old_level: Level, new_level: Level, run: list) -> str:
    (first_old, first_new), (last_old, last_new) = run[0], run[-1]
    group = new_level.group(first_new + 1)
    if len(run) == 1:
        return (f"{old_level.noun} {old_level.number(first_old + 1)} đánh số lại thành "
                f"{new_level.number(first_new + 1)}{group}")
    old_range = f"{old_level.number(first_old + 1)}–{old_level.number(last_old + 1)}"
    new_range = f"{new_level.number(first_new + 1)}–{new_level.number(last_new + 1)}"
    return f"các {old_level.noun} {old_range} đánh số lại thành {new_range}{group}"


@dataclass(frozen=True)
class Cause:
    """The changes [start, end) of one insertion, removal or move in a list: what may have shifted the others."""

    start: int
    end: int
    joins: bool = True  # its first line may carry the list's renumbering (not a node that came from another list)


def _with_renumbering(changes: list[Change], causes: list[Cause], renumbering: str | None, site: str) -> list[Change]:
    """One renumbering per list: joined to the insertion, removal or move that caused it if only one did,
    else on its own line after the last cause (first, when the cause left for another list)."""
    if not renumbering:
        return changes
    if len(causes) == 1 and causes[0].joins:
        cause = changes[causes[0].start]
        changes[causes[0].start] = Change(cause.kind, cause.where, f"{cause.message}; {renumbering}", cause.old, cause.new)
        return changes
    changes.insert(causes[-1].end if causes else 0, Change("renumbered", site, renumbering))
    return changes


# Matching.

def _match(old: tuple[Node, ...], new: tuple[Node, ...], left: set[int], arrived: set[int]) -> list[tuple[int, int]]:
    """(old index, new index) of the nodes one list keeps; those that left or arrived take no part."""
    if all(isinstance(node, Section) for node in (*old, *new)):
        return _match_sections({i: node for i, node in enumerate(old) if i not in left and isinstance(node, Section)},
                               {j: node for j, node in enumerate(new) if j not in arrived and isinstance(node, Section)})
    return match_items({i: node for i, node in enumerate(old) if i not in left and isinstance(node, Item)},
                       {j: node for j, node in enumerate(new) if j not in arrived and isinstance(node, Item)})


def _match_sections(old: dict[int, Section], new: dict[int, Section]) -> list[tuple[int, int]]:
    """By id, else by title (case-insensitive), else by position."""
    pairs: dict[int, int] = {}  # new index -> old index
    _pair_equal(pairs, old, new, lambda section: section.id or None)
    _pair_equal(pairs, old, new, _section_title)
    free_old = set(old) - set(pairs.values())
    pairs.update({j: j for j in new if j not in pairs and j in free_old})
    return sorted((i, j) for j, i in pairs.items())


def match_items(old: dict[int, Item], new: dict[int, Item]) -> list[tuple[int, int]]:
    """By id, then identical text, then similar text, in order: (old index, new index)."""
    pairs: dict[int, int] = {}
    _pair_equal(pairs, old, new, lambda item: item.id or None)
    old_words = {i: tuple(_content(item)) for i, item in old.items()}
    new_words = {j: tuple(_content(item)) for j, item in new.items()}
    _pair_equal(pairs, old_words, new_words, lambda words: words)
    _pair_best(pairs, old_words, new_words, _similarity, SIMILAR)
    _pair_best(pairs, old, new, lambda a, b: float(a.star is not None and b.star is not None), 1.0)  # `*` lines in order
    return sorted((i, j) for j, i in pairs.items())


def _pair_equal(pairs: dict[int, int], old: dict, new: dict, key) -> None:
    """Each unpaired new node, in order, takes the first unpaired old node of the same key (None: no key)."""
    taken = set(pairs.values())
    waiting: dict[object, deque[int]] = {}
    for i, node in old.items():
        if i not in taken and (value := key(node)) is not None:
            waiting.setdefault(value, deque()).append(i)
    for j, node in new.items():
        value = None if j in pairs else key(node)
        queue = waiting.get(value) if value is not None else None
        if queue:
            pairs[j] = queue.popleft()


def _pair_best(pairs: dict[int, int], old: dict, new: dict, score, threshold: float) -> None:
    """Each unpaired new node, in order, takes the best-scoring unpaired old node reaching the threshold."""
    for j, node in new.items():
        if j in pairs:
            continue
        taken = set(pairs.values())
        scored = [(score(candidate, node), -i) for i, candidate in old.items() if i not in taken]
        best = max(scored, default=None)
        if best and best[0] >= threshold:
            pairs[j] = -best[1]


def _content(item: Item) -> list[str]:
    return _words(_normalised("\n".join(filter(None, (item.title, item.text, item.star)))))


def _similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """How alike two items' words are (difflib's ratio), 0 when clearly unlike."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.ratio() if matcher.quick_ratio() >= SIMILAR else 0.0


def _section_title(section: Section) -> str:
    return vn.upper(section.title).rstrip(".").strip()


def _renamed(where: str, old: str, new: str, kind: str = "section-renamed") -> list[Change]:
    return [] if old == new else [Change(kind, where, _arrow(old, new, "đổi tên", colon=True), old, new)]


def _numbering_change(where: str, old: str, new: str, has_children: bool) -> list[Change]:
    if old == new or not has_children:
        return []
    message = f"đổi cách đánh số: {NUMBERING_NAMES[old]} → {NUMBERING_NAMES[new]}"
    return [Change("numbering", where, message, old, new)]


# How a change of each task field is said; a field missing here is still compared, named by its description.
TASK_FIELD_NAMES = {
    "due": ("thời hạn", False), "owner": ("chủ trì", True), "partners": ("phối hợp", True), "repeat": ("định kỳ", True),
    "report_to": ("báo cáo về", True), "product": ("sản phẩm", True), "summary": ("nội dung tóm tắt", True),
}


def _task_changes(where: str, old: Task | None, new: Task | None) -> list[Change]:
    if old is None:
        return [] if new is None else [Change("task-added", where, f"giao nhiệm vụ, chủ trì: {new.owner}", new=new.owner)]
    if new is None:
        return [Change("task-removed", where, f"bỏ nhiệm vụ (chủ trì: {old.owner})", old=old.owner)]
    changes = []
    for name, label, colon in _task_fields(type(new)):
        a, b = _field_text(getattr(old, name, None)), _field_text(getattr(new, name, None))
        if a != b:
            changes.append(Change(f"task-{name.replace('_', '-')}", where, _arrow(a, b, label, colon), a, b))
    return changes


def _task_fields(task_type: type) -> list[tuple[str, str, bool]]:
    """(attribute, label, colon) of every field the task's description has, the usual ones in their usual order."""
    described = {attribute: spec for attribute, spec in keys_of(task_type).values()}
    named = [(name, *TASK_FIELD_NAMES[name]) for name in TASK_FIELD_NAMES if name in described]
    return named + [(name, spec.field.description or name, True) for name, spec in described.items() if name not in TASK_FIELD_NAMES]


def _field_text(value) -> str | None:
    """A task field's value as the diff quotes it."""
    if value is None:
        return None
    if isinstance(value, PlanDate):
        return _date_text(value)
    if isinstance(value, vn.Deadline):
        return value.text  # as written: "Quý II/2022 → Tháng 5/2022"
    if isinstance(value, Repeat):
        return _repeat_text(value)
    if isinstance(value, tuple):
        return ", ".join(map(str, value)) or None
    return str(value)


def _repeat_text(repeat: Repeat) -> str:
    parts = [vn.lower_first(repeat.text)]
    if repeat.day:
        parts.append(f"ngày {repeat.day}")
    if repeat.start:
        parts.append(f"từ {_date_text(repeat.start)}")
    if repeat.until:
        parts.append(f"đến {_date_text(repeat.until)}")
    if repeat.continues:
        parts.append("tiếp tục sau thời kỳ kế hoạch")
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
    line = vn.archive_line(plan.rules, list(archive.units), archive.drafter, archive.copies)
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

