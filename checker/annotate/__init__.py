"""The report itself, in Word, with the checker's findings as comments (批注) and, on request,
its certain fixes as tracked changes (修订): `check 报告.docx -o 报告-检查意见.docx`.

A .docx report keeps every byte of its own text, numbering, styles, headers and footers; a
report in any other format becomes a clean .docx of the checked text first. A .docx comes
from outside, so it is opened again only in a bounded child, as when it was read.
"""
from __future__ import annotations

from typing import Optional

from ..model import ReportResult
from ..pack import Pack
from .notes import notes_for
from .plain import plain_docx


def annotated_docx(result: ReportResult, pack: Pack, original: Optional[bytes], suggest: bool = False) -> bytes:
    """`original`: the report's own bytes when it is a .docx (else None)."""
    from .word import annotate
    notes = notes_for(result, pack, suggest)
    if original is not None and result.document.source_format == "docx":
        from .. import sandbox
        import docx  # noqa: F401  imported before the child is forked
        return sandbox.run_bounded(annotate, (original, result.document.text, notes), result.path)
    return annotate(plain_docx(result), result.document.text, notes)
