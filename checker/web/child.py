"""What the page's check children run. The fork server imports this module once, so each
child starts with the readers, the rules and jieba's dictionary already loaded."""
from __future__ import annotations

from .. import segment
from ..annotate import annotated_docx
from ..documents import document_from_bytes, document_from_text
from ..engine import check_document, prepare
from ..model import CheckedReport
from ..pack.load import load_pack
from ..pack.model import Pack

segment.load()
prepare(load_pack(), warm=True)


def annotate_upload(data: bytes | None, text: str, name: str, pack: Pack) -> bytes:
    """The upload checked and returned as a commented Word file (UnreadableDocument if it cannot be read)."""
    result = check_upload(data, text, name, pack)
    return annotated_docx(result, pack, data if result.document.source_format == "docx" else None)


def check_upload(data: bytes | None, text: str, name: str, pack: Pack) -> CheckedReport:
    """Read an upload (bytes) or pasted text, and check it."""
    document = document_from_bytes(data, name) if data is not None else document_from_text(text, name)
    return check_document(document, pack)
