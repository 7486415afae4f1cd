"""Page furniture of reports copied from government web pages.

A published report carries the portal's header (索引号, 发布机构, 发布时间, a banner
with today's date, breadcrumbs, font-size and print buttons …) and footer (打印本页,
关闭窗口 …). These are blanked before the outline is built so they are neither
headings, titles, years nor report content. The few header fields that do say who
issued the report (发文机关, 发布机构) are kept as hints.
"""
from __future__ import annotations

import re

# Labels that only ever appear in page chrome.
_STRONG = (r"索引号|发布机构|发文机关|发布时间|发布日期|发文日期|成文日期|公开类别|公开方式|公开范围|"
           r"公开时限|主题分类|体裁分类|组配分类|信息来源|信息分类|浏览次数|访问次数|阅读次数|点击数|"
           r"打印本页|关闭窗口|打印此页|【打印】|【关闭】|分享到|扫一扫|字号[:：]?[ \t]*[大中小]|"
           r"字体[:：]?[ \t]*[大中小]|\[[ \t]*大[ \t]*中[ \t]*小[ \t]*\]|【[ \t]*大[ \t]*中[ \t]*小[ \t]*】|责任编辑|相关附件|"
           r"相关链接|上一篇|下一篇|附件下载|"
           r"您(?:所在|现在)的位置|当前位置|所在位置|今天是|无障碍|简体[ \t]*\|?[ \t]*繁[体體]|"
           r"登录[ \t]*注册|设为首页|加入收藏|网站地图|更新时间|文章来源|稿件来源|来源[:：]|"
           r"【?[ \t]*字[体号][ \t]*[:：]|打印[ \t]*(?:本页|文章|\||$)|分享[ \t]*[:：]|政务公开[ \t]*[>＞»]|首页[ \t]*[>＞»/]")
# The subset safe to blank inside a line (web copies reflowed onto one line).
_INLINE_LABELS = (r"索引号|发布机构|发文机关|发布时间|发布日期|发文日期|公开类别|公开方式|主题分类|"
                  r"信息来源|浏览次数|访问次数|打印本页|关闭窗口|【打印】|【关闭】|更新时间|文章来源|"
                  r"来源|阅读次数|点击数|发布者")
# Labels that are chrome only when they start a short line.
_WEAK = r"栏目|来源|作者|文号|编辑|发布者|时间|日期|附件|有效性|生成日期|分类|浏览|字号"



def _spaced(labels: str) -> str:
    """索引号 also as 索 引 号: page tables space out their labels."""
    return "|".join("[ \t]{0,8}".join(label) if re.fullmatch(r"[\u4e00-\u9fff]{2,6}", label) else label
                    for label in labels.split("|"))


_STRONG, _WEAK, _INLINE_LABELS = _spaced(_STRONG), _spaced(_WEAK), _spaced(_INLINE_LABELS)
# The label of a field whose value is the report's own title: blank the label, keep the title.
_TITLE_LABEL = re.compile(r"^[ \t|]*(?:标[ \t]{0,8}题|名[ \t]{0,8}称)[ \t]*[:：][ \t|]*", re.M)
_LINE = re.compile(
    rf"^[ \t|【\[]*(?:(?:{_STRONG})|(?:{_WEAK})[ \t]*[:：]).*$", re.M)
_INLINE = re.compile(rf"(?:{_INLINE_LABELS})(?:[ \t]*[:：][ \t]*|[ \t]+)(?:[^\s|，。,;；]{{1,30}}(?=\s|\||$))?")
# A banner or time stamp: a date with a weekday, or a date and a clock time, on a short line.
_STAMP = re.compile(r"(?:20\d{2}|19\d{2})[ \t]*[年\-/.][ \t]*\d{1,2}[ \t]*[月\-/.][ \t]*\d{1,2}[ \t]*日?[ \t]*"
                    r"(?:星期[一二三四五六日天]|周[一二三四五六日天]|\d{1,2}(?::|时)\d{2}(?::\d{2}|分)?)")
# Breadcrumbs: short runs joined by > or »
_CRUMBS = re.compile(r"^[^\n。，,;；>＞»]{0,40}(?:[ \t]*[>＞»]{1,2}[ \t]*[^\n>＞»。，,;；]{1,24}){2,}[ \t]*$", re.M)
# Ruby-like pinyin some reposting sites put after characters: 设(shè)
PINYIN_DEBRIS = re.compile(r"[(（](?<=[\u4e00-\u9fff][(（])(?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,7}[)）]")

_FIELD = re.compile(r"(?:发文机关|发布机构|发文单位|发布单位)\s*[:：]?\s*[|\s]*(?P<v>[\u4e00-\u9fff（）()]{2,30})")


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of page furniture: short chrome lines whole, chrome labels with their value inline."""
    spans = []
    crumbs = any(c in text for c in ">＞»")   # a trail has two of them at least
    for pattern in (_LINE, _CRUMBS) if crumbs else (_LINE,):
        for m in pattern.finditer(text):
            if len(m.group(0).strip()) <= 80:
                spans.append(m.span())
    for m in _STAMP.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        if line_end - line_start <= 80 and "。" not in text[line_start:line_end]:
            spans.append((line_start, line_end))
    spans += [m.span() for m in _TITLE_LABEL.finditer(text)]
    covered: set[int] = set()
    for s, e in spans:
        covered.update(range(s, e))
    for m in _INLINE.finditer(text):
        if m.start() not in covered:
            spans.append(m.span())
    return sorted(spans)


def chrome_fields(text: str) -> dict[str, str]:
    """What the page header says of the report itself: the issuing unit."""
    m = _FIELD.search(text[:3000])
    return {"issuer": m.group("v")} if m else {}
