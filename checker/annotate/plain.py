"""A clean Word document from the checked text, for reports that did not come as .docx: the
title in the title style, headings in heading styles, every other line a body paragraph, so
that comments can be anchored on it as on an original."""
from __future__ import annotations

from ..model import ReportResult
from ..wordfile import official_document, to_bytes

_STYLE_OF_DEPTH = {0: "Heading 1", 1: "Heading 2"}


def plain_docx(result: ReportResult) -> bytes:
    doc, outline = result.document, result.outline
    styles = {doc.line_of(node.start) - 1: _STYLE_OF_DEPTH.get(node.depth, "Heading 2")
              for node in outline.headings if not node.inline}
    if outline.title_span:
        styles[doc.line_of(outline.title_span[0]) - 1] = "Title"
    document = official_document()
    for index, line in enumerate(doc.text.split("\n")):
        document.add_paragraph(line, styles.get(index))
    return to_bytes(document)
