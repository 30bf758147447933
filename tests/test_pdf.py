"""`kehoach build --pdf`: the PDFs a clerk sends, signs and archives, read back with poppler.

One LibreOffice batch, shared by the module (kh-799: the plan, its checklist and its
form), is checked for pages, words and embedded fonts; the other tests convert the
one-page minimal plan. Tests that need LibreOffice or poppler skip when they are
missing (CI installs both: .ci/run); the test of a missing LibreOffice always runs.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import KEHOACH, MINIMAL_PLAN, PLAN_799
from kehoach import pdf
from kehoach.cli import main
from kehoach.files import display
from kehoach.review.totext import docx_text

needs_libreoffice = pytest.mark.skipif(
    pdf.find_soffice() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice (soffice) hoặc poppler (pdftotext) chưa cài: apt install libreoffice-writer-nogui poppler-utils")

OUTPUT_799 = Path("output/so-y-te-ha-tinh/2020")
DOCUMENTS_799 = ["799-KH-SYT.docx", "799-KH-SYT.checklist.docx", "799-KH-SYT.phieu-dang-ky-mo-hinh.docx",
                 "799-KH-SYT.bao-cao.cac-don-vi-trong-nganh.docx"]  # the last: an office document (docxtpl)
MINIMAL = Path("plans/so-y-te-ha-tinh/2020/05-KH-SYT.yaml")
MINIMAL_DOCX = Path("output/so-y-te-ha-tinh/2020/05-KH-SYT.docx")


def kehoach(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*KEHOACH, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def poppler(tool: str, *args) -> str:
    return subprocess.run([tool, *map(str, args)], capture_output=True, text=True, check=True).stdout


def summary(built: int, up_to_date: int, written: int, unchanged: int) -> str:
    """The build's last line, for a build of one plan."""
    return (f"Xong: 1 kế hoạch ({built} đã dựng, {up_to_date} không thay đổi, 0 có lỗi); "
            f"{written} văn bản đã ghi, {unchanged} văn bản không thay đổi.")


def pages(path: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", poppler("pdfinfo", path), re.M).group(1))


def page_text(path: Path, page: int) -> str:
    return poppler("pdftotext", "-f", page, "-l", page, path, "-")


def words(text: str) -> Counter:
    """The words of a text, hyphens counting as spaces (a line may break after one); dotted lines
    to fill by hand and totext's cell separators `|` and section breaks `-----` are not words."""
    return Counter(re.sub(r"\.{3,}|…+|\||-", " ", text).split())


def fonts(path: Path) -> list[dict[str, str]]:
    """pdffonts' table, one dict a font; columns cut where the line of dashes leaves gaps."""
    header, dashes, *rows = poppler("pdffonts", path).splitlines()
    spans = [match.span() for match in re.finditer(r"-+", dashes)]
    names = [header[start:end].strip() for start, end in spans]
    return [{name: row[start:end].strip() for name, (start, end) in zip(names, spans)} for row in rows]


@pytest.fixture(scope="module")
def repository_799(tmp_path_factory) -> Path:
    """A repository holding kh-799, built once with --pdfa: its three .docx and their PDFs,
    the tests' one shared LibreOffice batch."""
    root = tmp_path_factory.mktemp("pdf-799")
    plan = root / "plans" / "so-y-te-ha-tinh" / "2020" / PLAN_799.name
    plan.parent.mkdir(parents=True)
    shutil.copyfile(PLAN_799, plan)
    if pdf.find_soffice() is not None:
        result = kehoach("build", "--pdfa", cwd=root)
        assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def minimal(tmp_path, monkeypatch) -> Path:
    """A fresh repository with the one-page minimal plan, made the working folder."""
    monkeypatch.chdir(tmp_path)
    MINIMAL.parent.mkdir(parents=True)
    MINIMAL.write_text(MINIMAL_PLAN, encoding="utf-8")
    return tmp_path


# --- the PDFs of a real plan ----------------------------------------------------------------

@needs_libreoffice
def test_every_docx_gets_a_pdf_beside_it(repository_799):
    folder = repository_799 / OUTPUT_799
    assert sorted(p.name for p in folder.glob("*.pdf")) == sorted(name.replace(".docx", ".pdf") for name in DOCUMENTS_799)
    for name in DOCUMENTS_799:
        assert (folder / name).with_suffix(".pdf").read_bytes().startswith(b"%PDF-")


@needs_libreoffice
def test_the_plan_is_three_pages_and_its_two_appendices_one_page_each(repository_799):
    plan = repository_799 / OUTPUT_799 / "799-KH-SYT.pdf"
    assert pages(plan) == 5
    assert "Nơi nhận:" in page_text(plan, 3)  # the signature ends page 3, as in the original
    assert "Phụ lục I\n" in page_text(plan, 4) and "Phụ lục II\n" in page_text(plan, 5)


@needs_libreoffice
def test_the_plan_starts_with_its_issuer_and_ends_its_body_with_the_signer(repository_799):
    plan = repository_799 / OUTPUT_799 / "799-KH-SYT.pdf"
    first_page = page_text(plan, 1)
    assert first_page.startswith("UBND TỈNH HÀ TĨNH\nSỞ Y TẾ\n")
    assert "KẾ HOẠCH\nThực hiện phong trào thi đua “Dân vận khéo” năm 2020\n" in first_page
    signature_page = page_text(plan, 3)
    assert "phòng Tổ chức cán bộ Sở Y tế trước ngày 15/10/2020./." in signature_page
    for block in ("Nơi nhận:", "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n", "\nTrần Xuân Dâng\n", "\n- Lưu: VT, TCCB.\n"):
        assert block in signature_page


@needs_libreoffice
@pytest.mark.parametrize("name", DOCUMENTS_799)
def test_the_pdf_holds_every_word_of_its_docx_and_adds_only_page_numbers(repository_799, name):
    docx = repository_799 / OUTPUT_799 / name
    docx_words = words(docx_text(docx))
    pdf_words = words(poppler("pdftotext", "-raw", docx.with_suffix(".pdf"), "-"))  # -raw: no joining at hyphens
    assert docx_words - pdf_words == Counter()
    assert all(word.isdigit() for word in pdf_words - docx_words)  # "2", "3": the page numbers


@needs_libreoffice
@pytest.mark.parametrize("name", DOCUMENTS_799)
def test_every_font_is_embedded_and_it_is_times_new_roman_or_its_metric_twin(repository_799, name):
    found = fonts((repository_799 / OUTPUT_799 / name).with_suffix(".pdf"))
    assert found
    assert {font["emb"] for font in found} == {"yes"}
    assert all(font["name"].split("+")[-1].startswith(("LiberationSerif", "TimesNewRoman")) for font in found)


@needs_libreoffice
def test_pdfa_writes_pdfa_2b_metadata(repository_799):
    for name in DOCUMENTS_799:
        metadata = poppler("pdfinfo", "-meta", (repository_799 / OUTPUT_799 / name).with_suffix(".pdf"))
        assert "<pdfaid:part>2</pdfaid:part>" in metadata
        assert "<pdfaid:conformance>B</pdfaid:conformance>" in metadata


@needs_libreoffice
def test_an_up_to_date_pdf_is_not_redone(repository_799):
    """Unchanged: the plan's five documents (three .docx, the CSV, the .ics) and the three PDFs."""
    folder = repository_799 / OUTPUT_799
    before = {p.name: p.stat().st_mtime_ns for p in folder.glob("*.pdf")}
    result = kehoach("build", "--pdfa", cwd=repository_799)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [summary(built=0, up_to_date=1, written=0, unchanged=10)]
    assert {p.name: p.stat().st_mtime_ns for p in folder.glob("*.pdf")} == before


# --- PDF/A, --force, the stale and the missing ---------------------------------------------

def fake_pdf(docx: Path, content: bytes, newer: bool) -> Path:
    """A file where docx's PDF goes, newer or older than docx."""
    path = docx.with_suffix(".pdf")
    path.write_bytes(content)
    when = docx.stat().st_mtime + (60 if newer else -60)
    os.utime(path, (when, when))
    return path


def test_a_pdf_is_up_to_date_when_newer_than_its_docx_and_of_the_kind_asked(tmp_path):
    docx = tmp_path / "a.docx"
    docx.write_bytes(b"PK")
    assert not pdf.up_to_date(docx, pdfa=False)  # no PDF yet
    fake_pdf(docx, b"%PDF-", newer=True)
    assert pdf.up_to_date(docx, pdfa=False) and not pdf.up_to_date(docx, pdfa=True)
    fake_pdf(docx, b"%PDF- " + pdf.PDFA_MARK, newer=True)
    assert pdf.up_to_date(docx, pdfa=True) and not pdf.up_to_date(docx, pdfa=False)
    fake_pdf(docx, b"%PDF-", newer=False)
    assert not pdf.up_to_date(docx, pdfa=False)


@needs_libreoffice
def test_a_pdfa_is_redone_when_a_plain_pdf_is_asked(minimal):
    assert CliRunner().invoke(main, ["build"]).exit_code == 0
    fake_pdf(MINIMAL_DOCX, b"%PDF- " + pdf.PDFA_MARK, newer=True)
    result = CliRunner().invoke(main, ["build", "--pdf"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [f"đã ghi {MINIMAL_DOCX.with_suffix('.pdf').as_posix()}",
                                          summary(built=0, up_to_date=1, written=1, unchanged=1)]
    assert "pdfaid" not in poppler("pdfinfo", "-meta", MINIMAL_DOCX.with_suffix(".pdf"))
    assert pages(MINIMAL_DOCX.with_suffix(".pdf")) == 1


@needs_libreoffice
def test_two_builds_at_once_both_succeed_each_with_its_own_libreoffice_profile(minimal):
    """Both with --force, over a PDF that is up to date: each redoes it, whole."""
    assert CliRunner().invoke(main, ["build"]).exit_code == 0
    fake_pdf(MINIMAL_DOCX, b"%PDF- up to date", newer=True)
    runs = [subprocess.Popen([*KEHOACH, "build", "--pdf", "--force"], cwd=minimal, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    for run in runs:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
        assert out.splitlines()[-1] == summary(built=1, up_to_date=0, written=2, unchanged=0)
    assert pages(MINIMAL_DOCX.with_suffix(".pdf")) == 1
    assert not [p for p in (minimal / "output").rglob("*") if p.name.endswith(".tmp")]


@needs_libreoffice
def test_a_conversion_that_times_out_is_reported_and_leaves_the_old_pdf(minimal, monkeypatch):
    runner = CliRunner()
    assert runner.invoke(main, ["build"]).exit_code == 0
    old = fake_pdf(MINIMAL_DOCX, b"%PDF- the PDF of yesterday", newer=False)  # to be redone
    monkeypatch.setattr(pdf, "START_SECONDS", 0)
    monkeypatch.setattr(pdf, "SECONDS_PER_DOCUMENT", 0)
    result = runner.invoke(main, ["build", "--pdf"])
    assert result.exit_code == 4
    assert result.stderr.startswith("kehoach: LibreOffice chưa chuyển xong 1 văn bản sang PDF sau 0 giây")
    assert MINIMAL_DOCX.as_posix() in result.stderr
    assert "Traceback" not in result.output
    assert old.read_bytes() == b"%PDF- the PDF of yesterday"
    assert not [p for p in (minimal / "output").rglob("*") if p.name.endswith(".tmp")]


@pytest.fixture(scope="module")
def mixed_batch(repository_799, tmp_path_factory):
    """One batch of three: a .docx cut short, the form of kh-799, and the same form under the same
    name in another folder. Returns the three paths and the failure convert() raised."""
    folder = tmp_path_factory.mktemp("mixed")
    good, twin, broken = folder / "tot.docx", folder / "khac" / "tot.docx", folder / "hong.docx"
    twin.parent.mkdir()
    for path in (good, twin):
        shutil.copyfile(repository_799 / OUTPUT_799 / "799-KH-SYT.phieu-dang-ky-mo-hinh.docx", path)
    broken.write_bytes(good.read_bytes()[:3000])  # a zip cut short
    with pytest.raises(pdf.ConversionFailed) as failure:
        pdf.convert([broken, good, twin])
    return good, twin, broken, failure.value


@needs_libreoffice
def test_a_document_libreoffice_cannot_read_is_named_and_the_others_converted(mixed_batch):
    good, twin, broken, failure = mixed_batch
    assert str(failure).startswith(f"LibreOffice không chuyển được sang PDF: {display(broken)}; ")
    assert "tot.docx" not in str(failure)
    assert failure.written == [good.with_suffix(".pdf"), twin.with_suffix(".pdf")]
    assert pages(good.with_suffix(".pdf")) == 1
    assert not broken.with_suffix(".pdf").exists()


@needs_libreoffice
def test_two_conversions_of_one_docx_differ_only_in_libreoffices_time_stamps(mixed_batch):
    """Why the README says PDFs are not byte-identical, and that nothing else differs."""
    good, twin, _, _ = mixed_batch
    stamps = rb"/CreationDate\(D:\d{14}Z'\)|/ID \[ <[0-9A-F]{32}>\n<[0-9A-F]{32}> \]|/DocChecksum /[0-9A-F]{32}"
    first, second = good.with_suffix(".pdf").read_bytes(), twin.with_suffix(".pdf").read_bytes()
    assert len(re.findall(stamps, first)) == 3
    assert re.sub(stamps, b"", first) == re.sub(stamps, b"", second)


def test_without_libreoffice_the_docx_are_written_and_the_message_says_how_to_install(minimal):
    empty = minimal / "empty-path"
    empty.mkdir()
    result = kehoach("build", "--pdf", cwd=minimal, env={**os.environ, "PATH": str(empty)})
    assert result.returncode == 4
    assert result.stdout.splitlines() == [f"đã ghi {MINIMAL_DOCX.as_posix()}",
                                          summary(built=1, up_to_date=0, written=1, unchanged=0)]
    assert result.stderr.splitlines() == [
        "kehoach: không tìm thấy LibreOffice (lệnh soffice hoặc libreoffice), cần để chuyển văn bản sang PDF. "
        "Cài đặt: sudo apt install libreoffice-writer-nogui (Debian, Ubuntu; trên máy khác tải tại "
        "https://www.libreoffice.org), rồi dựng lại với --pdf. Các tệp .docx đã được ghi."]
    assert (minimal / MINIMAL_DOCX).read_bytes().startswith(b"PK")
    assert not list((minimal / "output").rglob("*.pdf"))
