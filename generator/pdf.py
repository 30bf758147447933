"""PDF beside each .docx, through LibreOffice headless: one process for the whole batch.

LibreOffice is an optional system dependency, looked for on PATH as `soffice` or
`libreoffice`. Each batch runs with its own throw-away profile, so it never meets a
LibreOffice the clerk has open, nor a second build running at the same time. The
documents are converted in a temporary folder under numbered names (two plans of
different offices may share a file name) and each PDF is then written into place
whole (files.write_atomically): a failed or timed-out conversion leaves the PDFs that
were there as they were.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .errors import SituationError
from .files import display, write_atomically

COMMANDS = ("soffice", "libreoffice")
INSTALL = "sudo apt install libreoffice-writer-nogui"
PLAIN_FILTER = "pdf:writer_pdf_Export"
# PDF/A-2b. LibreOffice 7.4 takes filter options as JSON; the older `:SelectPdfVersion=2` is ignored.
PDFA_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
PDFA_MARK = b"<pdfaid:part>2</pdfaid:part>"  # in the XMP metadata LibreOffice writes for PDF/A-2
START_SECONDS = 60  # LibreOffice's start, a fresh profile included (3 s measured on a loaded 2-core machine)
SECONDS_PER_DOCUMENT = 10  # a few hundred milliseconds measured; the rest is room for a slow machine


class ConversionFailed(SituationError):
    """Some documents were not converted; `written` holds the PDFs of those that were."""

    def __init__(self, message: str, written: list[Path]):
        super().__init__(message)
        self.written = written


def find_soffice() -> str | None:
    """The LibreOffice command on PATH, or None."""
    return next((found for name in COMMANDS if (found := shutil.which(name))), None)


def pdf_path(docx: Path) -> Path:
    return docx.with_suffix(".pdf")


def up_to_date(docx: Path, pdfa: bool) -> bool:
    """The .docx has a PDF newer than itself, of the kind asked (PDF/A or not)."""
    try:
        fresh = pdf_path(docx).stat().st_mtime >= docx.stat().st_mtime
        return fresh and (PDFA_MARK in pdf_path(docx).read_bytes()) == pdfa
    except FileNotFoundError:
        return False


def convert(docx_paths: list[Path], pdfa: bool = False) -> list[Path]:
    """Write a PDF beside each .docx (PDF/A-2b with pdfa), in one LibreOffice process.

    Returns the PDFs written. Raises SituationError, saying what to do, when LibreOffice is
    missing, fails or times out; ConversionFailed when some documents were not converted
    (the others' PDFs are written).
    """
    if not docx_paths:
        return []
    soffice = find_soffice()
    if soffice is None:
        raise SituationError(
            "không tìm thấy LibreOffice (lệnh soffice hoặc libreoffice), cần để chuyển văn bản sang PDF. "
            f"Cài đặt: {INSTALL} (Debian, Ubuntu; trên máy khác tải tại https://www.libreoffice.org), "
            "rồi dựng lại với --pdf. Các tệp .docx đã được ghi.")
    with tempfile.TemporaryDirectory(prefix="kehoach-pdf-", ignore_cleanup_errors=True) as folder:
        work = Path(folder)
        sources = _numbered_copies(docx_paths, work / "in")
        _run_libreoffice(soffice, sources, work, pdfa, docx_paths)
        return _move_into_place(docx_paths, work / "out")


def _numbered_copies(docx_paths: list[Path], folder: Path) -> list[Path]:
    folder.mkdir()
    copies = []
    for number, docx in enumerate(docx_paths):
        copy = folder / f"{number:05d}.docx"
        shutil.copyfile(docx, copy)
        copies.append(copy)
    return copies


def _run_libreoffice(soffice: str, sources: list[Path], work: Path, pdfa: bool, originals: list[Path]) -> None:
    command = [soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
               "--nolockcheck", "--convert-to", PDFA_FILTER if pdfa else PLAIN_FILTER,
               "--outdir", str(work / "out"), *map(str, sources)]
    timeout = START_SECONDS + SECONDS_PER_DOCUMENT * len(sources)
    try:
        # A session of its own: soffice starts soffice.bin, and a timeout must stop both.
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, start_new_session=True)
    except OSError as err:
        raise SituationError(f"không chạy được LibreOffice ({soffice}: {err.strerror}). "
                             f"Hãy cài lại: {INSTALL}. Các tệp .docx đã được ghi.") from err
    try:
        _out, stderr = process.communicate(timeout=timeout)
    except BaseException as stopped:  # the time is up, or Ctrl-C (which its own session does not receive)
        _stop(process)
        if not isinstance(stopped, subprocess.TimeoutExpired):
            raise
        raise SituationError(
            f"LibreOffice chưa chuyển xong {len(sources)} văn bản sang PDF sau {timeout} giây nên đã bị dừng; "
            f"không PDF nào được ghi ({_listed(originals)}). Hãy dựng lại với --pdf khi máy bớt bận; nếu vẫn "
            "quá thời gian, mở từng tệp .docx bằng LibreOffice Writer để kiểm tra.") from None
    if process.returncode != 0:
        raise SituationError(
            f"LibreOffice dừng với mã lỗi {process.returncode} khi chuyển sang PDF ({_last_line(stderr)}); "
            f"không PDF nào được ghi ({_listed(originals)}). Hãy dựng lại với --pdf; nếu vẫn lỗi, "
            f"cài lại LibreOffice: {INSTALL}.")


def _stop(process: subprocess.Popen) -> None:
    """Kill LibreOffice's whole session: the soffice script, oosplash and soffice.bin."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def _move_into_place(docx_paths: list[Path], out: Path) -> list[Path]:
    written, failed = [], []
    for number, docx in enumerate(docx_paths):
        converted = out / f"{number:05d}.pdf"
        if converted.is_file() and converted.stat().st_size > 0:
            write_atomically(pdf_path(docx), converted.read_bytes())
            written.append(pdf_path(docx))
        else:
            failed.append(docx)
    if failed:
        raise ConversionFailed(
            f"LibreOffice không chuyển được sang PDF: {_listed(failed)}; PDF cũ của các tệp này (nếu có) "
            "được giữ nguyên. Hãy mở tệp bằng LibreOffice Writer để xem tệp có hỏng không, "
            "rồi dựng lại với --pdf --force.", written)
    return written


def _listed(paths: list[Path]) -> str:
    return ", ".join(display(path) for path in paths)


def _last_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1].strip() if lines else "không có thông báo"
