"""The report itself, in Word, with the checker's findings as comments (批注) and, on request,
its certain fixes as tracked changes (修订): `check 报告.docx -o 报告-检查意见.docx`.

A .docx report keeps every byte of its own text, numbering, styles, headers and footers; a
report in any other format becomes a clean .docx of the checked text first.
"""
from __future__ import annotations

from typing import Optional

from ..model import CheckedReport
from ..pack.model import Pack
from .notes import notes_for
from .plain import plain_docx


def annotated_docx(result: CheckedReport, pack: Pack, original: Optional[bytes], suggest: bool = False) -> bytes:
    """`original`: the report's own bytes when it is a .docx (else None). Written in a bounded
    child: a .docx comes from outside, and a huge text makes a huge document."""
    import docx  # noqa: F401  imported before the child is forked

    from .. import sandbox
    notes = notes_for(result, pack, suggest)
    if result.document.source_format != "docx":
        original = None
    return sandbox.run_bounded(_write, (result, original, notes), result.path, step="写批注版 Word")


def _write(result: CheckedReport, original: Optional[bytes], notes) -> bytes:
    from .word import annotate
    return annotate(original if original is not None else plain_docx(result), result.document.text, notes)
