"""Files and paths, the bottom layer every stage may use: where plans are,
where their documents go, how a path is shown, and how a file is replaced
whole (temporary file, then rename) so a failed write never leaves half a file.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

PLAN_SUFFIXES = (".yaml", ".yml")
REGISTRY_NAME = "bodies.yaml"  # the registry of issuing bodies, not a plan (see inherit.py)
PLANS_FOLDER = "plans"
BUILTIN_TEMPLATES = Path(__file__).resolve().parent / "templates"  # package data: templates/<format>/plan.docx
OFFICE_TEMPLATES = "templates"  # an office's own, in its repository: templates/<format>/plan.docx, its Word documents
TEMPLATE_NAME = "plan.docx"


def find_plans(paths: list[Path]) -> list[tuple[Path, Path]]:
    """(plan file, root it mirrors from), sorted; a folder gives every plan under it."""
    found = []
    for path in paths:
        if path.is_dir():
            root = plans_root(path)
            found += [(p, root) for p in sorted(path.rglob("*"))
                      if p.suffix in PLAN_SUFFIXES and p.name != REGISTRY_NAME and p.is_file()]
        else:
            found.append((path, plans_root(path.parent)))
    return found


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


def output_path(plan: Path, root: Path, out_dir: Path) -> Path:
    return out_dir / plan_key(plan, root).with_suffix(".docx")


def plan_key(plan: Path, root: Path) -> Path:
    """Where the plan stands under its root, as found: a symlinked plan is mirrored where its link is."""
    return absolute(plan).relative_to(absolute(root))


def absolute(path: Path) -> Path:
    """The path from /, `..` removed but symlinks kept (resolve() would leave the root for a link's target)."""
    return Path(os.path.abspath(path))


def display(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def write_atomically(target: Path, data: bytes, mode: int = 0o644) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
