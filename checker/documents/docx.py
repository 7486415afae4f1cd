"""Word .docx: body paragraphs and tables in order, one line per paragraph.

python-docx opens the package and resolves styles; the body is walked here because
what Word shows is not all in the paragraph text: automatic list numbering (一、 （一）
built from numbering.xml, not typed), tracked insertions (kept) and deletions (dropped).
Headers, footers, comments and footnotes live in other parts and are never read.
Heading styles (标题 1 / Heading 1) give outline levels for headings with no number.
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from typing import Any, Callable, Iterator, Optional

from ..errors import UnreadableDocument
from ..model import Extracted
from ..normalize import cn_numeral

MAX_UNZIPPED = 200 * 1024 * 1024
MAX_RATIO = 200

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIP = {f"{_W}del", f"{_W}moveFrom", f"{_W}instrText", f"{_W}delText", f"{_W}pPr", f"{_W}rPr",
         _MC_FALLBACK, f"{_W}footnoteReference", f"{_W}commentReference"}
_HEADING_STYLE = re.compile(r"^(?:heading|标题)\s*(\d)$", re.I)


def check_container(data: bytes, path: str) -> None:
    """Refuse before parsing: not a zip, encrypted, or a zip bomb."""
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        if "EncryptionInfo".encode("utf-16-le") in data:
            raise UnreadableDocument("文件设置了打开密码，无法读取。请在 Word 中取消密码后另存为 .docx 再检查", path)
        raise UnreadableDocument("文件实为旧版 Word（.doc）格式，请在 Word/WPS 中另存为 .docx 后再检查", path)
    if not data.startswith(b"PK"):
        raise UnreadableDocument("文件不是有效的 .docx（内容不是 Word 文档），可能已损坏或扩展名有误", path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except zipfile.BadZipFile:
        raise UnreadableDocument("文件已损坏（.docx 压缩包不完整），请重新保存或重新获取原件", path) from None
    total = sum(i.file_size for i in infos)
    if total > MAX_UNZIPPED or (len(data) and total / len(data) > MAX_RATIO and total > 10 * 1024 * 1024):
        raise UnreadableDocument(f"文件解压后异常庞大（{total / 1048576:.0f} MB），疑似压缩炸弹，已拒绝读取", path)
    if "word/document.xml" not in {i.filename for i in infos}:
        raise UnreadableDocument("压缩包里没有 Word 正文（word/document.xml），不是有效的 .docx", path)


def read(data: bytes, path: str) -> Extracted:
    check_container(data, path)
    import docx  # imported only when a .docx comes
    from docx.opc.exceptions import PackageNotFoundError
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile):
        raise UnreadableDocument("文件已损坏，无法作为 Word 文档打开；请在 Word/WPS 中打开后重新保存", path) from None
    except (MemoryError, RecursionError):
        raise   # the sandbox names these
    except Exception as e:  # lxml syntax errors and the like from a damaged part
        if isinstance(e, zlib.error) and ("-4" in str(e) or "memory" in str(e).lower()):
            raise MemoryError from None   # zlib's own way of running out of memory: the sandbox names it
        raise UnreadableDocument("文件内容损坏，无法解析；请在 Word/WPS 中打开后重新保存", path) from None
    levels: dict[int, int] = {}
    lines: list[str] = []
    for line in body_lines(document):
        if line.heading_level:
            levels[len(lines)] = line.heading_level
        lines.append(line.text)
    return Extracted(text="\n".join(lines), line_unit="段", heading_levels=levels, notices=_unread(document),
                     margins=_margins(document))


def _margins(document) -> list[tuple[str, str]]:
    """Text a published copy carries outside the body, where a 密级 mark or a placeholder also
    shows: each section's headers and footers, and the body's text boxes."""
    found = []
    for section in document.sections:
        for where, part in (("页眉", section.header), ("页脚", section.footer), ("首页页眉", section.first_page_header),
                            ("首页页脚", section.first_page_footer)):
            if part.is_linked_to_previous:   # the previous section's, or none at all
                continue
            text = "\n".join(t.text or "" for t in part._element.iter(f"{_W}t")).strip()
            if text and (where, text) not in found:
                found.append((where, text))
    for box in document.element.body.iter(f"{_W}txbxContent"):
        text = "".join(t.text or "" for t in box.iter(f"{_W}t")).strip()
        if text:
            found.append(("文本框", text))
    return found[:MAX_MARGINS]


MAX_MARGINS = 100   # a real report has a header, a footer and a few text boxes


def _unread(document) -> list[str]:
    """What the file holds that is not read as the report's text, so the result says so: text
    merged in from another file (altChunk), embedded objects, a template or files elsewhere."""
    body = document.element.body
    rels = list(document.part.rels.values())
    rels += [r for rel in rels if not rel.is_external and rel.reltype.endswith("/settings")
             for r in rel.target_part.rels.values()]
    kinds = {rel.reltype.rsplit("/", 1)[-1] for rel in rels}
    notices = []
    if body.find(f".//{_W}altChunk") is not None or "aFChunk" in kinds:
        notices.append("文件中嵌入了另一份文档（altChunk），其中的文字没有检查；请在 Word/WPS 中把它粘贴为正文后重新保存")
    if body.find(f".//{_W}object") is not None or kinds & {"oleObject", "package"}:
        notices.append("文件中有嵌入对象（如 Excel 表格、其他文档），其中的内容没有检查")
    if any(rel.is_external and rel.reltype.endswith("/attachedTemplate") for rel in rels):
        notices.append("文件引用了外部模板；检查只读本文件，在 Word 中打开时它可能会访问该模板所在的位置")
    local = [rel for rel in rels if rel.is_external and not rel.reltype.endswith("/attachedTemplate")
             and not rel.target_ref.lower().startswith(("http://", "https://", "mailto:"))]
    if local:
        notices.append(f"文件中有 {len(local)} 处指向本机或网络共享文件的链接（如 {local[0].target_ref[:60]}），请核对后再发出")
    return notices


class Line:
    """One line of the extracted text and where its characters come from: `sources` lists
    (offset in the line, w:t element, offset in its text) for each piece of typed text;
    numbering labels, tabs and cell separators have none. Comments and tracked changes anchor by it."""

    __slots__ = ("text", "sources", "element", "heading_level")

    def __init__(self, element, heading_level: Optional[int] = None) -> None:
        self.text, self.element, self.heading_level = "", element, heading_level
        self.sources: list = []

    def add(self, text: str, source=None) -> None:
        if source is not None and text:
            self.sources.append((len(self.text), source, 0))
        self.text += text

    def extend(self, other: "Line") -> None:
        self.sources.extend((len(self.text) + at, t, skip) for at, t, skip in other.sources)
        self.text += other.text

    def strip(self) -> None:
        """As str.strip, keeping the sources true."""
        lead = len(self.text) - len(self.text.lstrip())
        self.text = self.text.strip()
        kept = []
        for at, t, skip in self.sources:
            at -= lead
            if at < 0:
                at, skip = 0, skip - at
            if at < len(self.text) and skip < len(t.text or ""):
                kept.append((at, t, skip))
        self.sources = kept


def body_lines(document) -> Iterator[Line]:
    """The body as the reader sees it, one Line per paragraph or table row."""
    numbering = _Numbering(document)
    styles = _Styles(document)
    for kind, element in _blocks(document.element.body):
        if kind == "p":
            line = Line(element, styles.heading_level(element))
            line.add(numbering.label(element, styles))
            _pieces(element, line)
            yield line
        else:
            for row in element.iter(f"{_W}tr"):
                line = Line(row)
                for i, tc in enumerate(row.iter(f"{_W}tc")):
                    cell = Line(tc)
                    for j, p in enumerate(tc.iter(f"{_W}p")):
                        cell.add(" " if j else "")
                        _pieces(p, cell)
                    cell.strip()
                    line.add(" | " if i else "")
                    line.extend(cell)
                yield line


def _blocks(body) -> Iterator[tuple[str, Any]]:
    """Body paragraphs and tables in order, looking inside content controls and insertions."""
    for child in body:
        tag = child.tag
        if tag == f"{_W}p":
            yield "p", child
        elif tag == f"{_W}tbl":
            yield "tbl", child
        elif tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}ins", f"{_W}moveTo", f"{_W}customXml"):
            yield from _blocks(child)


def _pieces(paragraph, line: Line) -> None:
    """Add the paragraph's visible text to `line`, each w:t as its own sourced piece."""
    for child in paragraph:
        tag = child.tag
        if tag in _SKIP:
            continue
        if tag == f"{_W}t":
            line.add(child.text or "", child)
        elif tag == f"{_W}tab":
            line.add("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            line.add(" ")
        elif tag == f"{_W}noBreakHyphen":
            line.add("-")
        else:
            _pieces(child, line)


class _Styles:
    def __init__(self, document):
        self._by_id = {style.style_id: style for style in document.styles}

    def _chain(self, style_id: Optional[str]):
        seen = set()
        while style_id and style_id not in seen and style_id in self._by_id:
            seen.add(style_id)
            style = self._by_id[style_id]
            yield style
            base = style.element.find(f"{_W}basedOn")
            style_id = base.get(f"{_W}val") if base is not None else None

    @staticmethod
    def style_id(paragraph) -> Optional[str]:
        ppr = paragraph.find(f"{_W}pPr")
        pstyle = ppr.find(f"{_W}pStyle") if ppr is not None else None
        return pstyle.get(f"{_W}val") if pstyle is not None else None

    def heading_level(self, paragraph) -> Optional[int]:
        ppr = paragraph.find(f"{_W}pPr")
        outline = ppr.find(f"{_W}outlineLvl") if ppr is not None else None
        if outline is not None and _count(outline.get(f"{_W}val"), 9, 9) < 9:
            return _count(outline.get(f"{_W}val"), 9, 9) + 1
        for style in self._chain(self.style_id(paragraph)):
            m = _HEADING_STYLE.match(style.name or "") or _HEADING_STYLE.match(style.style_id or "")
            if m:
                return int(m.group(1))
            lvl = style.element.find(f"{_W}pPr/{_W}outlineLvl")
            if lvl is not None and _count(lvl.get(f"{_W}val"), 9, 9) < 9:
                return _count(lvl.get(f"{_W}val"), 9, 9) + 1
        return None

    def num_pr(self, paragraph) -> tuple[Optional[str], Optional[int]]:
        """(numId, ilvl) from the paragraph, else from its style chain."""
        ppr = paragraph.find(f"{_W}pPr")
        sources = [ppr] if ppr is not None else []
        sources += [s.element.find(f"{_W}pPr") for s in self._chain(self.style_id(paragraph))]
        num_id, ilvl = None, None
        for source in sources:
            if source is None:
                continue
            numpr = source.find(f"{_W}numPr")
            if numpr is None:
                continue
            if num_id is None and numpr.find(f"{_W}numId") is not None:
                num_id = numpr.find(f"{_W}numId").get(f"{_W}val")
            if ilvl is None and numpr.find(f"{_W}ilvl") is not None:
                ilvl = _count(numpr.find(f"{_W}ilvl").get(f"{_W}val"), 0, 8)
        return num_id, (ilvl or 0)


def _digit_by_digit(n: int) -> str:
    """2025 → 二〇二五."""
    return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _roman(n: int) -> str:
    pairs = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
             (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, sym in pairs:
        while n >= value:
            out, n = out + sym, n - value
    return out


_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: "".join(chr(ord(c) + 0xFEE0) for c in str(n)),
    "decimalEnclosedCircle": lambda n: chr(0x245F + n) if 1 <= n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: chr(0x245F + n) if 1 <= n <= 20 else str(n),
    "chineseCounting": cn_numeral,
    "chineseCountingThousand": cn_numeral,
    "chineseLegalSimplified": cn_numeral,
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[n - 1] if 1 <= n <= 10 else str(n),
    "japaneseCounting": cn_numeral,
    "taiwaneseCounting": cn_numeral,
    "taiwaneseCountingThousand": cn_numeral,
    "koreanCounting": cn_numeral,
    "ideographDigital": _digit_by_digit,
    "taiwaneseDigital": _digit_by_digit,
    "upperLetter": _letters,
    "lowerLetter": lambda n: _letters(n).lower(),
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "bullet": lambda n: "",
    "none": lambda n: "",
}


def _count(value: str | None, default: int, highest: int) -> int:
    """A number from the numbering XML, as Word reads it: Word's counters stay within 0–32767
    and its levels within 0–8, so a crafted start of 2,000,000,000 (a roman numeral of two
    million letters) or 5,000 digits is taken as the default."""
    value = (value or "").strip()
    if not value.isdigit() or len(value) > 6 or int(value) > highest:
        return default
    return int(value)


class _Numbering:
    """Word's automatic numbering, counted as Word counts it: per list (numId), lower
    levels restarting when a higher level advances."""

    def __init__(self, document):
        self._abstract: dict[str, dict[int, dict]] = {}
        self._num: dict[str, tuple[str, dict[int, int]]] = {}
        self._counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for abstract in root.findall(f"{_W}abstractNum"):
            levels = {}
            for lvl in abstract.findall(f"{_W}lvl"):
                def val(name: str, default: str, lvl=lvl) -> str:
                    node = lvl.find(f"{_W}{name}")
                    return node.get(f"{_W}val", default) if node is not None else default
                levels[_count(lvl.get(f"{_W}ilvl"), 0, 8)] = {
                    "start": _count(val("start", "1"), 1, 32767),
                    "fmt": val("numFmt", "decimal"), "text": val("lvlText", "")}
            self._abstract[abstract.get(f"{_W}abstractNumId")] = levels
        for num in root.findall(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            overrides = {}
            for override in num.findall(f"{_W}lvlOverride"):
                start = override.find(f"{_W}startOverride")
                if start is not None:
                    overrides[_count(override.get(f"{_W}ilvl"), 0, 8)] = _count(start.get(f"{_W}val"), 1, 32767)
            if ref is not None:
                self._num[num.get(f"{_W}numId")] = (ref.get(f"{_W}val"), overrides)

    def label(self, paragraph, styles: _Styles) -> str:
        num_id, ilvl = styles.num_pr(paragraph)
        if not num_id or num_id == "0" or num_id not in self._num:
            return ""
        abstract_id, overrides = self._num[num_id]
        levels = self._abstract.get(abstract_id, {})
        if ilvl not in levels:
            return ""
        counters = self._counters.setdefault(num_id, [0] * 9)
        start = overrides.get(ilvl, levels[ilvl]["start"])
        counters[ilvl] = counters[ilvl] + 1 if counters[ilvl] else start
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        text = levels[ilvl]["text"]

        def fill(m: re.Match) -> str:
            level = int(m.group(1)) - 1
            info = levels.get(level, {"fmt": "decimal", "start": 1})
            value = counters[level] or info["start"]
            return _FORMATS.get(info["fmt"], str)(value)
        return re.sub(r"%([1-9])", fill, text)

