"""The frame's ends: the addressee under the title (中共XX区委、XX区人民政府：) and the sign-off
at the foot (the unit and the date, or a template's blank date)."""
from __future__ import annotations

import re
from typing import Optional

from ..headings import HAN
from ..model import Signature
from ..normalize import cn_digits, cn_number
from ..privacy import mask_pii
from ..support.lazy_pattern import LazyPattern

# a date, or a template's date left blank (2026年  月  日), which signs off without a date
_DATE = re.compile(
    r"(?P<y>20\d{2}|二[〇○零0O一二三四五六七八九]{3})\s*年\s*(?:(?P<m>\d{1,2}|十[一二]?|[一二三四五六七八九])|[_＿×X]*)"
    r"\s*月\s*(?:(?P<d>\d{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])|[_＿×X]*)\s*日")
_ORG_END = LazyPattern(r"(政府|委员会|委|办事处|街道|局|办公室|镇|乡|县|区|市|厅|中心|所|部|院|会|党组|办)$")

_ADDRESSEE_RE = re.compile(
    rf"[\s|]*(?P<a>(?:中共)?[{HAN}]{{2,24}}(?:[、,][{HAN}]{{2,24}}){{0,4}}):")


def find_addressee(norm: str, start: int) -> tuple[Optional[str], Optional[tuple[int, int]]]:
    # skip a title printed twice, as web copies do
    m = _ADDRESSEE_RE.match(norm, start)
    if not m:
        return None, None
    text = m.group("a")
    if not re.search(r"(委|政府|人大常委会|委员会|办公室|局|组)$", text):
        return None, None
    return text, (m.start("a"), m.end())


def find_signature(norm: str, start: int) -> Optional[Signature]:
    tail_from = max(start, len(norm) - 400)
    dates = list(_DATE.finditer(norm, tail_from))
    for m in reversed(dates):
        after = norm[m.end():].strip(" \t\n|")
        if len(after) > 20 or "。" in after or "," in after:
            continue
        before_start = max(_last_break(norm, m.start()), start)
        segment = norm[before_start:m.start()].strip(" \t\n|").lstrip(_CLOSERS + " \t\n|")   # 。）or 。” end a sentence too
        issuer = None
        sig_start = m.start()
        if segment and len(segment) <= 80 and _ORG_END.search(segment.split()[-1]):
            issuer = " ".join(segment.split())
            sig_start = before_start + norm[before_start:m.start()].index(segment.split()[0])
        elif norm[_line_start(norm, m.start()):m.start()].strip(" \t|"):
            continue  # a date inside a sentence, not a sign-off
        return Signature(issuer=mask_pii(issuer), date=_iso_date(m), span=(sig_start, m.end()))
    return None


_CLOSERS = ")]}”’」』》〉"


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
    if m.group("m") is None or m.group("d") is None:
        return None
    year = int(cn_digits(m.group("y")))
    month, day = num(m.group("m")), num(m.group("d"))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
