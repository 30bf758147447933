"""Formats as data: what differs between the state and the Party format is an
entry of `rules.FORMATS`, so a third format is a new entry, not new code."""
from __future__ import annotations

from dataclasses import replace

import pytest

from conftest import PLAN_799
from kehoach.documents import render_outputs
from kehoach.errors import PlanError
from kehoach.read import read_plan
from kehoach.render import builtin_template_bytes
from kehoach.review.totext import docx_text
from kehoach.rules import FORMATS

# A copy of the state format with its own number line, end mark, archive line and appendix numbers,
# rendered with the state format's template (a format of its own has its own template: an office's,
# or one `make template` builds from its entry).
THIRD = replace(
    FORMATS["nd30"], name="nd30-thu", title="thử nghiệm", called="thử nghiệm",
    end_mark=" (hết).", number_line="Số hiệu: {symbol}", number_symbol="{number}/{issuer}-{type}",
    archive_line="Lưu trữ: {units}", archive_first=("VP",), appendix_numerals="arabic", lone_appendix_numbered=True,
)


@pytest.fixture
def third_format(monkeypatch, tmp_path):
    monkeypatch.setitem(FORMATS, THIRD.name, THIRD)
    path = tmp_path / "799-KH-SYT.yaml"
    path.write_text(PLAN_799.read_text(encoding="utf-8").replace("\nformat: nd30\n", f"\nformat: {THIRD.name}\n", 1),
                    encoding="utf-8")
    return path


def document_lines(path, tmp_path) -> list[str]:
    written = tmp_path / "out.docx"
    written.write_bytes(render_outputs(read_plan(path), "799-KH-SYT", only=("plan",), template=builtin_template_bytes("nd30"))[".docx"])
    return docx_text(written).splitlines()


def test_a_third_format_defined_as_data_renders_by_its_own_rules(third_format, tmp_path):
    lines = document_lines(third_format, tmp_path)
    assert "Số hiệu: 799/SYT-KH" in lines
    assert "- Lưu trữ: VP, TCCB." in lines
    assert [line for line in lines if line.startswith("Phụ lục")] == ["Phụ lục 1", "Phụ lục 2"]
    assert any(line.endswith("trước ngày 15/10/2020 (hết).") for line in lines)
    assert not any(line.endswith("./.") for line in lines)
    assert "(Kèm theo Kế hoạch số 799/SYT-KH ngày 31 tháng 3 năm 2020 của Sở Y tế)" in lines


def test_a_third_format_checks_its_own_authorities(third_format, monkeypatch):
    monkeypatch.setitem(FORMATS, THIRD.name, replace(THIRD, authorities={"TM": "TM."}, wrong_authorities={}))
    with pytest.raises(PlanError) as raised:
        read_plan(third_format)
    assert [problem.message for problem in raised.value.problems] == ['"authority" không hợp lệ: "KT"; dùng một trong: TM']


def test_an_unknown_format_names_the_formats_there_are(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN_799.read_text(encoding="utf-8").replace("\nformat: nd30\n", "\nformat: nd31\n", 1), encoding="utf-8")
    with pytest.raises(PlanError) as raised:
        read_plan(path)
    assert [problem.message for problem in raised.value.problems] == [
        '"format" không hợp lệ: chuỗi văn bản "nd31"; có phải ý bạn là "nd30"? dùng một trong: nd30, party']
