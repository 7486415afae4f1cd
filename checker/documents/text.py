"""Plain-text reports: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK."""
from __future__ import annotations

import re

from ..errors import UnreadableDocument
from ..model import Extracted

_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def decode(data: bytes, path: str) -> str:
    """Decode without being told the encoding; refuse binary data rather than guess."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise UnreadableDocument(f"文件以{encoding}标记开头，但内容无法按该编码读取", path) from None
    if b"\x00" in data[:4096]:
        raise UnreadableDocument("这不是文本文件（含有二进制内容），请提供 .txt/.docx/.pdf 等报告文件", path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    readings = []
    for encoding in ("gb18030", "big5"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        readings.append((sum(text.count(c) for c in _COMMON), encoding, text))
    if readings:
        return max(readings, key=lambda r: r[0])[2]   # Big5 read as GBK is valid nonsense: the words tell
    raise UnreadableDocument("无法识别文件编码（既不是UTF-8，也不是GBK/GB18030或Big5），请另存为UTF-8文本", path)


# characters every report is full of, simplified and traditional: which reading of the bytes makes sense
_COMMON = frozenset("的法治政府建设設年度报報告工作依行和推进進了是在")


def read(data: bytes, path: str) -> Extracted:
    """Plain text; a web page saved under .txt is read as the page it is (its tags are not the report)."""
    text = decode(data, path)
    if _HTML.match(text):
        from . import html
        return html.read(data, path)
    return Extracted(text)


_HTML = re.compile(r"\s*(<!doctype\s+html|<html[\s>])", re.IGNORECASE)
