"""Shared fixtures: the repository's plans, rendered once per test session."""
from __future__ import annotations

import importlib
import io
import pkgutil
import sys
from functools import cache
from pathlib import Path

import docx
import pytest
from docx.shared import Pt

import kehoach
from kehoach.documents import render_outputs
from kehoach.layout import layout
from kehoach.read import read_plan
from kehoach.render import render

# Hypothesis also draws the constants of every local module already imported, so a
# derandomized test would see other examples depending on which tests ran before it in
# the same process. Importing the whole package first makes the examples the same in
# every run, alone or in any worker.
for _module in pkgutil.walk_packages(kehoach.__path__, "kehoach."):
    if _module.name != "kehoach.__main__":  # that one runs the command
        importlib.import_module(_module.name)

ROOT = Path(__file__).resolve().parent.parent
PLANS = ROOT / "plans"
SEEDS = ROOT / "tests" / "data" / "seeds"  # copies of the real plans: a clone must hold its test data
KEHOACH = [sys.executable, "-m", "kehoach"]  # the command as installed in the interpreter running the tests

PLAN_799 = PLANS / "so-y-te-ha-tinh/2020/799-KH-SYT.yaml"
PLAN_THAI_NGUYEN = PLANS / "so-y-te-thai-nguyen/2021/KH-SYT-van-hoa-cong-so.yaml"
REPOSITORY_PLANS = [PLAN_799, PLAN_THAI_NGUYEN]


@cache
def render_all(plan_path: Path) -> dict[str, bytes]:
    """Every document `make docs` writes for a repository plan: suffix -> bytes."""
    key = plan_path.relative_to(PLANS).with_suffix("").as_posix()
    return render_outputs(read_plan(plan_path), key)


def render_bytes(plan_path: Path) -> bytes:
    """The plan's own .docx, appendices included, as `make docs` writes it."""
    return render_all(plan_path)[".docx"]


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


BUILTIN_TEMPLATES = ROOT / "generator" / "templates"
RESTYLED = {"body": "KH Body", "issuer": "KH Issuer", "motto": "KH Motto", "parent": "KH Issuer Parent"}


def restyled_template(folder: Path, fmt: str = "nd30", **sizes: float) -> Path:
    """A copy of a built-in template restyled as an office would in Word: `body=13` sets KH Body
    (and the styles based on it) to 13 pt, `issuer=12` KH Issuer to 12 pt (see RESTYLED)."""
    document = docx.Document(str(BUILTIN_TEMPLATES / fmt / "plan.docx"))
    for key, size in sizes.items():
        document.styles[RESTYLED[key]].font.size = Pt(size)
    path = folder / f"{fmt}-{'-'.join(f'{k}{v}' for k, v in sizes.items())}.docx"
    document.save(str(path))
    return path


def render_text(tmp_path: Path, yaml_text: str, name: str = "plan.yaml") -> bytes:
    """Render a plan given as YAML text (for tests that build small plans)."""
    path = tmp_path / name
    path.write_text(yaml_text, encoding="utf-8")
    return render(layout(read_plan(path)))


@pytest.fixture(params=REPOSITORY_PLANS, ids=lambda p: p.stem)
def plan_document(request):
    """Each repository plan, rendered and reopened with python-docx."""
    return open_docx(render_bytes(request.param))


MINIMAL_PLAN = """\
format: nd30
type: KH
issuer: {parent: UBND TỈNH HÀ TĨNH, name: SỞ Y TẾ, code: SYT, place: Hà Tĩnh}
number: 5
date: 2020-01-07
title: Thử nghiệm
sections:
  - title: Mục đích
    items:
      - Nội dung thứ nhất.
recipients: [Sở Nội vụ]
archive: {units: [TCCB]}
signature: {authority: KT, head: Giám đốc, title: Phó Giám đốc, name: Nguyễn Văn A}
"""


def edited_plan(*edits: tuple[str, str], text: str = MINIMAL_PLAN) -> str:
    """MINIMAL_PLAN (or text) with each `(old, new)` replaced; `old` must occur exactly once."""
    for old, new in edits:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
        text = text.replace(old, new)
    return text

