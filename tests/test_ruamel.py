"""The ruamel.yaml internals kehoach relies on, where ruamel.yaml has no public API, fail here
loudly when an upgrade changes them (pyproject.toml pins the range they were tested with):

- `Emitter.write_double_quoted(text, split)`, overridden in `review/fmt.py` to keep on one line
  a text that a fold would change (two blanks in a row, a tab, an escape);
- the slots `fold_pos` and `comment` of a folded scalar, copied by `author/newyear.py` so a
  year changed inside a `>-` text keeps the author's line breaks;
- the comment entries (`ca.items`) of a list, where ruamel.yaml leaves the comment after a block
  scalar's indicator (`- >-  # ...`) as a bare string its emitter drops: `review/fmt.py` moves it
  before the entry (test_fmt.py checks the comment survives).

Everything else (comments, flow or block style, anchors, line and column) goes through
ruamel.yaml's public methods; the fmt and new tests cover their behaviour.
"""
from __future__ import annotations

import inspect
from importlib.metadata import version

from ruamel.yaml.emitter import Emitter
from ruamel.yaml.scalarstring import FoldedScalarString

from conftest import MINIMAL_PLAN
from kehoach.author.newyear import SCALAR_SLOTS, next_year
from kehoach.review.fmt import _Emitter, _yaml, format_text

CHANGED = "ruamel.yaml changed an internal kehoach relies on ({}); re-test fmt and new, then widen the pin in pyproject.toml"


def test_a_block_scalar_entrys_indicator_comment_is_where_fmt_looks_for_it():
    tree = _yaml().load("a:\n  - >-  # chú thích\n    z\n")
    assert tree["a"].ca.items[0][1] == ["  # chú thích"], CHANGED.format("comments after a block scalar's indicator")


def test_the_installed_ruamel_yaml_is_in_the_tested_range():
    major, minor, patch = (int(part) for part in version("ruamel.yaml").split(".")[:3])
    assert (0, 19, 1) <= (major, minor, patch) < (0, 20, 0), CHANGED.format(f"version {version('ruamel.yaml')}")


def test_the_double_quoted_writer_fmt_overrides_keeps_its_signature():
    assert list(inspect.signature(Emitter.write_double_quoted).parameters) == ["self", "text", "split"], \
        CHANGED.format("Emitter.write_double_quoted(text, split)")
    assert _Emitter.write_double_quoted is not Emitter.write_double_quoted


def test_a_text_a_fold_would_change_stays_on_one_double_quoted_line():
    text = "Tổ chức thực hiện " + "có hiệu quả " * 8 + "trên địa  bàn\\tỉnh " + "và các huyện " * 6
    plan = MINIMAL_PLAN.replace("title: Thử nghiệm", f'title: "{text}"')
    lines = [line for line in format_text(plan, "plan.yaml").splitlines() if line.startswith("title:")]
    assert lines == [f'title: "{text}"'], CHANGED.format("the double-quoted writer's folding")


def test_a_folded_scalar_keeps_its_line_breaks_in_the_slots_new_copies():
    tree = _yaml().load("title: >-\n  Kế hoạch năm 2020 của\n  Sở Y tế\n")
    folded = tree["title"]
    assert isinstance(folded, FoldedScalarString), CHANGED.format("folded scalars' type")
    assert set(SCALAR_SLOTS) <= set(FoldedScalarString.__slots__), CHANGED.format(f"slots {SCALAR_SLOTS}")
    assert folded.fold_pos == [len("Kế hoạch năm 2020 của")], CHANGED.format("fold_pos")


def test_next_years_draft_keeps_the_authors_folds():
    plan = MINIMAL_PLAN.replace("title: Thử nghiệm", "title: >-\n  Kế hoạch thực hiện nhiệm vụ năm 2020\n  của Sở Y tế")
    draft, _ = next_year(plan, "plan.yaml")
    assert "title: >-\n  Kế hoạch thực hiện nhiệm vụ năm 2021\n  của Sở Y tế\n" in draft, \
        CHANGED.format("fold_pos of folded scalars")
