"""The Vietnamese writing conventions, one per test: read the names as the specification.

Each convention comes from the spec (format-rules.md of the project's shared notes) (Decree 30/2020 for
the state format, Guidance 05-HD/VPTW for the Party format).
"""
from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata

import pytest

from kehoach import vn
from kehoach.inline import Run, escape, parse, plain, unescape_end, without_stars, write
from kehoach.load import load_text
from kehoach.rules import FORMATS

BLANK = "\u00a0" * 6  # the room a draft leaves for a number or a day, filled in by hand


# --- Spelled dates: the place-date line of the header -------------------------

def test_a_day_below_10_and_month_1_take_a_leading_zero():
    assert vn.spelled_day(2021, 1, 5) == "ngày 05 tháng 01 năm 2021"


def test_month_2_takes_a_leading_zero():
    assert vn.spelled_day(2021, 2, 18) == "ngày 18 tháng 02 năm 2021"


def test_months_3_to_9_take_no_leading_zero():
    assert vn.spelled_day(2020, 6, 29) == "ngày 29 tháng 6 năm 2020"
    assert vn.spelled_day(2020, 3, 31) == "ngày 31 tháng 3 năm 2020"


def test_months_10_11_and_12_are_written_as_they_are():
    assert vn.spelled_day(2020, 10, 15) == "ngày 15 tháng 10 năm 2020"
    assert vn.spelled_day(2020, 12, 1) == "ngày 01 tháng 12 năm 2020"


def test_the_place_comes_first_with_a_comma():
    assert vn.spelled_date("Hà Tĩnh", 2020, 3, 31) == "Hà Tĩnh, ngày 31 tháng 3 năm 2020"


def test_a_document_dated_by_hand_leaves_day_and_month_blank_as_wide_as_two_digits():
    blank = "\u00a0" * 4  # a no-break space is a quarter em, a digit half an em
    assert vn.blank_date("Hà Tĩnh", 2020) == f"Hà Tĩnh, ngày {blank} tháng {blank} năm 2020"


def test_a_draft_date_leaves_the_day_blank_and_keeps_the_month_padded():
    assert vn.spelled_date("Thái Nguyên", 2021, 2, None) == f"Thái Nguyên, ngày {BLANK} tháng 02 năm 2021"


def test_the_blank_of_a_draft_is_non_breaking_spaces_that_do_not_collapse():
    assert vn.BLANK == BLANK
    assert vn.BLANK.strip() == ""  # whitespace to a reader...
    assert " " not in vn.BLANK  # ...but not ordinary spaces, which Word would let wrap or collapse


# --- Short dates: a date inside body text --------------------------------------

def test_a_short_date_pads_the_day_but_not_a_month_from_3_to_12():
    assert vn.short_date(dt.date(2013, 6, 3)) == "03/6/2013"


def test_a_short_date_pads_months_1_and_2():
    assert vn.short_date(dt.date(2016, 1, 14)) == "14/01/2016"
    assert vn.short_date(dt.date(2016, 2, 29)) == "29/02/2016"


def test_a_short_date_in_october_has_no_padding_to_add():
    assert vn.short_date(dt.date(2020, 10, 15)) == "15/10/2020"


# --- Document number -------------------------------------------------------------

def test_state_number_is_so_colon_number_slash_type_hyphen_issuer():
    assert vn.document_number(FORMATS["nd30"], 799, "KH", "SYT") == "Số: 799/KH-SYT"


def test_state_number_below_10_takes_a_leading_zero():
    assert vn.document_number(FORMATS["nd30"], 5, "KH", "SYT") == "Số: 05/KH-SYT"


def test_state_number_10_and_above_is_not_padded():
    assert vn.document_number(FORMATS["nd30"], 10, "KH", "SYT") == "Số: 10/KH-SYT"


def test_state_draft_number_leaves_a_blank_before_the_symbol():
    assert vn.document_number(FORMATS["nd30"], None, "KH", "SYT") == f"Số: {BLANK}/KH-SYT"


def test_party_number_has_no_colon_a_hyphen_before_the_type_and_a_slash_before_the_issuer():
    assert vn.document_number(FORMATS["party"], 529, "KH", "ĐU") == "Số 529-KH/ĐU"


def test_party_draft_number_leaves_a_blank():
    assert vn.document_number(FORMATS["party"], None, "KH", "ĐU") == f"Số {BLANK}-KH/ĐU"


def test_number_symbol_drops_the_word_so():
    assert vn.number_symbol(FORMATS["nd30"], 799, "KH", "SYT") == "799/KH-SYT"
    assert vn.number_symbol(FORMATS["party"], 529, "KH", "ĐU") == "529-KH/ĐU"


# --- Roman numerals: sections I., II., ... -------------------------------------------

@pytest.mark.parametrize("n, expected", [
    (1, "I"), (2, "II"), (3, "III"), (4, "IV"), (5, "V"), (6, "VI"), (7, "VII"),
    (8, "VIII"), (9, "IX"), (10, "X"), (11, "XI"), (12, "XII"), (13, "XIII"), (14, "XIV"),
])
def test_sections_1_to_14_are_numbered_in_roman(n, expected):
    assert vn.roman(n) == expected


def test_roman_uses_subtraction_for_40_and_90():
    assert vn.roman(40) == "XL"
    assert vn.roman(90) == "XC"


def test_roman_1999_is_mcmxcix():
    assert vn.roman(1999) == "MCMXCIX"


def test_there_is_no_roman_numeral_for_0():
    with pytest.raises(ValueError):
        vn.roman(0)


# --- Point letters a) b) c) ... -----------------------------------------------------------

VIETNAMESE_POINTS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()


def test_point_letters_follow_the_vietnamese_alphabet():
    assert [vn.point_letter(n) for n in range(1, 24)] == VIETNAMESE_POINTS


def test_d_with_stroke_is_the_5th_point_right_after_d():
    assert vn.point_letter(4) == "d"
    assert vn.point_letter(5) == "đ"


def test_the_6th_point_is_e():
    assert vn.point_letter(6) == "e"


def test_the_7th_point_is_g_because_f_is_not_vietnamese():
    assert vn.point_letter(7) == "g"


def test_f_j_w_z_never_appear_among_the_points():
    letters = {vn.point_letter(n) for n in range(1, 100)}
    assert not {c for letter in letters for c in letter} & set("fjwz")


def test_the_last_single_point_is_y_the_23rd():
    assert vn.point_letter(23) == "y"


def test_past_y_the_point_letters_double():
    assert [vn.point_letter(n) for n in (24, 25, 28, 46, 47)] == ["aa", "bb", "đđ", "yy", "aaa"]


def test_there_is_no_point_letter_0():
    with pytest.raises(ValueError):
        vn.point_letter(0)


# --- Unicode NFC ----------------------------------------------------------------------

def test_nfd_text_becomes_nfc():
    decomposed = unicodedata.normalize("NFD", "Thực hiện phong trào “Dân vận khéo”")
    assert decomposed != "Thực hiện phong trào “Dân vận khéo”"  # the test input really is NFD
    assert vn.nfc(decomposed) == "Thực hiện phong trào “Dân vận khéo”"
    assert unicodedata.is_normalized("NFC", vn.nfc(decomposed))


def test_nfc_text_is_left_as_it_is():
    assert vn.nfc("Sở Y tế Hà Tĩnh") == "Sở Y tế Hà Tĩnh"


def test_a_plan_file_typed_in_nfd_loads_as_nfc_text_and_keys():
    typed = "title: Thực hiện “Dân vận khéo”\nissuer: {place: Hà Tĩnh}\nrecipients: [Sở Nội vụ]\n"
    raw = unicodedata.normalize("NFD", typed).encode("utf-8")
    assert raw != typed.encode("utf-8")  # the file really holds decomposed letters
    data, _source = load_text(raw, "plan.yaml")
    assert data == {
        "title": "Thực hiện “Dân vận khéo”",
        "issuer": {"place": "Hà Tĩnh"},
        "recipients": ["Sở Nội vụ"],
    }
    assert all(unicodedata.is_normalized("NFC", text) for text in (data["title"], data["issuer"]["place"]))


# --- Capitals ---------------------------------------------------------------------

def test_upper_capitalises_d_with_stroke():
    assert vn.upper("đ") == "Đ"
    assert vn.upper("giám đốc") == "GIÁM ĐỐC"


def test_upper_capitalises_u_with_horn_and_its_tones():
    assert vn.upper("ư") == "Ư"
    assert vn.upper("tổ chức thực hiện") == "TỔ CHỨC THỰC HIỆN"


def test_upper_of_nfd_text_gives_nfc_capitals():
    assert vn.upper(unicodedata.normalize("NFD", "mục đích, yêu cầu")) == "MỤC ĐÍCH, YÊU CẦU"


# --- End mark ./. ---------------------------------------------------------------------

def test_the_last_paragraph_ends_with_the_end_mark_replacing_its_period():
    assert vn.with_end_mark("báo cáo trước ngày 15/10/2020.") == "báo cáo trước ngày 15/10/2020./."


def test_the_end_mark_is_added_when_there_is_no_period():
    assert vn.with_end_mark("báo cáo trước ngày 15/10/2020") == "báo cáo trước ngày 15/10/2020./."


def test_the_end_mark_is_not_doubled_when_already_typed():
    assert vn.with_end_mark("năm 2020./.") == "năm 2020./."
    assert vn.with_end_mark(vn.with_end_mark("năm 2020.")) == "năm 2020./."


def test_the_party_end_mark_is_a_single_period():
    assert vn.with_end_mark("thực hiện.", ".") == "thực hiện."
    assert vn.with_end_mark("thực hiện./.", ".") == "thực hiện."


def test_a_recipient_entry_ends_with_a_semicolon_whatever_was_typed():
    assert vn.ensure_end("Sở Nội vụ.", ";") == "Sở Nội vụ;"
    assert vn.ensure_end("Sở Nội vụ", ";") == "Sở Nội vụ;"


# --- Archive line -----------------------------------------------------------------------

def test_archive_line_starts_with_the_records_office_vt():
    assert vn.archive_line(FORMATS["nd30"], ["TCCB"], None, None) == "Lưu: VT, TCCB."


def test_archive_line_adds_the_drafter_initials_after_the_units():
    assert vn.archive_line(FORMATS["nd30"], ["TCCB"], "nadt", None) == "Lưu: VT, TCCB, nadt."


def test_archive_line_adds_the_copy_count_padded_to_two_digits():
    assert vn.archive_line(FORMATS["nd30"], ["TCCB"], "nadt", 5) == "Lưu: VT, TCCB, nadt (05b)."
    assert vn.archive_line(FORMATS["nd30"], ["TCCB", "NVY"], None, 12) == "Lưu: VT, TCCB, NVY (12b)."


def test_party_archive_line_has_no_colon_and_no_vt():
    assert vn.archive_line(FORMATS["party"], ["Văn phòng Đảng ủy"], None, None) == "Lưu Văn phòng Đảng ủy."


@pytest.mark.parametrize("text, lower", [
    ("thị trấn", True), ("đơn vị", True), ("ủy ban", True), ("e\u0301 decomposed", True), ("  tổ dân phố", True),
    ("Thôn", False), ("Đơn vị", False), ("Ủy ban", False), ("2020", False), ("“Dân vận khéo”", False), ("", False),
])
def test_starts_lower_is_a_small_first_letter_vietnamese_ones_included(text, lower):
    assert vn.starts_lower(text) is lower


# --- Inline markup ----------------------------------------------------------------------

def test_one_star_on_each_side_is_italic():
    assert parse("*nghiêng*") == [Run("nghiêng", italic=True)]


def test_two_stars_on_each_side_are_bold():
    assert parse("**đậm**") == [Run("đậm", bold=True)]


def test_three_stars_on_each_side_are_bold_italic():
    assert parse("***đậm nghiêng***") == [Run("đậm nghiêng", bold=True, italic=True)]


def test_emphasis_inside_a_sentence_keeps_the_text_around_it_plain():
    assert parse("phong trào *“Dân vận khéo”* năm 2020") == [
        Run("phong trào "), Run("“Dân vận khéo”", italic=True), Run(" năm 2020"),
    ]


def test_italic_nested_in_bold_is_bold_italic():
    assert parse("**Sở *Y tế* Hà Tĩnh**") == [
        Run("Sở ", bold=True), Run("Y tế", bold=True, italic=True), Run(" Hà Tĩnh", bold=True),
    ]


def test_bold_nested_in_italic_is_bold_italic():
    assert parse("*a **b** c*") == [Run("a ", italic=True), Run("b", bold=True, italic=True), Run(" c", italic=True)]


def test_a_backslash_star_is_a_literal_star():
    assert parse(r"\*không nghiêng\*") == [Run("*không nghiêng*")]


def test_backslashes_before_a_star_pair_up_and_an_odd_one_makes_the_star_literal():
    assert parse("C:\\\\**đậm**") == [Run("C:\\"), Run("đậm", bold=True)]  # C:\\**đậm**
    assert parse("**đậm\\\\**") == [Run("đậm\\", bold=True)]  # a bold text ending in a backslash
    assert parse("a\\\\\\*") == [Run("a\\*")]  # a\\\*: a backslash, then a literal star


def test_a_backslash_elsewhere_prints_as_typed():
    assert parse("C:\\tài liệu\\\\máy chủ\\") == [Run("C:\\tài liệu\\\\máy chủ\\")]


def test_an_escaped_star_before_a_star_of_emphasis_leaves_it_emphasis():
    assert parse("\\**nghiêng*") == [Run("*"), Run("nghiêng", italic=True)]


def test_write_gives_markup_that_prints_any_text_as_it_is_beside_stars_of_emphasis_or_not():
    """Every text of backslashes, stars, letters and spaces up to 6 characters, alone and emphasised."""
    for length in range(1, 7):
        for chars in itertools.product("\\* a", repeat=length):
            text = "".join(chars)
            assert plain(escape(text)) == text
            if text.strip() == text:  # emphasis needs a non-space at both ends
                for stars, look in ((1, Run(text, italic=True)), (2, Run(text, bold=True)), (3, Run(text, True, True))):
                    assert parse(write(["x ", stars, text, stars, " y"])) == [Run("x "), look, Run(" y")], text


def test_unescape_end_reads_a_text_cut_before_its_closing_stars():
    for text in ("a", "a\\", "a\\\\", "\\*\\"):
        assert unescape_end(write([2, text, 2])[2:-2]) == escape(text)


def test_without_stars_removes_every_star_of_emphasis_paired_or_not():
    assert without_stars("**đậm** \\* 7*7 a\\\\**b") == "đậm * 77 a\\b"


def test_template_syntax_prints_as_typed():
    assert parse("{{ 7*7 }}") == [Run("{{ 7*7 }}")]
    assert plain("{% if x %}{{ 7*7 }}{% endif %}") == "{% if x %}{{ 7*7 }}{% endif %}"


def test_a_lone_star_between_digits_prints_as_typed():
    assert parse("7*7") == [Run("7*7")]


def test_stars_inside_words_never_pair_up():
    """Two template expressions in one paragraph stay as typed: a star inside a word is no marker."""
    assert parse("{{ 7*7 }} và {{ 7*7 }}") == [Run("{{ 7*7 }} và {{ 7*7 }}")]
    assert parse("2*3*4") == [Run("2*3*4")]


def test_a_star_between_spaces_prints_as_typed():
    assert parse("a * b") == [Run("a * b")]


def test_an_unmatched_opening_star_prints_as_typed():
    assert parse("*chưa đóng") == [Run("*chưa đóng")]


def test_stars_of_different_counts_do_not_pair_and_print_as_typed():
    assert parse("**đậm*") == [Run("**đậm*")]


def test_plain_removes_the_markup_and_keeps_the_words():
    assert plain("***Lưu ý:*** nộp *trước* ngày **15/10/2020**") == "Lưu ý: nộp trước ngày 15/10/2020"


def test_a_state_official_letter_leaves_its_type_out_of_the_symbol_the_party_keeps_it():
    """Decree 30, Phụ lục III: a công văn is `Số: 1234/UBND-NC`; Guidance 05: `Số 77-CV/TU`."""
    assert vn.number_symbol(FORMATS["nd30"], 1234, "CV", "UBND-NC") == "1234/UBND-NC"
    assert vn.number_symbol(FORMATS["party"], 77, "CV", "TU") == "77-CV/TU"
    assert vn.number_symbol(FORMATS["nd30"], 5, "CT", "UBND") == "05/CT-UBND"


def test_a_legal_documents_symbol_carries_its_year():
    """Decree 30, Phụ lục I: a normative document is `Số: 20/2019/QĐ-UBND`."""
    assert vn.number_symbol(FORMATS["nd30"], 20, "QĐ", "UBND", legal_year=2019) == "20/2019/QĐ-UBND"


@pytest.mark.parametrize("written, same", [
    ("UBND tỉnh", "Ủy ban nhân dân tỉnh"),
    ("Uỷ ban nhân dân  Tỉnh", "ỦY BAN NHÂN DÂN TỈNH"),
    ("Sở Văn hoá", "Sở Văn hóa"),
    ("BTV Tỉnh ủy", "Ban Thường vụ Tỉnh ủy"),
    (unicodedata.normalize("NFD", "Đảng ủy Khối"), "ĐẢNG ỦY KHỐI"),
])
def test_a_bodys_name_is_one_name_however_it_is_written(written, same):
    assert vn.body_key(written) == vn.body_key(same)


@pytest.mark.parametrize("one, other", [
    ("UBND tỉnh", "UBND tỉnh Hà Tĩnh"),  # another body: the province is named
    ("Quỹ Bảo trợ", "Qũy Bảo trợ"),  # qu is one consonant: its mark stays where it is
    ("Sở Y tế", "Sở Nội vụ"),
])
def test_different_bodies_stay_different(one, other):
    assert vn.body_key(one) != vn.body_key(other)


def test_a_citation_in_a_reference_line_spells_the_date():
    assert vn.citation(FORMATS["nd30"], "Kế hoạch", "799/KH-SYT", "Sở Y tế", 2020, 3, 31) == \
        "Kế hoạch số 799/KH-SYT ngày 31 tháng 3 năm 2020 của Sở Y tế"


def test_a_citation_in_running_text_writes_the_short_date_and_drops_a_missing_day():
    assert vn.citation(FORMATS["nd30"], "Kế hoạch", "799/KH-SYT", "Sở Y tế", 2020, 3, 31, in_text=True) == \
        "Kế hoạch số 799/KH-SYT ngày 31/3/2020 của Sở Y tế"
    assert vn.citation(FORMATS["nd30"], "Kế hoạch", "799/KH-SYT", "Sở Y tế", 2020, 3, None, in_text=True) == \
        "Kế hoạch số 799/KH-SYT của Sở Y tế"


def test_a_party_citation_puts_a_comma_before_the_short_date():
    assert vn.citation(FORMATS["party"], "Kế hoạch", "529-KH/ĐU", "Đảng ủy Sở Y tế", 2022, 3, 15) == \
        "Kế hoạch số 529-KH/ĐU, ngày 15/3/2022 của Đảng ủy Sở Y tế"


def test_a_recipient_line_ends_with_a_semicolon_after_its_note():
    assert vn.recipient_line(["Sở Nội vụ"], None) == "- Sở Nội vụ;"
    assert vn.recipient_line(["Ban Dân vận Tỉnh ủy;"], "để b/c") == "- Ban Dân vận Tỉnh ủy (để b/c);"
    assert vn.recipient_line(["Ban Tuyên giáo TU", "UBND", "ĐUK"], "B/cáo") == "- Ban Tuyên giáo TU, UBND, ĐUK (B/cáo);"


def test_a_purpose_note_stands_in_parentheses():
    assert vn.purpose_note("để báo cáo") == "(để báo cáo)"
    assert vn.purpose_note(" thực hiện ") == "(thực hiện)"


# --- Deadlines as plans write them ------------------------------------------------

@pytest.mark.parametrize("typed, printed", [
    ("2022-10-15", "15/10/2022"),
    ("15/10/2022", "15/10/2022"),
    ("ngày 5/3/2022", "05/3/2022"),
    ("Trước ngày 15/10", "Trước ngày 15/10"),
    ("trước ngày 15/10/2022", "Trước ngày 15/10/2022"),
    ("Tháng 6/2022", "Tháng 6/2022"),
    ("tháng 06/2022", "Tháng 6/2022"),
    ("Tháng 6 năm 2022", "Tháng 6/2022"),
    ("Quý II/2022", "Quý II/2022"),
    ("Quý 2/2022", "Quý II/2022"),
    ("quý iv năm 2022", "Quý IV/2022"),
    ("6 tháng đầu năm 2022", "6 tháng đầu năm 2022"),
    ("6 tháng cuối năm 2022", "6 tháng cuối năm 2022"),
    ("Năm 2022", "Năm 2022"),
    ("Từ tháng 3 đến tháng 6/2022", "Từ tháng 3 đến tháng 6/2022"),
    ("từ tháng 3/2022 đến tháng 6/2022", "Từ tháng 3 đến tháng 6/2022"),
    ("Từ tháng 11/2022 đến tháng 3/2023", "Từ tháng 11/2022 đến tháng 3/2023"),
    ("Thường xuyên", "Thường xuyên"),
    ("THƯỜNG  XUYÊN.", "Thường xuyên"),
])
def test_a_deadline_prints_in_the_offices_form(typed, printed):
    assert vn.parse_deadline(typed).text == printed


def test_a_deadline_is_read_in_any_unicode_form_and_spacing():
    decomposed = unicodedata.normalize("NFD", "Quý  II / 2022")
    assert vn.parse_deadline(decomposed) == vn.parse_deadline("Quý II/2022")


def test_months_1_and_2_keep_the_decrees_leading_zero_as_every_date_in_text():
    assert vn.parse_deadline("Tháng 1/2022").text == "Tháng 01/2022"
    assert vn.parse_deadline("Từ tháng 1 đến tháng 2/2022").text == "Từ tháng 01 đến tháng 02/2022"


@pytest.mark.parametrize("typed, last", [
    ("2022-10-15", dt.date(2022, 10, 15)),
    ("Trước ngày 15/10/2022", dt.date(2022, 10, 14)),  # before the 15th: the 14th is the last day
    ("Tháng 2/2024", dt.date(2024, 2, 29)),
    ("Quý II/2022", dt.date(2022, 6, 30)),
    ("6 tháng đầu năm 2022", dt.date(2022, 6, 30)),
    ("6 tháng cuối năm 2022", dt.date(2022, 12, 31)),
    ("Năm 2022", dt.date(2022, 12, 31)),
    ("Từ tháng 3 đến tháng 6/2022", dt.date(2022, 6, 30)),
])
def test_a_deadlines_last_day_ends_its_period(typed, last):
    assert vn.parse_deadline(typed).last_day() == last


def test_before_a_day_without_year_takes_the_plans_year():
    deadline = vn.parse_deadline("Trước ngày 01/3")
    assert deadline.last_day() is None
    assert deadline.last_day(2024) == dt.date(2024, 2, 29)


def test_an_ongoing_duty_has_no_last_day():
    deadline = vn.parse_deadline("Thường xuyên")
    assert deadline.ongoing and deadline.last_day(2022) is None


def test_a_deadline_in_running_text_keeps_the_case_of_its_first_letter_as_typed():
    assert vn.parse_deadline("Quý I/2020").in_sentence == "Quý I/2020"  # "hoàn thành trong Quý I/2020" (Party seed)
    assert vn.parse_deadline("quý 1/2020").in_sentence == "quý I/2020"
    assert vn.parse_deadline("thường xuyên").in_sentence == "thường xuyên"
    assert vn.parse_deadline("thường xuyên").text == "Thường xuyên"  # a table cell starts with a capital
    assert vn.parse_deadline("2022-10-15").in_sentence == "15/10/2022"


@pytest.mark.parametrize("typed, moved", [
    ("Quý II/2022", "Quý II/2023"),
    ("Từ tháng 11/2022 đến tháng 3/2023", "Từ tháng 11/2023 đến tháng 3/2024"),
    ("2024-02-29", "28/02/2025"),
    ("Trước ngày 15/10", "Trước ngày 15/10"),
    ("Thường xuyên", "Thường xuyên"),
])
def test_a_deadline_moves_to_next_year_as_written(typed, moved):
    assert vn.parse_deadline(typed).moved(1).text == moved


@pytest.mark.parametrize("typed, message", [
    ("cuối năm", "không phải một thời hạn"),
    ("Tháng 13/2022", "tháng 13 không tồn tại"),
    ("Quý V/2022", "không phải một thời hạn"),
    ("Trước ngày 30/2", "ngày 30 không tồn tại, tháng 2 chỉ có 29 ngày"),
    ("31/4/2022", "ngày 31 không tồn tại, tháng 4 năm 2022 chỉ có 30 ngày"),
    ("Từ tháng 6 đến tháng 3/2022", "tháng đầu (6) phải trước tháng cuối (3)"),
])
def test_a_text_that_is_no_deadline_is_refused_saying_why(typed, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        vn.parse_deadline(typed)


@pytest.mark.parametrize("typed, every", [
    ("6 tháng, hằng năm", "half-yearly"), ("6 tháng , hằng năm", "half-yearly"), ("Hằng quý", "quarterly"),
    ("hàng tháng", "monthly"), ("Hằng năm", "yearly"), ("Quý II/2022", None),
])
def test_a_recurrence_written_as_words_is_its_repeat(typed, every):
    assert vn.written_repeat(typed) == every


def test_an_assignment_gives_a_task_to_its_lead_with_partners_deadline_and_addressee():
    assert vn.assignment("Phòng Tổ chức cán bộ") == "Giao Phòng Tổ chức cán bộ chủ trì thực hiện."
    assert vn.assignment("Phòng Tổ chức cán bộ;", ["Phòng Điều dưỡng", "Các khoa lâm sàng."], "trước ngày 08/10/2020",
                         "Đảng ủy Sở Y tế") == (
        "Giao Phòng Tổ chức cán bộ chủ trì, phối hợp với Phòng Điều dưỡng, Các khoa lâm sàng thực hiện, "
        "hoàn thành trước ngày 08/10/2020, báo cáo kết quả về Đảng ủy Sở Y tế.")


def test_an_assignment_to_the_unit_itself_gives_nothing_to_anyone():
    assert vn.assignment("Chi bộ Bệnh viện", by="trước ngày 08/10/2020", itself=True) == (
        "Chi bộ Bệnh viện chủ trì thực hiện, hoàn thành trước ngày 08/10/2020.")


@pytest.mark.parametrize("written, said", [
    ("2020-10-08", "trước ngày {due}"), ("Trước ngày 08/10", "{due}"), ("Quý II/2022", "trong {due}"),
    ("Tháng 8/2020", "trong {due}"), ("6 tháng đầu năm 2022", "trong {due}"), ("Năm 2022", "trong {due}"),
    ("Từ tháng 3 đến tháng 6/2022", "{due}"), ("Thường xuyên", None),
])
def test_done_by_says_when_a_task_is_to_be_done_in_a_sentence(written, said):
    assert vn.done_by(vn.parse_deadline(written), "{due}") == said


@pytest.mark.parametrize("parent_title, child_title", [
    ("Thực hiện phong trào thi đua “Dân vận khéo” năm 2020", "Triển khai thực hiện phong trào thi đua “Dân vận khéo” năm 2020"),
    ("Triển khai thực hiện công tác cải cách hành chính năm 2022", "Triển khai thực hiện công tác cải cách hành chính năm 2022"),
    ("triển khai Nghị quyết số 05", "Triển khai Nghị quyết số 05"),
    ("Tổ chức triển khai Chỉ thị 05", "Tổ chức triển khai Chỉ thị 05"),
    ("Công tác dân vận năm 2020", "Triển khai công tác dân vận năm 2020"),
])
def test_a_units_plan_is_titled_after_its_parent_without_saying_trien_khai_twice(parent_title, child_title):
    assert vn.implementation_title(parent_title) == child_title


@pytest.mark.parametrize("note, reported", [("để b/c", True), ("Báo cáo", True), ("B/cáo", True), ("thực hiện", False),
                                            (None, False)])
def test_a_report_note_says_baocao_or_bc(note, reported):
    """`(B/cáo)` is how the Party seed writes it."""
    assert vn.is_report_note(note) is reported
