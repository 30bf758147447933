"""kehoach installed like any Python tool: the wheel built from a clone, installed into a
fresh virtual environment, run in a folder that is not the repository.

Offline and fast (about 6 s): the wheel is built with the test environment's setuptools
(--no-build-isolation, nothing downloaded), and the fresh environment finds the
dependencies (python-docx, ruamel.yaml, click, icalendar) through a .pth file naming the
test environment's site-packages, where they are already installed. Its own site-packages
comes first, so `import kehoach` there is the installed wheel, not the clone.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

from conftest import PLAN_799, ROOT, open_docx

GENERATOR = ROOT / "generator"
VERSION = metadata.version("kehoach")


def run(*command, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of what a clone holds (so the build leaves nothing in the repository)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    source.mkdir()
    shutil.copytree(GENERATOR, source / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                "--quiet", "-w", str(work / "dist"), str(source), cwd=work)
    assert built.returncode == 0, built.stdout + built.stderr
    return next((work / "dist").glob("kehoach-*.whl"))


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed; returns its bin/ folder."""
    venv = tmp_path_factory.mktemp("venv") / "env"
    created = run(sys.executable, "-m", "venv", "--without-pip", str(venv), cwd=venv.parent)
    assert created.returncode == 0, created.stderr
    python = venv / "bin" / "python"
    site_packages = Path(run(str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                             cwd=venv).stdout.strip())
    dependencies = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site_packages / "test-dependencies.pth").write_text("\n".join(sorted(dependencies)) + "\n")
    done = run(sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
               "--quiet", str(wheel), cwd=venv.parent)
    assert done.returncode == 0, done.stdout + done.stderr
    return venv / "bin"


def test_every_subpackage_and_data_file_is_in_the_wheel(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    subpackages = sorted(p.parent.relative_to(GENERATOR) for p in GENERATOR.rglob("__init__.py"))
    for folder in subpackages:
        assert (Path("kehoach") / folder / "__init__.py").as_posix() in names, f"pyproject.toml: add kehoach.{folder}"
    data = [p.relative_to(GENERATOR) for p in (*GENERATOR.glob("data/*.json"), *GENERATOR.glob("templates/*/*.docx"))]
    assert len(data) >= 3  # the font metrics and a template for each format
    for path in data:
        assert (Path("kehoach") / path).as_posix() in names
    assert {n.split("/")[0] for n in names} == {"kehoach", f"kehoach-{VERSION}.dist-info"}  # no generic top-level name


def test_installed_kehoach_builds_a_plan_outside_the_repository(installed, tmp_path):
    plans = tmp_path / "plans" / "so-y-te-ha-tinh" / "2020"
    plans.mkdir(parents=True)
    shutil.copy(PLAN_799, plans)
    result = run(str(installed / "kehoach"), "build", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    document = tmp_path / "output" / "so-y-te-ha-tinh" / "2020" / "799-KH-SYT.docx"
    assert "đã ghi output/so-y-te-ha-tinh/2020/799-KH-SYT.docx" in result.stdout
    text = "\n".join(p.text for p in open_docx(document.read_bytes()).paragraphs)
    assert "KẾ HOẠCH" in text and "Dân vận khéo" in text
    where = run(str(installed / "python"), "-c", "import kehoach; print(kehoach.__file__)", cwd=tmp_path)
    assert where.stdout.startswith(str(installed.parent)), "the installed package, not the clone"


def test_installed_kehoach_says_its_version(installed, tmp_path):
    result = run(str(installed / "kehoach"), "--version", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"kehoach {VERSION}"
