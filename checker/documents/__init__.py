"""Readers: one per format, each turns bytes into text; this module makes the Document.

Readers know nothing about rules. Whatever the format, the Document they yield has
the same shape: text with line breaks between paragraphs, and a folded, furniture-
free twin of the same length for matching.
"""
from __future__ import annotations

import os
import re
from typing import Callable

from ..errors import UnreadableDocument
from ..model import Document, Extracted
from ..normalize import INVISIBLE, fold, mask
from . import docx, html, legacy, pdf, text
from .furniture import furniture_spans

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

# extension → (reader, source_format)
READERS: dict[str, tuple[Callable[[bytes, str], Extracted], str]] = {
    ".txt": (text.read, "txt"),
    ".text": (text.read, "txt"),
    ".md": (text.read, "md"),
    ".docx": (docx.read, "docx"),
    ".pdf": (pdf.read, "pdf"),
    ".html": (html.read, "html"),
    ".htm": (html.read, "html"),
    ".doc": (legacy.read, "doc"),
    ".wps": (legacy.read, "wps"),
}


def supported_extensions() -> list[str]:
    return sorted(READERS)


def read_document(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    ext = os.path.splitext(path)[1].lower()
    if ext not in READERS:
        raise UnreadableDocument(
            f"不支持的文件格式“{ext or '无扩展名'}”，支持：{'、'.join(supported_extensions())}", path)
    if os.path.isdir(path):
        raise UnreadableDocument("这是一个文件夹，不是报告文件", path)
    try:
        size = os.path.getsize(path)
    except FileNotFoundError:
        raise UnreadableDocument("文件不存在", path) from None
    except OSError as e:
        raise UnreadableDocument(f"无法访问文件（{e.strerror}）", path) from None
    if size == 0:
        raise UnreadableDocument("空文件（0 字节），没有内容可检查", path)
    if size > max_bytes:
        raise UnreadableDocument(
            f"文件过大（{size / 1048576:.1f} MB，上限 {max_bytes / 1048576:.0f} MB）", path)
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise UnreadableDocument(f"无法读取文件（{e.strerror}）", path) from None
    reader, source_format = READERS[ext]
    extracted = reader(data, path)
    return document_from_text(extracted.text, path, source_format, extracted.line_unit, extracted.heading_levels)


_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")


def document_from_text(raw: str, path: str, source_format: str = "txt", line_unit: str = "行",
                       heading_levels: dict[int, int] | None = None) -> Document:
    """Build the Document every later stage reads: clean breaks, folded twin, furniture blanked."""
    body = _LINE_BREAKS.sub("\n", raw).translate(INVISIBLE)
    if not body.strip():
        raise UnreadableDocument("文件没有文字内容（空文件）", path)
    starts = [0] + [i + 1 for i, c in enumerate(body) if c == "\n"]
    norm = mask(fold(body), furniture_spans(fold(body)))
    return Document(path=path, text=body, norm=norm, source_format=source_format,
                    line_starts=tuple(starts), line_unit=line_unit, heading_levels=heading_levels or {})
