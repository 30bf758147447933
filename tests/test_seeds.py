"""The repository's plans render back to the words of the real plans they
reproduce (their copies in tests/data/seeds), paragraph by paragraph.

The seeds are text extractions: they lost the national title and the issuing
body of the header, broke some paragraphs at page ends, and carry typing slips
of the originals. Each difference the renderer makes on purpose is listed
below as a correction of the seed, with the rule behind it; nothing else may
differ.
"""
from __future__ import annotations

import difflib
import re
import unicodedata

import pytest

from conftest import PLAN_799, PLAN_THAI_NGUYEN, SEEDS, open_docx, render_bytes

NATIONAL_HEADER = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]

SEED_CASES = {
    "kh-799": dict(
        plan=PLAN_799,
        seed="kh-799-syt-ha-tinh-2020.txt",
        # The extraction lost the left and right header blocks.
        missing_from_seed=["UBND TỈNH HÀ TĨNH", "SỞ Y TẾ", *NATIONAL_HEADER],
        corrections=[
            # Spec 2: number, slash, type code, hyphen, issuer code, no spaces.
            ("Số: 799/KH- SYT", "Số: 799/KH-SYT"),
            ("Kế hoạch số 96 /KH-UBND", "Kế hoạch số 96/KH-UBND"),
            # Page breaks of the original split two paragraphs.
            ("việc thực\n\nhiện nghiêm túc", "việc thực hiện nghiêm túc"),
            ("nhân dân, thực\n\nhiện phong cách", "nhân dân, thực hiện phong cách"),
            # A section title takes no final period.
            ("III. TỔ CHỨC THỰC HIỆN.", "III. TỔ CHỨC THỰC HIỆN"),
            # Spec 5: the purpose note stands beside the entry, which ends with ";".
            ("- Ban Dân vận Tỉnh ủy; (để b/c)", "- Ban Dân vận Tỉnh ủy (để b/c);"),
        ],
    ),
    "kh-thai-nguyen": dict(
        plan=PLAN_THAI_NGUYEN,
        seed="kh-syt-thai-nguyen-van-hoa-cong-so-2021.txt",
        missing_from_seed=["UBND TỈNH THÁI NGUYÊN", "SỞ Y TẾ", *NATIONAL_HEADER],
        corrections=[
            # Spec 4: the point after e) is g); f is not in the Vietnamese sequence.
            ("\nf) Tích cực tham gia", "\ng) Tích cực tham gia"),
            # Spec 5: "Lưu:" with a colon, VT first, codes separated by commas.
            ("- Lưu VT. TCCB . nadt./.", "- Lưu: VT, TCCB, nadt."),
        ],
    ),
}


def normalise(text: str) -> str:
    """NFC, no extraction markup (#, *), single spaces."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    text = re.sub(r"^#+\s*", "", text)
    text = text.replace("*", "")
    return " ".join(text.split())


def seed_paragraphs(case: dict) -> list[str]:
    text = (SEEDS / case["seed"]).read_text(encoding="utf-8")
    for seed_text, rendered_text in case["corrections"]:
        assert seed_text in text, f"correction no longer applies: {seed_text!r}"
        text = text.replace(seed_text, rendered_text)
    lines = (normalise(line) for line in text.split("\n"))
    return [line for line in lines if line]


def document_paragraphs(document) -> list[str]:
    """Every non-empty paragraph of the plan's own pages in reading order: body,
    then table cells row by row; appendices (after the first section break) are not the seed's."""
    out = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p" and block.find("{*}pPr/{*}sectPr") is not None:
            break
        if tag == "p":
            out.append(_text(block))
        elif tag == "tbl":
            for cell in block.iterfind("{*}tr/{*}tc"):  # a table inside a cell (a group of recipients) read with its cell
                out.extend(_text(p) for p in cell.iter("{*}p"))
    return [p for p in (normalise(t) for t in out) if p]


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter("{*}t"))


@pytest.mark.parametrize("name", SEED_CASES)
def test_rendered_words_match_the_seed(name):
    case = SEED_CASES[name]
    rendered = document_paragraphs(open_docx(render_bytes(case["plan"])))
    rendered = [p for p in rendered if p not in case["missing_from_seed"]]
    assert_same_paragraphs(seed_paragraphs(case), rendered)


def assert_same_paragraphs(expected: list[str], rendered: list[str]) -> None:
    """Equal lists, or a failure naming the first paragraph that differs."""
    if rendered != expected:
        first = next((i for i, (a, b) in enumerate(zip(expected, rendered)) if a != b), min(len(expected), len(rendered)))
        seed_line = expected[first] if first < len(expected) else "(seed ends)"
        doc_line = rendered[first] if first < len(rendered) else "(document ends)"
        detail = "\n".join(difflib.unified_diff([seed_line], [doc_line], "seed", "docx", lineterm=""))
        pytest.fail(f"paragraph {first + 1} differs:\n{detail}")


@pytest.mark.parametrize("name", SEED_CASES)
def test_header_lines_missing_from_the_seed_are_in_the_document(name):
    case = SEED_CASES[name]
    rendered = document_paragraphs(open_docx(render_bytes(case["plan"])))
    assert rendered[:4] == case["missing_from_seed"][:2] + NATIONAL_HEADER
