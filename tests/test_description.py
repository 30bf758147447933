"""One description per entity: the tools that walk a plan walk the model's
description, so a field added to it is seen by them without their code
changing. The tests add a field to Task (as a subclass, the way the model
declares fields) and run the commands a clerk runs."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from kehoach.cli import main
from kehoach.fields import Date, PlanDate, key, keys_of, record_of
from kehoach.model import TASK, Task

PLAN = """\
format: nd30
type: KH
issuer: {{parent: UBND TỈNH HÀ TĨNH, name: SỞ Y TẾ, code: SYT, place: Hà Tĩnh, called: Sở Y tế}}
number: 5
date: 2020-01-07
title: Thử nghiệm
sections:
  - title: Mục đích
    items:
      - id: bao-cao
        text: Báo cáo kết quả.
        task: {{{task}}}
recipients: [Sở Nội vụ]
archive: {{units: [TCCB]}}
signature: {{authority: KT, head: Giám đốc, title: Phó Giám đốc, name: Nguyễn Văn A}}
"""


@dataclass(frozen=True, kw_only=True)
class ReviewedTask(Task):
    """A task with one more date, declared as the model declares its fields."""

    review: PlanDate | None = key(Date("hạn rà soát"), default=None)


@pytest.fixture
def reviewed(monkeypatch, tmp_path):
    """The description of Task with `review` added, everywhere it is used; the working folder is tmp_path."""
    described = record_of(ReviewedTask, TASK.description, name="Task")
    monkeypatch.setattr(TASK, "keys", described.keys)
    monkeypatch.setattr(TASK, "build", described.build)
    monkeypatch.chdir(tmp_path)


def write(name: str, task: str) -> str:
    Path(name).write_text(PLAN.format(task=task), encoding="utf-8")
    return name


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_a_date_field_added_to_the_description_is_moved_by_new(reviewed):
    write("ke-hoach.yaml", "owner: Phòng Tổ chức cán bộ, due: 2020-10-15, review: 2020-05-05")
    result = run("new", "--from", "ke-hoach.yaml", "-o", "nam-sau.yaml")
    assert result.exit_code == 0, result.output
    assert "  - sections[0].items[0].task.review: 2020-05-05 → 2021-05-05 (id: bao-cao)\n" in result.stdout
    assert "review: 2021-05-05" in Path("nam-sau.yaml").read_text(encoding="utf-8")


def test_a_field_added_to_the_description_is_compared_by_diff(reviewed):
    old = write("cu.yaml", "owner: Phòng Tổ chức cán bộ, review: 2020-05-05")
    new = write("moi.yaml", "owner: Phòng Tổ chức cán bộ, review: 2020-05-12")
    result = run("diff", old, new)
    assert (result.exit_code, result.stdout) == (0, "Mục I, khoản 1: hạn rà soát: 05/5/2020 → 12/5/2020\n")


# Two values of every field of Task, as typed, and how diff says the change. A field added to Task
# without a line here fails below: add one, and diff compares it with no change to its code.
TASK_FIELD_CHANGES = {
    "owner": ("Phòng A", "Phòng B", "chủ trì: Phòng A → Phòng B"),
    "partners": ("[Phòng A]", "[Phòng A, Phòng B]", "phối hợp: Phòng A → Phòng A, Phòng B"),
    "due": ("2020-10-15", "2020-10-30", "thời hạn 15/10/2020 → 30/10/2020"),
    "repeat": ("quarterly", "{every: quarterly, day: 20}", "định kỳ: hằng quý → hằng quý, ngày 20"),
    "report_to": ("Sở Y tế", "Phòng A", "báo cáo về: Sở Y tế → Phòng A"),
    "product": ("Báo cáo", "Kế hoạch", "sản phẩm: Báo cáo → Kế hoạch"),
    "summary": ("Báo cáo quý", "Báo cáo năm", "nội dung tóm tắt: Báo cáo quý → Báo cáo năm"),
}


@pytest.mark.parametrize("field", [yaml for yaml in keys_of(Task)])
def test_every_task_field_of_the_description_is_compared_by_diff(field, tmp_path, monkeypatch):
    assert field in TASK_FIELD_CHANGES, f"Task.{field} is new: add two values of it to TASK_FIELD_CHANGES"
    monkeypatch.chdir(tmp_path)
    before, after, said = TASK_FIELD_CHANGES[field]
    base = "" if field == "owner" else "owner: Phòng A, "
    old = write("cu.yaml", f"{base}{field}: {before}")
    new = write("moi.yaml", f"{base}{field}: {after}")
    result = run("diff", old, new)
    assert (result.exit_code, result.stdout) == (0, f"Mục I, khoản 1: {said}\n")
