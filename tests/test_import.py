"""`kehoach import`: an old plan in Word or text into a plan file that renders back
as the same document (generator/author/importer/).

Measured on what the user gets: the plan file written (it passes `check` and
`fmt --check`), the .docx it builds (paragraph by paragraph against the
original, or word by word for files written by other tools), the command's
report and exit code.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import PLANS, ROOT, SEEDS, open_docx
from kehoach.author.importer import BLOCK_END, BLOCK_START, import_plan
from kehoach.cli import main
from kehoach.documents import render_outputs
from kehoach.read import read_plan
from kehoach.review.fmt import format_text
from test_seeds import document_paragraphs

FIXTURES = ROOT / "tests" / "data" / "import"
REPOSITORY = sorted(p for p in PLANS.rglob("*.yaml") if p.name != "bodies.yaml")
SIMILARITY = 0.98


def rendered(plan_file: Path) -> list[str]:
    """The plan's own pages (no appendices), one normalised paragraph each."""
    return document_paragraphs(open_docx(render_outputs(read_plan(plan_file), "import", ("plan",))[".docx"]))


def imported(source: Path, tmp_path: Path, fmt: str | None = None) -> Path:
    """Import into tmp_path; the file written must pass `check` and `fmt --check` as it is."""
    result = import_plan(source, fmt, tmp_path / "plan.yaml")
    result.target.write_text(result.text, encoding="utf-8")
    assert format_text(result.text) == result.text, "the imported plan is not in the layout of kehoach fmt"
    read_plan(result.target)  # raises PlanError listing any problem
    return result.target


def words(paragraphs: list[str]) -> list[str]:
    """Words: tokens with a letter or a digit (bullets and dashes are the renderer's)."""
    text = unicodedata.normalize("NFC", " ".join(paragraphs)).replace("*", "").replace("#", "")
    return [token for token in text.split() if any(c.isalnum() for c in token)]


def similarity(original: list[str], result: list[str]) -> float:
    return difflib.SequenceMatcher(None, words(original), words(result), autojunk=False).ratio()


# ------------------------------------------------------------------ round trip of the repository's plans

@pytest.mark.parametrize("plan_file", REPOSITORY, ids=lambda p: p.parent.parent.name)
def test_importing_a_built_plan_builds_the_same_text_paragraph_by_paragraph(plan_file, tmp_path):
    original = tmp_path / "old.docx"
    original.write_bytes(render_outputs(read_plan(plan_file), "old", ("plan",))[".docx"])
    assert rendered(imported(original, tmp_path)) == rendered(plan_file)


# ------------------------------------------------------------------ files written by other tools

SEED_FILES = {  # seed -> the format to give when the file lost its header (the Party seed lacks its first page)
    "kh-799-syt-ha-tinh-2020": None,
    "kh-syt-thai-nguyen-van-hoa-cong-so-2021": None,
    "kh-dang-uy-syt-chuyen-de-2020": "party",
}
FOREIGN = [pytest.param(tool, seed, id=f"{tool}-{seed}") for tool in ("pandoc", "libreoffice") for seed in SEED_FILES]


def seed_words(seed: str) -> list[str]:
    return (SEEDS / f"{seed}.txt").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("tool, seed", FOREIGN)
def test_a_plan_written_by_another_tool_imports_to_the_same_words(tool, seed, tmp_path):
    """Seeds turned into .docx by pandoc (Word lists for `1.`, `a)`, `-`; bold runs) and by
    LibreOffice (plain paragraphs, labels typed in the text): see tests/data/import/README.md."""
    plan = imported(FIXTURES / f"{tool}-{seed}.docx", tmp_path, SEED_FILES[seed])
    assert similarity(seed_words(seed), rendered(plan)) >= SIMILARITY


@pytest.mark.parametrize("seed", SEED_FILES)
def test_a_text_copied_from_a_pdf_imports_to_the_same_words(seed, tmp_path):
    plan = imported(SEEDS / f"{seed}.txt", tmp_path, SEED_FILES[seed])
    assert similarity(seed_words(seed), rendered(plan)) >= SIMILARITY


def test_word_automatic_numbering_becomes_the_plan_numbering(tmp_path):
    """No label is typed in this file: sections number by their style's numPr, items and bullets by their own."""
    source = FIXTURES / "word-numbering-kh-799.docx"
    plan_file = imported(source, tmp_path)
    plan = read_plan(plan_file)
    assert [s.title for s in plan.sections] == ["MỤC ĐÍCH, YÊU CẦU", "NỘI DUNG", "TỔ CHỨC THỰC HIỆN"]
    assert [s.numbering for s in plan.sections] == ["dash", None, None]
    assert len(plan.sections[1].items) == 6 and len(plan.sections[1].items[5].items) == 2
    assert (plan.issuer.parent, plan.issuer.name, plan.number) == ("UBND TỈNH HÀ TĨNH", "SỞ Y TẾ", 799)
    original = document_paragraphs(open_docx(source.read_bytes()))
    assert similarity(original, rendered(plan_file)) >= SIMILARITY
