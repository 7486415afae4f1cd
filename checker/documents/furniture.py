"""Page furniture of reports copied from government web pages.

A published report carries the portal's header (索引号, 发布机构, 发布时间 …) and
footer (打印本页, 关闭窗口 …). These are blanked before the outline is built so
they are neither headings nor report content.
"""
from __future__ import annotations

import re

# Labels that only ever appear in page chrome.
_STRONG = (r"索引号|发布机构|发文机关|发布时间|发布日期|发文日期|成文日期|公开类别|公开方式|公开范围|"
           r"公开时限|主题分类|体裁分类|组配分类|信息来源|信息分类|浏览次数|访问次数|阅读次数|点击数|"
           r"打印本页|关闭窗口|打印此页|【打印】|【关闭】|分享到|扫一扫|字号[:：]?\s*[大中小]|"
           r"字体[:：]?\s*[大中小]|\[\s*大\s*中\s*小\s*\]|【\s*大\s*中\s*小\s*】|责任编辑|相关附件|"
           r"相关链接|上一篇|下一篇|附件下载")
# The subset safe to blank inside a line (web copies reflowed onto one line).
_INLINE_LABELS = (r"索引号|发布机构|发文机关|发布时间|发布日期|发文日期|公开类别|公开方式|主题分类|"
                  r"信息来源|浏览次数|访问次数|打印本页|关闭窗口|【打印】|【关闭】")
# Labels that are chrome only when they start a short line.
_WEAK = r"来源|作者|文号|编辑|发布者|时间|日期|附件|有效性|生成日期"

_LINE = re.compile(
    rf"^[ \t|【\[]*(?:(?:{_STRONG})|(?:{_WEAK})\s*[:：]).*$", re.M)
_INLINE = re.compile(rf"(?:{_INLINE_LABELS})(?:\s*[:：]\s*|\s+)(?:[^\s|，。,;；]{{1,30}}(?=\s|\||$))?")


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of page furniture: short chrome lines whole, chrome labels with their value inline."""
    spans = []
    for m in _LINE.finditer(text):
        if len(m.group(0).strip()) <= 80:
            spans.append(m.span())
    covered = set()
    for s, e in spans:
        covered.update(range(s, e))
    for m in _INLINE.finditer(text):
        if m.start() not in covered:
            spans.append(m.span())
    return sorted(spans)
