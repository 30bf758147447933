"""Make `word-numbering-kh-799.docx`: the 799 seed as an office types it in Word with
automatic numbering, so no label is in the text. Run from the repository root:

    .venv/bin/python tests/data/import/make_numbered.py

Sections take their `I.` from a style that carries the numbering (numPr in the
style, as Word's "List Number" styles do); items `1.` and bullets `-` carry numPr
in the paragraph, levels 1 and 2 of the same multilevel list. The header and the
signature are two-column tables, names in bold, as offices lay them out.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

HERE = Path(__file__).resolve().parent
SEED = HERE.parent / "seeds" / "kh-799-syt-ha-tinh-2020.txt"
NUM_ID = "7"
ABSTRACT = f"""<w:abstractNum {nsdecls('w')} w:abstractNumId="70">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl>
</w:abstractNum>"""
NUM = f'<w:num {nsdecls("w")} w:numId="{NUM_ID}"><w:abstractNumId w:val="70"/></w:num>'
LABEL = re.compile(r"^(?:(?P<section>[IVX]+)\.|(?P<item>\d+)\.|(?P<bullet>-))\s+(?P<rest>.*)$")


def numbered(paragraph, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{NUM_ID}"/></w:numPr>'))


def main() -> None:
    document = docx.Document()
    numbering = document.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(parse_xml(ABSTRACT))
    else:
        numbering.append(parse_xml(ABSTRACT))
    numbering.append(parse_xml(NUM))
    section_style = document.styles.add_style("Mục La Mã", WD_STYLE_TYPE.PARAGRAPH)
    section_style.font.bold = True
    section_style.element.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{NUM_ID}"/></w:numPr>'))

    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).paragraphs[0].add_run("UBND TỈNH HÀ TĨNH")
    header.cell(0, 0).add_paragraph().add_run("SỞ Y TẾ").bold = True
    header.cell(0, 1).paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold = True
    header.cell(0, 1).add_paragraph().add_run("Độc lập - Tự do - Hạnh phúc").bold = True
    header.cell(1, 0).paragraphs[0].add_run("Số: 799/KH-SYT")
    header.cell(1, 1).paragraphs[0].add_run("Hà Tĩnh, ngày 31 tháng 3 năm 2020").italic = True

    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    start = lines.index("KẾ HOẠCH")
    end = lines.index("Nơi nhận:")
    document.add_paragraph().add_run("KẾ HOẠCH").bold = True
    document.add_paragraph().add_run(lines[start + 1]).bold = True
    for line in lines[start + 2:end]:
        match = LABEL.match(line)
        if match and match.group("section"):
            document.add_paragraph(match.group("rest"), style=section_style)
        elif match and match.group("item"):
            numbered(document.add_paragraph(match.group("rest")), 1)
        elif match and match.group("bullet"):
            numbered(document.add_paragraph(match.group("rest")), 2)
        else:
            document.add_paragraph(line)

    footer = document.add_table(rows=1, cols=2)
    left, right = footer.cell(0, 0), footer.cell(0, 1)
    left.paragraphs[0].add_run("Nơi nhận:").bold = True
    for line in lines[end + 1:]:
        if line.startswith("-"):
            left.add_paragraph(line)
        elif line == "Gửi VB giấy và điện tử.":
            left.add_paragraph().add_run(line).italic = True
    right.paragraphs[0].add_run("KT. GIÁM ĐỐC").bold = True
    right.add_paragraph().add_run("PHÓ GIÁM ĐỐC").bold = True
    right.add_paragraph()
    right.add_paragraph().add_run("Trần Xuân Dâng").bold = True
    document.core_properties.created = dt.datetime(2020, 3, 31)  # the same file whenever it is made
    document.save(HERE / "word-numbering-kh-799.docx")


if __name__ == "__main__":
    main()
