"""The Party plan of Đảng ủy Sở Y tế renders back to the words of its seed
(tests/data/seeds/kh-dang-uy-syt-chuyen-de-2020.txt), paragraph by paragraph.

The seed's extraction lost the first page (header, title, sections I and II
up to the last basis line) and the authority lines of the signature; the plan
reconstructs them (see the comment at the top of the YAML) and they are listed
here as missing from the seed. Each other difference is a correction of the
seed with the rule behind it; nothing else may differ.
"""
from __future__ import annotations



from conftest import PLANS, SEEDS, open_docx, render_all
from test_seeds import assert_same_paragraphs, document_paragraphs, normalise

PLAN_PARTY = PLANS / "dang-uy-so-y-te/2020/KH-DU-chuyen-de-2020.yaml"
SEED = "kh-dang-uy-syt-chuyen-de-2020.txt"

CHUYEN_DE = ("Tăng cường khối đại đoàn kết toàn dân tộc, xây dựng Đảng và hệ thống chính trị "
             "trong sạch, vững mạnh theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")

# Reconstructed, in document order: the header and title block, section I,
# section II before the seed's basis line, then the signature's authority lines.
RECONSTRUCTED_FIRST_PAGE = [
    "ĐẢNG BỘ KHỐI CƠ QUAN TỈNH",
    "ĐẢNG ỦY SỞ Y TẾ",
    "ĐẢNG CỘNG SẢN VIỆT NAM",
    "Số 05-KH/ĐU",
    "Thanh Hóa, ngày 12 tháng 02 năm 2020",
    "KẾ HOẠCH",
    "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2020 với chuyên đề "
    f"“{CHUYEN_DE}”",
    "-----",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "- Tổ chức học tập, quán triệt sâu rộng nội dung chuyên đề năm 2020 đến toàn thể cán bộ, "
    "đảng viên, công chức, viên chức, người lao động trong ngành Y tế; nâng cao nhận thức về giá "
    "trị, ý nghĩa to lớn của tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
    "- Việc học tập và làm theo Bác phải gắn với thực hiện nhiệm vụ chính trị của từng cơ quan, "
    "đơn vị và Nghị quyết Trung ương 4 khóa XII về xây dựng, chỉnh đốn Đảng; mỗi tập thể, cá nhân "
    "đăng ký nội dung “làm theo” cụ thể, thiết thực, dễ kiểm tra, đánh giá.",
    "- Người đứng đầu cấp ủy, cơ quan, đơn vị gương mẫu thực hiện; tổ chức nghiêm túc, thiết "
    "thực, tránh hình thức, lãng phí.",
    "II. CĂN CỨ XÂY DỰNG KẾ HOẠCH",
    "- Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị về đẩy mạnh học tập và làm theo tư "
    "tưởng, đạo đức, phong cách Hồ Chí Minh;",
    "- Hướng dẫn của Ban Tuyên giáo Tỉnh ủy và Kế hoạch của Ban Thường vụ Đảng ủy Khối cơ quan "
    "tỉnh về học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2020;",
]
RECONSTRUCTED_SIGNATURE = ["T/M ĐẢNG ỦY", "BÍ THƯ"]

CASE = dict(
    plan=PLAN_PARTY,
    seed=SEED,
    missing_from_seed=RECONSTRUCTED_FIRST_PAGE + RECONSTRUCTED_SIGNATURE,
    corrections=[
        # A page end of the original split one paragraph (III.1.2.2.b, "Nội dung học tập").
        ("đại đoàn kết toàn\n\ndân tộc, xây dựng Đảng", "đại đoàn kết toàn dân tộc, xây dựng Đảng"),
        # Spec 4, Party: the last body paragraph ends with "." and not "./.".
        ("trước **30/11/2020**./.", "trước **30/11/2020**."),
        # A spacing slip: the purpose note follows the entry after a space, as in the
        # other entries (the renderer writes "- name (note);").
        ("- Các cấp ủy cơ sở trực thuộc ĐU(T/hiện);", "- Các cấp ủy cơ sở trực thuộc ĐU (T/hiện);"),
        # Spec 5, Party: "- Lưu Văn phòng Đảng ủy." (no colon, no VT; the office written out).
        ("- Lưu VT, VP.", "- Lưu Văn phòng Đảng ủy."),
    ],
)


def rendered_paragraphs() -> list[str]:
    return document_paragraphs(open_docx(render_all(CASE["plan"])[".docx"]))


def seed_paragraphs() -> list[str]:
    text = (SEEDS / CASE["seed"]).read_text(encoding="utf-8")
    for seed_text, rendered_text in CASE["corrections"]:
        assert text.count(seed_text) == 1, f"correction does not apply exactly once: {seed_text!r}"
        text = text.replace(seed_text, rendered_text)
    lines = (normalise(line) for line in text.split("\n"))
    return [line for line in lines if line]


def test_rendered_words_match_the_seed():
    rendered = [p for p in rendered_paragraphs() if p not in CASE["missing_from_seed"]]
    assert_same_paragraphs(seed_paragraphs(), rendered)


def test_the_reconstructed_first_page_comes_first_and_whole():
    """Every reconstructed paragraph is in the document, where the lost page stood;
    the seed's first line (the last basis of section II) follows it."""
    rendered = rendered_paragraphs()
    count = len(RECONSTRUCTED_FIRST_PAGE)
    assert rendered[:count] == [normalise(p) for p in RECONSTRUCTED_FIRST_PAGE]
    assert rendered[count].startswith("- Chỉ thị số 27/CT-TTg ngày 08/9/2016")
    assert rendered[count + 1] == "III. NỘI DUNG"


def test_the_reconstructed_authority_lines_stand_over_the_seed_signer():
    rendered = rendered_paragraphs()
    assert rendered[-3:] == [*RECONSTRUCTED_SIGNATURE, "Trịnh Hữu Hùng"]


def test_nothing_reconstructed_is_also_in_the_seed():
    """A reconstructed paragraph that the seed has would hide a missing one."""
    seed = set(seed_paragraphs())
    assert not [p for p in CASE["missing_from_seed"] if normalise(p) in seed]
