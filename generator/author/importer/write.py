"""The recognised parts -> the plan's YAML, through ruamel.yaml's round-trip
objects: comments where the clerk must look, the key order and layout of
`kehoach fmt` (so the file passes `fmt --check` as written).
"""
from __future__ import annotations

import io
from collections import Counter

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString

from ...model import PLAN
from ...places import DEFAULT_NUMBERING
from ...review.fmt import DateText, _order, _yaml
from ...vn import slug, starts_lower
from .basis import Cited
from .recognise import Listing, Node, Recognised, SectionDraft

FOLD_AT = 70  # longer texts are written as folded blocks (>-), as the repository's plans are
SECTION_INDENT, ITEM_INDENT, LEVEL_INDENT = 2, 6, 4  # columns of "- " in the layout of `kehoach fmt`
PART_INDENT = 4  # sections inside a part stand this much further in
CHECK = "cần kiểm tra"
MISSING = {  # what stands in for a part the old file does not have, and what to do
    "name": ("CƠ QUAN BAN HÀNH", "không thấy tên cơ quan ban hành trong văn bản: điền issuer.name (và parent)"),
    "code": ("CQ", "không thấy ký hiệu (Số: .../KH-SYT): điền issuer.code"),
    "place": ("Địa danh", "không thấy địa danh, ngày tháng: điền issuer.place"),
    "title": ("Trích yếu của kế hoạch", "không thấy trích yếu (dòng dưới KẾ HOẠCH): điền title"),
    "recipients": ("Như trên", "không thấy nơi nhận: điền recipients"),
    "signer_title": ("Chức vụ người ký", "không thấy chức vụ người ký: điền signature.title"),
    "signer_name": ("Họ và tên người ký", "không thấy tên người ký: điền signature.name"),
    "section_text": ("Nội dung của mục", "mục không có nội dung nào trong văn bản cũ: điền text hoặc items"),
    "section_title": ("Tên mục", "phần không có mục La Mã nào trong văn bản cũ: điền các mục (sections) của phần"),
    "part_title": ("Tên phần", "không thấy tên phần (dòng in hoa dưới “Phần ...”): điền title của phần"),
}


def plan_tree(found: Recognised) -> tuple[CommentedMap, list[str]]:
    """The plan's round-trip tree, and the notes of what stands in for a missing part."""
    writer = Writer(found)
    return writer.tree(), writer.missing


def dump(tree: CommentedMap) -> str:
    _order(tree, PLAN)
    out = io.StringIO()
    _yaml().dump(tree, out)
    return out.getvalue()


def text_value(paragraphs: list[str]):
    """One or more paragraphs: a folded block when long, else a plain scalar (ruamel quotes what needs it)."""
    text = "\n".join(paragraphs)
    return FoldedScalarString(text) if len(text) > FOLD_AT or len(paragraphs) > 1 else text


FLOW_UNSAFE = set(":,[]{}#&*!|>'\"%@`")  # a text holding one of these is written as a block mapping


def flow(mapping: dict) -> CommentedMap:
    """`{to: ..., note: ...}` on one line, as the repository's plans write it, when its texts allow."""
    node = CommentedMap(mapping)
    lists = [value for value in mapping.values() if isinstance(value, CommentedSeq)]
    if not any(FLOW_UNSAFE & set(str(value)) for value in mapping.values() if not isinstance(value, list)) and \
            all(value.fa.flow_style() for value in lists):
        node.fa.set_flow_style()
    return node


def flow_list(values: list) -> CommentedSeq:
    """`[TCCB, VP]` when its texts allow: none holds YAML's punctuation, and none after the first starts
    in lower case (a phrase cut by commas, which `check` warns of)."""
    node = CommentedSeq(values)
    if not any(FLOW_UNSAFE & set(str(value)) for value in values) and not any(starts_lower(str(value)) for value in values[1:]):
        node.fa.set_flow_style()
    return node


class Writer:
    def __init__(self, found: Recognised):
        self.found = found
        self.missing: list[str] = []
        self.comments: dict[str, list[str]] = {}  # top-level key -> comment lines before it
        self.shift = 0  # columns further in: PART_INDENT while the sections of a part are written

    def value(self, key: str, value):
        """The value found, or the stand-in with its note."""
        if value:
            return value
        stand_in, note = MISSING[key]
        self.missing.append(note)
        return stand_in

    def tree(self) -> CommentedMap:
        found = self.found
        tree = CommentedMap()
        tree["format"] = found.format
        tree["type"] = found.type
        tree["issuer"] = self.issuer()
        if found.number is not None and found.date and found.date[2]:
            tree["number"] = found.number
        elif found.number is not None:
            self.missing.append(f"văn bản có số {found.number} nhưng ngày để trống: bỏ số, nhập thành bản nháp")
        if "number" not in tree and found.draft is not True:  # DỰ THẢO is what a plan without a number prints
            tree["draft"] = found.draft or False
        tree["date"] = self.date()
        if found.urgency:
            tree["urgency"] = found.urgency
        tree["title"] = text_value([self.value("title", found.title)])
        if found.bases:
            tree["bases"] = CommentedSeq([text_value([basis]) for basis in found.bases])
        if found.cited:
            tree["implements"] = cited_particulars(found.cited)
        elif found.intro:
            tree["intro"] = text_value(found.intro)
            if found.intro_note:
                tree.yaml_set_comment_before_after_key("intro", before=f"{CHECK}: {found.intro_note}", indent=0)
        if found.parts:
            tree["parts"] = self.parts()
        else:
            tree["sections"] = self.sections(found.sections, SECTION_INDENT)
        tree["recipients"] = self.recipients()
        tree["archive"] = self.archive()
        tree["signature"] = self.signature()
        if found.remark:
            tree["remark"] = found.remark
        return tree

    def issuer(self) -> CommentedMap:
        found = self.found
        issuer = CommentedMap()
        if found.parent:
            issuer["parent"] = "\n".join(found.parent)
        issuer["name"] = "\n".join(found.name) or self.value("name", None)
        if found.cited and found.cited.called:
            issuer["called"] = found.cited.called
        issuer["code"] = self.value("code", found.code)
        issuer["place"] = self.value("place", found.place)
        return issuer

    def date(self):
        year, month, day = self.found.date
        return DateText(f"{year}-{month:02d}-{day:02d}") if day else f"{year}-{month:02d}"

    def sections(self, drafts: list[SectionDraft], indent: int) -> CommentedSeq:
        sections = CommentedSeq()
        for index, section in enumerate(drafts):
            sections.append(self.section(section, sections, index, indent))
        return sections

    def parts(self) -> CommentedSeq:
        """Each `Phần` with the sections up to the next one; sections before the first part join it (noted)."""
        parts = CommentedSeq()
        drafts = self.found.parts
        for index, part in enumerate(drafts):
            first = 0 if index == 0 else part.first
            last = drafts[index + 1].first if index + 1 < len(drafts) else len(self.found.sections)
            node = CommentedMap()
            node["title"] = part.title or self.value("part_title", None)
            self.shift = PART_INDENT
            node["sections"] = self.sections(self.found.sections[first:last], SECTION_INDENT + PART_INDENT)
            self.shift = 0
            if not node["sections"]:
                node["sections"].append(CommentedMap(title=self.value("section_title", None), text=self.value("section_text", None)))
            parts.append(node)
            if index == 0 and part.first:
                self.missing.append(f"{part.first} mục đứng trước dòng “Phần I” (dòng {part.line}): đã đưa vào Phần I")
        return parts

    def section(self, section: SectionDraft, siblings: CommentedSeq, index: int, indent: int = SECTION_INDENT) -> CommentedMap:
        node = CommentedMap()
        ident = self.section_id(section.title, siblings)
        if ident:
            node["id"] = ident
        node["title"] = section.title
        if section.text:
            node["text"] = text_value(section.text)
        if section.listing:
            self.put_listing(node, section.listing, DEFAULT_NUMBERING["section"], 0)
        if not section.text and not section.listing:
            node["text"] = self.value("section_text", None)
        comment(siblings, index, [f"{CHECK}: {note}" for note in section.notes], indent)
        return node

    @staticmethod
    def section_id(title: str, siblings: CommentedSeq) -> str | None:
        base = slug(title)[:40].rstrip("-")
        if not base:
            return None
        taken = Counter(section.get("id") for section in siblings)
        ident, count = base, 1
        while taken[ident]:
            count += 1
            ident = f"{base}-{count}"
        return ident

    def put_listing(self, node: CommentedMap, listing: Listing, default: str, depth: int) -> None:
        """`numbering` (left out when it is the level's default, as `fmt` would) and `items`."""
        if listing.kind != default:
            node["numbering"] = listing.kind
        node["items"] = self.items(listing, depth)

    def items(self, listing: Listing, depth: int) -> CommentedSeq:
        items = CommentedSeq()
        for index, node in enumerate(listing.items):
            items.append(self.item(node, depth))
            lines = [f"{CHECK}: {note}" for note in node.notes] + [line for hint in node.tasks for line in hint_lines(hint)]
            comment(items, index, lines, ITEM_INDENT + LEVEL_INDENT * depth + self.shift)
        return items

    def item(self, node: Node, depth: int):
        if node.star:
            star = CommentedMap(star=node.paragraphs[0])
            if not node.restart:
                star["restart"] = False
            return star
        if node.title is None and node.children is None:
            return text_value(node.paragraphs)
        item = CommentedMap()
        if node.title is not None:
            item["title"] = node.title
        if node.paragraphs:
            item["text"] = text_value(node.paragraphs)
        if node.children:
            self.put_listing(item, node.children, DEFAULT_NUMBERING["item"], depth + 1)
        return item

    def recipients(self) -> CommentedSeq:
        recipients = CommentedSeq()
        for names, note in self.found.recipients:
            if len(names) > 1:
                recipients.append(flow({"group": flow_list(names), "note": note}))
            elif note:
                recipients.append(flow({"to": names[0], "note": note}))
            else:
                recipients.append(names[0])
        if not recipients:
            recipients.append(self.value("recipients", None))
        return recipients

    def archive(self) -> CommentedMap:
        if self.found.archive is None:
            self.missing.append('không thấy dòng "Lưu: VT, ...": kiểm tra archive.units')
            return flow({"units": flow_list([])})
        units, drafter, copies = self.found.archive
        archive: dict[str, CommentedSeq | str | int] = {"units": flow_list(units)}
        if drafter:
            archive["drafter"] = drafter
        if copies:
            archive["copies"] = copies
        return flow(archive)

    def signature(self) -> CommentedMap:
        found = self.found
        signature = CommentedMap()
        if found.authority:
            signature["authority"] = found.authority
            signature["head"] = found.head
        if found.authority != "Q":
            signature["title"] = self.value("signer_title", found.signer_title)
        signature["name"] = self.value("signer_name", found.signer_name)
        return signature


def cited_particulars(cited: Cited) -> CommentedMap:
    """`implements:` with what the basis sentence cites; the defaults (type KH, not legal) left out."""
    implements = cited.implements
    assert implements.date is not None, "read from the sentence"
    date = implements.date
    particulars = CommentedMap()
    if implements.type:
        particulars["type"] = implements.type
    particulars["number"] = implements.number
    particulars["code"] = implements.code
    particulars["date"] = DateText(f"{date.year}-{date.month:02d}-{date.day:02d}")
    particulars["issuer"] = implements.issuer
    particulars["about"] = text_value([implements.about or ""])
    particulars["format"] = implements.format
    if implements.legal:
        particulars["legal"] = True
    return particulars


def hint_lines(hint) -> list[str]:
    """The comment over an item whose sentence reads like a task: what it found, what to add if so."""
    fields = ["owner: <đơn vị chủ trì>"]
    if hint.due:
        fields.append(f"due: {hint.due}")
    if hint.repeat:
        fields.append(f"repeat: {hint.repeat}")
    if hint.report_to:
        fields.append(f"report_to: {hint.report_to}")
    excerpt = hint.sentence if len(hint.sentence) <= 90 else "…" + hint.sentence[-88:].split(" ", 1)[-1]
    lines = [f"nhiệm vụ? (dòng {hint.line}) “{excerpt}”",
             f"  nếu đúng, thêm vào khoản: id: {slug(' '.join(hint.sentence.split()[:5]))[:40]}",
             f"  task: {{{', '.join(fields)}}}"]
    if hint.due_typed:
        lines.append(f"  và thay “{hint.due_typed}” trong đoạn văn bằng {{due}}")
    return lines


def comment(seq: CommentedSeq, index: int, lines: list[str], indent: int) -> None:
    if lines:
        seq.yaml_set_comment_before_after_key(index, before="\n".join(lines), indent=indent)
