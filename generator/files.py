"""Files and paths, the bottom layer every stage may use: where plans are,
where their documents go, how a path is shown, and how a file is replaced
whole (temporary file, then rename) so a failed write never leaves half a file.
"""
from __future__ import annotations

import errno
import os
import re
import tempfile
import time
import types
from contextlib import contextmanager
from pathlib import Path

from .errors import SituationError

fcntl: types.ModuleType | None
try:
    import fcntl
except ImportError:  # Windows: leftovers are recognised by their age instead (build_lock)
    fcntl = None

PLAN_SUFFIXES = (".yaml", ".yml")
REGISTRY_NAME = "bodies.yaml"  # the registry of issuing bodies, not a plan (see inherit.py)
PLANS_FOLDER = "plans"
BUILTIN_TEMPLATES = Path(__file__).resolve().parent / "templates"  # package data: templates/<format>/plan.docx
OFFICE_TEMPLATES = "templates"  # an office's own, in its repository: templates/<format>/plan.docx, its Word documents
TEMPLATE_NAME = "plan.docx"


def find_plans(paths: list[Path], unreadable: list[str] | None = None) -> list[tuple[Path, Path]]:
    """(plan file, root it mirrors from), sorted; a folder gives every plan under it (symlinked
    folders are not followed). A folder that cannot be read adds its message to `unreadable`."""
    found = []
    for path in paths:
        if path.is_dir():
            root = plans_root(path)
            candidates = [p for p in _files_under(path, unreadable) if is_plan_name(p.name)]
            found += [(p, root) for p in candidates if p.is_file()]
            if unreadable is not None:
                unreadable += [f"{display(p)} là liên kết tới {os.readlink(p)}, nơi không có tệp nào; hãy sửa hoặc xóa liên kết này"
                               for p in candidates if p.is_symlink() and not p.exists()]
        elif unreadable is not None and not is_file(path):  # a pipe would block whoever reads it
            unreadable.append(f"{display(path)} không phải một tệp thường (mà là thiết bị hay đường ống); hãy chỉ đến tệp .yaml")
        else:
            found.append((path, plans_root(path.parent)))
    return found


def is_plan_name(name: str) -> bool:
    """Whether a file of this name (or path) is a plan a folder yields: any YAML but the registry."""
    base = os.path.basename(name)
    return os.path.splitext(base)[1] in PLAN_SUFFIXES and base != REGISTRY_NAME


def _files_under(folder: Path, unreadable: list[str] | None) -> list[Path]:
    def report(err: OSError) -> None:
        if unreadable is not None:
            unreadable.append(f"{unreadable_folder(Path(err.filename), err)} (các kế hoạch trong đó chưa được xử lý)")
    return sorted(Path(place) / name for place, _folders, names in os.walk(folder, onerror=report) for name in names)


def plans_root(folder: Path) -> Path:
    """The nearest `plans/` folder at or above folder, else folder itself:
    `plans/a/b.yaml` mirrors to `output/a/b.docx` however it was named on the command line."""
    folder = absolute(folder)
    return next((f for f in (folder, *folder.parents) if f.name == PLANS_FOLDER), folder)


def repository_of(plan: Path) -> Path | None:
    """The plans repository a plan belongs to: the folder holding its `plans/` root (None outside one)."""
    root = plans_root(plan.parent)
    return root.parent if root.name == PLANS_FOLDER else None


def current_repository() -> Path:
    """The repository the user works in: the nearest folder at or above the working folder
    that holds a `plans/` folder, else the working folder itself."""
    here = absolute(Path.cwd())
    return next((f for f in (here, *here.parents) if (f / PLANS_FOLDER).is_dir()), here)


def builtin_template(fmt: str) -> Path:
    return BUILTIN_TEMPLATES / fmt / TEMPLATE_NAME


def templates_folder(plan: Path) -> Path | None:
    """The `templates/` folder of the plan's repository (beside its `plans/`), None outside one."""
    repository = repository_of(plan)
    return repository / OFFICE_TEMPLATES if repository is not None else None


def office_template(repository: Path, fmt: str) -> Path:
    return repository / OFFICE_TEMPLATES / fmt / TEMPLATE_NAME


def template_for(plan: Path, fmt: str, chosen: Path | None = None) -> Path:
    """The template a plan is rendered with: the one chosen on the command line, else its
    repository's own `templates/<format>/plan.docx`, else the built-in one of its format."""
    if chosen is not None:
        return absolute(chosen)
    repository = repository_of(plan)
    if repository is not None and office_template(repository, fmt).is_file():
        return office_template(repository, fmt)
    return builtin_template(fmt)


def boundary(plan: Path, given: Path | None = None) -> Path:
    """The folder a plan's parent plans and registry must stand in: the nearest `plans/` at or above
    it; for a plan outside any plans/ folder, the widest of the folder given on the command line and
    the working folder that holds it, else the plan's own folder."""
    folder = absolute(plan.parent)
    named = next((f for f in (folder, *folder.parents) if f.name == "plans"), None)
    if named is not None:
        return named
    holding = [absolute(c) for c in (given, Path.cwd()) if c is not None and folder.is_relative_to(absolute(c))]
    return min(holding, key=lambda c: len(c.parts), default=folder)


def output_path(plan: Path, root: Path, out_dir: Path) -> Path:
    return out_dir / plan_key(plan, root).with_suffix(".docx")


def plan_key(plan: Path, root: Path) -> Path:
    """Where the plan stands under its root, as found: a symlinked plan is mirrored where its link is."""
    return absolute(plan).relative_to(absolute(root))


def absolute(path: Path) -> Path:
    """The path from /, `..` removed but symlinks kept (resolve() would leave the root for a link's target)."""
    return Path(os.path.abspath(path))


def is_file(path: Path) -> bool:
    """Whether path is a file one can try to read; a name too long or a loop of links is not."""
    try:
        return path.is_file()
    except OSError:
        return False


def inside(path: Path, root: Path) -> bool:
    """Whether path, its links followed, stands inside root (its links followed too)."""
    return path.resolve().is_relative_to(root.resolve())


def display(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:  # links not followed: a link is shown where it stands
        return str(absolute(path).relative_to(absolute(Path.cwd())))
    except ValueError:
        return str(path)


def write_atomically(target: Path, data: bytes, mode: int = 0o644, within: Path | None = None) -> None:
    """Replace target whole (temporary file, then rename); below `within`, never through a link.
    A folder that cannot be written, a full disk: SituationError, and target stays as it was."""
    make_folder(target.parent, within)
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as err:
        raise SituationError(unwritable(target, err)) from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException as err:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(err, OSError):
            raise SituationError(unwritable(target, err)) from None
        raise


# --- the user's own situation: what an OSError means, in Vietnamese, with the path and what to do

def unreadable(path: Path, err: OSError) -> str:
    shown = display(path)
    if err.errno in (errno.EACCES, errno.EPERM):
        return f"không đọc được {shown}: không có quyền đọc; hãy cấp quyền đọc (chmod) cho người dùng này"
    if err.errno == errno.EISDIR:
        return f"{shown} là một thư mục, không phải tệp"
    if err.errno == errno.ENOENT:
        return f"không tìm thấy {shown}"
    return f"không đọc được {shown} ({_words(err)})"


def unreadable_folder(path: Path, err: OSError) -> str:
    if err.errno in (errno.EACCES, errno.EPERM):
        return f"không đọc được thư mục {display(path)}: không có quyền đọc; hãy cấp quyền đọc (chmod) cho người dùng này"
    return unreadable(path, err)


def unwritable(path: Path, err: OSError) -> str:
    shown = display(path)
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"không ghi được {shown}: không có quyền ghi vào thư mục {display(path.parent)} (hoặc ổ đĩa chỉ đọc); "
                "hãy cấp quyền ghi, hoặc chọn thư mục khác bằng -o")
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"không ghi được {shown}: đĩa đầy; hãy giải phóng chỗ trống rồi chạy lại (các tệp đã có vẫn nguyên vẹn)"
    if err.errno in (errno.ENOTDIR, errno.EEXIST) and (blocking := _file_among_parents(path)):
        return f"{display(blocking)} là một tệp, nơi cần một thư mục; hãy xóa hoặc đổi tên tệp này"
    if err.errno == errno.EISDIR or path.is_dir():
        return f"{shown} là một thư mục, nơi cần ghi một tệp; hãy xóa hoặc đổi tên thư mục này"
    if err.errno == errno.ENAMETOOLONG:
        return f"không ghi được {shown}: đường dẫn quá dài; hãy chọn thư mục ngắn hơn hoặc đặt tên tệp ngắn hơn"
    return f"không ghi được {shown} ({_words(err)})"


def inaccessible(err: OSError) -> str:
    """An OSError about a path met anywhere else: which path, why, what to check."""
    shown = display(Path(err.filename))
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"không truy cập được {shown}: không có quyền (hoặc ổ đĩa chỉ đọc); hãy cấp quyền cho người dùng này"
    if err.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"không ghi được {shown}: đĩa đầy; hãy giải phóng chỗ trống rồi chạy lại"
    return f"không truy cập được {shown} ({_words(err)}); hãy kiểm tra đường dẫn này"


def _words(err: OSError) -> str:
    return f"lỗi hệ thống {errno.errorcode.get(err.errno or 0, err.errno)}"


def _file_among_parents(path: Path) -> Path | None:
    return next((folder for folder in path.parents if folder.exists() and not folder.is_dir()), None)


def make_folder(folder: Path, within: Path | None = None) -> None:
    """Create folder; below `within` (the output folder), never through a symbolic link to elsewhere."""
    if within is not None:
        within = absolute(within)
        for step in reversed((absolute(folder), *absolute(folder).parents)):
            if step.is_relative_to(within) and step != within and step.is_symlink():
                raise SituationError(f"{display(step)} là liên kết tới {os.readlink(step)}: kehoach chỉ ghi trong "
                                     f"{display(within)}; hãy xóa liên kết này (hoặc thay bằng một thư mục thật)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise SituationError(unwritable(folder / "_", err)) from None


# --- temporary files of atomic writes, and what an interrupted build left

TEMPORARY = re.compile(r"\..+\.[A-Za-z0-9_]{8}\.tmp")  # tempfile.mkstemp(prefix=".<name>.", suffix=".tmp")


@contextmanager
def build_lock(out_dir: Path):
    """Held while a build writes into out_dir. The first build to find no other one running removes
    the temporary files an interrupted build left (a killed process holds no lock, so its files go).
    Without flock (Windows), only leftovers older than an hour go: a live one is milliseconds old."""
    try:
        handle = os.open(out_dir, os.O_RDONLY)
    except OSError:  # no folder to hold (or, on Windows, a folder cannot be opened)
        remove_leftovers(out_dir, older_than=LEFTOVER_AGE)
        yield
        return
    try:
        if fcntl is None:
            remove_leftovers(out_dir, older_than=LEFTOVER_AGE)
        else:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                remove_leftovers(out_dir)
            except BlockingIOError:  # another build is writing: its temporary files are alive
                pass
            fcntl.flock(handle, fcntl.LOCK_SH)
        yield
    finally:
        os.close(handle)


LEFTOVER_AGE = 3600  # seconds


def remove_leftovers(out_dir: Path, older_than: float = 0) -> None:
    """The temporary files of atomic writes (`.<name>.<8 letters>.tmp`) under out_dir, links not followed."""
    now = time.time()
    for folder, _subfolders, names in os.walk(out_dir):
        for name in names:
            path = Path(folder) / name
            try:
                if TEMPORARY.fullmatch(name) and now - path.lstat().st_mtime >= older_than:
                    path.unlink()
            except OSError:  # gone meanwhile, or not ours to remove: the build goes on
                pass
