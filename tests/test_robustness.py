"""Robustness: generated plans, fuzzed files, sizes at the limits, two builds at once, paths.

1. Property-based (hypothesis): valid plans generated as data, dumped to YAML, read,
   rendered and read back with python-docx: every paragraph of the body is there, with
   the labels the spec gives (computed here from the README, not by the renderer's code);
   the JSON Schema accepts every one; `fmt` is idempotent and keeps the meaning.
2. Fuzzing the loader: mutated repository plans, values of the wrong type at known keys,
   random bytes. `read_plan` returns a Plan or raises PlanError whose problems are all
   `file:line:column: message` in Vietnamese; never another exception. The CLI on a few
   such plans: exit 1, problems on stderr, nothing written for the bad plan.
3. Limits: a 5 MB plan, 10 000 items, 20 levels of nesting (and far deeper: refused at
   its place), a 10 000-character paragraph; each measured in a fresh process (time and
   peak resident memory, C allocations of lxml included).
4. Two `kehoach build` processes on one repository at the same time.
5. Paths: nothing a plan says makes kehoach write outside the output folder.

Every test works in tmp folders; the repository's plans/ and output/ are only read.
"""
from __future__ import annotations

import copy
import io
import itertools
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
import unicodedata
from datetime import date
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from conftest import KEHOACH, MINIMAL_PLAN, PLANS, ROOT, edited_plan, open_docx
from kehoach import inline, vn
from kehoach.documents import render_outputs
from kehoach.files import find_plans
from kehoach.cli import main
from kehoach.errors import PlanError
from kehoach.review.fmt import format_text
from kehoach.load import load_text
from kehoach.model import json_schema
from kehoach.read import read_plan

HERE = Path(__file__).resolve()
REPOSITORY_PLANS = [path for path, _root in find_plans([PLANS])]
EVERY_YAML_FILE = sorted(PLANS.rglob("*.yaml"))

# Words of the YAML library (libyaml's English) and of Python tracebacks that must never reach a clerk.
ENGLISH = re.compile(r"\b(expected|found|while|could not|mapping|Traceback|scanning|parsing|token|stream|"
                     r"unacceptable|special characters|NoneType|Error|Exception|object|line \d+|column \d+)\b")
PROBLEM = re.compile(r"(?P<file>[^\n]+?):(?P<line>\d+):(?P<column>\d+): (?P<message>[^\n]+)")


FUZZ = os.environ.get("KEHOACH_FUZZ") == "1"  # `make fuzz`: ten times the examples, a new random seed each run


def quick(examples: int):
    """Hypothesis settings: `make test` runs a quarter of `examples`, derandomized, so every run is the same
    run; `make fuzz` runs ten times as many with fresh randomness. No database in the repository."""
    count = examples * 10 if FUZZ else max(10, examples // 4)
    return settings(max_examples=count, deadline=None, database=None, derandomize=not FUZZ,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def dump(data) -> str:
    yaml = YAML(typ="safe")
    yaml.allow_unicode = True
    yaml.default_flow_style = False
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --- a strategy for valid plans ----------------------------------------------------------------

LETTERS = ("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"
           "áàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
START = ("Nâng", "Tổ chức", "Đẩy mạnh", "Các", "Phòng", "Sở", "Xây dựng", "Ủy ban", "Tiếp tục", "Ưu tiên", "Ổn định", "Chủ trì")
WORDS = ("Sở", "Y", "tế", "kế", "hoạch", "thực", "hiện", "phong", "trào", "thi", "đua", "Dân", "vận", "khéo", "năm",
         "2020", "cán", "bộ", "đảng", "viên", "nâng", "cao", "nhận", "thức", "trách", "nhiệm", "Ủy", "ban", "tỉnh",
         "Hà", "Tĩnh", "quý", "IV", "I.", "a)", "-", "1.")
SPECIAL = ("“Dân vận khéo”", "&", "<", ">", "<b>", "&amp;", "{{ 7*7 }}", "{% if x %}", "{{", "}}", "*nghiêng*",
           "**đậm**", "***đậm nghiêng***", "7*7", "\\*", "*", "**", '"', "'", ":", "#", "%", "@", "`", "|", "—",
           "…", "(b/c)", ";", ",", "v.v.", "19/5/1890-19/5/2020", "./.")
FREE = st.text(alphabet=LETTERS + "“”&<>{}*'\"\\ ", min_size=1, max_size=8).filter(lambda t: "{due}" not in t)
NUMBERINGS = ("decimal", "nested", "letters", "dash", "plus", "star", "none")
CODES = ("SYT", "UBND", "TCCB", "SGDĐT", "VP", "KH-TC")


ENDS = ("", ".", ";", ":", "...", " ./.")
NAME_ENDS = ("", "...")  # a recipient or a section title: no final period or semicolon (they print their own)


def sentence(max_words: int = 10, ends: tuple[str, ...] = ENDS):
    """A line of text; one announcing a list ("... gồm") ends with a colon, as the model requires."""
    return st.builds(lambda start, words, end: " ".join([start, *words]) + end,
                     st.sampled_from(START),
                     st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from(SPECIAL), FREE), max_size=max_words),
                     st.sampled_from(ends)).filter(lambda line: line.endswith(":") or not vn.announces_list(line))


def paragraphs_text():
    """One to three paragraphs, one a line."""
    return st.lists(sentence(), min_size=1, max_size=3).map("\n".join)


def deadlines(year: int, month: int):
    """A day of the plan's year not before its date (dated at most on the 28th of `month`). One draw of a date,
    as before deadlines could be written otherwise: the derandomized examples of the other fields stay
    those of earlier runs (the written forms have tests of their own, test_deadlines.py and test_vn.py)."""
    return st.dates(date(year, month, 28), date(year, 12, 31)).map(date.isoformat)


@st.composite
def plans(draw):
    """A valid plan as plain data: what a clerk could type."""
    ids = itertools.count(1)
    has_number = draw(st.booleans())
    year = draw(st.integers(2000, 2030))
    month = draw(st.integers(1, 12))
    if has_number or draw(st.booleans()):
        plan_date = draw(st.dates(date(year, month, 1), date(year, month, 28))).isoformat()
    else:
        plan_date = f"{year}-{month:02d}"  # a draft: year and month
    tasks = []

    def task():
        found = {"owner": draw(sentence(4))}
        if draw(st.booleans()):
            found["due"] = draw(deadlines(year, month))
        elif draw(st.booleans()):
            every = draw(st.sampled_from(("monthly", "quarterly", "half-yearly", "yearly")))
            found["repeat"] = every if draw(st.booleans()) else {"every": every, "day": draw(st.integers(1, 31))}
        if draw(st.booleans()):
            found["partners"] = draw(st.lists(sentence(3), min_size=1, max_size=3))
        for key in ("report_to", "product", "summary"):
            if draw(st.integers(0, 3)) == 0:
                found[key] = draw(sentence(5))
        tasks.append(found)
        return found

    def item(depth: int):
        kind = draw(st.sampled_from(("plain", "text", "title", "both")))
        if kind == "plain":
            return draw(paragraphs_text())
        node = {}
        if kind in ("title", "both"):
            node["title"] = draw(sentence(6))
        if kind in ("text", "both"):
            node["text"] = draw(paragraphs_text())
        if depth < 4 and draw(st.booleans()):
            node["items"] = [item(depth + 1) for _ in range(draw(st.integers(1, 8 if depth == 1 else 3)))]
            if draw(st.booleans()):
                node["numbering"] = draw(st.sampled_from(NUMBERINGS))
        if draw(st.integers(0, 4)) == 0:
            node["closing"] = draw(paragraphs_text())
        if draw(st.integers(0, 3)) == 0:
            node["task"] = task()
        if "task" in node or draw(st.integers(0, 3)) == 0:
            node["id"] = f"muc-{next(ids)}"
        return node

    sections = []
    for _ in range(draw(st.integers(1, 6))):
        section = {"title": draw(sentence(5, NAME_ENDS).filter(lambda t: not t.endswith(".") or t.endswith(("...", "v.v."))))}
        count = draw(st.integers(0, 9))
        if count:
            section["items"] = [item(1) for _ in range(count)]
        if not count or draw(st.booleans()):
            section["text"] = draw(paragraphs_text())
        if draw(st.booleans()):
            section["numbering"] = draw(st.sampled_from(NUMBERINGS))
        if draw(st.integers(0, 3)) == 0:
            section["closing"] = draw(paragraphs_text())
        if draw(st.booleans()):
            section["id"] = f"muc-{next(ids)}"
        sections.append(section)

    issuer = {"name": draw(st.sampled_from(("SỞ Y TẾ", "ỦY BAN NHÂN DÂN", "BỆNH VIỆN ĐA KHOA\nTỈNH HÀ TĨNH"))),
              "code": draw(st.sampled_from(("SYT", "UBND", "BVĐK"))), "place": draw(st.sampled_from(("Hà Tĩnh", "Thái Nguyên"))),
              "called": "Sở Y tế"}
    if draw(st.booleans()):
        issuer["parent"] = "UBND TỈNH HÀ TĨNH"
    # Each recipient once: the names are numbered so that no two are the same.
    serial = itertools.count(1)
    name = sentence(3, ("",)).map(lambda text: f"{text} {next(serial)}")
    recipient = st.one_of(
        name,
        st.builds(lambda to, note: {"to": to, "note": note}, name, sentence(2)),
        st.builds(lambda names, note: {"group": names, "note": note}, st.lists(name, min_size=2, max_size=3), sentence(2)),
    )
    signature = draw(st.sampled_from((
        {"title": "Giám đốc", "name": "Nguyễn Văn A"},
        {"authority": "KT", "head": "Giám đốc", "title": "Phó Giám đốc", "name": "Trần Xuân Dâng"},
        {"authority": "TM", "head": "Ủy ban nhân dân", "title": "Chủ tịch", "name": "Lê Thị Ánh"},
        {"authority": "Q", "head": "Giám đốc", "name": "Phạm Đức Ư"},
    )))
    archive = {"units": draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=3))}
    if draw(st.booleans()):
        archive["drafter"] = "nadt"
    if draw(st.booleans()):
        archive["copies"] = draw(st.integers(1, 30))
    data = {"format": "nd30", "type": "KH", "issuer": issuer, "date": plan_date, "title": draw(sentence(12)),
            "sections": sections, "recipients": draw(st.lists(recipient, min_size=1, max_size=4)),
            "archive": archive, "signature": signature}
    if has_number:
        data["number"] = draw(st.integers(1, 9999))
    for key, strategy in (("urgency", st.sampled_from(("KHẨN", "THƯỢNG KHẨN", "HỎA TỐC"))),
                          ("bases", st.lists(sentence(8), min_size=1, max_size=3)),
                          ("intro", paragraphs_text()), ("closing", paragraphs_text()), ("remark", sentence(4))):
        if draw(st.booleans()):
            data[key] = draw(strategy)
    if tasks and draw(st.booleans()):
        data["appendices"] = ["checklist"]
    return data


# --- what the document must say, from the spec (README), not from layout.py -------------------

POINT_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()  # no f, j, w, z
ROMAN = ["", "I", "II", "III", "IV", "V", "VI"]


def label_of(numbering: str, index: int, parent: str) -> str:
    if numbering == "decimal":
        return f"{index}."
    if numbering == "nested":
        return (parent if re.fullmatch(r"(\d+\.)+", parent) else "") + f"{index}."
    if numbering == "letters":
        rounds, position = divmod(index - 1, len(POINT_LETTERS))
        return POINT_LETTERS[position] * (rounds + 1) + ")"
    return {"dash": "-", "plus": "+", "star": "*", "none": ""}[numbering]


def paras(text: str | None) -> list[str]:
    return [inline.plain(line.strip()) for line in nfc(text or "").split("\n") if line.strip()]


def labelled(label: str, text: str) -> str:
    return f"{label} {text}" if label else text


def expected_items(items, numbering: str, parent: str) -> list[str]:
    out = []
    for index, item in enumerate(items, start=1):
        label = label_of(numbering, index, parent)
        if isinstance(item, str):
            item = {"text": item}
        if item.get("title"):
            out.append(labelled(label, inline.plain(nfc(item["title"]).strip())))
            out += paras(item.get("text"))
        else:
            first, *rest = paras(item["text"])
            out += [labelled(label, first), *rest]
        out += expected_items(item.get("items", ()), item.get("numbering", "dash"), label)
        out += paras(item.get("closing"))
    return out


def with_end_mark(text: str) -> str:
    """The state end mark, replacing one typed by hand ("./.", "./", "/.") and the space before it."""
    text = text.rstrip()
    for typed in ("./.", "./", "/."):
        if text.endswith(typed):
            text = text[: -len(typed)].rstrip()
            break
    return text.rstrip(".") + "./."


def expected_body(data) -> list[str]:
    """The paragraphs from the introduction to the end mark, as a reader sees them."""
    out = paras(data.get("intro"))
    for number, section in enumerate(data["sections"], start=1):
        out.append(f"{ROMAN[number]}. {nfc(section['title']).strip().upper().rstrip('.')}")
        out += paras(section.get("text"))
        out += expected_items(section.get("items", ()), section.get("numbering", "decimal"), "")
        out += paras(section.get("closing"))
    out += paras(data.get("closing"))
    out[-1] = with_end_mark(out[-1])
    return out


def all_text(document) -> str:
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                texts += [p.text for p in cell.paragraphs]
    return "\n".join(texts)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("robust")


# --- 1. properties of generated plans ----------------------------------------------------------

@quick(40)
@given(data=plans())
def test_generated_plans_render_every_paragraph_with_consecutive_labels(scratch, data):
    path = scratch / "plan.yaml"
    path.write_text(dump(data), encoding="utf-8")
    plan = read_plan(path, "plan.yaml")
    outputs = render_outputs(plan, "plan")
    for suffix, content in outputs.items():  # the checklists too, when the plan has tasks
        if suffix.endswith(".docx"):
            open_docx(content)
    document = open_docx(outputs[".docx"])
    actual = [p.text for p in document.paragraphs]
    expected = expected_body(data)
    first_section = expected.index(f"I. {nfc(data['sections'][0]['title']).strip().upper().rstrip('.')}")
    start = actual.index(expected[first_section]) - first_section
    assert actual[start:start + len(expected)] == expected
    text = all_text(document)
    for item in plan.all_items():
        for paragraph in paras(item.text) + paras(item.title):
            assert paragraph in text or with_end_mark(paragraph) in text


SCHEMA = json_schema()
NO_JSONSCHEMA = "jsonschema is not installed: it belongs in pyproject's [project.optional-dependencies] test"


@quick(60)
@given(data=plans())
def test_the_json_schema_accepts_every_generated_plan(scratch, data):
    jsonschema = pytest.importorskip("jsonschema", reason=NO_JSONSCHEMA)
    text = dump(data)
    loaded, _source = load_text(text.encode("utf-8"), "plan.yaml")
    jsonschema.Draft202012Validator(SCHEMA).validate(loaded)
    path = scratch / "schema.yaml"
    path.write_text(text, encoding="utf-8")
    read_plan(path, "schema.yaml")  # and the model agrees that it is valid


def test_the_json_schema_is_a_valid_schema():
    jsonschema = pytest.importorskip("jsonschema", reason=NO_JSONSCHEMA)
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def assert_fmt_is_idempotent_and_keeps_meaning(text: str, name: str):
    once = format_text(text, name)
    assert format_text(once, name) == once
    assert load_text(once.encode("utf-8"), name)[0] == load_text(text.encode("utf-8"), name)[0]


@quick(60)
@given(data=plans())
def test_fmt_is_idempotent_and_keeps_the_meaning_of_generated_plans(data):
    assert_fmt_is_idempotent_and_keeps_meaning(dump(data), "plan.yaml")


@pytest.mark.parametrize("path", EVERY_YAML_FILE, ids=lambda p: p.relative_to(PLANS).as_posix())
def test_fmt_is_idempotent_and_keeps_the_meaning_of_repository_plans(path):
    assert_fmt_is_idempotent_and_keeps_meaning(path.read_text(encoding="utf-8-sig"), path.name)


# --- 2. fuzzing the loader ---------------------------------------------------------------------

def assert_reported_well(err: PlanError, name: str, text: str | bytes):
    """Every problem is one line `file:line:column: message`, in Vietnamese, at a real place."""
    assert err.problems
    lines = (text.decode("utf-8", "replace") if isinstance(text, bytes) else text).count("\n") + 1
    for problem in err.problems:
        shown = str(problem)
        match = PROBLEM.fullmatch(shown)
        assert match, f"not file:line:column: message on one line: {shown!r}"
        line, column = int(match["line"]), int(match["column"])
        assert line >= 1 and column >= 1, shown
        if problem.file == name:
            assert line <= lines + 1, shown
        message = re.sub(r'"[^"\n]*"', '""', problem.message)  # the clerk's own words, quoted, may be anything
        assert not ENGLISH.search(message), shown


def read_or_report(path: Path, name: str, text: str | bytes):
    """A plan that reads (what `check` accepts) renders every document `build` writes (issue 10:
    a deadline in year 9999 and `entries: 10000000` passed `check`, then crashed `build`)."""
    try:
        plan = read_plan(path, name)
    except PlanError as err:
        assert_reported_well(err, name, text)
        return None
    assert render_outputs(plan, "plan", by_owner=True)[".docx"]
    return plan


@pytest.fixture(scope="module")
def plans_copy(tmp_path_factory) -> Path:
    """The repository's plans/, copied: mutated files are written in place there, parents and registry beside them."""
    copied = tmp_path_factory.mktemp("fuzz") / "plans"
    shutil.copytree(PLANS, copied)
    return copied


def in_place(plans_copy: Path, original: Path, content: str | bytes):
    """Write content where the plan stands in the copy; returns (path, name) and a restore function."""
    target = plans_copy / original.relative_to(PLANS)
    name = "plans/" + original.relative_to(PLANS).as_posix()
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8")
    return target, name, lambda: shutil.copyfile(original, target)


TOKENS = ("\t", ":", ": ", "[", "]", "{", "}", "'", '"', "- ", "-", "#", "&a ", "*a", "!", "!!int ", "%", "@", "`",
          "|", ">", "\n", " ", "  ", "?", ",", "\\", "\x00", "\x01", "\ufeff", "ạ", "\r", "---\n", "...", "“", "\"\\x01\"",
          "text: ", "items:", "{due}", "1. ", "&", "<")
MUTATION = st.tuples(st.sampled_from(("delete", "insert", "replace", "swap", "truncate", "duplicate")),
                     st.floats(0, 1), st.floats(0, 1), st.sampled_from(TOKENS), st.integers(1, 12))


def mutate(text: str, mutations) -> str:
    for operation, where, other, token, length in mutations:
        at = int(where * len(text))
        lines = text.split("\n")
        a, b = int(where * (len(lines) - 1)), int(other * (len(lines) - 1))
        if operation == "delete":
            text = text[:at] + text[at + length:]
        elif operation == "insert":
            text = text[:at] + token + text[at:]
        elif operation == "replace":
            text = text[:at] + token + text[at + 1:]
        elif operation == "swap":
            lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
        elif operation == "truncate":
            text = text[:at]
        else:
            lines.insert(b, lines[a])
            text = "\n".join(lines)
    return text


@quick(300)
@given(original=st.sampled_from(REPOSITORY_PLANS), mutations=st.lists(MUTATION, min_size=1, max_size=4))
def test_mutated_repository_plans_are_read_or_reported(plans_copy, original, mutations):
    text = mutate(original.read_text(encoding="utf-8"), mutations)
    path, name, restore = in_place(plans_copy, original, text)
    try:
        read_or_report(path, name, text)
    finally:
        restore()


def key_paths(data, path=()):
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from key_paths(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from key_paths(value, path + (index,))


ODD_TEXT = ("2020-02-31", "2020-13-01", "0000-01-01", "9999-12-31", "2020-1-1", "2021-2020", "KT", "T/M", "monthly",
            "../x", "/etc/passwd", "1. Đầu", "a) b", "{due}", "checklist", "x" * 300, "", " ", "Đ", "-1", "\x00\x1b",
            "\ufffe", "nd30", "party", "KH")
WRONG_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**20, 10**20) | st.floats() | st.text(max_size=12) | st.sampled_from(ODD_TEXT),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(("text", "title", "items", "id", "task", "owner", "due", "repeat", "every", "to", "group",
                         "note", "from", "plan", "units", "name")) | st.text(max_size=6), inner, max_size=3),
    max_leaves=6)


def loaded(path: Path):
    return load_text(path.read_bytes(), path.name)[0]


PLAN_DATA = {path: loaded(path) for path in REPOSITORY_PLANS}


@quick(300)
@given(original=st.sampled_from(REPOSITORY_PLANS), choices=st.data())
def test_values_of_the_wrong_type_at_known_keys_are_reported(plans_copy, original, choices):
    data = copy.deepcopy(PLAN_DATA[original])
    places = [p for p in key_paths(data) if p]
    for _ in range(choices.draw(st.integers(1, 3))):
        where = choices.draw(st.sampled_from(places))
        parent = data
        try:
            for key in where[:-1]:
                parent = parent[key]
            parent[where[-1]] = choices.draw(WRONG_VALUES)
        except (KeyError, IndexError, TypeError):  # an earlier change removed the place
            pass
    text = dump(data)
    path, name, restore = in_place(plans_copy, original, text)
    try:
        read_or_report(path, name, text)
    finally:
        restore()


@quick(300)
@given(raw=st.one_of(st.binary(max_size=2000),
                     st.builds(lambda head, noise, at: head[:at] + noise + head[at:],
                               st.just(MINIMAL_PLAN.encode()), st.binary(min_size=1, max_size=40), st.integers(0, len(MINIMAL_PLAN)))))
def test_random_bytes_are_read_or_reported(scratch, raw):
    path = scratch / "bytes.yaml"
    path.write_bytes(raw)
    read_or_report(path, "bytes.yaml", raw)


def nested_items(levels: int) -> str:
    """Items each inside the one before, `levels` deep, in place of MINIMAL_PLAN's one item."""
    lines, indent = [], "      "
    for level in range(1, levels + 1):
        lines.append(f"{indent}- text: Mức {level}")
        if level < levels:
            lines += [f"{indent}  numbering: nested", f"{indent}  items:"]
            indent += "    "
    return "\n".join(lines)


minimal = edited_plan


TOO_DEEP = "lồng quá sâu (quá 100 cấp, hoặc một bí danh '*' chứa chính nó): văn bản chỉ cần vài cấp mục, khoản, điểm"
ITEM = "      - Nội dung thứ nhất."
RECIPIENTS = "recipients: [Sở Nội vụ]"
HOSTILE = [
    # Each of these was a crash before (segfault, RecursionError, ValueError from lxml, minutes of work)
    # or a message in the YAML library's English.
    pytest.param(minimal((RECIPIENTS, "recipients: " + "[" * 100_000 + "Sở" + "]" * 100_000)),
                 f"plan.yaml:11:112: {TOO_DEEP}", id="100000-brackets-killed-the-process"),
    pytest.param(minimal((RECIPIENTS, "recipients: " + "[" * 200_000)),
                 f"plan.yaml:11:112: {TOO_DEEP}", id="200000-open-brackets-took-minutes"),
    pytest.param(minimal((ITEM, nested_items(300))), f"plan.yaml:154:201: {TOO_DEEP}", id="300-levels-of-items"),
    pytest.param(minimal((RECIPIENTS, "recipients: &r [*r]")), f"plan.yaml:11:13: {TOO_DEEP}", id="alias-containing-itself"),
    pytest.param(minimal((RECIPIENTS, RECIPIENTS + "\n" + "".join(
        f"x{i}: &x{i} [" + ", ".join([f"*x{i - 1}" if i else "Sở"] * 10) + "]\n" for i in range(8)))),
        "plan.yaml:12:18: tệp quá lớn: hơn 200000 giá trị (bí danh '*' lặp lại?); hãy chia thành nhiều kế hoạch",
        id="billion-laughs"),
    pytest.param(minimal(("title: Thử nghiệm", "title: Thử\x00nghiệm")),
                 "plan.yaml:6:11: ký tự điều khiển U+0000 không được có trong tệp; hãy xóa nó", id="nul-in-the-file"),
    pytest.param(minimal(("title: Thử nghiệm", 'title: "Thử\\x01nghiệm"')),
                 "plan.yaml:6:8: ký tự điều khiển U+0001 không in được trong văn bản; hãy xóa ký tự thoát này",
                 id="escaped-control-character-crashed-the-renderer"),
    pytest.param(minimal((ITEM, "      - *Lưu ý*: nội dung.")),
                 "plan.yaml:10:9: '*' hoặc '&' ở đầu giá trị có nghĩa riêng trong YAML: hãy đặt cả đoạn văn trong dấu nháy kép",
                 id="star-at-the-start-of-a-text"),
    pytest.param(minimal(("format: nd30\n", " format: nd30\n")),
                 "plan.yaml:2:1: dòng này thụt lề ít hơn đầu tệp: các khóa cấp cao nhất (format, type, ...) cùng bắt đầu ở cột 1",
                 id="first-line-indented"),
    pytest.param("%YAML 2.0\n---\n" + MINIMAL_PLAN,
                 "plan.yaml:1:1: dòng bắt đầu bằng '%' là chỉ thị YAML: hãy bỏ dòng này, hoặc đặt đoạn văn trong dấu nháy",
                 id="directive"),
    pytest.param(minimal(("title: Thử nghiệm", "title: !<Thử nghiệm")),
                 "plan.yaml:6:8: '!' ở đầu giá trị có nghĩa riêng trong YAML (thẻ): hãy đặt cả đoạn văn trong dấu nháy",
                 id="tag"),
    pytest.param(minimal(("title: Thử nghiệm", "title: &t Thử nghiệm\nintro: &t Mở đầu")),
                 "plan.yaml:7:8: neo (anchor) '&' bị lặp lại: mỗi tên neo chỉ dùng một lần", id="duplicate-anchor"),
]


@pytest.mark.parametrize("text, expected", HOSTILE)
def test_hostile_yaml_is_refused_at_its_place_quickly(tmp_path, text, expected):
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(PlanError) as caught:
        read_plan(path, "plan.yaml")
    assert time.perf_counter() - started < 10
    assert [str(problem) for problem in caught.value.problems] == [expected]
    assert_reported_well(caught.value, "plan.yaml", text)


BAD_FOR_THE_CLI = [
    pytest.param(minimal(("number: 5", "number: năm")), "plans/x/bad.yaml:4:9:", id="wrong-type"),
    pytest.param(minimal(("    items:", "\titems:")), "plans/x/bad.yaml:9:1:", id="tab"),
    pytest.param(minimal((ITEM, nested_items(300))), "plans/x/bad.yaml:154:201:", id="too-deep"),
    pytest.param(minimal(("title: Thử nghiệm", 'title: "Thử\\enghiệm"')), "plans/x/bad.yaml:6:8:", id="escape"),
    pytest.param(MINIMAL_PLAN.encode("utf-8").replace(b"number: 5", b"number: \xff5"), "plans/x/bad.yaml:4:9:", id="bytes"),
    pytest.param(minimal((RECIPIENTS, "recipients: " + "[" * 100_000)), "plans/x/bad.yaml:11:112:", id="brackets"),
]


@pytest.mark.parametrize("content, where", BAD_FOR_THE_CLI)
def test_the_cli_reports_a_bad_plan_and_writes_nothing_for_it(tmp_path, monkeypatch, content, where):
    monkeypatch.chdir(tmp_path)
    bad, good = Path("plans/x/bad.yaml"), Path("plans/x/good.yaml")
    bad.parent.mkdir(parents=True)
    if isinstance(content, bytes):
        bad.write_bytes(content)
    else:
        bad.write_text(content, encoding="utf-8")
    good.write_text(MINIMAL_PLAN, encoding="utf-8")
    result = CliRunner().invoke(main, ["build"], prog_name="kehoach")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(where), result.stderr
    assert all(PROBLEM.fullmatch(line) for line in result.stderr.splitlines()), result.stderr
    assert not [line for line in result.stdout.splitlines() if line.startswith("đã ghi") and "bad" in line]
    assert "  plans/x/bad.yaml: " in result.stdout  # repeated after the summary
    written = sorted(p.relative_to("output").as_posix() for p in Path("output").rglob("*") if p.is_file())
    assert written == [".kehoach-deps.json", "x/good.docx"]
    assert not [p for p in tmp_path.rglob("*.tmp")]


def test_fmt_reports_a_file_it_cannot_read_instead_of_an_internal_error(tmp_path, monkeypatch):
    """Before: a control character or deep nesting was an internal error (exit 3) in `fmt`."""
    monkeypatch.chdir(tmp_path)
    Path("plans").mkdir()
    Path("plans/nul.yaml").write_text(minimal(("title: Thử nghiệm", "title: Thử\x00nghiệm")), encoding="utf-8")
    Path("plans/deep.yaml").write_text(minimal((ITEM, nested_items(300))), encoding="utf-8")
    result = CliRunner().invoke(main, ["fmt"], prog_name="kehoach")
    assert result.exit_code == 123, result.output
    assert result.stderr.splitlines() == [
        f"plans/deep.yaml:154:201: {TOO_DEEP}",
        "plans/nul.yaml:6:11: ký tự điều khiển U+0000 không được có trong tệp; hãy xóa nó",
    ]


# --- 3. limits ----------------------------------------------------------------------------------

LONG = ("Nâng cao nhận thức, trách nhiệm “Dân vận khéo” & <b> {{ x }} " * 200)[:9_990].rstrip()
LONG += "ạ" * (10_000 - len(LONG))  # exactly 10 000 characters, no end mark of its own


def big_plan(kind: str) -> str:
    head, rest = MINIMAL_PLAN.split("sections:\n")
    tail = rest[rest.index("recipients:"):]
    if kind == "5mb":
        items, size, index = [], 0, 0
        while size < 5_000_000:
            index += 1
            paragraph = f"Đoạn {index} - " + " ".join(f"nâng cao nhận thức “Dân vận khéo” & <trách nhiệm> số {index}-{n}"
                                                      for n in range(40))
            items.append(f"      - {paragraph}\n")
            size += len(items[-1].encode("utf-8"))
        body = "".join(items)
    elif kind == "10000-items":
        body = "".join(f"      - Nội dung thứ {n} có “nháy” & <b>.\n" for n in range(1, 10_001))
    elif kind == "20-levels":
        body = nested_items(20) + "\n"
    elif kind == "10000-characters":
        body = f"      - {LONG}\n"
        head = head.replace("title: Thử nghiệm", f"title: {LONG}")
    else:
        raise ValueError(kind)
    return head + "sections:\n  - title: Mục đích\n    items:\n" + body + tail


def measure(kind: str) -> dict:
    """Run in a fresh process: read, render and reopen one big plan; its times and peak memory."""
    import tempfile

    text = big_plan(kind)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.yaml"
        path.write_text(text, encoding="utf-8")
        started = time.perf_counter()
        try:
            plan = read_plan(path, "plan.yaml")
        except PlanError as err:
            return {"problems": [str(p) for p in err.problems], "read_s": time.perf_counter() - started}
        read_s = time.perf_counter() - started
        data = render_outputs(plan, "plan")[".docx"]
        render_s = time.perf_counter() - started - read_s
        document = docx.Document(io.BytesIO(data))
        reopen_s = time.perf_counter() - started - read_s - render_s
    items = [p.text for p in document.paragraphs if p.style.name in ("KH Item", "KH Bullet", "KH Point")]
    return {
        "yaml_bytes": len(text.encode("utf-8")), "yaml_items": text.count("\n      - "), "docx_bytes": len(data), "read_s": read_s, "render_s": render_s,
        "reopen_s": reopen_s, "items": items if len(items) <= 20 else items[:3] + items[-3:], "item_count": len(items),
        "text_chars": sum(len(p.text) for p in document.paragraphs),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,  # Linux: kilobytes
    }


def measured(kind: str) -> dict:
    run = subprocess.run([sys.executable, str(HERE), "measure", kind], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.splitlines()[-1])
    print(kind, {k: v for k, v in result.items() if k != "items"})
    assert result["peak_mb"] < 1024, result
    return result


def test_a_5_mb_plan_renders():
    """5.0 MB of YAML: 1 591 paragraphs of ~3.1 KB. Measured (this machine, 2 cores): read 0.16 s,
    render 0.18 s, reopen 0.05 s; peak 113 MB resident for the whole process (320 MB seen once).
    Bound: 60 s, 1 GB."""
    result = measured("5mb")
    assert result["yaml_bytes"] >= 5_000_000
    assert result["read_s"] + result["render_s"] + result["reopen_s"] < 60
    assert result["item_count"] == result["yaml_items"] > 1500
    assert result["items"][0].startswith("1. Đoạn 1 - nâng cao nhận thức “Dân vận khéo” & <trách nhiệm> số 1-0")
    assert result["items"][-1].endswith("./.")


def test_10000_items_render_numbered_to_the_end():
    """10 000 items in one section. Measured: read 0.14 s, render 0.28 s, reopen 0.04 s;
    peak 109 MB. Bound: 60 s, 1 GB."""
    result = measured("10000-items")
    assert result["read_s"] + result["render_s"] + result["reopen_s"] < 60
    assert result["item_count"] == 10_000
    assert result["items"][:2] == ["1. Nội dung thứ 1 có “nháy” & <b>.", "2. Nội dung thứ 2 có “nháy” & <b>."]
    assert result["items"][-1] == "10000. Nội dung thứ 10000 có “nháy” & <b>./."


def test_20_levels_of_nesting_render_with_nested_labels():
    """20 items each inside the one before (the loader allows 100 levels of YAML, some 48 of items).
    Measured: read 0.006 s, render 0.008 s; peak 63 MB. Bound: 20 s, 1 GB. Deeper: refused at
    its place (test_hostile_yaml_is_refused_...: 300 levels was a RecursionError before)."""
    result = measured("20-levels")
    assert result["read_s"] + result["render_s"] + result["reopen_s"] < 20
    assert result["item_count"] == 20
    assert result["items"][-1] == "1." * 20 + " Mức 20./."


def test_a_10000_character_paragraph_and_title_render():
    """One item of 10 000 characters, and a title (trích yếu) as long, which python-docx refused as
    the document's title property (ValueError: over 255 characters) before. Measured: read
    0.005 s, render 0.009 s; peak 63 MB. Bound: 20 s, 1 GB."""
    result = measured("10000-characters")
    assert result["read_s"] + result["render_s"] + result["reopen_s"] < 20
    assert len(LONG) == 10_000
    assert result["items"] == [f"1. {LONG}./."]


# --- 4. two builds at once ----------------------------------------------------------------------

def test_two_builds_at_once_leave_every_document_whole(tmp_path):
    """Two `kehoach build --force` on one repository of 20 plans, started together (each on
    both cores). Measured: 1.0 s for both."""
    icalendar = pytest.importorskip("icalendar")
    source = PLANS / "so-y-te-ha-tinh/2020/799-KH-SYT.yaml"
    for n in range(20):
        target = tmp_path / "plans" / "so-y-te-ha-tinh" / "2020" / f"{n:02d}-KH-SYT.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    command = [*KEHOACH, "build", "plans", "-o", "output", "--force"]
    runs = [subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outcomes = [run.communicate(timeout=300) for run in runs]
    for run, (out, err) in zip(runs, outcomes):
        assert run.returncode == 0, err
        assert out.splitlines()[-1].startswith("Xong: 20 kế hoạch") and "0 có lỗi)" in out
    documents = sorted((tmp_path / "output").rglob("*.docx"))
    calendars = sorted((tmp_path / "output").rglob("*.ics"))
    assert len(calendars) == 20 and len(documents) >= 40
    for document in documents:
        assert docx.Document(str(document)).paragraphs, document
    for calendar in calendars:
        assert icalendar.Calendar.from_ical(calendar.read_bytes()).walk("VEVENT"), calendar
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]
    json.loads((tmp_path / "output" / ".kehoach-deps.json").read_text(encoding="utf-8"))


# --- 5. paths -------------------------------------------------------------------------------------

ID_HINT = "chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ bao-cao-ket-qua"
BAD_IDS = ["../x", "..", ".", "a/b", "/etc/passwd", "C:\\x", "a\\b", "x.docx", "A", "ạ", "a b", "-x", "~x", "a..b",
           "%2e%2e", "x\u2215y", "ｘ"]
WITH_CALLED = ("place: Hà Tĩnh}", "place: Hà Tĩnh, called: Sở Y tế}")


def problems_of(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "plan.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        read_plan(path, "plan.yaml")
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_an_item_id_that_is_not_a_plain_name_is_refused(tmp_path, bad_id):
    quoted = json.dumps(bad_id, ensure_ascii=False)
    text = minimal((ITEM, f"      - {{id: {quoted}, text: Nội dung thứ nhất.}}"))
    assert problems_of(tmp_path, text) == [f'plan.yaml:10:14: "id" không hợp lệ: "{bad_id}"; {ID_HINT}']


@pytest.mark.parametrize("bad_id", BAD_IDS)
def test_a_form_id_that_is_not_a_plain_name_is_refused(tmp_path, bad_id):
    """A form's id becomes part of a file name (`plan.<id>.docx`)."""
    quoted = json.dumps(bad_id, ensure_ascii=False)
    text = minimal(WITH_CALLED) + f"forms:\n  - {{id: {quoted}, title: Phiếu đăng ký}}\nappendices: [{quoted}]\n"
    assert problems_of(tmp_path, text) == [
        f'plan.yaml:15:10: "id" không hợp lệ: "{bad_id}"; {ID_HINT}',
        f'plan.yaml:16:14: "appendices[1]" không hợp lệ: "{bad_id}"; {ID_HINT}',
    ]


def test_a_form_id_too_long_for_a_file_name_is_refused(tmp_path):
    """Before: `OSError: File name too long`, an internal error, half the documents written."""
    text = minimal(WITH_CALLED) + f"forms:\n  - {{id: {'a' * 300}, title: Phiếu đăng ký}}\n"
    assert problems_of(tmp_path, text) == [
        "plan.yaml:15:10: mã phiếu dài 300 ký tự; mã phiếu là một phần tên tệp, tối đa 80 ký tự"]


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("how", ["absolute", "relative"])
def test_a_plan_outside_any_plans_folder_is_written_into_the_output_folder_only(tmp_path, monkeypatch, how):
    elsewhere = tmp_path / "elsewhere" / "deep"
    elsewhere.mkdir(parents=True)
    (elsewhere / "x.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    plan = elsewhere / "x.yaml" if how == "absolute" else Path("../elsewhere/deep/x.yaml")
    before = files_under(tmp_path)
    result = CliRunner().invoke(main, ["build", str(plan), "-o", str(tmp_path / "out")], prog_name="kehoach")
    assert result.exit_code == 0, result.output
    assert files_under(tmp_path) - before == {"out/x.docx", "out/.kehoach-deps.json"}


def test_a_symlinked_plan_is_mirrored_where_its_link_stands(tmp_path, monkeypatch):
    """Before: an internal error (ValueError: not in the subpath of plans/), from resolving the link."""
    monkeypatch.chdir(tmp_path)
    Path("elsewhere").mkdir()
    Path("elsewhere/x.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    Path("plans/so-y-te").mkdir(parents=True)
    try:
        Path("plans/so-y-te/link.yaml").symlink_to(Path("../../elsewhere/x.yaml"))
    except OSError:
        pytest.skip("no symbolic links here")
    result = CliRunner().invoke(main, ["build"], prog_name="kehoach")
    assert result.exit_code == 0, result.output
    assert files_under(tmp_path / "output") == {"so-y-te/link.docx", ".kehoach-deps.json"}


OWNERS = ["../../etc", "/etc/passwd", "C:\\Windows\\system32", "a/../../b", "~/.ssh/id_rsa", "$(rm -rf ~)",
          "Phòng Tổ chức cán bộ", "Phòng " * 100]


def test_owner_names_give_checklist_file_names_inside_the_output_folder(tmp_path, monkeypatch):
    """`--by-owner`: one checklist per owner, named by vn.slug of the owner. Before: an owner of
    600 characters gave a file name too long for the file system (internal error)."""
    monkeypatch.chdir(tmp_path)
    items = "".join(f"      - {{id: muc-{n}, text: Nội dung {n}., task: {{owner: {json.dumps(owner, ensure_ascii=False)}, "
                    f"due: 2020-05-0{n + 1}}}}}\n" for n, owner in enumerate(OWNERS))
    plan = Path("plans/x.yaml")
    plan.parent.mkdir()
    plan.write_text(minimal(WITH_CALLED, (ITEM + "\n", items)), encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "--by-owner", "-o", "out"], prog_name="kehoach")
    assert result.exit_code == 0, result.output
    names = {p.name for p in (tmp_path / "out").iterdir() if ".checklist." in p.name and p.name.count(".") > 2}
    assert names == {
        "x.checklist.etc.docx", "x.checklist.etc-passwd.docx", "x.checklist.c-windows-system32.docx",
        "x.checklist.a-b.docx", "x.checklist.ssh-id-rsa.docx", "x.checklist.rm-rf.docx",
        "x.checklist.phong-to-chuc-can-bo.docx", "x.checklist." + "phong-" * 13 + "ph.docx",  # 80 characters
    }
    assert files_under(tmp_path) == {"plans/x.yaml"} | {f"out/{name}" for name in files_under(tmp_path / "out")}


if __name__ == "__main__" and sys.argv[1:2] == ["measure"]:
    print(json.dumps(measure(sys.argv[2]), ensure_ascii=False))


def test_the_characters_a_docx_cannot_hold_are_exactly_those_outside_xml_chars():
    from kehoach.load import NOT_IN_DOCX

    def xml_char(code: int) -> bool:  # XML 1.0, production [2] Char
        return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF

    every = "".join(map(chr, range(0x110000)))
    assert [ord(c) for c in NOT_IN_DOCX.findall(every)] == [code for code in range(0x110000) if not xml_char(code)]
