"""`kehoach import`: last year's plan, written in Word (or copied as text from a
PDF or a portal), into a plan file that `kehoach build` renders back as the
same document.

    source (read the file into lines) -> recognise (header, body, footer) -> write (YAML with comments)

The file written passes `kehoach check` and `kehoach fmt --check` as it is;
what the importer could not place is in it as text with a comment saying what
to check, and a block at the top lists every point to review. Tasks are never
guessed: sentences with a deadline or a reporting period are comments at their
item (`# nhiệm vụ? ...`) with the `task:` to add if the clerk confirms.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from ...errors import PlanError, Problem
from ...files import display, write_atomically
from ...read import read_plan
from ...vn import slug
from .recognise import Recognised, recognise, walk
from .source import read_lines
from .write import dump, plan_tree

BLOCK_START = "==== kehoach import:"
BLOCK_END = "==== hết danh sách: xóa khối chú thích này khi đã rà soát xong ===="
SCHEMA_NAME = "plan.schema.json"
NAME_WORDS = 6  # words of the summary in a draft's file name


@dataclass
class Imported:
    target: Path
    text: str
    found: list[str]  # what was recognised, one line each
    reviews: list[str]  # what to check, one line each


@dataclass
class Outcome:
    imported: Imported | None = None
    problems: list[Problem] = field(default_factory=list)  # the old file could not be read: nothing written
    existing: Path | None = None  # refused to overwrite it
    plan_problems: list[Problem] = field(default_factory=list)  # of the plan as written (a bug if any)


def write_import(source: Path, target: Path | None = None, fmt: str | None = None, force: bool = False,
                 root: Path = Path("plans")) -> Outcome:
    """`kehoach import`: read, write (never over an existing file without force), check what was written."""
    try:
        imported = import_plan(source, fmt, target, root)
    except PlanError as err:
        return Outcome(problems=err.problems)
    if imported.target.exists() and not force:
        return Outcome(existing=imported.target)
    write_atomically(imported.target, imported.text.encode("utf-8"))
    try:
        read_plan(imported.target, display(imported.target))
    except PlanError as err:
        return Outcome(imported, plan_problems=err.problems)
    return Outcome(imported)


def import_plan(source: Path, fmt: str | None = None, target: Path | None = None, root: Path = Path("plans")) -> Imported:
    """The plan's YAML text and where it goes (nothing written). Raises PlanError when the file cannot be read."""
    name = display(source)
    lines, left_out = read_lines(source, name)
    found = recognise(lines, fmt, dt.date.today().year)  # the year only stands in when the file names none
    tree, missing = plan_tree(found)
    target = target or default_target(found, source, root)
    summary = found_lines(found)
    reviews = missing + left_out + [str(note) for note in found.notes] + item_reviews(found)
    tree.yaml_set_start_comment("\n".join(_schema_line(target) + block(name, summary, reviews)))
    return Imported(target, dump(tree), summary, reviews)


def default_target(found: Recognised, source: Path, root: Path) -> Path:
    """plans/<body-place>/<year>/<number>-KH-<CODE>.yaml; a draft: KH-<CODE>-<summary's first words>.yaml."""
    body = slug(" ".join(found.name + [found.place or ""])) if found.name else slug(source.stem)
    assert found.date is not None, "recognise sets a date (a draft's when the file names none)"
    year = str(found.date[0])
    code = slug(found.code or "").upper()
    if found.number is not None and found.date and found.date[2]:
        stem = f"{found.number}-{found.type}-{code}" if code else f"{found.number}-{found.type}"
    else:
        words = slug(" ".join((found.title or source.stem).replace("*", "").split()[:NAME_WORDS]))
        stem = "-".join(part for part in (found.type, code, words) if part)
    return root / (body or "co-quan") / year / f"{stem}.yaml"


def found_lines(found: Recognised) -> list[str]:
    items = sum(1 for section in found.sections for _ in walk(section.listing))
    tasks = sum(len(node.tasks) for section in found.sections for node in walk(section.listing))
    signer = " / ".join(filter(None, [f"{found.authority} {found.head}" if found.authority else None,
                                      found.signer_title, found.signer_name]))
    number = found.number if found.number is not None else "để trống (bản nháp)"
    return [
        f"thể thức {found.format}; số {number}; cơ quan {' / '.join(found.parent + found.name) or 'chưa rõ'}",
        f"{len(found.bases)} căn cứ, {f'{len(found.parts)} phần, ' if found.parts else ''}{len(found.sections)} mục, "
        f"{items} khoản và điểm; "
        f"{tasks} câu có thời hạn hoặc định kỳ ghi chú để xác nhận nhiệm vụ",
        f"{len(found.recipients)} nơi nhận; chữ ký: {signer or 'chưa rõ'}",
    ]


def item_reviews(found: Recognised) -> list[str]:
    reviews = []
    for section in found.sections:
        reviews += [str(note) for note in section.notes]
        for node in walk(section.listing):
            reviews += [str(note) for note in node.notes]
            reviews += [f"dòng {hint.line}: nhiệm vụ? {'hạn ' + hint.due_typed if hint.due_typed else 'định kỳ'}"
                        " (chú thích # nhiệm vụ? tại khoản)" for hint in node.tasks]
    return reviews


def block(name: str, summary: list[str], reviews: list[str]) -> list[str]:
    lines = [f"{BLOCK_START} nhập từ {name} ====", "Tìm thấy:"] + [f"- {line}" for line in summary]
    lines += ["Cần xem lại (dòng N: dòng thứ N của tệp .txt, đoạn thứ N của tệp .docx):"] + [f"- {line}" for line in reviews or ["không có"]]
    lines.append(BLOCK_END)
    return [" ".join(line.split()) for line in lines]


def _schema_line(target: Path) -> list[str]:
    """`yaml-language-server: $schema=...` when a plan.schema.json stands in a folder above the target."""
    folder = target.absolute().parent
    for above in (folder, *folder.parents):
        if (above / SCHEMA_NAME).is_file():
            return [f"yaml-language-server: $schema={Path(os.path.relpath(above / SCHEMA_NAME, folder)).as_posix()}"]
    return []
