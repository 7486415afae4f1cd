"""PDF with a text layer, read with pdfplumber (chosen over pypdf: the same character
fidelity on our Chinese fixtures, but it gives each line's position, which is what
re-joining wrapped lines and dropping running headers and page numbers needs; see
bench/pdf_fidelity.py).

Lines are re-joined into paragraphs: a line continues the previous one unless the
previous one stopped short of the right margin, this one is indented, a heading number
starts it, or a wide vertical gap separates them. Lines in the top or bottom band of a
page that repeat on most pages, or are page numbers, are dropped.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass

from ..errors import UnreadableDocument
from ..model import Extracted

_BAND = 0.09                   # share of the page height holding headers and footers
_PAGE_NUMBER = re.compile(r"^[\s\-—–－_·•]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4}|\s*共\s*\d+\s*页)?[\s\-—–－_·•]*$")
_HEADING_START = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、](?!\d)|第[一二三四五六七八九十]+部分)")
_TERMINAL = "。！？；：:;!?"


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    page: int


def read(data: bytes, path: str) -> Extracted:
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise UnreadableDocument("文件不是有效的 PDF（内容不是 PDF 格式），可能已损坏或扩展名有误", path)
    import pdfplumber  # imported only when a PDF comes
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = []
            for i, page in enumerate(pdf.pages):
                pages.append((page.height, [_Line(ln["text"], ln["x0"], ln["x1"], ln["top"], ln["bottom"], i)
                                            for ln in page.extract_text_lines(return_chars=False)]))
                page.close()   # a page keeps its parsed objects until closed: 20,000 pages took gigabytes
    except (MemoryError, RecursionError):
        raise   # the sandbox names these
    except Exception as e:  # pdfminer raises many kinds of errors on damaged files
        if _is_password_error(e):
            raise UnreadableDocument("PDF 设置了打开密码，无法读取。请提供未加密的 PDF 或 Word 原件", path) from None
        raise UnreadableDocument("PDF 文件已损坏或不完整，无法读取。请重新导出 PDF 或提供 Word 原件", path) from None
    chars = sum(len(ln.text.strip()) for _, lines in pages for ln in lines)
    if chars < 20:
        raise UnreadableDocument("PDF 没有可提取的文字（可能是扫描件）。需要可复制文字的PDF或Word原件", path)
    body, running = _drop_running_lines(pages)
    return Extracted(text="\n".join(_paragraphs(body)), line_unit="段",
                     margins=[("页眉页脚", text) for text in running][:100])


def _is_password_error(error: BaseException) -> bool:
    """pdfplumber wraps pdfminer's PDFPasswordIncorrect; look through the chain and args."""
    seen = set()
    stack = [error]
    while stack:
        e = stack.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        if "Password" in type(e).__name__ or "Encrypt" in type(e).__name__:
            return True
        stack += [a for a in e.args if isinstance(a, BaseException)]
        stack += [c for c in (e.__cause__, e.__context__) if c is not None]
    return False


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _drop_running_lines(pages: list[tuple[float, list[_Line]]]) -> tuple[list[_Line], list[str]]:
    """Drop page numbers and headers/footers: lines in the top or bottom band whose shape
    (digits aside) recurs on at least half of the pages. They are kept apart, once each: a
    密级 mark or a placeholder there is on every printed page."""
    def in_band(line: _Line, height: float) -> bool:
        return line.top < height * _BAND or line.bottom > height * (1 - _BAND)
    counts: dict[str, int] = {}
    for height, lines in pages:
        for shape in {_shape(ln.text) for ln in lines if in_band(ln, height)}:
            counts[shape] = counts.get(shape, 0) + 1
    repeated = {s for s, n in counts.items() if len(pages) >= 2 and n >= max(2, len(pages) / 2)}
    kept: list[_Line] = []
    running: dict[str, str] = {}
    for height, lines in pages:
        for line in lines:
            if in_band(line, height) and (_shape(line.text) in repeated or _PAGE_NUMBER.match(line.text)):
                running.setdefault(_shape(line.text), line.text.strip())
                continue
            kept.append(line)
    return kept, [text for text in running.values() if text and not _PAGE_NUMBER.match(text)]


_UNBREAKABLE = re.compile(r"^[〔《（(“‘\[【]?[0-9A-Za-z.\-/%]*[〕》）)”’\]】]?[0-9A-Za-z.\-/%]*[,，、。;；:：)）]*")


def _wrapped_early(previous: _Line, line: _Line, right: float, char: float) -> bool:
    """A line that stops mid-sentence because the next line starts with a run that may
    not be broken (〔2019〕20号, 《…, 12.5%) and did not fit in the space left."""
    if previous.text.rstrip().endswith(tuple(_TERMINAL)):
        return False
    start = _UNBREAKABLE.match(line.text.strip())
    run = start.group(0) if start else ""
    return right - previous.x1 < (len(run) + 1.5) * char


def _paragraphs(lines: list[_Line]) -> list[str]:
    import statistics  # imported before the bounded child (documents.BOUNDED), only when a PDF is read
    if not lines:
        return []
    widths = [(ln.x1 - ln.x0) / len(ln.text) for ln in lines if len(ln.text) >= 10]
    char = statistics.median(widths) if widths else 10.0
    left = statistics.median(ln.x0 for ln in lines)
    right = max(ln.x1 for ln in lines)
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:]) if a.page == b.page and b.top > a.bottom]
    gap = statistics.median(gaps) if gaps else char
    out: list[str] = []
    previous = None
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        starts_new = (
            previous is None
            or (previous.x1 < right - 2 * char and not _wrapped_early(previous, line, right, char))
            or line.x0 > left + 1.5 * char
            or _HEADING_START.match(text) is not None
            or (line.page == previous.page and line.top - previous.bottom > 2.5 * gap + char * 0.5)
            or previous.text.rstrip().endswith(tuple(_TERMINAL)) and line.x0 > left + 0.5 * char
        )
        if starts_new:
            out.append(text)
        else:
            joiner = " " if out[-1][-1:].isascii() and out[-1][-1:].isalnum() and text[:1].isascii() else ""
            out[-1] += joiner + text
        previous = line
    return out
