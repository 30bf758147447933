"""`kehoach new`: next year's draft of a plan from this year's (generator/newyear.py)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import MINIMAL_PLAN, PLAN_799, PLANS, open_docx
from kehoach.documents import render_outputs
from kehoach.cli import main
from kehoach.errors import PlanError
from kehoach.review.fmt import format_text
from kehoach.read import read_plan
from kehoach.author.newyear import BLOCK_END, BLOCK_START, new_plan_path, next_year

OLD_799 = PLAN_799.read_text(encoding="utf-8")
TASK_PLAN = MINIMAL_PLAN.replace("      - Nội dung thứ nhất.", """\
      - id: bao-cao
        text: Báo cáo kết quả năm 2020 trước ngày {due}.
        task: {owner: Các đơn vị, due: 2020-02-29}
      - id: dinh-ky
        text: Báo cáo hằng quý.
        task:
          owner: Các đơn vị
          repeat: {every: quarterly, start: 2020-03, until: 2020-12}""").replace(
    "place: Hà Tĩnh}", "place: Hà Tĩnh, called: Sở Y tế}")


@pytest.fixture(scope="module")
def draft_799():
    return next_year(OLD_799, "799-KH-SYT.yaml", None)


def block(text: str) -> str:
    """The comment block `kehoach new` writes at the top."""
    start, end = text.index(BLOCK_START), text.index(BLOCK_END)
    return text[start:text.index("\n", end)]


def body(text: str) -> str:
    return text.replace(block(text), "")


def write(folder: Path, text: str, name: str = "plan.yaml") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def header_texts(plan_path: Path) -> list[str]:
    document = open_docx(render_outputs(read_plan(plan_path), "draft")[".docx"])
    return [p.text for cell in document.tables[0]._cells for p in cell.paragraphs]


# ------------------------------------------------------------------ the 799 plan

def test_799_number_removed_and_date_reduced_to_year_and_month(draft_799):
    text, changes = draft_799
    assert not re.search(r"^number:", text, re.M)
    assert re.search(r"^date: 2021-03$", text, re.M)
    assert "number: 799 → bỏ (bản nháp: số để trống)" in changes
    assert "date: 2020-03-31 → 2021-03 (bản nháp: ngày để trống)" in changes


def test_799_deadline_and_plan_year_move(draft_799):
    text, changes = draft_799
    assert "due: 2021-10-15" in text and "2020-10-15" not in body(text)
    assert "title: Thực hiện phong trào thi đua “Dân vận khéo” năm 2021\n" in text
    assert "product: Báo cáo kết quả công tác dân vận khéo năm 2021" in text
    assert "title: Phiếu đăng ký mô hình “Dân vận khéo” năm 2021" in text
    assert "trước ngày {due}." in text  # the deadline in text comes from the task
    assert any(line.startswith("sections[2].items[2].task.due: 2020-10-15 → 2021-10-15") for line in changes)


@pytest.mark.parametrize("kept", [
    "Kế hoạch số 96/KH-UBND ngày 23/3/2020",
    '"Năm dân vận khéo" 2020',
    "Nghị quyết số 25-NQ/TW\n          ngày 03/6/2013",
    "14/02/2017",
    "(19/5/1890-19/5/2020)",
    "(15/10/1930-15/10/2020)",
    "20/2019/QĐ-UBND ngày 19/4/2019",
    "quan trọng trong năm 2020: Kỷ",  # its sentence holds 19/5/2020: an event of that year
])
def test_799_other_documents_and_events_stay(draft_799, kept):
    assert kept in OLD_799
    assert kept in body(draft_799[0])


def test_799_uncertain_years_are_listed_to_review(draft_799):
    reviews = [line for line in draft_799[1] if line.startswith("cần xem lại: ")]
    assert any("ngày 23/3/2020" in line and line.startswith("cần xem lại: intro:") for line in reviews)
    assert any('"Năm dân vận khéo" 2020' in line for line in reviews)
    assert any('sections[0].items[1]: ' in line and 'giữ "năm 2020"' in line for line in reviews)
    assert not any("2017" in line or "2013" in line or "2019" in line for line in reviews)


def test_799_comments_and_block_scalars_survive(draft_799):
    text = draft_799[0]
    assert text.startswith("# yaml-language-server: $schema=../../plan.schema.json\n" + BLOCK_START)
    assert '# as in the original (a slip for "Cổng"; only slips against the rules are corrected)' in text
    assert "intro: >-\n  Thực hiện Kế hoạch số 96/KH-UBND" in text
    assert text.count(">-\n") == OLD_799.count(">-\n")
    assert format_text(text) == text  # already in the layout of `kehoach fmt`


def test_799_block_lists_every_change_and_review(draft_799):
    text, changes = draft_799
    top = block(text)
    for line in changes:
        assert f"# - {line.removeprefix('cần xem lại: ')}\n" in top + "\n"
    assert "# - date: 2020-03-31 → 2021-03" in top
    assert '# - title: "…trào thi đua “Dân vận khéo” năm 2020" → "…trào thi đua “Dân vận khéo” năm 2021"' in top
    assert "# - sections[2].items[2].task.due: 2020-10-15 → 2021-10-15" in top
    assert top.index("Đã thay đổi") < top.index("Cần xem lại")


def test_799_draft_reads_and_builds_with_blank_number_and_day(tmp_path, draft_799):
    path = write(tmp_path, draft_799[0])
    plan = read_plan(path)
    assert plan.number is None and (plan.date.year, plan.date.month, plan.date.day) == (2021, 3, None)
    texts = header_texts(path)
    assert any(re.fullmatch(r"Số:\s*\u00a0{3,}/KH-SYT", t) for t in texts), texts
    assert any(re.fullmatch(r"Hà Tĩnh, ngày\s*\u00a0{3,}\s*tháng 3 năm 2021", t) for t in texts), texts


def test_year_2022_jumps_two_years(tmp_path):
    text, _changes = next_year(OLD_799, "799.yaml", 2022)
    assert re.search(r"^date: 2022-03$", text, re.M)
    assert "due: 2022-10-15" in text and "năm 2022" in text
    assert "ngày 23/3/2020" in text and "năm 2021" not in body(text)
    read_plan(write(tmp_path, text))


def test_twice_in_a_row(tmp_path):
    first, _ = next_year(OLD_799, "2020.yaml", None)
    second, changes = next_year(first, "2021.yaml", None)
    assert re.search(r"^date: 2022-03$", second, re.M) and "due: 2022-10-15" in second
    assert "date: 2021-03 → 2022-03 (bản nháp: ngày để trống)" in changes
    assert not any(line.startswith("number") for line in changes)
    assert second.count(BLOCK_START) == 1 and "tạo từ 2021.yaml (năm 2021)" in second
    assert "ngày 23/3/2020" in second and "(19/5/1890-19/5/2020)" in second
    read_plan(write(tmp_path, second))


# ------------------------------------------------------------------ small plans

def test_feb_29_becomes_feb_28_and_is_listed(tmp_path):
    read_plan(write(tmp_path, TASK_PLAN, "old.yaml"))
    text, changes = next_year(TASK_PLAN, "plan.yaml", None)
    assert "due: 2021-02-28" in text
    assert "sections[0].items[0].task.due: 2020-02-29 → 2021-02-28 (năm 2021 không có ngày 29/2) (id: bao-cao)" in changes
    assert "# - sections[0].items[0].task.due: 2020-02-29 → 2021-02-28" in block(text)
    read_plan(write(tmp_path, text))


def test_feb_29_stays_in_a_leap_year():
    text, _ = next_year(TASK_PLAN, "plan.yaml", 2024)
    assert "due: 2024-02-29" in text


def test_repeat_bounds_move():
    text, changes = next_year(TASK_PLAN, "plan.yaml", None)
    assert "repeat: {every: quarterly, start: 2021-03, until: 2021-12}" in text
    assert any(line.startswith("sections[0].items[1].task.repeat.until: 2020-12 → 2021-12") for line in changes)


def test_a_weekend_deadline_is_listed():
    text, changes = next_year(TASK_PLAN.replace("2020-02-29", "2020-10-16"), "plan.yaml", None)
    assert "due: 2021-10-16" in text
    assert "cần xem lại: sections[0].items[0].task.due: thời hạn mới 16/10/2021 rơi vào thứ Bảy (id: bao-cao)" in changes


@pytest.mark.parametrize("period, moved", [("2020", "2021"), ("2020-2021", "2021-2022")])
def test_period_moves_by_the_difference(tmp_path, period, moved):
    text, changes = next_year(MINIMAL_PLAN + f"period: {period}\n", "plan.yaml", None)
    assert f"period: {moved}\n" in text
    assert f"period: {period} → {moved}" in changes
    multi_year = any(line.startswith("cần xem lại: period: giai đoạn nhiều năm") for line in changes)
    assert multi_year == ("-" in period)
    read_plan(write(tmp_path, text))


@pytest.mark.parametrize("typed, expected", [
    ("Tổng kết năm 2020.", "Tổng kết năm 2021."),
    ("NĂM 2020 là năm bản lề.", "NĂM 2021 là năm bản lề."),
    ("Theo Kế hoạch số 12/KH-UBND ngày 23 tháng 3 năm 2020 của tỉnh.", None),
    ("Theo Nghị định số 30/2020/NĐ-CP.", None),
    ("Giai đoạn 2020 - 2025.", None),
    ("Báo cáo quý I/2020.", None),
    ("Khắc phục hạn chế năm 2019.", None),
    ("Năm 2020 có kỷ niệm ngày 19/5/2020; tổng kết năm 2020.", "Năm 2020 có kỷ niệm ngày 19/5/2020; tổng kết năm 2021."),
])
def test_years_in_texts(typed, expected):
    text, _ = next_year(MINIMAL_PLAN.replace("Nội dung thứ nhất.", typed), "plan.yaml", None)
    assert f"      - {expected or typed}\n" in text


def test_uncertain_years_are_listed_not_changed():
    typed = "Giai đoạn 2020 - 2025, báo cáo quý I/2020."
    _, changes = next_year(MINIMAL_PLAN.replace("Nội dung thứ nhất.", typed), "plan.yaml", None)
    reviews = [line for line in changes if line.startswith("cần xem lại: sections[0].items[0]")]
    assert len(reviews) == 2 and '"2020 - 2025"' in reviews[0] and '"2020"' in reviews[1]


def test_comments_under_the_removed_number_are_kept():
    typed = MINIMAL_PLAN.replace("number: 5\n", "number: 5  # văn thư cấp\n# ghi chú của văn thư\n")
    text, _ = next_year(typed, "plan.yaml", None)
    assert "# ghi chú của văn thư\ndate: 2020" not in text
    assert re.search(r"# ghi chú của văn thư\ndate: 2021-01", text)
    assert "văn thư cấp" not in text


def test_block_at_the_top_without_schema_line():
    text, _ = next_year(MINIMAL_PLAN, "plan.yaml", None)
    assert text.startswith(BLOCK_START) and "# Cần xem lại (chưa sửa):\n# - không có\n" in text


def test_syntax_error_is_reported_at_its_position():
    with pytest.raises(PlanError) as caught:
        next_year(MINIMAL_PLAN.replace("title: Thử nghiệm", "title: [Thử nghiệm"), "x.yaml", None)
    assert str(caught.value.problems[0]).startswith("x.yaml:")


def test_new_year_must_be_later():
    with pytest.raises(PlanError) as caught:
        next_year(MINIMAL_PLAN, "x.yaml", 2020)
    assert str(caught.value.problems[0]) == "x.yaml:5:7: năm mới 2020 phải sau năm của kế hoạch (2020)"


@pytest.mark.parametrize("old, year, new", [
    ("plans/so-y-te-ha-tinh/2020/799-KH-SYT.yaml", 2021, "plans/so-y-te-ha-tinh/2021/799-KH-SYT.yaml"),
    ("plans/dang-uy-so-y-te/2020/KH-DU-chuyen-de-2020.yaml", 2021, "plans/dang-uy-so-y-te/2021/KH-DU-chuyen-de-2021.yaml"),
    ("ke-hoach/799-KH-SYT.yaml", 2021, "ke-hoach/799-KH-SYT-2021.yaml"),
    ("ke-hoach/799-KH-SYT-2021.yaml", 2022, "ke-hoach/799-KH-SYT-2022.yaml"),
])
def test_new_plan_path(old, year, new):
    assert new_plan_path(Path(old), year) == Path(new)


# ------------------------------------------------------------------ the command

@pytest.fixture
def plans_tree(tmp_path, monkeypatch):
    """A copy of the repository's plans/, made the working folder."""
    shutil.copytree(PLANS, tmp_path / "plans", ignore=shutil.ignore_patterns("*.docx"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(main, ["new", *args], prog_name="kehoach")


def test_cli_writes_the_default_path_and_refuses_to_overwrite(plans_tree):
    result = run("--from", "plans/so-y-te-ha-tinh/2020/799-KH-SYT.yaml")
    target = Path("plans/so-y-te-ha-tinh/2021/799-KH-SYT.yaml")
    assert result.exit_code == 0, result.output
    assert f"đã ghi {target} (bản nháp năm 2021)" in result.output
    assert "  - sections[2].items[2].task.due: 2020-10-15 → 2021-10-15" in result.output
    written = target.read_text(encoding="utf-8")
    assert "due: 2021-10-15" in written
    target.write_text(written + "# sửa tay\n", encoding="utf-8")
    again = run("--from", "plans/so-y-te-ha-tinh/2020/799-KH-SYT.yaml")
    assert again.exit_code == 1
    assert f"đã có {target}, không ghi đè (dùng --force)" in again.output
    assert target.read_text(encoding="utf-8").endswith("# sửa tay\n")
    assert run("--from", "plans/so-y-te-ha-tinh/2020/799-KH-SYT.yaml", "--force").exit_code == 0
    assert not target.read_text(encoding="utf-8").endswith("# sửa tay\n")


def test_cli_year_and_output(plans_tree):
    result = run("--from", "plans/so-y-te-ha-tinh/2020/799-KH-SYT.yaml", "--year", "2022", "-o", "nhap.yaml")
    assert result.exit_code == 0, result.output
    assert "due: 2022-10-15" in Path("nhap.yaml").read_text(encoding="utf-8")


def test_cli_implementation_plan_follows_its_parent(plans_tree):
    assert run("--from", "plans/so-y-te-ha-tinh/2020/799-KH-SYT.yaml").exit_code == 0
    result = run("--from", "plans/bv-da-khoa-ha-tinh/2020/trien-khai-799-KH-SYT.yaml")
    assert result.exit_code == 0, result.output
    target = Path("plans/bv-da-khoa-ha-tinh/2021/trien-khai-799-KH-SYT.yaml")
    assert "  plan: ../../so-y-te-ha-tinh/2021/799-KH-SYT.yaml\n" in target.read_text(encoding="utf-8")
    assert "Bản nháp còn lỗi" not in result.output
    assert read_plan(target).parent.date.year == 2021


def test_cli_implementation_plan_without_next_years_parent_is_listed(plans_tree):
    result = run("--from", "plans/bv-da-khoa-ha-tinh/2020/trien-khai-799-KH-SYT.yaml")
    assert result.exit_code == 0, result.output
    assert 'cần xem lại: implements.plan: chưa có kế hoạch cấp trên năm 2021' in result.output
    assert "Bản nháp còn lỗi, cần sửa trước khi dựng:" in result.output


def test_cli_prints_the_warnings_of_the_draft_without_calling_them_errors(plans_tree):
    old = Path("plans/x/2020/x.yaml")
    old.parent.mkdir(parents=True)
    old.write_text(MINIMAL_PLAN.replace("recipients: [Sở Nội vụ]", "recipients: [Sở Nội vụ, các xã]"), encoding="utf-8")
    result = run("--from", str(old))
    assert result.exit_code == 0, result.output
    assert "Bản nháp còn lỗi" not in result.stderr
    [warning] = result.stderr.splitlines()
    assert warning.startswith('plans/x/2021/x.yaml:') and ': cảnh báo: "recipients[2]" bắt đầu bằng chữ thường: ' in warning


@pytest.mark.parametrize("broken, position", [
    ("title: [Thử nghiệm", "plans/x/2020/x.yaml:6:"),
    ("title: Thử nghiệm\nnumber: 0", "plans/x/2020/x.yaml:"),
])
def test_cli_old_plan_with_problems(plans_tree, broken, position):
    write(plans_tree, MINIMAL_PLAN.replace("title: Thử nghiệm", broken), "plans/x/2020/x.yaml")
    result = run("--from", "plans/x/2020/x.yaml")
    assert result.exit_code == 1
    assert position in result.output and "Traceback" not in result.output
    assert not Path("plans/x/2021").exists()
