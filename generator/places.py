"""Labels and places: how the document numbers its sections and items, and how
text names a place in it (`III.2.a` in a checklist, `Mục III, khoản 2, điểm a`
in a diff). The layout prints these labels; derived documents and the review
tools name places with the same ones.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from . import inline, vn
from .model import STAR, Item, Plan, Section

DEFAULT_NUMBERING = {"section": "decimal", "item": "dash"}
BULLETS = {"dash": "-", "plus": "+", "star": "*"}
ROMAN = "roman"  # the numbering of sections
LABELLED = ("decimal", "nested", "letters", ROMAN)  # numberings whose labels a renumbering changes
NOUNS = {ROMAN: "mục", "decimal": "khoản", "nested": "khoản", "letters": "điểm"}  # bullets: "ý"
GROUP_WORDS = 40  # characters of a star line's words that name the entries after it


@dataclass(frozen=True)
class Entry:
    """How one entry of a list is counted: its number, or None for a `* ...` line; and the `*` line that
    began its count, named when the list counts from 1 more than once (two `điểm a`)."""

    position: int | None
    group: str | None = None


def entries(items: Sequence[Item]) -> tuple[Entry, ...]:
    """Each entry's count: a `*` line takes none and, unless `restart: false`, the count begins again after it."""
    counted: list[tuple[int | None, str | None]] = []
    count, group, runs = 0, None, 0 if items and items[0].star is not None else 1
    for item in items:
        if item.star is None:
            count += 1
            counted.append((count, group))
        else:
            if item.restart is not False:
                count, group, runs = 0, star_words(item.star), runs + 1
            counted.append((None, None))
    return tuple(Entry(position, group if runs > 1 else None) for position, group in counted)


def star_words(text: str) -> str:
    """`Đối với tập thể:` -> `Đối với tập thể`: a star line's words as a place names them."""
    words = " ".join(inline.plain(vn.nfc(text)).split()).rstrip(" :;.")
    return words if len(words) <= GROUP_WORDS else words[:GROUP_WORDS].rsplit(" ", 1)[0] + "…"


def star_label(text: str) -> str:
    """The star line as printed: `* Đối với tập thể:`."""
    return f"{STAR} {text.strip()}"


def item_label(numbering: str, index: int, parent_label: str) -> str:
    """`1.`, `1.2.1.`, `đ)`, `-`: the label of the index-th item of a list."""
    if numbering == ROMAN:
        return f"{vn.roman(index)}."
    if numbering == "decimal":
        return f"{index}."
    if numbering == "nested":
        prefix = parent_label if parent_label[:1].isdigit() and parent_label.endswith(".") else ""
        return f"{prefix}{index}."
    if numbering == "letters":
        return f"{vn.point_letter(index)})"
    return BULLETS.get(numbering, "")


def item_number(numbering: str, index: int, parent_label: str) -> str:
    """The label as text names it (II, 3, 1.2, b); bullets and unlabelled items by their position."""
    if numbering in LABELLED:
        return item_label(numbering, index, parent_label).rstrip(".)")
    return str(index)


@dataclass(frozen=True)
class Level:
    """A list (the sections, or the items under one parent) as one version numbers it.

    Positions are 1-based places in the list; `entries` says how each is counted when the list holds
    `* ...` lines (without them the n-th entry is number n)."""

    where: str  # the parent's place: "Mục II", "Mục II, khoản 6", "Phần II"; "" for the sections
    numbering: str
    parent_label: str = ""
    document: str = "Kế hoạch"  # names the parent of the sections
    entries: tuple[Entry, ...] = ()
    stars: tuple[str | None, ...] = ()  # the words of each `* ...` line, by position

    @property
    def site(self) -> str:
        """Where a change of the list itself (an item added, removed, moved) is reported."""
        return self.where or self.document

    @property
    def noun(self) -> str:
        return NOUNS.get(self.numbering, "ý")

    def _entry(self, position: int) -> Entry:
        return self.entries[position - 1] if 0 < position <= len(self.entries) else Entry(position)

    def is_star(self, position: int) -> bool:
        return self._entry(position).position is None

    def label(self, position: int) -> str:
        counted = self._entry(position).position
        return STAR if counted is None else item_label(self.numbering, counted, self.parent_label)

    def number(self, position: int) -> str:
        counted = self._entry(position).position
        return STAR if counted is None else item_number(self.numbering, counted, self.parent_label)

    def group(self, position: int) -> str:
        """` (Đối với tập thể)`: the `* ...` line an entry is counted under, where a list counts more than once."""
        group = self._entry(position).group
        return f" ({group})" if group else ""

    def name(self, position: int) -> str:
        entry = self._entry(position)
        if entry.position is None:
            words = self.stars[position - 1] if position <= len(self.stars) else None
            return f"dòng “{star_label(inline.plain(words or ''))}”"
        noun = "Mục" if self.numbering == ROMAN else self.noun
        return f"{noun} {self.number(position)}{self.group(position)}"

    def place(self, position: int) -> str:
        return _join(self.where, self.name(position))

    def items_of(self, position: int, numbering: str, items: Sequence[Item] = ()) -> Level:
        parent_label = "" if self.numbering == ROMAN else self.label(position)
        return Level(self.place(position), numbering, parent_label, self.document, entries(items),
                     tuple(item.star for item in items))


def _join(where: str, name: str) -> str:
    """`Mục II, khoản 6` + `khoản 6.1` -> `Mục II, khoản 6.1`: a nested label already names its parent."""
    if not where:
        return name
    head, _, last = where.rpartition(", ")
    if name.startswith("khoản ") and last.startswith("khoản ") and name.startswith(last + "."):
        return _join(head, name)
    return f"{where}, {name}"


def sections_level(document: str, part: int | None = None) -> Level:
    """The sections of a document (`Kế hoạch`): Mục I, II, ...; of its part II: Phần II, Mục I, ..."""
    return Level(part_name(part) if part else "", ROMAN, document=document)


def part_name(number: int) -> str:
    """`Phần II`: the heading line of a part, and how a place names it."""
    return f"Phần {vn.roman(number)}"


def numbered_sections(plan: Plan) -> Iterator[tuple[int | None, int, Section]]:
    """(part number or None, section number, section) in document order: sections count from I in each part."""
    if plan.parts:
        for part_number, part in enumerate(plan.parts, start=1):
            for number, section in enumerate(part.sections, start=1):
                yield part_number, number, section
    else:
        for number, section in enumerate(plan.sections, start=1):
            yield None, number, section


def section_reference(part: int | None, number: int) -> str:
    """`III`, or `Phần II, III` for section III of part II (a checklist's Mục column)."""
    return f"{part_name(part)}, {vn.roman(number)}" if part else vn.roman(number)


def section_numbering(numbering: str | None) -> str:
    return numbering or DEFAULT_NUMBERING["section"]


def item_numbering(numbering: str | None) -> str:
    return numbering or DEFAULT_NUMBERING["item"]


def item_references(plan: Plan) -> Iterator[tuple[str, Item]]:
    """(reference, item) for every item in document order: `III.1`, `III.2.a`, `II.6.1`; a dash item
    cites the nearest label that prints (`III.2` for a dash under item 2 of section III). With parts the
    part comes first (`Phần II, I.2`); an entry after a `* ...` line of a list counted twice names it
    (`III.2.a (Đối với tập thể)`)."""
    for part, number, section in numbered_sections(plan):
        yield from _references(section.items, section_numbering(section.numbering), section_reference(part, number), "", "")


def _references(items: tuple[Item, ...], numbering: str, prefix: str, parent_label: str,
                group: str) -> Iterator[tuple[str, Item]]:
    for item, entry in zip(items, entries(items)):
        if entry.position is None:  # a `* ...` line prints no number: cite the list's parent
            yield f"{prefix}{group}", item
            continue
        label = item_label(numbering, entry.position, parent_label)
        own_group = f" ({entry.group})" if entry.group else group
        if numbering in LABELLED:  # a nested 1.2 is 2 under 1
            reference = f"{prefix}.{item_number(numbering, entry.position, parent_label).split('.')[-1]}"
        else:  # a bullet or an unlabelled paragraph prints no label: cite the nearest printed one
            reference = prefix
        yield reference + own_group, item
        yield from _references(item.items, item_numbering(item.numbering), reference, label, own_group)


def item_labels(items: Sequence[Item], numbering: str, parent_label: str) -> list[str]:
    """The label each entry of a list prints: `1.`, `a)`, `-`; `*` for a `* ...` line."""
    return [STAR if entry.position is None else item_label(numbering, entry.position, parent_label)
            for entry in entries(items)]
