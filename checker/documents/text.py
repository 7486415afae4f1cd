"""Plain-text reports: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK."""
from __future__ import annotations

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
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableDocument("无法识别文件编码（既不是UTF-8也不是GBK/GB18030），请另存为UTF-8文本", path)


def read(data: bytes, path: str) -> Extracted:
    return Extracted(decode(data, path))
