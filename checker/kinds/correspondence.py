"""Each item of one part has a counterpart in another, compared by content words
(jieba): every shortcoming should be answered by a measure in next year's plan.

Words are weighted by how much they tell: the pack's domain terms (its `dictionary`:
行政执法, 法治宣传 …) count 2, other content words 1, `stopwords` (function words and words
found in most reports) nothing. A shortcoming is answered by the plan item it shares the
most weight with, if that reaches `min_shared` (with `title_must_match`, a plan item that holds no piece of a
word of the shortcoming's own title must share twice that: 法治宣传力度仍有较大空间 is about
宣传, and a plan item about 学习 answers it only by a strong overlap). Words of one `related` group
(队伍/人员/力量/招录; 普法/宣传/以案说法) are one matter, so a plan that answers in other words
(法制审核力量薄弱 → 招录法律专业人员) shares that matter.
"""
from __future__ import annotations

from collections import Counter
from typing import Iterator, Optional

from .. import segment
from ..context import Context
from ..model import Finding
from ..pack.model import Rule

USES_WORDS = True


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    source, target = ctx.section_node(rule.section), ctx.section_node(rule.get("target"))
    if source is None or target is None:
        return
    segment.add_words(ctx.pack.dictionary)
    stop = set(rule.get("stopwords", []))
    domain = set(ctx.pack.dictionary)
    need = rule.get("min_shared", 2)
    most = rule.get("max_items", 100)   # a real part has a dozen items; past this, comparing all pairs only costs time
    related = rule.get("related", [])

    plan_spans = ctx.section_items(rule.get("target"))[:most]
    if not plan_spans:
        return
    plan_words = [set(segment.words(ctx.text(span))) for span in plan_spans]   # each plan item segmented once
    stop |= _everywhere(ctx, plan_words)

    def content(text: str, words: Optional[set[str]] = None) -> set[str]:
        return (set(segment.words(text)) if words is None else words) - stop | _matters(text, related)

    plan = [(span, content(ctx.text(span), words)) for span, words in zip(plan_spans, plan_words)]
    for span in ctx.items(rule)[:most]:
        words = content(ctx.text(span))
        if _weight(words, domain) < need:
            continue   # too little content to compare
        node = next((n for n in source.children if n.start == span[0]), None)
        title = set(segment.words(node.title)) - stop if node is not None and rule.get("title_must_match") else set()
        core = _bigrams(title) - stop
        core_matters = _matters(node.title, related) if title and node is not None else set()

        def score(item: tuple, words: set = words, core: set = core, core_matters: set = core_matters) -> int:
            """Shared weight; without a piece of the title's words or its matter, only a strong overlap counts."""
            item_span, item_words = item
            weight = _weight(words & item_words, domain)
            if core and not any(b in ctx.text(item_span) for b in core) and not core_matters & item_words \
                    and weight < 2 * need:
                return 0
            return weight

        best_span, best_words = max(plan, key=score)
        shared = {w for w in words & best_words if not w.startswith("§")}
        if score((best_span, best_words)) < need:
            closest = f"最接近的是“{ctx.document.excerpt(best_span, 20)}”，只共有“{'、'.join(sorted(shared))}”" \
                if shared else "没有一条与之相关"
            yield ctx.finding(rule, span, item=node.title if node else ctx.document.excerpt(span, 20),
                              target_name=ctx.pack.section(rule.get("target")).name, closest=closest)


def _everywhere(ctx: Context, plan_words: list[set[str]]) -> set[str]:
    """Words that tell one item from another in no way in this report: the words of its title
    (交通运输 in a 交通运输局's report, 应急 in an 应急管理局's) and those in three plan items of four."""
    title = set(segment.words(ctx.outline.title or ""))
    if len(plan_words) < 4:
        return title
    counts = Counter(word for words in plan_words for word in words)
    return title | {word for word, n in counts.items() if n >= 0.75 * len(plan_words)}


def _matters(text: str, related: list[list[str]]) -> set[str]:
    """A token for each `related` group a term of which the text holds (in the text, not in its
    words: jieba cuts 法律明白人 into 法律 / 明白人)."""
    return {f"§{i}" for i, group in enumerate(related) if any(term in text for term in group)}


def _bigrams(words: set[str]) -> set[str]:
    """The title's words as two-character pieces, so 部门 finds 跨部门 and 治理 finds 社会治理."""
    return {w[i:i + 2] for w in words for i in range(len(w) - 1)}


def _weight(words: set[str], domain: set[str]) -> int:
    return sum(2 if w in domain else 1 for w in words)


# This kind's fields as a pack writes them: rules/pack.schema.json and the guide in rules/README.md
# are generated from this (python -m checker.pack.generate).
SCHEMA: dict = {'description': '一部分的每一条都应在另一部分有对应（如每项不足在下一年度安排中有整改措施），按词语比较。',
 'required': ['section', 'target'],
 'properties': {'target': {'$ref': '#/$defs/ident', 'description': '对应的部分编号'},
                'min_shared': {'type': 'integer',
                               'minimum': 1,
                               'description': '至少共有多少分的实词才算对应（规则包 dictionary 中的领域词每个计 2 分，其他实词计 1 分），默认 2'},
                'stopwords': {'type': 'array', 'items': {'type': 'string'}, 'description': '比较时忽略的泛泛之词'},
                'title_must_match': {'type': 'boolean', 'description': '条目有小标题时，对应的一条至少要共有小标题中的一个实词（小标题是这项不足的要点）'},
                'max_items': {'type': 'integer',
                              'minimum': 1,
                              'description': '每部分最多比较前几条（默认 100），使异常长的报告检查时间仍与长度成正比'},
                'related': {'type': 'array',
                            'items': {'type': 'array',
                                      'items': {'type': 'string', 'minLength': 1, 'maxLength': 20},
                                      'minItems': 2},
                            'description': '同一事项的不同说法，一组一行（如 队伍、人员、力量、招录）：词中含组内任一说法的，视为讲同一件事；整改措施换了说法也能对上'}}}


def stopwords(rule: Rule) -> list[str]:
    """Words too general to show a repeat or a follow-up (the audit's year-over-year comparison)."""
    return rule.get("stopwords", [])
