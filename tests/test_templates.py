"""Office templates: where a plan's template comes from, layout following the
template's sizes, `template check` and `template init`, and the built-in
templates kept equal to what rules.py generates.

The documents are opened and read back through tests/effective.py; the sizes
expected are the ones the test itself set in Word's way (python-docx), and the
ranges are the spec's (the spec (format-rules.md of the project's shared notes)), not rules.py's.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.shared import Mm, Pt

import effective as E
from conftest import BUILTIN_TEMPLATES, MINIMAL_PLAN, render_text, restyled_template
from kehoach import files, template
from kehoach.cli import main
from kehoach.documents import render_outputs
from kehoach.read import read_plan
from kehoach.textwidth import text_width_mm

PLAN = Path("plans/so-y-te-ha-tinh/2020/05-KH-SYT.yaml")
DOCUMENT = Path("output/so-y-te-ha-tinh/2020/05-KH-SYT.docx")
PARTY_PLAN = Path("plans/dang-uy/2020/05-KH-DU.yaml")
PARTY_DOCUMENT = Path("output/dang-uy/2020/05-KH-DU.docx")
OFFICE_ND30 = Path("templates/nd30/plan.docx")
STATE = "(Nghị định 30/2020, Phụ lục I)"
SHORT_LINE = (1 / 3, 1 / 2)  # spec 2: the line under the issuing body, of the name's length
ISSUER = "SỞ Y TẾ"
PARTY_TEXT = MINIMAL_PLAN.replace("format: nd30", "format: party").replace("authority: KT", "authority: K/T")


def run(*args: str):
    return CliRunner().invoke(main, list(args), prog_name="kehoach")


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A plans repository made the working folder: plans/ with one state plan."""
    monkeypatch.chdir(tmp_path)
    PLAN.parent.mkdir(parents=True)
    PLAN.write_text(MINIMAL_PLAN, encoding="utf-8")
    return tmp_path


def later(path: Path, seconds: float = 10) -> None:
    """Make path newer than anything built so far, whatever the file system's time resolution."""
    stamp = time.time() + seconds
    os.utime(path, (stamp, stamp))


def office_template(repo: Path, **sizes) -> Path:
    """templates/nd30/plan.docx of the repository, restyled."""
    target = repo / OFFICE_ND30
    target.parent.mkdir(parents=True, exist_ok=True)
    restyled_template(target.parent, **sizes).replace(target)
    return target


# ---------------------------------------------------------------- reading a document back


def body_sizes(document) -> set[float]:
    """Sizes of the body: every paragraph between the title block and the signature table."""
    reader = E.Reader(document)
    blocks = E.section_blocks(document)[0]
    paragraphs = [b for b in blocks if isinstance(b, E.Paragraph)]
    body = paragraphs[3:]  # type name, summary, the line under it
    return {f.size for p in body if E.paragraph_text(p).strip() for f in reader.text_runs(p)}


def issuer_and_line(document) -> tuple[float, float]:
    """(the issuing body's size, the length of the line under it in mm)."""
    reader = E.Reader(document)
    table = document.tables[0]
    cell = E.unique_cells(table.rows[0])[0]
    paragraphs = E.cell_paragraphs(document, cell)
    name = next(p for p in paragraphs if E.paragraph_text(p) == ISSUER)
    rule = next(p for p in paragraphs if reader.paragraph(p).bottom_border)
    (size,) = {f.size for f in reader.text_runs(name)}
    fmt = reader.paragraph(rule)
    width = E.cell_text_width_mm(reader.sheet, table, cell)
    return size, width - 10 * (fmt.left_cm + fmt.right_cm)


# ---------------------------------------------------------------- the template a plan uses


@pytest.mark.parametrize("issuer", [12, 13])
def test_build_with_a_restyled_template_uses_its_sizes_and_sizes_the_issuer_line_for_them(repo, issuer):
    chosen = restyled_template(repo, body=13, issuer=issuer)
    result = run("build", "--template", str(chosen), "--only", "plan")
    assert result.exit_code == 0, result.output
    document = docx.Document(str(DOCUMENT))
    assert body_sizes(document) == {13}
    size, line_mm = issuer_and_line(document)
    assert size == issuer
    name_mm = text_width_mm(ISSUER, issuer, bold=True)
    assert SHORT_LINE[0] <= line_mm / name_mm <= SHORT_LINE[1]


def test_the_issuer_line_follows_the_issuer_size(repo):
    """The line is measured on the name as printed: at 12 pt it is 12/13 of the line at 13 pt."""
    lines = {}
    for issuer in (12, 13):
        run("build", "--force", "--template", str(restyled_template(repo, issuer=issuer)), "--only", "plan")
        lines[issuer] = issuer_and_line(docx.Document(str(DOCUMENT)))[1]
    assert lines[12] < lines[13]
    assert lines[12] / lines[13] == pytest.approx(12 / 13, rel=0.01)


def test_the_repository_template_is_used_for_its_format_and_the_built_in_one_otherwise(repo):
    office_template(repo, body=13)
    PARTY_PLAN.parent.mkdir(parents=True)
    PARTY_PLAN.write_text(PARTY_TEXT, encoding="utf-8")
    result = run("build", "--only", "plan")
    assert result.exit_code == 0, result.output
    assert body_sizes(docx.Document(str(DOCUMENT))) == {13}
    assert body_sizes(docx.Document(str(PARTY_DOCUMENT))) == {14}  # no templates/party/: the built-in one


def test_a_plan_outside_a_plans_folder_uses_the_built_in_template(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    office_template(tmp_path, body=13)
    Path("plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    result = run("build", "plan.yaml", "--only", "plan")
    assert result.exit_code == 0, result.output
    assert body_sizes(docx.Document("output/plan.docx")) == {14}


def test_template_applies_to_plans_of_every_format(repo):
    PARTY_PLAN.parent.mkdir(parents=True)
    PARTY_PLAN.write_text(PARTY_TEXT, encoding="utf-8")
    result = run("build", "--only", "plan", "--template", str(restyled_template(repo, body=13)))
    assert result.exit_code == 0, result.output
    assert body_sizes(docx.Document(str(PARTY_DOCUMENT))) == {13}


def test_a_template_that_is_not_a_docx_exits_4_and_writes_nothing(repo):
    office = repo / OFFICE_ND30
    office.parent.mkdir(parents=True)
    office.write_text("không phải Word", encoding="utf-8")
    result = run("build")
    assert result.exit_code == 4, result.output
    assert result.stderr.splitlines() == [
        "kehoach: templates/nd30/plan.docx: mẫu văn bản không phải tệp .docx (Word) đọc được (BadZipFile)"]
    assert not Path("output").exists() or not list(Path("output").rglob("*.docx"))


# ---------------------------------------------------------------- incremental builds


def written(result) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith("đã ghi")]


def test_a_changed_added_or_removed_office_template_rebuilds_its_plans(repo):
    assert written(run("build"))
    assert written(run("build")) == []  # nothing changed
    office = office_template(repo, body=13)  # added
    assert written(run("build"))
    assert body_sizes(docx.Document(str(DOCUMENT))) == {13}
    assert written(run("build")) == []
    restyled_template(repo, body=14).replace(office)  # edited in Word
    later(office)
    assert written(run("build"))
    assert body_sizes(docx.Document(str(DOCUMENT))) == {14}
    office.unlink()  # removed: back to the built-in template
    assert written(run("build"))
    assert written(run("build")) == []


def test_a_template_of_another_format_leaves_the_plan_up_to_date(repo):
    run("build")
    party = repo / "templates/party/plan.docx"
    party.parent.mkdir(parents=True)
    party.write_bytes((BUILTIN_TEMPLATES / "party/plan.docx").read_bytes())
    later(party)
    assert written(run("build")) == []


def test_choosing_a_template_rebuilds_even_an_older_one(repo):
    chosen = restyled_template(repo, body=13)
    os.utime(chosen, (1_000_000_000, 1_000_000_000))  # older than every document
    run("build")
    assert written(run("build", "--template", str(chosen)))
    assert body_sizes(docx.Document(str(DOCUMENT))) == {13}
    assert written(run("build", "--template", str(chosen))) == []
    assert written(run("build"))  # back to the built-in one


# ---------------------------------------------------------------- the built-in templates


@pytest.mark.parametrize("fmt", ["nd30", "party"])
def test_committed_built_in_templates_are_what_the_rules_generate(fmt):
    committed = (BUILTIN_TEMPLATES / fmt / "plan.docx").read_bytes()
    assert committed == template.template_bytes(fmt), "rules.py and the template differ: run `make template`"


@pytest.mark.parametrize("fmt", ["nd30", "party"])
def test_layout_without_a_template_measures_as_the_built_in_template_does(tmp_path, fmt):
    """layout(plan) alone takes its measures from rules.py; the build reads them from the template."""
    text = MINIMAL_PLAN if fmt == "nd30" else PARTY_TEXT
    by_rules = render_text(tmp_path, text)
    by_template = render_outputs(read_plan(tmp_path / "plan.yaml"), "plan", ("plan",))[".docx"]
    assert by_rules == by_template


def test_make_template_writes_the_built_in_templates_only(repo, tmp_path_factory, monkeypatch):
    office = office_template(repo, body=13)
    before = office.read_bytes()
    package = tmp_path_factory.mktemp("package")
    monkeypatch.setattr(files, "BUILTIN_TEMPLATES", package)
    written_path = template.build("nd30")
    assert written_path == package / "nd30/plan.docx"
    assert written_path.read_bytes() == template.template_bytes("nd30")
    assert office.read_bytes() == before


# ---------------------------------------------------------------- template check


def test_the_built_in_templates_check_clean(monkeypatch):
    monkeypatch.chdir(BUILTIN_TEMPLATES)  # each template's folder names its format
    result = run("template", "check", "nd30/plan.docx", "party/plan.docx")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        "nd30/plan.docx: đạt: 45 kiểu chữ, khổ giấy và lề trang trong khoảng cho phép (Nghị định 30/2020, Phụ lục I)",
        "party/plan.docx: đạt: 45 kiểu chữ, khổ giấy và lề trang trong khoảng cho phép (Hướng dẫn 05-HD/VPTW)",
    ]


def test_a_legal_restyle_checks_clean(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    restyled = restyled_template(tmp_path, body=13, issuer=12, motto=13, parent=12)
    result = run("template", "check", restyled.name)
    assert result.exit_code == 0, result.output
    assert "đạt" in result.stdout


def broken_template(folder: Path) -> Path:
    """What a clerk may do in Word: every change below leaves the Decree."""
    document = docx.Document(str(BUILTIN_TEMPLATES / "nd30/plan.docx"))
    styles = document.styles
    styles["KH Body"].font.size = Pt(12)  # KH Section, KH Item ... take it: said once, of KH Body
    styles["KH Body"].paragraph_format.line_spacing = 2.0
    styles["KH Issuer"].font.bold = False
    styles["KH Motto"].font.name = "Arial"
    styles["KH Item Title"].font.bold = False  # a style of the body with a problem of its own
    styles["KH Recipients Label"].font.italic = False
    styles["KH Summary"].delete()
    document.sections[0].left_margin = Mm(25)
    path = folder / "mau-sai.docx"
    document.save(str(path))
    return path


def test_template_check_reports_every_style_out_of_range(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    broken_template(tmp_path)
    result = run("template", "check", "mau-sai.docx")
    assert result.exit_code == 1, result.output
    assert result.stderr.splitlines() == [
        f"mau-sai.docx: Trang: lề trái 25 mm ngoài khoảng 30–35 mm {STATE}",
        f"mau-sai.docx: KH Issuer: chưa in đậm, cần in đậm {STATE}",
        f"mau-sai.docx: KH Motto: phông chữ Arial, cần Times New Roman {STATE}",
        f"mau-sai.docx: KH Summary: không có kiểu này trong mẫu (kehoach dùng kiểu này; xem kehoach template init) {STATE}",
        f"mau-sai.docx: KH Body: cỡ chữ 12 ngoài khoảng 13–14 {STATE}",
        f"mau-sai.docx: KH Body: giãn dòng 2 dòng, cần từ 1 đến 1,5 dòng {STATE}",
        f"mau-sai.docx: KH Item Title: chưa in đậm, cần in đậm {STATE}",
        f"mau-sai.docx: KH Recipients Label: chưa in nghiêng, cần in nghiêng {STATE}",
    ]
    assert result.stdout == "mau-sai.docx: 8 chỗ ngoài khoảng cho phép (Nghị định 30/2020, Phụ lục I)\n"


def test_template_check_holds_a_party_template_to_the_guidance(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    state = BUILTIN_TEMPLATES / "nd30/plan.docx"
    result = run("template", "check", "--format", "party", str(state))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert f"{state}: KH National Title: cỡ chữ 13, cần 15 (Hướng dẫn 05-HD/VPTW)" in lines
    assert f"{state}: KH Body: giãn dòng 1 dòng, cần chính xác 18–22 pt (Hướng dẫn 05-HD/VPTW)" in lines
    assert f"{state}: KH Signer Title: đang in đậm, cần chữ không đậm (Hướng dẫn 05-HD/VPTW)" in lines


def test_template_check_of_a_file_that_is_not_a_docx_exits_4(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("mau.docx").write_text("# chỉ là chữ", encoding="utf-8")
    result = run("template", "check", "mau.docx")
    assert result.exit_code == 4
    assert result.stderr == "kehoach: mau.docx: mẫu văn bản không phải tệp .docx (Word) đọc được (BadZipFile)\n"


# ---------------------------------------------------------------- template init


def test_template_init_copies_the_built_in_template_into_the_repository(repo, monkeypatch):
    monkeypatch.chdir(repo / "plans/so-y-te-ha-tinh")  # from anywhere inside the repository
    result = run("template", "init", "--format", "party")
    assert result.exit_code == 0, result.output
    target = repo / "templates/party/plan.docx"
    assert target.read_bytes() == (BUILTIN_TEMPLATES / "party/plan.docx").read_bytes()
    assert str(target) in result.stdout and "kehoach template check" in result.stdout


def test_template_init_never_overwrites_without_force(repo):
    assert run("template", "init").exit_code == 0
    office = repo / OFFICE_ND30
    edited = restyled_template(repo, body=13).read_bytes()
    office.write_bytes(edited)
    result = run("template", "init")
    assert result.exit_code == 1
    assert result.stderr == "đã có templates/nd30/plan.docx, không ghi đè (dùng --force)\n"
    assert office.read_bytes() == edited
    assert run("template", "init", "--force").exit_code == 0
    assert office.read_bytes() == (BUILTIN_TEMPLATES / "nd30/plan.docx").read_bytes()
