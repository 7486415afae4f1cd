"""Word documents we write (templates, feedback to units): A4 with the margins of official
documents (GB/T 9704), Chinese fonts set for East Asian text, so they print as an office expects
in Word, WPS and LibreOffice."""
from __future__ import annotations

import io
from typing import Any, Sequence

BODY_FONT = "仿宋"       # 仿宋_GB2312 on older machines; 仿宋 ships with every Windows and WPS
TITLE_FONT = "宋体"      # 方正小标宋 is the official title face but rarely installed: 宋体 is the safe choice
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体"


def _font(style_or_run: Any, name: str, size: float, bold: bool = False) -> None:
    """One font for Latin and East Asian text; theme fonts removed, or Word keeps Calibri."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor
    font = style_or_run.font
    font.name, font.size, font.bold = name, Pt(size), bold
    font.color.rgb = RGBColor(0, 0, 0)
    fonts = style_or_run.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:eastAsia"), name)


def official_document() -> Any:
    """A new python-docx Document: A4, official margins, 三号仿宋 body, 黑体/楷体 headings, 宋体 title."""
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt
    document = docx.Document()
    for section in document.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    styles = document.styles
    _font(styles["Normal"], BODY_FONT, 16)
    body = styles["Normal"].paragraph_format
    body.line_spacing, body.space_before, body.space_after = Pt(28), Pt(0), Pt(0)   # 22 lines a page
    _font(styles["Title"], TITLE_FONT, 22, bold=True)
    title = styles["Title"].paragraph_format
    title.alignment, title.space_after = 1, Pt(12)
    title_paragraph = styles["Title"].element.get_or_add_pPr()
    for border in title_paragraph.findall(qn("w:pBdr")):   # the default template's blue rule under the title
        title_paragraph.remove(border)
    for name, face in (("Heading 1", HEADING_FONT), ("Heading 2", SUBHEADING_FONT)):
        _font(styles[name], face, 16)
        styles[name].paragraph_format.space_before, styles[name].paragraph_format.space_after = Pt(6), Pt(0)
    return document


def small_table(document: Any, header: tuple[str, ...], rows: Sequence[Sequence[str]], widths_cm: tuple[float, ...]) -> Any:
    """A bordered table in 小四 (12 pt), header bold, columns of the given widths."""
    from docx.shared import Cm, Pt
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    for values, row in [(header, table.rows[0])] + [(values, None) for values in rows]:
        cells = (row or table.add_row()).cells
        for cell, text, width in zip(cells, values, widths_cm):
            cell.width = Cm(width)
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.line_spacing = Pt(18)
            run = paragraph.add_run(text)
            run.font.size, run.bold = Pt(12), row is not None
    for column, width in zip(table.columns, widths_cm):   # the grid: what LibreOffice and WPS lay out by
        column.width = Cm(width)
    return table


def to_bytes(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
