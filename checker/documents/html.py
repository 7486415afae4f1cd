"""Web pages saved from a government portal (.html/.htm): the article body only.

trafilatura finds the main text and drops navigation, scripts, styles and footers; the
charset comes from the page itself (gb2312/gbk/utf-8), decoded here so a GBK page read
as UTF-8 never turns into mojibake. The page title, which trafilatura keeps apart, is put
back as the first line; chrome lines it keeps (索引号, 发布机构 …) are blanked later with the
rest of the page furniture.
"""
from __future__ import annotations

import re
from typing import Any

from ..errors import UnreadableDocument
from ..model import Extracted
from .text import decode

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "gb_2312-80": "gb18030", "x-gbk": "gb18030",
            "utf8": "utf-8"}
_SITE_SUFFIX = re.compile(r"\s*[_|｜\-—–]\s*[^_|｜\-—–]*(?:网站|门户|政府网|人民政府|政务公开)[^_|｜]*$")


def _decode(data: bytes, path: str) -> tuple[str, list[str]]:
    """The page's declared charset, unless it gives no Chinese where UTF-8 or GB18030 gives a
    report (a UTF-8 page declaring iso-8859-1 would otherwise be mojibake scoring 0): then
    the other, and a notice that says so."""
    m = _CHARSET.search(data[:4096])
    if m:
        name = m.group(1).decode("ascii").lower()
        encoding = _ALIASES.get(name, name)
        try:
            declared = data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            declared = None
        if declared is not None and _HAN.search(declared):
            return declared, []
        try:
            fallback = decode(data, path)
        except UnreadableDocument:
            fallback = None
        if fallback is not None and (declared is None or _HAN.search(fallback)):
            return fallback, [f"网页声明的编码“{name[:40]}”解不出中文，已改按实际编码读取；请核对网页的编码声明"]
        if declared is not None:
            return declared, []
    return decode(data, path), []


_HAN = re.compile("[\u4e00-\u9fff]{4}")


def read(data: bytes, path: str) -> Extracted:
    page, notices = _decode(data, path)
    if not re.search(r"<\s*(html|body|p|div)\b", page[:100000], re.I):
        raise UnreadableDocument("文件不是网页（没有 HTML 标记），请确认扩展名", path)
    import trafilatura  # imported only when a web page comes
    try:
        result: Any = trafilatura.bare_extraction(page, include_tables=True, include_comments=False,
                                             favor_recall=True, with_metadata=True)
    except (MemoryError, RecursionError):
        raise   # the sandbox names these
    except Exception:
        raise UnreadableDocument("网页无法解析，文件可能已损坏；请重新保存网页或复制正文另存为 .txt", path) from None
    body = (result.text if result else "") or ""
    if len(body.strip()) < 20:
        raise UnreadableDocument("网页中没有找到报告正文", path)
    title = _SITE_SUFFIX.sub("", (result.title or "").strip())
    if title and title not in body[: len(title) + 300]:
        body = f"{title}\n{body}"
    return Extracted(text=body, notices=notices)
