"""Git plumbing for `kehoach diff --git`: which plan files differ from a
revision, their bytes then and now, and the revision's YAML files in a folder
(an old plan reads its registry and parent as they were).
"""
from __future__ import annotations

import io
import os
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import PlanError, Problem
from ..files import PLAN_SUFFIXES, display


@dataclass(frozen=True)
class GitFile:
    root: Path
    path: str  # relative to the repository's root, with /
    old: bytes | None  # None: added since the revision
    new: bytes | None  # None: deleted in the working tree


def git_pairs(rev: str, paths) -> list[tuple[str, bytes | None, bytes | None]]:
    """Every plan file that differs between REV and the working tree: (name, old bytes, new bytes)."""
    return [(display(file.root / file.path), file.old, file.new) for file in git_files(rev, paths)]


def git_files(rev: str, paths) -> list[GitFile]:
    root = Path(_git("rev-parse", "--show-toplevel", error="thư mục hiện tại không nằm trong một kho git").decode().strip())
    _git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", error=f'không tìm thấy phiên bản "{rev}" trong git')
    status = _changed_files(rev, [str(path) for path in paths] or ["plans"])
    return [GitFile(root, path,
                    None if status[path] == "A" else _git("show", f"{rev}:{path}"),
                    None if status[path] == "D" else (root / path).read_bytes())
            for path in sorted(status) if path.endswith(PLAN_SUFFIXES)]


def revision_mirror(rev: str, files: list[GitFile], folder: Path) -> Path:
    """The revision's YAML files in a temporary folder: an old plan reads its registry and parent plan as they were."""
    if all(file.old is None for file in files):
        return folder
    root = files[0].root
    # One pattern for .yaml and .yml: git archive fails on a pattern that matches nothing.
    archive = _git("archive", "--format=tar", rev, "--", ":(top,glob)**/*.y*ml", cwd=root,
                   error=f"không lấy được các tệp YAML của phiên bản {rev}")
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        extract_inside(tar, folder)
    for file in files:  # exactly the bytes `git show` gave, whatever export attributes the archive applied
        if file.old is not None:
            (folder / file.path).write_bytes(file.old)
    return folder


def extract_inside(tar: tarfile.TarFile, folder: Path) -> None:
    """Files and links of the archive, none leaving folder (tarfile's filter="data" is
    not in every Python 3.10 and 3.11 the project supports)."""
    for member in tar.getmembers():
        target = folder / member.name
        content = tar.extractfile(member) if member.isfile() else None
        if not _inside(folder, target) or (content is None and not member.issym()):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if content is not None:
            target.write_bytes(content.read())
        elif _inside(folder, target.parent / member.linkname):
            target.symlink_to(member.linkname)


def _inside(folder: Path, path: Path) -> bool:
    """The path, its `..` taken as written (no link followed), stays in folder."""
    return Path(os.path.normpath(path)).is_relative_to(os.path.normpath(folder))


def _changed_files(rev: str, specs: list[str]) -> dict[str, str]:
    """Repository-relative path -> A (added), M (modified) or D (deleted), untracked files included."""
    listed = _git("diff", "--name-status", "-z", "--no-renames", "--no-relative", rev, "--", *specs).decode()
    fields = listed.split("\0")
    status = {path: code[0] for code, path in zip(fields[0::2], fields[1::2]) if path}
    untracked = _git("ls-files", "-z", "--others", "--exclude-standard", "--full-name", "--", *specs).decode()
    for path in filter(None, untracked.split("\0")):
        status[path] = "M" if path in status else "A"  # deleted from git but back on disk: modified
    return status


def _git(*args: str, error: str | None = None, cwd: Path | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], capture_output=True, check=False, cwd=cwd)
    except FileNotFoundError:
        raise PlanError([git_problem("không tìm thấy chương trình git; hãy cài git")]) from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip()
        raise PlanError([git_problem(error or f"lệnh git {args[0]} thất bại: {detail}")])
    return done.stdout


def git_problem(message: str) -> Problem:
    return Problem("git", 0, 0, message)

