"""The report's own title among its opening lines, whatever page chrome surrounds it. Three
ways a title is printed, tried in order (`STRATEGIES`): a title line among the opening lines
(a unit's name over it, split over two lines, printed twice, in 《》 or after a [tag]); a title
run into the first sentence of a one-line report; a title run into whatever a reposting site
put before it. Of several title lines, the one that names its unit wins (a web page often prints
the title twice, once without the unit)."""
from __future__ import annotations

import functools
import re
from typing import Callable, Optional

from ..headings import CN, lines_of
from ..model import Document, Span
from ..pack.model import ANY_REPORT, ReportFrame
from ..support.lazy_pattern import LazyPattern
from .units import UNIT_LINE, title_unit

Line = tuple[int, str]

_TITLE_SCAN_LINES = 25
_TITLE_TOKEN = re.compile(r"[^\s|_]+(?:\s+[^\s|_]+)*")

_TITLE_RE = re.compile(r"[ \t|]*(?P<t>[^\s,。:;|](?:[^\s,。:;|]| (?! )){3,60}?(?:报告|总结))(?=[\s|]|$)")


@functools.lru_cache(maxsize=8)
def _run_in_title(subject_name: str) -> re.Pattern:
    """湖北省人民政府关于2023年度法治政府建设情况的报告, in a line of Han text only, no blank around it."""
    return re.compile(rf"[\u4e00-\u9fff]{{2,24}}?20\d{{2}}\s*年度?[\u4e00-\u9fff]{{0,6}}?(?:{subject_name})"
                      r"[\u4e00-\u9fff]{0,12}?(?:报告|总结)")


_BODY_OPENING = LazyPattern(r"\s*(?:20\d{2}\s*年|根据|按照|为|今年|近年|[一二三四五]、|[(（]|中共|[\u4e00-\u9fff、]{2,30}:)")

_TITLE_TAG = re.compile(r"^(?:\[[^\]]{1,8}\]|【[^】]{1,8}】)\s*")

_TITLE_DATE = re.compile(r"\(\s*20\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*\)$")


def find_title(doc: Document, frame: ReportFrame = ANY_REPORT) -> tuple[Optional[str], Optional[Span]]:
    lines = lines_of(doc, most=_TITLE_SCAN_LINES)
    for strategy in STRATEGIES:
        found = strategy(doc.norm, lines, frame)
        if found:
            return found
    return None, None


def _among_opening_lines(norm: str, lines: list[Line], frame: ReportFrame) -> Optional[tuple[str, Span]]:
    """A title line before the body starts; the first that names its unit, else the first."""
    found: list[tuple[str, Span]] = []
    for i, (start, text) in enumerate(lines):
        if _starts_body(text):
            break
        second = lines[i + 1] if i + 1 < len(lines) else None
        if second and UNIT_LINE.match(text):   # 秦安县人民政府 / 关于…的报告
            if _looks_like_title(second[1], frame) and not UNIT_LINE.match(second[1]) \
                    and not title_unit(second[1], frame):
                found.append(_joined(lines[i], second))
                continue
        token = _title_token(start, text, frame)
        if token:
            found.append(token)
        elif second and len(text) <= 40 and not re.search(r"[。:;,]$", text) \
                and (re.search(r"20\d{2}", text) or _names_subject(text, frame)):   # a title split over two lines
            whole = text + second[1]
            joins = not _looks_like_title(second[1], frame) or \
                (not title_unit(second[1], frame) and title_unit(whole, frame))
            if len(whole) <= 80 and _looks_like_title(whole, frame) and joins:
                found.append(_joined(lines[i], second))
    return next((f for f in found if title_unit(f[0], frame)), found[0]) if found else None


def _title_token(start: int, text: str, frame: ReportFrame) -> Optional[tuple[str, Span]]:
    """The first run of the line that is a title: out of 《》, after a [tag], printed once of twice."""
    for m in _TITLE_TOKEN.finditer(text):
        token, offset = m.group(0).strip(), start + m.start()
        quoted = re.search(r"《([^《》]{4,80})》", token)
        if quoted and _looks_like_title(quoted.group(1), frame):   # 宁政发〔2019〕35号《…报告》, 关于报送《…报告》的函
            token, offset = quoted.group(1), offset + quoted.start(1)
        elif token.startswith("《"):
            token, offset = token.strip("《》"), offset + 1
        tag = _TITLE_TAG.match(token)
        if tag:   # [权威发布]福建省2017年…报告
            token, offset = token[tag.end():], offset + tag.end()
        tokens = token.split()
        if len(tokens) > 1 and _looks_like_title(tokens[0], frame):   # printed twice on one line
            token = tokens[0]
        if len(token) <= 80 and _looks_like_title(token, frame):
            token = _TITLE_DATE.sub("", token).rstrip()
            return token, (offset, offset + len(token))
    return None


def _run_into_first_sentence(norm: str, lines: list[Line], frame: ReportFrame) -> Optional[tuple[str, Span]]:
    """A one-line report: the title runs into the first sentence."""
    for start, _ in lines[:3]:
        m = _TITLE_RE.match(norm, start)
        if m and _looks_like_title(m.group("t"), frame):
            return m.group("t"), m.span("t")
    return None


def _run_into_chrome(norm: str, lines: list[Line], frame: ReportFrame) -> Optional[tuple[str, Span]]:
    """…and into whatever a reposting site put before it (found by the subject's name after a year)."""
    if not lines or not frame.subject_name or _starts_body(lines[0][1][:90]):
        return None
    m = _run_in_title(frame.subject_name).search(norm, lines[0][0], min(lines[0][0] + 200, len(norm)))
    if m and _looks_like_title(m.group(0), frame) and not re.match(r"现将|将|把|特此", m.group(0)) \
            and _BODY_OPENING.match(norm, m.end()):
        return m.group(0), m.span()
    return None


STRATEGIES: tuple[Callable[[str, list[Line], ReportFrame], Optional[tuple[str, Span]]], ...] = (
    _among_opening_lines, _run_into_first_sentence, _run_into_chrome)


def _joined(first: Line, second: Line) -> tuple[str, Span]:
    """A title printed over two lines, as one title with the span of both."""
    return first[1] + second[1], (first[0], second[0] + len(second[1]))


def _starts_body(line: str) -> bool:
    """A line that is report text, not a title or chrome: a numbered heading or a long sentence."""
    text = line.strip(" \t|")
    return bool(re.match(rf"(?:{CN}|第{CN}部分)[、.]", text)) or (len(text) > 90 and "。" in text)


def _names_subject(text: str, frame: ReportFrame) -> bool:
    return not frame.subject or bool(re.search(frame.subject, text))


def _looks_like_title(text: str, frame: ReportFrame) -> bool:
    text = _TITLE_DATE.sub("", text)
    if re.search(r"[。;,]|如下|报送|印发|转发|做好|编报|开展", text) or not _names_subject(text, frame):
        return False
    return bool(re.search(r"(报告|总结)$", text)) or bool(re.search(r"20\d{2}.*情况$", text))
