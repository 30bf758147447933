"""Build the built-in templates generator/templates/<format>/plan.docx from the table of rules.

The template is a lean package (no theme, no thumbnail, no unused styles):
page setup, the named styles, and the page-number header that is not shown on
page 1. The same rules give the same bytes (fixed zip times), and a test holds
the committed templates to what rules.py generates; rebuild them with
`make template` (`python -m kehoach.template`) after changing rules.py. An
office's own templates (`templates/` of its repository) are never touched here.
"""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from . import rules
from .docxml import style_id, twips, write_zip
from .files import builtin_template, write_atomically

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
ALIGN = {"left": "left", "center": "center", "right": "right", "justify": "both"}
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"


def _fonts() -> str:
    f = rules.FONT
    return f'<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:eastAsia="{f}" w:cs="{f}"/>'


def _ppr(style: rules.Style, text_width_mm: float) -> str:
    parts = []
    if style.keep_next:
        parts.append("<w:keepNext/>")
    if style.bottom_border or style.box:
        sides = ("top", "left", "bottom", "right") if style.box else ("bottom",)
        lines = "".join(f'<w:{side} w:val="single" w:sz="6" w:space="1" w:color="000000"/>' for side in sides)
        parts.append(f"<w:pBdr>{lines}</w:pBdr>")
    spacing: dict[str, int | str] = {}
    if style.space_before is not None:
        spacing["w:before"] = round(style.space_before * 20)
    if style.space_after is not None:
        spacing["w:after"] = round(style.space_after * 20)
    if style.line_exact is not None:
        spacing.update({"w:line": round(style.line_exact * 20), "w:lineRule": "exact"})
    elif style.line_spacing is not None:
        spacing.update({"w:line": round(style.line_spacing * 240), "w:lineRule": "auto"})
    if style.dotted_tab:
        parts.append(f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{twips(text_width_mm)}"/></w:tabs>')
    if spacing:
        parts.append("<w:spacing " + " ".join(f'{k}="{v}"' for k, v in spacing.items()) + "/>")
    if style.hanging_cm is not None:
        hanging = twips(style.hanging_cm * 10)
        parts.append(f'<w:ind w:left="{hanging}" w:hanging="{hanging}"/>')
    elif style.first_indent_cm is not None:
        parts.append(f'<w:ind w:firstLine="{twips(style.first_indent_cm * 10)}"/>')
    if style.align:
        parts.append(f'<w:jc w:val="{ALIGN[style.align]}"/>')
    return "<w:pPr>" + "".join(parts) + "</w:pPr>" if parts else ""


def _rpr(style: rules.Style) -> str:
    parts = []
    for flag, tag in ((style.bold, "b"), (style.italic, "i")):
        if flag is not None:
            parts.append(f"<w:{tag}/>" if flag else f'<w:{tag} w:val="0"/>')
    if style.underline:
        parts.append('<w:u w:val="single"/>')
    if style.size is not None:
        half_points = round(style.size * 2)
        parts.append(f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>')
    return "<w:rPr>" + "".join(parts) + "</w:rPr>" if parts else ""


def _style(name: str, style: rules.Style, text_width_mm: float) -> str:
    based = f'<w:basedOn w:val="{style_id(style.base)}"/>' if style.base else ""
    return (f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{style_id(name)}">'
            f"<w:name w:val={quoteattr(name)}/>{based}<w:qFormat/>{_ppr(style, text_width_mm)}{_rpr(style)}</w:style>")


def styles_xml(fmt: rules.FormatRules) -> str:
    defaults = (f"<w:docDefaults><w:rPrDefault><w:rPr>{_fonts()}"
                f'<w:sz w:val="{rules.DEFAULT_SIZE * 2}"/><w:szCs w:val="{rules.DEFAULT_SIZE * 2}"/><w:lang w:val="{rules.LANGUAGE}" w:eastAsia="{rules.LANGUAGE}" w:bidi="ar-SA"/>'
                '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>')
    builtin = (
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>'
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:semiHidden/>'
        '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        '<w:style w:type="table" w:customStyle="1" w:styleId="KHLayoutTable"><w:name w:val="KH Layout Table"/><w:basedOn w:val="TableNormal"/>'
        '<w:tblPr><w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/>'
        '<w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders><w:tblCellMar><w:left w:w="0" w:type="dxa"/>'
        '<w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        '<w:style w:type="table" w:customStyle="1" w:styleId="KHGridTable"><w:name w:val="KH Grid Table"/><w:basedOn w:val="TableNormal"/>'
        '<w:tblPr><w:tblBorders>' + "".join(
            f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
            for side in ("top", "left", "bottom", "right", "insideH", "insideV")) +
        '</w:tblBorders><w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
    )
    width = fmt.page.text_width_mm
    body = "".join(_style(name, style, width) for name, style in fmt.styles.items())
    return f"{XML}<w:styles {W}>{defaults}{builtin}{body}</w:styles>"


def _sect_pr(page: rules.Page) -> str:
    return (f'<w:sectPr><w:headerReference w:type="default" r:id="rIdHeaderPages"/>'
            f'<w:headerReference w:type="first" r:id="rIdHeaderFirst"/>'
            f'<w:pgSz w:w="{twips(page.width_mm)}" w:h="{twips(page.height_mm)}"/>'
            f'<w:pgMar w:top="{twips(page.top_mm)}" w:right="{twips(page.right_mm)}" w:bottom="{twips(page.bottom_mm)}" '
            f'w:left="{twips(page.left_mm)}" w:header="{twips(page.header_mm)}" w:footer="{twips(page.header_mm)}" w:gutter="0"/>'
            '<w:pgNumType w:start="1"/><w:titlePg/></w:sectPr>')


def _header_xml(with_page_number: bool) -> str:
    field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>2</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')
    content = field if with_page_number else ""
    return f'{XML}<w:hdr {W} {R}><w:p><w:pPr><w:pStyle w:val="KHPageNumber"/></w:pPr>{content}</w:p></w:hdr>'


def package_entries(fmt: rules.FormatRules) -> list[tuple[str, bytes]]:
    content_types = (
        f'{XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{CT_WML}.document.main+xml"/>'
        f'<Override PartName="/word/styles.xml" ContentType="{CT_WML}.styles+xml"/>'
        f'<Override PartName="/word/settings.xml" ContentType="{CT_WML}.settings+xml"/>'
        f'<Override PartName="/word/header1.xml" ContentType="{CT_WML}.header+xml"/>'
        f'<Override PartName="/word/header2.xml" ContentType="{CT_WML}.header+xml"/>'
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        "</Types>")
    package_rels = (
        f'{XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{REL}/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>")
    document_rels = (
        f'{XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rIdStyles" Type="{REL}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rIdSettings" Type="{REL}/settings" Target="settings.xml"/>'
        f'<Relationship Id="rIdHeaderPages" Type="{REL}/header" Target="header1.xml"/>'
        f'<Relationship Id="rIdHeaderFirst" Type="{REL}/header" Target="header2.xml"/>'
        "</Relationships>")
    document = (f'{XML}<w:document {W} {R}><w:body><w:p><w:pPr><w:pStyle w:val="KHBody"/></w:pPr></w:p>'
                f"{_sect_pr(fmt.page)}</w:body></w:document>")
    mirror = "<w:mirrorMargins/>" if fmt.page.mirrored else ""
    settings = (f'{XML}<w:settings {W}>{mirror}<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>'
                '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
                "</w:settings>")
    core = (f'{XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{escape('Mẫu kế hoạch ' + fmt.name)}</dc:title><dc:creator>kehoach</dc:creator>"
            '<cp:revision>1</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:created>'
            '<dcterms:modified xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:modified></cp:coreProperties>')
    app = ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           "<Application>kehoach</Application></Properties>")
    parts = [
        ("[Content_Types].xml", content_types), ("_rels/.rels", package_rels),
        ("word/document.xml", document), ("word/_rels/document.xml.rels", document_rels),
        ("word/styles.xml", styles_xml(fmt)), ("word/settings.xml", settings),
        ("word/header1.xml", _header_xml(True)), ("word/header2.xml", _header_xml(False)),
        ("docProps/core.xml", core), ("docProps/app.xml", XML + app),
    ]
    return [(name, text.encode("utf-8")) for name, text in parts]


def template_bytes(fmt_name: str) -> bytes:
    """The built-in template of a format as rules.py describes it, the same bytes every time."""
    return write_zip(package_entries(rules.FORMATS[fmt_name]))


def build(fmt_name: str) -> Path:
    path = builtin_template(fmt_name)
    write_atomically(path, template_bytes(fmt_name))
    return path


if __name__ == "__main__":
    for name in rules.FORMATS:
        print(build(name))
