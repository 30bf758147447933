"""Same YAML, same bytes: reviewers and make rely on it."""
from __future__ import annotations

import io
import os
import time
import zipfile

import pytest
from click.testing import CliRunner

from conftest import PLAN_799, PLANS, open_docx
from kehoach.cli import main
from kehoach.layout import layout
from kehoach.read import read_plan
from kehoach.render import render

PLAN_PARTY = PLANS / "dang-uy-so-y-te/2020/KH-DU-chuyen-de-2020.yaml"


def test_zip_entries_carry_no_build_time():
    data = render(layout(read_plan(PLAN_799)))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


@pytest.mark.parametrize("fmt", ["nd30", "party"])
def test_the_package_holds_what_python_docx_own_writer_writes(fmt):
    """docxml writes the package itself (fixed times); python-docx's public save() is the reference."""
    plan = read_plan(PLAN_799 if fmt == "nd30" else PLAN_PARTY)
    ours = render(layout(plan))
    saved = io.BytesIO()
    open_docx(ours).save(saved)
    with zipfile.ZipFile(io.BytesIO(ours)) as mine, zipfile.ZipFile(saved) as theirs:
        assert mine.namelist() == theirs.namelist()
        assert mine.read("[Content_Types].xml") == theirs.read("[Content_Types].xml")
        assert mine.read("_rels/.rels") == theirs.read("_rels/.rels")


def test_core_properties_are_dated_by_the_plan_not_the_clock():
    core = open_docx(render(layout(read_plan(PLAN_799)))).core_properties
    assert core.created.date().isoformat() == "2020-03-31"
    assert core.modified == core.created
    assert core.title == "Thực hiện phong trào thi đua “Dân vận khéo” năm 2020"


def test_builds_at_different_times_write_the_same_file(tmp_path, monkeypatch):
    plans = tmp_path / "plans" / "office"
    plans.mkdir(parents=True)
    (plans / "plan.yaml").write_bytes(PLAN_799.read_bytes())
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["build", "plans", "-o", "first"]).exit_code == 0
    first = (tmp_path / "first/office/plan.docx").read_bytes()
    time.sleep(1.1)  # a zip timestamp has two-second resolution; move past one
    os.utime(plans / "plan.yaml")
    assert runner.invoke(main, ["build", "plans", "-o", "second"]).exit_code == 0
    assert (tmp_path / "second/office/plan.docx").read_bytes() == first
