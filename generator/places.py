"""Labels and places: how the document numbers its sections and items, and how
text names a place in it (`III.2.a` in a checklist, `Mục III, khoản 2, điểm a`
in a diff). The layout prints these labels; derived documents and the review
tools name places with the same ones.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from . import vn
from .model import Item, Plan

DEFAULT_NUMBERING = {"section": "decimal", "item": "dash"}
BULLETS = {"dash": "-", "plus": "+", "star": "*"}
ROMAN = "roman"  # the numbering of sections
LABELLED = ("decimal", "nested", "letters", ROMAN)  # numberings whose labels a renumbering changes
NOUNS = {ROMAN: "mục", "decimal": "khoản", "nested": "khoản", "letters": "điểm"}  # bullets: "ý"


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
        return item_label(self.numbering, position, self.parent_label)

    def number(self, position: int) -> str:
        return item_number(self.numbering, position, self.parent_label)

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


def sections_level(document: str) -> Level:
    """The sections of a document (`Kế hoạch`): Mục I, II, ..."""
    return Level("", ROMAN, document=document)


def section_numbering(numbering: str | None) -> str:
    return numbering or DEFAULT_NUMBERING["section"]


def item_numbering(numbering: str | None) -> str:
    return numbering or DEFAULT_NUMBERING["item"]


def item_references(plan: Plan) -> Iterator[tuple[str, Item]]:
    """(reference, item) for every item in document order: `III.1`, `III.2.a`, `II.6.1`; a dash item
    cites the nearest label that prints (`III.2` for a dash under item 2 of section III)."""
    for number, section in enumerate(plan.sections, start=1):
        yield from _references(section.items, section_numbering(section.numbering), vn.roman(number), "")


def _references(items: tuple[Item, ...], numbering: str, prefix: str, parent_label: str) -> Iterator[tuple[str, Item]]:
    for index, item in enumerate(items, start=1):
        label = item_label(numbering, index, parent_label)
        if numbering in LABELLED:
            reference = f"{prefix}.{item_number(numbering, index, parent_label).split('.')[-1]}"  # a nested 1.2 is 2 under 1
        else:  # a bullet or an unlabelled paragraph prints no label: cite the nearest printed one
            reference = prefix
        yield reference, item
        yield from _references(item.items, item_numbering(item.numbering), reference, label)
