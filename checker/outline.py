"""Headings → section tree, plus the report's title, addressee, signature, issuer and year.

Works on `Document.norm` only, so full- and half-width punctuation read alike and
page furniture is invisible. Headings are found whether each sits on its own line
or the whole report is one line: a marker inside running text counts only when it
continues its own numbering (一、 after nothing, 二、 after 一、, …).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from .model import Document, Node, Outline, Signature
from .normalize import cn_digits, cn_number

_CN = "[一二三四五六七八九十]{1,3}"
_HAN = "\u4e00-\u9fff"

# marker type → (pattern, conventional rank in 公文: 一、 > (一) > 1. > (1) > ① ; items 一是 run inside text)
_MARKERS: dict[str, tuple[str, int]] = {
    "part": (rf"第(?P<n>{_CN})(?:部分|章)", 0),
    "cn": (rf"(?P<n>{_CN})(?:、|\.(?!\d))", 1),
    "paren_cn": (rf"\((?P<n>{_CN})\)[、.]?", 2),
    "arabic": (r"(?P<n>\d{1,2})(?:、|\.(?!\d))", 3),
    "paren_arabic": (r"\((?P<n>\d{1,2})\)", 4),
    "circled": (r"(?P<n>[\u2460-\u2473])", 5),
    "item": (rf"(?P<n>[一二三四五六七八九十]{{1,2}})(?:是|要)(?=[{_HAN}“\"《(])", 6),
}
_MARKER_RE = re.compile("|".join(f"(?P<{name}>{pattern.replace('(?P<n>', f'(?P<n_{name}>')})"
                                 for name, (pattern, _) in _MARKERS.items()))
_RANK = {name: rank for name, (_, rank) in _MARKERS.items()}
_RANK.update({f"h{level}": level for level in range(1, 10)})   # Word heading styles

_INLINE_BEFORE = set(" \t。;:!?|")
_ITEM_BEFORE = _INLINE_BEFORE | {","}
_TITLE_MAX = 60
_HEADING_STOP = re.compile(r"[。;:!?\n]")
_ITEM_STOP = re.compile(r"[。;:!?,\n]")

_DATE = re.compile(
    r"(?P<y>20\d{2}|二[〇○零0O一二三四五六七八九]{3})\s*年\s*(?P<m>\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月\s*"
    r"(?P<d>\d{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])\s*日")
_ORG_END = re.compile(r"(政府|委员会|委|办事处|街道|局|办公室|镇|乡|县|区|市|厅|中心|所|部|院|会|党组|办)$")
_TITLE_RE = re.compile(r"[\s|]*(?P<t>[^\s,。:;|]{4,60}?(?:报告|总结))(?=[\s|]|$)")
_ADDRESSEE_RE = re.compile(
    rf"[\s|]*(?P<a>(?:中共)?[{_HAN}]{{2,24}}(?:[、,][{_HAN}]{{2,24}}){{0,4}}):")
_UNIT = rf"[{_HAN}]{{2,20}}?(?:街道办事处|人民政府|办事处|街道|政府|镇|乡|局|委员会|办公室|管委会)"
_ISSUER_PATTERNS = (
    re.compile(rf"领导下,\s*(?P<u>{_UNIT})"),
    re.compile(rf"现将(?P<u>{_UNIT})(?:推进)?(?:20\d{{2}})"),
    re.compile(rf"^\s*(?:20\d{{2}}年度?,?\s*)?(?P<u>{_UNIT})(?:坚持|深入|认真|紧紧|严格|以|在)"),
)
_TITLE_UNIT = re.compile(r"^(?:20\d{2}年度?)?(?P<u>.+?)(?:20\d{2}年度?)?(?:推进)?(?:法治政府|依法行政|法治建设)")
_YEAR_HINTS = (
    re.compile(r"现将.{0,30}?(?P<y>20\d{2})\s*年"),
    re.compile(r"(?P<y>20\d{2})\s*年度?(?:的)?(?:推进)?(?:法治政府|依法行政)"),
    re.compile(r"(?<![-—–~至\d])(?P<y>20\d{2})\s*年(?!\s*[-—–~至])"),
)


@dataclass
class _Candidate:
    marker: str
    number: int
    start: int
    end: int
    inline: bool


def build_outline(doc: Document) -> Outline:
    norm = doc.norm
    title, title_span = _find_title(doc)
    head_end = title_span[1] if title_span else 0
    if title:
        repeat = re.match(r"[\s|]*" + re.escape(title), norm[head_end:])
        if repeat:
            head_end += repeat.end()
    addressee, addressee_span = _find_addressee(norm, head_end)
    if addressee_span:
        head_end = addressee_span[1]
    signature = _find_signature(norm, head_end)
    body_end = signature.span[0] if signature else len(norm.rstrip())
    nodes, roots = _build_tree(doc, head_end, body_end)
    preamble_span = (head_end, roots[0].start if roots else body_end)
    year_sources = _year_sources(norm, title, preamble_span, roots, signature)
    year = next(iter(year_sources.values()), None)
    issuer = _find_issuer(norm, title, signature, preamble_span)
    return Outline(document=doc, title=title, title_span=title_span, addressee=addressee,
                   addressee_span=addressee_span, signature=signature, year=year, issuer=issuer,
                   preamble_span=preamble_span, body_end=body_end, nodes=nodes, roots=roots,
                   year_sources=year_sources)


# ---------------------------------------------------------------- headings

def _candidates(doc: Document, start: int, end: int) -> list[_Candidate]:
    norm = doc.norm
    found = []
    for m in _MARKER_RE.finditer(norm, start, end):
        marker = m.lastgroup
        if marker is None:
            continue
        raw = m.group(f"n_{marker}")
        if marker == "circled":
            number = ord(raw) - 0x245F
        else:
            number = int(raw) if raw.isdigit() else cn_number(raw)
        if not number:
            continue
        i = m.start() - 1
        while i >= 0 and norm[i] in " \t|":   # only the run of blanks before the marker: linear overall
            i -= 1
        at_line_start = i < 0 or norm[i] == "\n"
        before = norm[m.start() - 1] if m.start() > 0 else "\n"
        allowed = _ITEM_BEFORE if marker == "item" else _INLINE_BEFORE
        if not at_line_start and before not in allowed:
            continue
        found.append(_Candidate(marker, number, m.start(), m.end(), inline=not at_line_start))
    return sorted(found + _styled(doc, start, end, {c.start for c in found if not c.inline}), key=lambda c: c.start)


def _styled(doc: Document, start: int, end: int, numbered: set[int]) -> list[_Candidate]:
    """Headings Word marks by style (标题 1 …) that carry no typed number."""
    found, count = [], {}
    for index, level in sorted(doc.heading_levels.items()):
        line_start = doc.line_starts[index] if index < len(doc.line_starts) else end
        newline = doc.norm.find("\n", line_start)
        line = doc.norm[line_start:newline if newline >= 0 else len(doc.norm)]
        offset = line_start + len(line) - len(line.lstrip(" \t|"))
        if not (start <= offset < end) or not line.strip() or offset in numbered:
            continue
        count[level] = count.get(level, 0) + 1
        found.append(_Candidate(f"h{level}", count[level], offset, offset, inline=False))
    return found


def _build_tree(doc: Document, start: int, end: int) -> tuple[list[Node], list[Node]]:
    """Place accepted markers on a stack: a marker type already open closes back to its
    sibling; a new type nests under the innermost open node, except that a line-start
    heading never nests inside an inline enumeration (一是…) and a more senior type
    (by 公文 rank) closes the junior ones."""
    nodes: list[Node] = []
    roots: list[Node] = []
    stack: list[Node] = []
    for cand in _candidates(doc, start, end):
        if nodes and cand.start < nodes[-1].title_span[0]:
            continue
        idx = next((i for i in range(len(stack) - 1, -1, -1) if stack[i].marker == cand.marker), None)
        expected = stack[idx].number + 1 if idx is not None else 1
        if cand.inline and cand.number != expected:
            restart = cand.number == 1 and (idx is None or stack[idx].line != doc.line_of(cand.start))
            if not restart:
                continue
        if idx is not None:
            closed, stack = stack[idx:], stack[:idx]
        else:
            closed = []
            if not cand.inline and cand.marker != "item":
                while stack and stack[-1].is_item:
                    closed.append(stack.pop())
            while stack and not stack[-1].is_item and _RANK[stack[-1].marker] > _RANK[cand.marker]:
                closed.append(stack.pop())
        for node in closed:
            node.end = cand.start
        node = Node(marker=cand.marker, number=cand.number, start=cand.start,
                    title_span=(cand.end, cand.end), title="", line=doc.line_of(cand.start),
                    inline=cand.inline, depth=len(stack), parent=stack[-1] if stack else None)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
        nodes.append(node)
    for node in stack:
        node.end = end
    for i, node in enumerate(nodes):
        limit = nodes[i + 1].start if i + 1 < len(nodes) else end
        node.title_span = _title_span(doc.norm, node, min(limit, node.end))
        node.title = doc.norm[node.title_span[0]:node.title_span[1]].strip()
    return nodes, roots


def _title_span(norm: str, node: Node, limit: int) -> tuple[int, int]:
    start = node.title_span[0]
    while start < limit and norm[start] in " \t":
        start += 1
    limit = min(limit, start + _TITLE_MAX)
    stop = (_ITEM_STOP if node.is_item else _HEADING_STOP).search(norm, start, limit)
    end = stop.start() if stop else limit
    if node.inline:
        space = re.search(r"\s", norm[start:end])
        if space and space.start() >= 2:
            end = start + space.start()
    while end > start and norm[end - 1] in " \t|":
        end -= 1
    return (start, end)


# ---------------------------------------------------------------- title, addressee, signature

def _find_title(doc: Document) -> tuple[Optional[str], Optional[tuple[int, int]]]:
    norm = doc.norm
    lines = [(s, norm[s:norm.find("\n", s) if norm.find("\n", s) >= 0 else len(norm)])
             for s in doc.line_starts]
    nonblank = [(s, line) for s, line in lines if line.strip(" \t|")]
    if not nonblank:
        return None, None
    start, first = nonblank[0]
    text = first.strip(" \t|")
    head = text.split()[0]
    if head != text and _looks_like_title(head):
        text = head  # web copies print the title twice on one line
    if len(text) <= 80 and _looks_like_title(text):
        offset = start + first.index(text)
        return text, (offset, offset + len(text))
    if len(nonblank) > 1 and len(text) <= 40 and not re.search(r"[。:;,]$", text):
        second = nonblank[1][1].strip(" \t|")
        if len(text) + len(second) <= 80 and _looks_like_title(second):
            offset = start + first.index(text)
            end = nonblank[1][0] + nonblank[1][1].index(second) + len(second)
            return text + second, (offset, end)
    m = _TITLE_RE.match(norm, start)
    if m and _looks_like_title(m.group("t")):
        return m.group("t"), m.span("t")
    return None, None


def _looks_like_title(text: str) -> bool:
    return bool(re.search(r"(报告|总结)$", text)) and bool(re.search(r"法治|依法行政", text)) \
        and not re.search(r"[。;]|如下", text)


def _find_addressee(norm: str, start: int) -> tuple[Optional[str], Optional[tuple[int, int]]]:
    # skip a title printed twice, as web copies do
    m = _ADDRESSEE_RE.match(norm, start)
    if not m:
        return None, None
    text = m.group("a")
    if not re.search(r"(委|政府|人大常委会|委员会|办公室|局|组)$", text):
        return None, None
    return text, (m.start("a"), m.end())


def _find_signature(norm: str, start: int) -> Optional[Signature]:
    tail_from = max(start, len(norm) - 400)
    dates = list(_DATE.finditer(norm, tail_from))
    for m in reversed(dates):
        after = norm[m.end():].strip(" \t\n|")
        if len(after) > 20 or "。" in after or "," in after:
            continue
        before_start = max(_last_break(norm, m.start()), start)
        segment = norm[before_start:m.start()].strip(" \t\n|")
        issuer = None
        sig_start = m.start()
        if segment and len(segment) <= 80 and _ORG_END.search(segment.split()[-1]):
            issuer = " ".join(segment.split())
            sig_start = before_start + norm[before_start:m.start()].index(segment.split()[0])
        elif norm[_line_start(norm, m.start()):m.start()].strip(" \t|"):
            continue  # a date inside a sentence, not a sign-off
        return Signature(issuer=issuer, date=_iso_date(m), span=(sig_start, m.end()))
    return None


def _last_break(norm: str, pos: int) -> int:
    """Start of the text run that may hold the issuer: after the last sentence end."""
    best = -1
    for ch in "。;:!?":
        best = max(best, norm.rfind(ch, 0, pos))
    blank_line = norm.rfind("\n\n", 0, pos)
    return max(best, blank_line) + 1


def _line_start(norm: str, pos: int) -> int:
    return norm.rfind("\n", 0, pos) + 1


def _iso_date(m: re.Match) -> Optional[str]:
    def num(s: str) -> int:
        return int(s) if s.isdigit() else (cn_number(s) or 0)
    year = int(cn_digits(m.group("y")))
    month, day = num(m.group("m")), num(m.group("d"))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


# ---------------------------------------------------------------- year and issuer

def _year_sources(norm: str, title: Optional[str], preamble: tuple[int, int], roots: list[Node],
                  signature: Optional[Signature]) -> dict[str, int]:
    """Every place that tells the reported year, most trusted first."""
    found: dict[str, int] = {}
    if title:
        m = re.search(r"(20\d{2})\s*年", title)
        if m:
            found["title"] = int(m.group(1))
    text = norm[preamble[0]:preamble[1]]
    for pattern in _YEAR_HINTS:
        m = pattern.search(text)
        if m:
            found["preamble"] = int(m.group("y"))
            break
    if roots:
        m = re.search(r"(20\d{2})\s*年", roots[0].title)
        if m:
            found["first_heading"] = int(m.group(1))
    if signature and signature.date:
        found["signature"] = int(signature.date[:4]) - 1
    return found


def _find_issuer(norm: str, title: Optional[str], signature: Optional[Signature],
                 preamble: tuple[int, int]) -> Optional[str]:
    if title:
        m = _TITLE_UNIT.match(title)
        if m:
            unit = m.group("u").split("关于")[0].strip()
            if len(unit) >= 2:
                return unit
    if signature and signature.issuer:
        return signature.issuer.split()[-1]
    text = norm[preamble[0]:preamble[1]]
    for pattern in _ISSUER_PATTERNS:
        m = pattern.search(text)
        if m:
            return m.group("u")
    return None
