"""A part is missing, absent (optional) or misplaced (only nested inside another part)."""
from __future__ import annotations

from typing import Iterator, Optional

from ..context import Context
from ..model import Finding, Suggestion
from ..normalize import cn_numeral
from ..pack.model import Rule


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    wanted = set(rule.get("statuses"))
    targets = [ctx.pack.section(rule.section)] if rule.section else ctx.pack.sections
    for section in targets:
        placement = ctx.placements[section.id]
        node = placement.node
        if placement.found == "nested" and "misplaced" in wanted and node is not None:
            parent = node.parent.title if node.parent else ""
            span = (node.start, node.title_span[1]) if node.title else _first_sentence(ctx, node)
            where = "”下的“".join(placement.where) or parent
            yield ctx.finding(rule, span, section=section.id, heading=node.title or ctx.text(span).strip(),
                              parent=parent, where=where)
        elif placement.found == "none":
            status = "missing" if section.required else "absent"
            if status in wanted:
                yield ctx.finding(rule, None, section=section.id, hint=section.hint, suggestion=_added_part(rule, ctx))


def _added_part(rule: Rule, ctx: Context) -> Optional[Suggestion]:
    """The pack's text for the missing part (`suggest`), numbered after the report's last part,
    as a paragraph after the body's last line (before the sign-off)."""
    text = rule.get("suggest")
    if not isinstance(text, str):
        return None
    roots = ctx.outline.roots
    if roots and roots[-1].marker == "cn":
        text = f"{cn_numeral(roots[-1].number + 1)}、{text}"
    end = ctx.outline.text_end
    return Suggestion((end, end), text)


def _first_sentence(ctx: Context, node) -> tuple[int, int]:
    sentences = ctx.sentences(node.body_span)
    return sentences[0] if sentences else node.body_span


# This kind's fields as a pack writes them: rules/pack.schema.json and the guide in rules/README.md
# are generated from this (python -m checker.pack.generate).
SCHEMA: dict = {'description': '某一部分缺失、不成独立部分时提示。',
 'required': ['statuses'],
 'properties': {'statuses': {'type': 'array',
                             'minItems': 1,
                             'items': {'enum': ['missing', 'absent', 'misplaced']},
                             'description': '在这些状态时命中'},
                'suggest': {'type': 'string',
                            'minLength': 1,
                            'maxLength': 200,
                            'description': '批注版 Word 加 --suggest '
                                           '时：部分缺失（未写）时作为修订插入正文末尾（落款之前）的文字，序号按报告最后一个一级标题续编，如“其他需要报告的情况：无。”'}}}
