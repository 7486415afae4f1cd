"""A clean Word document from the checked text, for reports that did not come as .docx: the
title in the title style, headings in heading styles, every other line a body paragraph, so
that comments can be anchored on it as on an original."""
from __future__ import annotations

from ..model import CheckedReport
from ..wordfile import official_document, to_bytes
from .word import xml_safe

_STYLE_OF_DEPTH = {0: "Heading 1", 1: "Heading 2"}


def plain_docx(result: CheckedReport) -> bytes:
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement
    doc, outline = result.document, result.outline
    styles = {doc.line_of(node.start) - 1: _STYLE_OF_DEPTH.get(node.depth, "Heading 2")
              for node in outline.headings if not node.inline}
    if outline.title_span:
        styles[doc.line_of(outline.title_span[0]) - 1] = "Title"
    document = official_document()
    style_ids = {name: document.styles[name].style_id for name in set(styles.values())}
    end = document.element.body.find(qn("w:sectPr"))
    for index, line in enumerate(xml_safe(doc.text).split("\n")):   # by hand: python-docx's add_paragraph is linear in the body
        paragraph = OxmlElement("w:p")
        if index in styles:
            props = OxmlElement("w:pPr")
            props.append(OxmlElement("w:pStyle", attrs={qn("w:val"): style_ids[styles[index]]}))
            paragraph.append(props)
        if line:
            run = OxmlElement("w:r")
            for k, piece in enumerate(line.split("\t")):
                if k:
                    run.append(OxmlElement("w:tab"))
                if piece:
                    t = OxmlElement("w:t", attrs={qn("xml:space"): "preserve"})
                    t.text = piece
                    run.append(t)
            paragraph.append(run)
        end.addprevious(paragraph)
    return to_bytes(document)
