"""Readers: one per format, each turns bytes into text; this module makes the Document.

Readers know nothing about rules. Whatever the format, the Document they yield has
the same shape: text with line breaks between paragraphs, and a folded, furniture-
free twin of the same length for matching.
"""
from __future__ import annotations

import importlib
import os
import re
import sys
from array import array
from typing import Callable

from ..errors import UnreadableDocument, describe_oserror
from ..model import Document, Extracted
from ..normalize import drop_invisible, fold, mask, simplified
from ..privacy import mask_pii
from .furniture import PINYIN_DEBRIS, chrome_fields, furniture_spans

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

# extension → (reader module in this package, source_format); a module is imported when a
# file of its format is first read (a check of a .txt needs none of the others)
READERS: dict[str, tuple[str, str]] = {
    ".txt": ("text", "txt"),
    ".text": ("text", "txt"),
    ".md": ("markdown", "md"),
    ".docx": ("docx", "docx"),
    ".pdf": ("pdf", "pdf"),
    ".html": ("html", "html"),
    ".htm": ("html", "html"),
    ".doc": ("legacy", "doc"),
    ".wps": ("legacy", "wps"),
    ".odt": ("legacy", "odt"),
    ".rtf": ("legacy", "rtf"),
}
# Formats parsed by third-party parsers of untrusted files: read in a bounded child
# process (checker.sandbox), with the parser imported beforehand.
BOUNDED: dict[str, tuple[str, ...]] = {
    "docx": ("docx",), "pdf": ("pdfplumber", "statistics"), "html": ("trafilatura",), "doc": ("docx",), "wps": ("docx",),
    "odt": ("docx",), "rtf": ("docx",),
}


# What the first bytes say a file is, and the extensions that may hold it.
_KINDS = {"pdf": ("PDF 文件", ".pdf", {".pdf"}),
          "zip": ("Word 文档（.docx）或其他压缩包", ".docx", {".docx", ".doc", ".wps", ".odt"}),
          "ole": ("旧版 Word/WPS 文档（.doc）或加密文档", ".doc", {".doc", ".wps", ".docx"}),
          "rtf": ("RTF 文档", ".rtf", {".rtf", ".doc", ".wps"})}


def sniff(data: bytes) -> str | None:
    if data.lstrip()[:5].startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "zip"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if data.startswith(b"{\\rtf"):
        return "rtf"
    return None


def supported_extensions() -> list[str]:
    return sorted(READERS)


def _check_extension(name: str) -> str:
    ext = os.path.splitext(name)[1].lower()
    if ext not in READERS:
        raise UnreadableDocument(
            f"不支持的文件格式“{ext or '无扩展名'}”，支持：{'、'.join(supported_extensions())}", name)
    return ext


def parser_modules() -> list[str]:
    """Every module a reader may need: what a process that forks readers imports first."""
    return sorted({f"{__name__}.{module}" for module, _ in READERS.values()}
                  | {m for modules in BOUNDED.values() for m in modules})


def load_reader(name: str) -> None:
    """Import what reading `name` needs, before a child with a memory limit is forked: an
    import inside the child would count against the report's memory, and repeat per report."""
    ext = os.path.splitext(name)[1].lower()
    if ext in READERS:
        _import_parser(ext)


def _import_parser(ext: str) -> None:
    module, source_format = READERS[ext]
    for m in (f"{__name__}.{module}", *BOUNDED.get(source_format, ())):
        if m not in sys.modules:
            importlib.import_module(m)


def _reader(ext: str) -> Callable[[bytes, str], Extracted]:
    _import_parser(ext)
    return sys.modules[f"{__name__}.{READERS[ext][0]}"].read


def read_document(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    _check_extension(path)
    if os.path.isdir(path):
        raise UnreadableDocument("这是一个文件夹，不是报告文件", path)
    try:
        size = os.path.getsize(path)
    except FileNotFoundError:
        raise UnreadableDocument("文件不存在", path) from None
    except OSError as e:
        raise UnreadableDocument(f"无法访问文件（{describe_oserror(e)}）", path) from None
    if size == 0:
        raise UnreadableDocument("空文件（0 字节），没有内容可检查", path)
    if size > max_bytes:
        raise UnreadableDocument(
            f"文件过大（{size / 1048576:.1f} MB，上限 {max_bytes / 1048576:.0f} MB）", path)
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise UnreadableDocument(f"无法读取文件（{describe_oserror(e)}）", path) from None
    return document_from_bytes(data, path)


def document_from_bytes(data: bytes, name: str) -> Document:
    """A report that arrives as bytes (a file read, or an upload). `name` only chooses the
    reader by its extension and names the report in messages; it is never opened."""
    ext = _check_extension(name)
    if not data:
        raise UnreadableDocument("空文件（0 字节），没有内容可检查", name)
    path = name
    kind = sniff(data)
    if kind and ext not in _KINDS[kind][2]:
        name, suggested, _ = _KINDS[kind]
        raise UnreadableDocument(f"扩展名是 {ext}，但内容是{name}。请把扩展名改为 {suggested} 后再检查", path)
    reader, source_format = _reader(ext), READERS[ext][1]
    if source_format in BOUNDED:
        from .. import sandbox
        extracted = sandbox.run_bounded(reader, (data, path), path)
    else:
        extracted = reader(data, path)
    return document_from_text(extracted.text, path, source_format, extracted.line_unit, extracted.heading_levels,
                              extracted.notices, extracted.margins)


_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_BREAKS = "\r\u2028\u2029\x0b\x0c\x85"
_NEWLINE = re.compile("\n")
# Millions of empty lines (a hostile .txt under the size cap) would cost gigabytes of line
# offsets and per-line work; no report needs more than a few blank lines in a row.
_MAX_BLANK_LINES = 20
_BLANK_RUN = re.compile(r"\n[ \t\n]{%d,}" % _MAX_BLANK_LINES)


def _fewer_blank_lines(m: re.Match) -> str:
    run = m.group(0)
    if run.count("\n") <= _MAX_BLANK_LINES:
        return run
    return "\n" * _MAX_BLANK_LINES + run[run.rfind("\n") + 1:]   # the next line keeps its indent


def document_from_text(raw: str, path: str, source_format: str = "txt", line_unit: str = "行",
                       heading_levels: dict[int, int] | None = None, notices: list[str] | None = None,
                       margins: list[tuple[str, str]] | None = None) -> Document:
    """Build the Document every later stage reads: clean breaks, folded twin, furniture blanked."""
    if any(c in raw for c in _BREAKS):   # most texts break lines with \n alone: a few scans in C, not a regex pass
        raw = _LINE_BREAKS.sub("\n", raw)
    body = PINYIN_DEBRIS.sub("", drop_invisible(raw))
    if not heading_levels:   # Word's heading levels count paragraphs: only plain text may lose blank lines
        body = _BLANK_RUN.sub(_fewer_blank_lines, body)
    if not body.strip():
        raise UnreadableDocument("文件没有文字内容（空文件）", path)
    starts = array("q", [0])
    starts.extend(m.end() for m in _NEWLINE.finditer(body))
    folded = simplified(fold(body))
    norm = mask(folded, furniture_spans(folded))
    return Document(path=path, text=mask_pii(body), norm=norm, source_format=source_format,
                    line_starts=starts, line_unit=line_unit, heading_levels=heading_levels or {},
                    hints=chrome_fields(folded), notices=notices or [],
                    margins=[(where, mask_pii(simplified(fold(text)))) for where, text in margins or []])
