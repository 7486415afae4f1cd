"""A .docx skeleton of the report, drawn from the rule pack: title, addressee, the opening
sentence, each required part's heading with a one-line hint under it, and the sign-off."""
from __future__ import annotations

import io

from .normalize import cn_numeral
from .pack import Pack, fill

def make_template(pack: Pack, unit: str, year: int) -> bytes:
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "仿宋"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    normal.font.size = Pt(16)
    title = document.add_paragraph(f"{unit}{year}年法治政府建设年度报告")
    title.alignment = 1
    title.runs[0].bold = True
    document.add_paragraph("中共××委、××人民政府：")
    document.add_paragraph(f"根据《法治政府建设与责任落实督察工作规定》，现将{unit}{year}年法治政府建设情况报告如下：")
    for number, section in enumerate(pack.sections, start=1):
        heading = fill(section.template or section.name, year).replace("(?!)", "")
        document.add_paragraph(f"{cn_numeral(number)}、{heading}", style="Heading 1")
        hint = document.add_paragraph()
        run = hint.add_run(f"（填写提示：{section.hint or section.name}）")
        run.italic = True
        run.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
    signature = document.add_paragraph(unit)
    signature.alignment = 2
    date = document.add_paragraph(f"{year + 1}年  月  日")
    date.alignment = 2
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
