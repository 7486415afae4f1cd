"""The report's outline: its heading tree (headings.py), title, addressee, signature, issuer and year.

Works on `Document.norm` only, so full- and half-width punctuation read alike and
page furniture is invisible.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Optional

from .headings import CN, HAN, build_tree, lines_of
from .lazy_pattern import LazyPattern
from .model import Document, Node, Outline, Signature
from .normalize import cn_digits, cn_number
from .privacy import mask_pii

# a date, or a template's date left blank (2026年  月  日), which signs off without a date
_DATE = re.compile(
    r"(?P<y>20\d{2}|二[〇○零0O一二三四五六七八九]{3})\s*年\s*(?:(?P<m>\d{1,2}|十[一二]?|[一二三四五六七八九])|[_＿×X]*)"
    r"\s*月\s*(?:(?P<d>\d{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])|[_＿×X]*)\s*日")
_ORG_END = LazyPattern(r"(政府|委员会|委|办事处|街道|局|办公室|镇|乡|县|区|市|厅|中心|所|部|院|会|党组|办)$")
_TITLE_RE = re.compile(r"[ \t|]*(?P<t>[^\s,。:;|](?:[^\s,。:;|]| (?! )){3,60}?(?:报告|总结))(?=[\s|]|$)")
_ADDRESSEE_RE = re.compile(
    rf"[\s|]*(?P<a>(?:中共)?[{HAN}]{{2,24}}(?:[、,][{HAN}]{{2,24}}){{0,4}}):")
# What a reporting unit's name ends with: an organ, or (for a subject like 2023年，XX区坚持……) a place.
_ORGAN = "街道办事处|人民政府|办事处|管委会|委员会|办公室|党工委|党组|党委|政府|街道|中心|局|厅|委|办|部|署|镇|乡"
_PLACE = "省|市|区|县|州|盟|旗|街"
_UNIT = rf"[{HAN}]{{1,20}}?(?:{_ORGAN})"
# 2024 年 with spaces: the text layer of a PDF made by LibreOffice or WPS puts them around digits
_TITLE_UNIT = re.compile(r"^(?:20\d{2}\s*年度?)?(?P<u>.+?)\s*(?:20\d{2}\s*年度?)?\s*(?:推进)?(?:法治政府|依法行政|法治建设)")
_OPENING_YEAR = re.compile(r"(?<![-—–~至\d《])(?P<y>20\d{2})\s*年度?(?:以来|来|是|,|里)")
_YEAR_HINTS = (
    re.compile(r"现将.{0,30}?(?P<y>20\d{2})\s*年"),
    re.compile(r"(?P<y>20\d{2})\s*年度?(?:的)?(?:推进)?(?:法治政府|依法行政)"),
    re.compile(r"(?<![-—–~至\d])(?P<y>20\d{2})\s*年(?!\s*[-—–~至])"),
)


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
    nodes, roots = build_tree(doc, head_end, body_end)
    preamble_span = (head_end, roots[0].start if roots else body_end)
    year_sources = _year_sources(norm, title, preamble_span, roots, signature)
    year, year_from = decide_year(year_sources)
    issuer = _find_issuer(doc, title, signature, preamble_span)
    return Outline(document=doc, title=mask_pii(title), title_span=title_span, addressee=mask_pii(addressee),
                   addressee_span=addressee_span, signature=signature, year=year, issuer=mask_pii(issuer),
                   preamble_span=preamble_span, body_end=body_end, nodes=nodes, roots=roots,
                   year_sources=year_sources, year_from=year_from)


_TITLE_SCAN_LINES = 25
_TITLE_TOKEN = re.compile(r"[^\s|_]+(?:\s+[^\s|_]+)*")


def _find_title(doc: Document) -> tuple[Optional[str], Optional[tuple[int, int]]]:
    """The report's own title among the opening lines, whatever page chrome surrounds it:
    a title-like line, or a unit's name over a title-like line (秦安县人民政府 / 关于…的报告).
    A web page often prints the title twice, once without the unit: the one that names
    its unit wins. Else a title run into the first sentence of a one-line report."""
    norm = doc.norm
    lines = lines_of(doc, most=_TITLE_SCAN_LINES)
    found: list[tuple[str, tuple[int, int]]] = []
    for i, (start, text) in enumerate(lines):
        if _starts_body(text):
            break
        second = lines[i + 1] if i + 1 < len(lines) else None
        if second and _UNIT_LINE.match(text):
            if _looks_like_title(second[1]) and not _UNIT_LINE.match(second[1]) and not _title_unit(second[1]):
                found.append(_joined(lines[i], second))
                continue
        for m in _TITLE_TOKEN.finditer(text):
            token, offset = m.group(0).strip(), start + m.start()
            quoted = re.search(r"《([^《》]{4,80})》", token)
            if quoted and _looks_like_title(quoted.group(1)):   # 宁政发〔2019〕35号《…报告》, 关于报送《…报告》的函
                token, offset = quoted.group(1), offset + quoted.start(1)
            elif token.startswith("《"):
                token, offset = token.strip("《》"), offset + 1
            tag = _TITLE_TAG.match(token)
            if tag:   # [权威发布]福建省2017年…报告
                token, offset = token[tag.end():], offset + tag.end()
            tokens = token.split()
            if len(tokens) > 1 and _looks_like_title(tokens[0]):   # printed twice on one line
                token = tokens[0]
            if len(token) <= 80 and _looks_like_title(token):
                token = _TITLE_DATE.sub("", token).rstrip()
                found.append((token, (offset, offset + len(token))))
                break
        else:   # a title split over two lines
            if second and len(text) <= 40 and not re.search(r"[。:;,]$", text) \
                    and re.search(r"法治|依法行政|20\d{2}", text):
                whole = text + second[1]
                joins = not _looks_like_title(second[1]) or (not _title_unit(second[1]) and _title_unit(whole))
                if len(whole) <= 80 and _looks_like_title(whole) and joins:
                    found.append(_joined(lines[i], second))
    if found:
        return next((f for f in found if _title_unit(f[0])), found[0])
    for start, _ in lines[:3]:   # a one-line report: the title runs into the first sentence
        m = _TITLE_RE.match(norm, start)
        if m and _looks_like_title(m.group("t")):
            return m.group("t"), m.span("t")
    if lines and not _starts_body(lines[0][1][:90]):   # …and into whatever a reposting site put before it
        m = _RUN_IN_TITLE.search(norm, lines[0][0], min(lines[0][0] + 200, len(norm)))
        if m and _looks_like_title(m.group(0)) and not re.match(r"现将|将|把|特此", m.group(0)) \
                and _BODY_OPENING.match(norm, m.end()):
            return m.group(0), m.span()
    return None, None


def _joined(first: tuple[int, str], second: tuple[int, str]) -> tuple[str, tuple[int, int]]:
    """A title printed over two lines, as one title with the span of both."""
    return first[1] + second[1], (first[0], second[0] + len(second[1]))


def _starts_body(line: str) -> bool:
    """A line that is report text, not a title or chrome: a numbered heading or a long sentence."""
    text = line.strip(" \t|")
    return bool(re.match(rf"(?:{CN}|第{CN}部分)[、.]", text)) or (len(text) > 90 and "。" in text)


def _looks_like_title(text: str) -> bool:
    text = _TITLE_DATE.sub("", text)
    if re.search(r"[。;,]|如下|报送|印发|转发|做好|编报|开展", text) or not re.search(r"法治|依法行政", text):
        return False
    return bool(re.search(r"(报告|总结)$", text)) or bool(re.search(r"20\d{2}.*情况$", text))


# 湖北省人民政府关于2023年度法治政府建设情况的报告, in a line of Han text only, with no blank around it
_RUN_IN_TITLE = LazyPattern(r"[\u4e00-\u9fff]{2,24}?20\d{2}\s*年度?[\u4e00-\u9fff]{0,6}?(?:法治政府建设|依法行政)"
                            r"[\u4e00-\u9fff]{0,12}?(?:报告|总结)")
_BODY_OPENING = LazyPattern(r"\s*(?:20\d{2}\s*年|根据|按照|为|今年|近年|[一二三四五]、|[(（]|中共|[\u4e00-\u9fff、]{2,30}:)")
_TITLE_TAG = re.compile(r"^(?:\[[^\]]{1,8}\]|【[^】]{1,8}】)\s*")
_TITLE_DATE = re.compile(r"\(\s*20\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*\)$")
# A line that is only a unit's name (or two): 秦安县人民政府 / 中共禹王台区委 禹王台区人民政府
_UNIT_NAME = rf"(?:中共)?[{HAN}]{{2,24}}?(?:{_ORGAN})"
_UNIT_LINE = re.compile(rf"^{_UNIT_NAME}(?:[\s、]+{_UNIT_NAME})*$")


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


# ---------------------------------------------------------------- year and issuer

def _year_sources(norm: str, title: Optional[str], preamble: tuple[int, int], roots: list[Node],
                  signature: Optional[Signature]) -> dict[str, int]:
    """Every place that tells the reported year, most trusted first."""
    found: dict[str, int] = {}
    if title:
        m = re.search(r"(?<!\d)(20\d{2})\s*(?:年|(?=[\u4e00-\u9fff]))", title)   # 2024年, or 2024法治…
        if m:
            found["title"] = int(m.group(1))
    text = norm[preamble[0]:preamble[1]]
    first_sentence = text.strip(" \t\n|").split("。")[0]
    m = _OPENING_YEAR.search(first_sentence)
    if m:
        found["opening"] = int(m.group("y"))   # 2023年，我局…… : the report's own year, before any year it quotes
    for i, pattern in enumerate(() if m else _YEAR_HINTS):
        m = pattern.search(text)
        if m:
            found["reporting" if i == 0 else "preamble"] = int(m.group("y"))   # 现将2024年……报告如下
            break
    if roots:
        m = re.search(r"(20\d{2})\s*年", roots[0].title)
        if m:
            found["first_heading"] = int(m.group(1))
    plan = next((r for r in roots[1:] if _PLAN_HEADING.search(r.title)), None)
    m = plan and re.search(r"(20\d{2})\s*年", plan.title)
    if m:
        found["plan_heading"] = int(m.group(1)) - 1
    if signature and signature.date:
        signed, month = int(signature.date[:4]), int(signature.date[5:7])
        found["signature"] = signed if month >= _YEAR_END_MONTH else signed - 1
    if not found:
        years = [int(m.group(1)) for m in _BODY_YEAR.finditer(norm, preamble[0], min(len(norm), preamble[0] + 3000))]
        if years:
            found["body"] = max(set(years), key=years.count)
    return found


def decide_year(sources: dict[str, int]) -> tuple[Optional[int], tuple[str, ...]]:
    """The year most places tell (a title copied from last year's report is outvoted by the
    opening, the plan's heading and the signature); on a tie, the most trusted place. Also
    which places tell it, so a reader can be told what decided."""
    if not sources:
        return None, ()
    votes = Counter(sources.values())
    order = list(dict.fromkeys(sources.values()))
    year = max(order, key=lambda y: (votes[y], -order.index(y)))
    return year, tuple(name for name, value in sources.items() if value == year)


# A report signed in its own November or December reports on that year (2023年12月20日, plan for 2024).
_YEAR_END_MONTH = 11
_PLAN_HEADING = re.compile(r"安排|计划|打算|思路|重点|方向|展望")

# The last resort: the year of this year's own plan the report quotes (《2022年度党委理论学习中心组学习计划》).
_BODY_YEAR = re.compile(r"《[^《》\n]{0,20}?(20\d{2})\s*年度?[^《》\n]{0,30}?(?:计划|要点|方案|安排)》")


def _find_issuer(doc: Document, title: Optional[str], signature: Optional[Signature],
                 preamble: tuple[int, int]) -> Optional[str]:
    """Who reports, most trusted first: the title, the sign-off, the page's 发文机关, the
    subject of the opening sentence (2023年，XX区坚持……), 现将XX……报告如下."""
    unit = _title_unit(title) if title else None
    if unit:
        return unit
    if signature and signature.issuer:
        return signature.issuer.split()[-1]
    if doc.hints.get("issuer"):
        return doc.hints["issuer"]
    text = doc.norm[preamble[0]:preamble[1]]
    for line in text.split("\n"):
        m = _OPENING.match(_LEADING_DEBRIS.sub("", line))
        if m and not _GENERIC_UNIT.match(m.group("u")) and (_PROVINCE.match(m.group("u")) or _UNIT_END.search(m.group("u"))):
            return m.group("u")
    m = _REPORTING.search(text)
    return m.group("u") if m and not re.match(r"我|本|该", m.group("u")) else None


def _title_unit(title: str) -> Optional[str]:
    m = _TITLE_UNIT.match(title)
    if not m:
        return None
    unit = m.group("u").strip()
    before, _, after = unit.partition("关于")
    unit = before.strip() if len(before.strip()) >= 2 else after.strip()
    return unit if len(unit) >= 2 and not re.match(r"20\d{2}", unit) else None


_OPENING = LazyPattern(
    r"(?:为[^。]{0,80}?,)?\s*(?:20\d{2}\s*年度?(?:以来|来)?\s*,?\s*)?"
    r"(?:在[^。]{0,80}?(?:领导|指导|支持|监督)[^。,]{0,12}下\s*,\s*)*"
    rf"(?P<u>[{HAN}、]{{2,24}}?)(?:党委|党工委|党组|领导班子)?"
    r"(?:坚持|深入|全面|认真|紧紧|严格|始终|持续|紧扣|围绕|积极|扎实|立足|聚焦|牢固|高度|以|在|法治政府建设|按照|把|"
    r"贯彻|落实|推进|不断|着力|大力|切实|主动|进一步|强化|加强|统筹)")
UNIT_ENDING = rf"(?:{_ORGAN}|{_PLACE})"   # how a unit's name ends (街道办事处, 人民政府, 局, 镇, 区…)
_UNIT_END = re.compile(rf"{UNIT_ENDING}$")
# A province named without 省 (2024年，广东坚持……)
_PROVINCE = re.compile(r"^(?:北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|"
                       r"广东|海南|四川|贵州|云南|陕西|甘肃|青海|内蒙古|广西|西藏|宁夏|新疆)$")
_LEADING_DEBRIS = LazyPattern(r"^[^\u4e00-\u9fff\d]+")   # blanks, ? ? ? left by lost full-width spaces
_GENERIC_UNIT = LazyPattern(r"^(?:我|本|全|各|该|今年|一年)|^(?:[省市县区镇乡部局街]|街道)(?:委|政府|人民政府|党委|党工委)?"
                            r"(?:[、和](?:[省市县区镇乡]|街道)(?:委|政府|人民政府))*$")
_REPORTING = LazyPattern(rf"现将(?P<u>{_UNIT})(?:推进)?(?:20\d{{2}})")
