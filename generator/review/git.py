"""Git plumbing for `kehoach diff --git`: which plan files differ from a
revision, their bytes then and now, and the revision's YAML files in a folder
(an old plan reads its registry and parent as they were).
"""
from __future__ import annotations

import difflib
import io
import os
import re
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import PlanError, Problem, excerpt
from ..files import PLANS_FOLDER, REGISTRY_NAME, is_plan_name


@dataclass(frozen=True)
class GitFile:
    root: Path
    path: str  # relative to the repository's root, with /
    old: bytes | None  # None: added since the revision
    new: bytes | None  # None: deleted in the working tree
    through: str | None = None  # a plan whose own file is unchanged: the changed registry or parent it reads

    @property
    def name(self) -> str:
        """The file as the user would type it where they stand (`../so-y-te/799.yaml` from a sub-folder)."""
        return os.path.relpath(self.root / self.path)


class PathsMatchNothing(Exception):
    """Paths given to `diff --git` that hold no plan, on disk or in the revision: one message each."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class Spec:
    """A path given on the command line: as typed, and from the repository's root (`.` for the root)."""

    typed: str
    path: str | None  # None: outside the repository
    typed_by_user: bool = True  # False: the default, the repository's plans/

    def holds(self, name: str) -> bool:
        return self.path == "." or name == self.path or name.startswith(f"{self.path}/")


def git_pairs(rev: str, paths) -> list[tuple[str, bytes | None, bytes | None]]:
    """Every plan file that differs between REV and the working tree: (name, old bytes, new bytes)."""
    return [(file.name, file.old, file.new) for file in git_files(rev, paths)]


@dataclass(frozen=True)
class Revision:
    """REV in the repository one stands in."""

    root: Path  # the repository's top folder
    rev: str  # as typed: HEAD, main, a1b2c3d
    commit: str

    def names(self, *specs: str) -> set[str]:
        """The files under specs (paths from the root) in REV."""
        return _names(self.root, "ls-tree", "-r", "-z", "--name-only", self.commit, "--", *specs)


def git_files(rev: str, paths) -> list[GitFile]:
    """The plans under paths (default: the repository's `plans/`, wherever one stands in it) that differ
    between REV and the working tree. Paths are relative to the working folder; one that holds no plan,
    on disk or in REV, raises PathsMatchNothing rather than passing for "nothing changed"."""
    root = Path(_git("rev-parse", "--show-toplevel",
                     error="thư mục hiện tại không nằm trong một kho git; hãy chạy lệnh trong thư mục của kho kế hoạch "
                           "(hoặc so sánh hai tệp: kehoach diff CŨ MỚI)").decode().strip())
    revision = Revision(root, rev, _commit(rev, root))
    specs = _specs(root, [Path(path) for path in paths])
    inside = [spec.path for spec in specs if spec.path is not None]
    then = revision.names(*inside)
    now = _names(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", *inside)
    wrong = [message for spec in specs if (message := _holds_no_plan(revision, spec, then, now))]
    if wrong:
        raise PathsMatchNothing(wrong)
    status = _changed_files(root, revision.commit, inside)
    for path in inside:  # a plan named on the command line that git ignores (.gitignore) is compared all the same
        if is_plan_name(path) and path not in then | now and (root / path).is_file():
            status[path] = "A"
    changed = [GitFile(root, path,
                       None if status[path] == "A" else _git("show", f"{revision.commit}:{path}", cwd=root),
                       None if status[path] == "D" else (root / path).read_bytes())
               for path in sorted(status) if is_plan_name(path)]
    unchanged = sorted(path for path in now if is_plan_name(path) and path not in status and (root / path).is_file())
    return changed + _readers(root, unchanged, _changed_files(root, revision.commit, ["."]))


def _readers(root: Path, unchanged: list[str], changed: dict[str, str]) -> list[GitFile]:
    """Unchanged plans that may read a changed file: a plan naming its issuer by key, or implementing a
    parent, reads the registry; a child names its parent's file. Found by their bytes (a plan that merely
    mentions the name is compared for nothing: only changes are reported), children of children too."""
    texts = {path: (root / path).read_bytes() for path in unchanged}
    registry = next((path for path in sorted(changed) if os.path.basename(path) == REGISTRY_NAME), None)
    through = {path: registry for path, text in texts.items() if registry and _reads_registry(text)}
    parents = [path for path in changed if is_plan_name(path)]
    while parents:
        children = {path: parent for parent in parents for path, text in texts.items()
                    if path not in through and os.path.basename(parent).encode() in text}
        through.update(children)
        parents = list(children)
    return [GitFile(root, path, texts[path], texts[path], through[path]) for path in sorted(through)]


def _reads_registry(text: bytes) -> bool:
    """`issuer: bv-da-khoa-ha-tinh` (a key, not a block) or `implements:` at the top level of the plan."""
    return re.search(rb"^(issuer:[ \t]*[^\s{#]|implements:)", text, re.MULTILINE) is not None


def _commit(rev: str, root: Path) -> str:
    """REV's commit, refused when it does not name one (nor starts with `-`, which git would take for an option)."""
    missing = f'không tìm thấy phiên bản "{excerpt(rev)}" trong git'
    if rev.startswith("-"):
        raise PlanError([git_problem(missing)])
    return _git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", error=missing, cwd=root).decode().strip()


def _specs(root: Path, paths: list[Path]) -> list[Spec]:
    """The paths from the repository's root; the repository's `plans/` when none is given."""
    if not paths:
        return [Spec(f"{PLANS_FOLDER}/", PLANS_FOLDER, typed_by_user=False)]
    return [Spec(str(path), _from_root(root, path)) for path in paths]


def _from_root(root: Path, path: Path) -> str | None:
    """`../a/b.yaml` typed in `plans/so/` -> `plans/a/b.yaml`; None outside the repository."""
    absolute = Path(os.path.abspath(path))
    for candidate in (absolute, absolute.parent.resolve() / absolute.name):  # a link in the path typed
        if candidate.is_relative_to(root):
            return candidate.relative_to(root).as_posix() or "."
    return None


def _names(root: Path, *args: str) -> set[str]:
    return set(filter(None, _git("--literal-pathspecs", *args, cwd=root).decode("utf-8", "surrogateescape").split("\0")))


def _holds_no_plan(revision: Revision, spec: Spec, then: set[str], now: set[str]) -> str | None:
    """Why a path names no plan, on disk (`now`) or in REV (`then`); None when it holds one."""
    shown, rev = f'"{excerpt(spec.typed)}"', revision.rev
    if spec.path is None:
        return f"{shown}: nằm ngoài kho git {revision.root}"
    if any(spec.holds(name) and is_plan_name(name) for name in then | now):
        return None
    if not spec.typed_by_user:
        return (f"ở gốc kho git {revision.root} không có thư mục {spec.typed} chứa kế hoạch, trên đĩa cũng như trong "
                f"phiên bản {rev}; hãy chỉ ra thư mục hoặc tệp kế hoạch: kehoach diff --git {rev} ĐƯỜNG_DẪN")
    target = revision.root / spec.path
    if not os.path.lexists(target) and not any(spec.holds(name) for name in then):
        return f"{shown}: không có tệp hay thư mục này, trên đĩa cũng như trong phiên bản {rev}{_did_you_mean(revision, spec)}"
    if target.is_dir() or any(name.startswith(f"{spec.path}/") for name in then):
        return f"{shown}: thư mục này không chứa kế hoạch nào (tệp .yaml), trên đĩa cũng như trong phiên bản {rev}"
    if is_plan_name(spec.path):
        return None  # a plan git ignores, compared as it is on disk
    if os.path.basename(spec.path) == REGISTRY_NAME:
        return f"{shown}: là sổ cơ quan, không phải kế hoạch; kehoach diff so sánh các kế hoạch"
    return f"{shown}: không phải tệp kế hoạch (.yaml hoặc .yml)"


def _did_you_mean(revision: Revision, spec: Spec) -> str:
    """`; có phải ý bạn là "plans/so/799-KH-SYT.yaml"?`: the closest name in its folder, on disk or in REV."""
    folder, name = os.path.split(spec.path or "")
    prefix = f"{folder}/" if folder else ""
    names = {entry.removeprefix(prefix).split("/")[0] for entry in revision.names(folder or ".")}
    if (revision.root / folder).is_dir():
        names.update(os.listdir(revision.root / folder))
    close = difflib.get_close_matches(name, sorted(names), n=1, cutoff=0.6)
    if not close:
        return ""
    return f'; có phải ý bạn là "{excerpt(os.path.join(os.path.dirname(spec.typed.rstrip("/")), close[0]))}"?'


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


def _changed_files(root: Path, commit: str, specs: list[str]) -> dict[str, str]:
    """Repository-relative path -> A (added), M (modified) or D (deleted), untracked files included."""
    listed = _git("--literal-pathspecs", "diff", "--name-status", "-z", "--no-renames", "--no-relative", commit, "--", *specs,
                  cwd=root).decode("utf-8", "surrogateescape")
    fields = listed.split("\0")
    status = {path: code[0] for code, path in zip(fields[0::2], fields[1::2]) if path}
    untracked = _names(root, "ls-files", "-z", "--others", "--exclude-standard", "--full-name", "--", *specs)
    for path in untracked:
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

