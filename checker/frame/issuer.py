"""Who reports, most trusted first: the title, the sign-off, the page's 发文机关, the subject of
the opening sentence (2023年，XX区坚持……), 现将XX……报告如下."""
from __future__ import annotations

import functools
import re
from typing import Optional

from ..headings import HAN
from ..model import Document, Signature
from ..pack.model import ANY_REPORT, ReportFrame
from ..support.lazy_pattern import LazyPattern
from .units import UNIT, UNIT_ENDING, title_unit


def find_issuer(doc: Document, title: Optional[str], signature: Optional[Signature],
                preamble: tuple[int, int], frame: ReportFrame = ANY_REPORT) -> Optional[str]:
    """Who reports, most trusted first: the title, the sign-off, the page's 发文机关, the
    subject of the opening sentence (2023年，XX区坚持……, XX区法治政府建设……), 现将XX……报告如下."""
    unit = title_unit(title, frame) if title else None
    if unit:
        return unit
    if signature and signature.issuer:
        return signature.issuer.split()[-1]
    if doc.hints.get("issuer"):
        return doc.hints["issuer"]
    text = doc.norm[preamble[0]:preamble[1]]
    opening = _opening(frame.subject_name)
    for line in text.split("\n"):
        m = opening.match(_LEADING_DEBRIS.sub("", line))
        if m and not _GENERIC_UNIT.match(m.group("u")) and (_PROVINCE.match(m.group("u")) or _UNIT_END.search(m.group("u"))):
            return m.group("u")
    m = _REPORTING.search(text)
    return m.group("u") if m and not re.match(r"我|本|该", m.group("u")) else None


@functools.lru_cache(maxsize=8)
def _opening(subject_name: str) -> re.Pattern:
    """The opening sentence's subject: a unit, then what a unit does (坚持、深入……) or the report's subject."""
    return re.compile(
        r"(?:为[^。]{0,80}?,)?\s*(?:20\d{2}\s*年度?(?:以来|来)?\s*,?\s*)?"
        r"(?:在[^。]{0,80}?(?:领导|指导|支持|监督)[^。,]{0,12}下\s*,\s*)*"
        rf"(?P<u>[{HAN}、]{{2,24}}?)(?:党委|党工委|党组|领导班子)?"
        r"(?:坚持|深入|全面|认真|紧紧|严格|始终|持续|紧扣|围绕|积极|扎实|立足|聚焦|牢固|高度|以|在|按照|把|"
        r"贯彻|落实|推进|不断|着力|大力|切实|主动|进一步|强化|加强|统筹" + (f"|{subject_name}" if subject_name else "") + ")")


_UNIT_END = re.compile(rf"{UNIT_ENDING}$")
# A province named without 省 (2024年，广东坚持……)

_PROVINCE = re.compile(r"^(?:北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|"
                       r"广东|海南|四川|贵州|云南|陕西|甘肃|青海|内蒙古|广西|西藏|宁夏|新疆)$")


_LEADING_DEBRIS = LazyPattern(r"^[^\u4e00-\u9fff\d]+")   # blanks, ? ? ? left by lost full-width spaces
_GENERIC_UNIT = LazyPattern(r"^(?:我|本|全|各|该|今年|一年)|^(?:[省市县区镇乡部局街]|街道)(?:委|政府|人民政府|党委|党工委)?"
                            r"(?:[、和](?:[省市县区镇乡]|街道)(?:委|政府|人民政府))*$")


_REPORTING = LazyPattern(rf"现将(?P<u>{UNIT})(?:推进)?(?:20\d{{2}})")
