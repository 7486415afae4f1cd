"""Each shortcoming item states its cause, and not only outside ones: read item by item, as a
reviewer does, instead of looking for connector words anywhere in the part.

An item's title (一是部门协同机制不健全…) is the problem itself, so it never counts as its own
cause. The rest of the item is read for `internal` causes (认识不到位, 机制不健全, 力量不足,
缺乏……), `external` ones (城市化进程, 企业本身不重视, 流动人口增加……) and `connectors` that
announce a cause (由于, 原因是……). What follows 导致 is a consequence: it is never a cause.
"""
from __future__ import annotations

from typing import Iterator, Optional

from ..context import Context
from ..model import Finding, Span
from ..pack_model import Rule


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    wanted = rule.get("report", "missing")
    for item, title, body in _items(ctx, rule.section):
        verdict, match = classify(rule, ctx, body)
        if (wanted == "missing" and verdict == "none") or (wanted == "outside" and verdict == "outside"):
            yield ctx.finding(rule, item, item=ctx.document.excerpt(title, 24), match=match)


def classify(rule: Rule, ctx: Context, body: Span) -> tuple[str, Optional[str]]:
    """internal | outside | stated (a connector, cause of unknown kind) | none, and the words that show it."""
    text = _before_consequences(rule, ctx, ctx.text(body))
    for key, verdict in (("internal", "internal"), ("external", "outside"), ("connectors", "stated")):
        for source in rule.get(key, []):
            m = ctx.pattern(source).search(text)
            if m:
                return verdict, m.group(0)
    return "none", None


def _before_consequences(rule: Rule, ctx: Context, text: str) -> str:
    """Each sentence up to its 导致/造成/影响… (`consequences`), or up to the end of its
    由于……， (`effects_after`): what comes after is an effect, not a cause."""
    before = [ctx.pattern(p) for p in rule.get("consequences", [])]
    after = [ctx.pattern(p) for p in rule.get("effects_after", [])]
    kept = []
    for sentence in text.replace("。", "。\n").replace(";", ";\n").split("\n"):
        cuts = [m.start() for p in before if (m := p.search(sentence))]
        cuts += [m.end() for p in after if (m := p.search(sentence))]
        kept.append(sentence[:min(cuts, default=len(sentence))])
    return "\n".join(kept)


def _items(ctx: Context, section_id: str) -> list[tuple[Span, Span, Span]]:
    """(item, title, body) of each item; a paragraph without a numbered title has its first
    clause as title."""
    node = ctx.section_node(section_id)
    if node is None:
        return []
    if node.children:
        return [(c.span, c.title_span, (c.title_span[1], c.end)) for c in node.children]
    out = []
    for start, end in ctx.paragraphs(node.body_span):
        text = ctx.norm[start:end]
        cut = next((i + 1 for i, ch in enumerate(text) if ch in ",。;:"), len(text))
        out.append(((start, end), (start, start + cut - 1), (start + cut, end)))
    return out
