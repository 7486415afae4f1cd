"""A .docx skeleton of the report, drawn from the rule pack: title, addressee, the opening
sentence, each required part's heading with a one-line hint under it, and the sign-off."""
from __future__ import annotations

from .normalize import cn_numeral
from .pack.model import Pack
from .patterns import fill
from .wordfile import official_document, to_bytes


def make_template(pack: Pack, unit: str, year: int) -> bytes:
    from docx.shared import RGBColor

    document = official_document()
    document.add_paragraph(pack.frame.report_title(unit, year), style="Title")
    document.add_paragraph("中共××委、××人民政府：")
    document.add_paragraph(pack.frame.opening.format(unit=unit, year=year))
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
    return to_bytes(document)
