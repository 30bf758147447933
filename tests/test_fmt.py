"""`kehoach fmt` never loses a byte of meaning: comments wherever they stand, scalars as typed,
the file's mode and links, black's exit codes; and fmt(fmt(x)) == fmt(x) for every input.

Each test runs the command as the clerk does (the CLI on files in a tmp folder) or `format_text`
on a text, and reads back what it wrote.
"""
from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from conftest import MINIMAL_PLAN
from kehoach.cli import main
from kehoach.load import load_text
from kehoach.review import fmt as fmt_module
from kehoach.review.fmt import WIDTH, format_text
from test_robustness import quick

ITEM = "      - Nội dung thứ nhất.\n"
PROBLEM = re.compile(r"[^\n:]+:\d+:\d+: [^\n]+")


def comments_of(text: str) -> list[str]:
    return sorted(line.split("#", 1)[1].strip() for line in text.splitlines() if "#" in line)


def assert_canonical(text: str, name: str = "plan.yaml") -> str:
    """fmt keeps the meaning and every comment, and a second fmt changes nothing."""
    once = format_text(text, name)
    assert format_text(once, name) == once
    assert load_text(once.encode("utf-8"), name)[0] == load_text(text.encode("utf-8"), name)[0]
    assert comments_of(once) == comments_of(text)
    return once


def fmt(*args: str):
    return CliRunner().invoke(main, ["fmt", *args], prog_name="kehoach")


@pytest.fixture
def plans(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    Path("plans").mkdir()
    return Path("plans")


# ------------------------------------------------------------------ comments

FLOW_WITH_COMMENTS = MINIMAL_PLAN.replace("recipients: [Sở Nội vụ]\n", """\
recipients: [  # nơi nhận
  Sở Nội vụ,  # thứ nhất
  # giữa hai nơi nhận
  {to: Sở Tài chính,  # trong ánh xạ
   note: để biết},
  Sở Y tế  # cuối cùng
  # sau nơi nhận cuối
]
""")


def test_comments_inside_a_multi_line_flow_sequence_are_all_kept():
    """Before: every comment but the last inside [...] was dropped."""
    once = assert_canonical(FLOW_WITH_COMMENTS)
    assert "  - Sở Nội vụ # thứ nhất\n" in once
    assert once.index("# giữa hai nơi nhận") < once.index("- to: Sở Tài chính")
    assert "    note: để biết\n" in once


@pytest.mark.parametrize("empty", ["bases: [  # chưa có căn cứ\n  # bổ sung sau\n]", "checklist: {  # mặc định\n}"])
def test_comments_inside_an_empty_flow_collection_stand_beside_its_key(empty):
    once = assert_canonical(MINIMAL_PLAN.replace("recipients: [", empty + "\nrecipients: [", 1))
    assert f"{empty.split(':')[0]}: {empty.split(': ')[1][0]}{empty[-1]}  # " in once


def test_a_comment_after_the_indicator_of_a_block_scalar_list_entry_is_kept():
    """ruamel.yaml dropped it, and the comment before the entry with it."""
    text = MINIMAL_PLAN.replace(ITEM, "      - Nội dung thứ nhất.\n      # trước khoản hai\n"
                                      "      - >-  # khoản gấp dòng\n        Nội dung\n        thứ hai.\n"
                                      "      - |  # khoản nguyên văn\n        Nội dung thứ ba.\n")
    once = assert_canonical(text)
    assert "      # trước khoản hai\n      # khoản gấp dòng\n      - >-\n" in once


def test_comments_around_the_document_markers_and_directives_are_kept_as_typed():
    text = ("%YAML 1.2  # phiên bản\n# trước dấu bắt đầu\n--- # trên dòng bắt đầu\n" + MINIMAL_PLAN
            + "# trước dấu kết thúc\n... # trên dòng kết thúc\n# sau cùng\n")
    once = assert_canonical(text)
    assert once.startswith("%YAML 1.2  # phiên bản\n# trước dấu bắt đầu\n--- # trên dòng bắt đầu\nformat: nd30\n")
    assert once.endswith("# trước dấu kết thúc\n... # trên dòng kết thúc\n# sau cùng\n")


# ------------------------------------------------------------------ scalars as typed

@pytest.mark.parametrize("typed", ["0123", "1.50", "0x1F", "1e3", "007", "no", "null", "~", "2020-02-31"])
def test_a_scalar_that_is_not_text_is_written_back_as_typed(typed):
    text = MINIMAL_PLAN.replace("title: Thử nghiệm", f"title: {typed}")
    assert f"\ntitle: {typed}\n" in format_text(text, "plan.yaml")


def test_yaml_1_1_yes_and_no_stay_as_typed():
    """Before: `fmt` turned `title: no` of a %YAML 1.1 file into `false`."""
    text = "%YAML 1.1\n---\n" + MINIMAL_PLAN.replace("title: Thử nghiệm", "title: no").replace(
        "signature: {", "checklist: {by_owner: yes}\nsignature: {")
    once = assert_canonical(text)
    assert "\ntitle: no\n" in once and "checklist: {by_owner: yes}" in once
    assert once.startswith("%YAML 1.1\n---\n")


# ------------------------------------------------------------------ idempotent at wrap points

def wrapped_item(words_before: int, blanks: str) -> str:
    words = " ".join(["trên"] * words_before)
    return MINIMAL_PLAN.replace(ITEM, f"      - Tổ chức {words} địa{blanks}bàn tỉnh và các huyện, thị xã, thành phố "
                                      "trong tỉnh để thực hiện có hiệu quả.\n")


@pytest.mark.parametrize("blanks", ["  ", "   ", "\t", " \t "])
def test_two_blanks_at_every_wrap_point_keep_the_text_and_fmt_is_idempotent(blanks):
    """Before: `…trên địa  bàn…` folded at the double space read back with one space."""
    for words in range(9, 18):  # the wrap point (88 columns) falls at the blanks around 13
        text = wrapped_item(words, blanks)
        if blanks == "\t" or "\t" in blanks:
            text = text.replace(f"địa{blanks}bàn", "địa" + blanks.replace("\t", "\\t") + "bàn").replace(
                "      - Tổ chức", '      - "Tổ chức').replace("có hiệu quả.\n", 'có hiệu quả."\n')
        assert_canonical(text)


WORD = st.text(st.sampled_from("aăâđêôơưbcdghklmnpqrstvxyAĐ0123456789,.;:-“”*"), min_size=1, max_size=14)
BLANKS = st.sampled_from([" ", " ", " ", "  ", "   ", "\t", " \t"])


@st.composite
def spaced_texts(draw) -> str:
    words = draw(st.lists(WORD, min_size=1, max_size=40))
    return "".join(word + draw(BLANKS) for word in words[:-1]) + words[-1]


def double_quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t") + '"'


@quick(160)
@given(texts=st.lists(spaced_texts(), min_size=1, max_size=4), indent=st.integers(0, 3))
def test_fmt_is_idempotent_and_keeps_every_text_with_blanks_at_any_wrap_point(texts, indent):
    items = "".join(f"      {'  ' * 0}- {double_quoted(text)}\n" for text in texts)
    title = double_quoted(" ".join(texts)[: WIDTH + indent * 7])
    assert_canonical(MINIMAL_PLAN.replace(ITEM, items).replace("title: Thử nghiệm", f"title: {title}"))


@st.composite
def flow_with_comments(draw) -> str:
    """A recipients list in flow style over several lines, with comments between and beside entries."""
    names = draw(st.lists(st.sampled_from(["Sở Nội vụ", "Sở Tài chính", "UBND tỉnh", "{to: Sở Y tế, note: b/c}"]),
                          min_size=1, max_size=5))
    lines = ["recipients: [" + (draw(st.sampled_from(["", "  # mở"])))]
    for index, name in enumerate(names):
        if draw(st.booleans()):
            lines.append(f"  # trước {index}")
        comma = "," if index < len(names) - 1 else ""
        lines.append(f"  {name}{comma}" + draw(st.sampled_from(["", f"  # bên {index}"])))
    if draw(st.booleans()):
        lines.append("  # trước dấu đóng")
    lines.append("]")
    return "\n".join(lines) + "\n"


@quick(100)
@given(flow=flow_with_comments())
def test_fmt_keeps_every_comment_of_generated_flow_lists(flow):
    assert_canonical(MINIMAL_PLAN.replace("recipients: [Sở Nội vụ]\n", flow))


# ------------------------------------------------------------------ files

@pytest.mark.parametrize("mode", [0o600, 0o755, 0o640])
def test_fmt_keeps_the_files_mode(plans, mode):
    plan = plans / "a.yaml"
    plan.write_text(MINIMAL_PLAN.replace("title: Thử nghiệm", "title:   Thử nghiệm"), encoding="utf-8")
    plan.chmod(mode)
    result = fmt()
    assert result.exit_code == 0, result.output
    assert "title: Thử nghiệm\n" in plan.read_text(encoding="utf-8")
    assert stat.S_IMODE(plan.stat().st_mode) == mode


def test_fmt_writes_a_symlinked_plan_through_its_link(plans, tmp_path):
    elsewhere = tmp_path / "kho" / "that.yaml"
    elsewhere.parent.mkdir()
    elsewhere.write_text(MINIMAL_PLAN.replace("title: Thử nghiệm", "title:   Thử nghiệm"), encoding="utf-8")
    link = plans / "link.yaml"
    link.symlink_to(elsewhere)
    result = fmt()
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == elsewhere.resolve()
    assert "title: Thử nghiệm\n" in elsewhere.read_text(encoding="utf-8")
    assert not list(plans.glob(".*tmp")) and not list(elsewhere.parent.glob(".*tmp"))


@pytest.mark.parametrize("bom, newline", [(b"", "\r\n"), (b"\xef\xbb\xbf", "\n"), (b"\xef\xbb\xbf", "\r\n")])
def test_fmt_keeps_the_byte_order_mark_and_the_line_endings(plans, bom, newline):
    plan = plans / "windows.yaml"
    plan.write_bytes(bom + MINIMAL_PLAN.replace("title: Thử nghiệm", "title:   Thử nghiệm  # chú thích")
                     .replace("\n", newline).encode("utf-8"))
    assert fmt().exit_code == 0
    written = plan.read_bytes()
    assert written.startswith(bom) and written.count(newline.encode()) == MINIMAL_PLAN.count("\n")
    expected = format_text(MINIMAL_PLAN.replace("title: Thử nghiệm", "title:   Thử nghiệm  # chú thích"), "x")
    assert "title: Thử nghiệm" in expected and written == bom + expected.replace("\n", newline).encode("utf-8")
    assert fmt("--check").exit_code == 0


def test_a_file_that_is_not_utf8_exits_123_with_its_place_and_is_left_alone(plans):
    """Before: exit 3, "lỗi nội bộ"."""
    plan = plans / "latin.yaml"
    raw = MINIMAL_PLAN.replace("title: Thử nghiệm", "title: Thu nghiem").encode("utf-8") + b"remark: G\xfd\xd2i\n"  # Gửi in Windows-1258
    plan.write_bytes(raw)
    for args in ((), ("--check",)):
        result = fmt(*args)
        assert result.exit_code == 123, result.output
        line = MINIMAL_PLAN.count("\n") + 1
        assert result.stderr.splitlines() == [f"plans/latin.yaml:{line}:10: tệp không được mã hóa UTF-8; "
                                              "hãy lưu lại với mã hóa UTF-8"]
        assert plan.read_bytes() == raw


def test_fmt_check_exits_1_and_lists_what_would_change_writing_nothing(plans):
    good, bad = plans / "good.yaml", plans / "bad.yaml"
    good.write_text(MINIMAL_PLAN, encoding="utf-8")
    bad.write_text(MINIMAL_PLAN.replace("title: Thử nghiệm", "title:   Thử nghiệm"), encoding="utf-8")
    before = bad.read_bytes()
    result = fmt("--check")
    assert result.exit_code == 1
    assert "sẽ định dạng lại plans/bad.yaml" in result.output and "good.yaml" not in result.output
    assert bad.read_bytes() == before


@pytest.mark.parametrize("error", [errno.EACCES, errno.ENOSPC, errno.EROFS])
def test_a_file_fmt_cannot_write_is_the_users_situation_exit_4(plans, monkeypatch, error):
    """A read-only folder, a full disk: exit 4 with what to do, never "lỗi nội bộ"; the file stays whole."""
    plan = plans / "a.yaml"
    plan.write_text(MINIMAL_PLAN.replace("title: Thử nghiệm", "title:   Thử nghiệm"), encoding="utf-8")
    before = plan.read_bytes()

    def refuse(target, data, mode=0o644):
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(fmt_module, "write_atomically", refuse)
    result = fmt()
    assert result.exit_code == 4, result.output
    assert result.stderr.startswith("kehoach: không ghi được plans/a.yaml") and "lỗi nội bộ" not in result.stderr
    assert plan.read_bytes() == before
