"""Each shortcoming item states its cause, and not only outside ones: read item by item, as a
reviewer does, instead of looking for connector words anywhere in the part.

An item is its symptom (the title: 一是行政执法还不够规范) and what the drafter says after it;
where the drafter announces the cause (a `connector`: 主要是……), only what follows is read.
The rest of the item is read for `internal` causes, one pattern a type of cause (staffing,
training, funding, mechanism, knowledge, attitude, method: 执法人员多为兼职, 培训全年仅1次,
没有出台指引……), `external` ones (城市化进程, 居住分散, 上位法未出台……) and `connectors`
that announce a cause (由于, 原因是……). A type of cause the title itself names (一是法制审核
力量薄弱) is the symptom restated when the body repeats it in evaluative words, so only its
facts count (仅2名审核人员，均为兼职); what follows
导致 is a consequence, never a cause. A `collective` passage (究其原因……, 分析上述问题……)
gives the causes of every item before it at once: an item without its own takes that verdict.
"""
from __future__ import annotations

import re
from typing import Iterator, Optional

from ..context import Context, iter_matches
from ..model import Finding, Span
from ..pack.model import Rule


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    wanted = rule.get("report", "missing")
    items = _items(ctx, rule.section)
    collective = _collective(rule, ctx, items)
    shared = classify(rule, ctx, collective) if collective else ("none", None)
    for item, title, body in items:
        if collective and item[0] >= collective[0]:
            break   # the passage's own 一是……二是…… are causes, not shortcomings
        if collective and body[1] > collective[0]:
            body = (body[0], max(body[0], collective[0]))   # the passage is not this item's own
        verdict, match = classify(rule, ctx, body, ctx.text(title))
        if verdict == "none" or (verdict == "outside" and shared[0] == "internal"):
            verdict, match = shared   # the passage's own causes make an outside-only item mixed
        if (wanted == "missing" and verdict == "none") or (wanted == "outside" and verdict == "outside"):
            yield ctx.finding(rule, item, item=ctx.document.excerpt(title, 24), match=match,
                              examples=_examples(rule, ctx, ctx.text(title)))


def _examples(rule: Rule, ctx: Context, title: str) -> str:
    """Causes to suggest (`internal_examples`, one per `internal` type), none of the type the
    item's own title names: 力量不足 is never offered as the cause of 执法力量不足."""
    pairs = zip(rule.get("internal", []), rule.get("internal_examples", []))
    return "、".join([example for source, example in pairs if not ctx.pattern(source).search(title)][:4])


def classify(rule: Rule, ctx: Context, body: Span, title: str = "") -> tuple[str, Optional[str]]:
    """internal | outside | stated (a connector, cause of unknown kind) | none, and the words that show it.
    Read clause by clause: a clause about someone outside (群众、企业、上级、国家层面……) is an
    outside cause whatever its words, unless it is only the occasion of an own cause in the same
    clause (`circumstance`: 在处理征地拆迁时习惯于……) or whom the work is for (`aimed_at`). Of the
    internal type the title names (执法力量薄弱), the body's words count only as facts (仅4名且均兼职),
    not in the title's evaluative words (`restating`: 人员不足, 力量不强); of an outside type the title
    names (行政复议案件大幅增长), the body's words are the symptom again, not its cause. A clause that only states the
    problem (`stating_problem`: 存在……的问题), says how the title's own activity is done (`describing`
    and one of the title's `topics`) or, announced as the cause, says the title again (原因主要是执法
    不够规范 under 执法规范化水平不高) is the symptom."""
    lead = title[-6:] + ","   # 还存在一些不足，主要是……: a connector's look-behind sees the title it follows
    clauses = [c for c in re.split(r"[,;。]", _from_connector(rule, ctx, _before_consequences(rule, ctx, ctx.text(body)),
                                                               lead)) if c.strip()]
    patterns = [ctx.pattern(p) for p in rule.get("internal", [])]
    named = {i for i, p in enumerate(patterns) if title and p.search(title)}
    external = [p for p in map(ctx.pattern, rule.get("external", [])) if not (title and p.search(title))]
    restating, describing, aimed, framing, stating = (ctx.pattern(rule.get(key)) if rule.get(key) else None for key in
                                                       ("restating", "describing", "aimed_at", "circumstance",
                                                        "stating_problem"))
    topics = [word for group in rule.get("topics", []) if any(w in title for w in group) for word in group]
    outside, own_announced, announced_restates, leading = None, False, False, True
    for clause in clauses:
        announced = leading and _announced(rule, ctx, clause)   # 究其原因，主要是……: both announce
        leading = announced
        own = _internal(patterns, named, restating, clause)
        if announced and restating and not own and _restates(clause, title, restating, rule.get("title_generic", [])):
            announced_restates = True
            continue
        if aimed and (a := aimed.search(clause.strip())) and a.start() == 0:
            continue   # 面向流动人口的普法不足: whom the work misses, the symptom
        if stating and not announced and stating.search(clause) and not re.search(r"\d", clause):
            continue
        m = next((m for p in external if (m := p.search(clause))), None)
        if m and aimed and aimed.search(clause, 0, m.start()):
            m = None   # 针对外出务工人员的宣传: whom the work is for, not why it falls short
        if m and not (framing and framing.search(clause, 0, m.start()) and own):
            outside = outside or m.group(0)
            continue
        own_announced = own_announced or (announced and not m and _says_something(rule, ctx, clause))
        if describing and not announced and describing.search(clause) and any(t in clause for t in topics) \
                and not re.search(r"\d", clause):
            continue   # 宣传形式以发放资料为主 under 法治宣传针对性不强: how the symptom looks
        if own:
            return "internal", own
    if outside and not own_announced:   # 原因是宣传方式单一，群众参与意愿不强: own and outside
        return "outside", outside
    if announced_restates:
        return "none", None
    text = lead + "。".join(clauses)
    for source in rule.get("connectors", []):
        m = ctx.pattern(source).search(text, len(lead))
        if m:
            return "stated", m.group(0)
    return "none", None


def _internal(patterns: list, named: set[int], restating, clause: str) -> Optional[str]:
    """The words of an own cause in the clause; of the type the title names, only its facts."""
    for i, p in enumerate(patterns):
        m = p.search(clause)
        if m and (i not in named or (restating and not restating.search(m.group(0)))):
            return m.group(0)
    return None


def _restates(clause: str, title: str, restating, generic: list[str]) -> bool:
    """An evaluative clause with no figure that shares two word pairs with the title, less the
    pairs every title has (法治, 工作, 水平……): the title said again."""
    if not restating.search(clause) or re.search(r"\d", clause):
        return False
    def pairs(text: str) -> set[str]:
        return {text[i:i + 2] for i in range(len(text) - 1)
                if re.fullmatch(r"[\u4e00-\u9fff]{2}", text[i:i + 2]) and not any(text[i:i + 2] in g for g in generic)}
    return len(pairs(clause) & pairs(title)) >= 2


def _announced(rule: Rule, ctx: Context, clause: str) -> bool:
    """The clause opens with a connector (原因是宣传方式单一): the drafter calls it the cause."""
    return any((m := ctx.pattern(source).search(clause)) and m.start() <= 2 for source in rule.get("connectors", []))


def _says_something(rule: Rule, ctx: Context, clause: str) -> bool:
    """More than the connector itself (究其原因 alone names no cause)."""
    rest = clause
    for source in rule.get("connectors", []):
        if m := ctx.pattern(source).search(rest):
            rest = rest[:m.start()] + rest[m.end():]
    return len(re.findall(r"[\u4e00-\u9fff]", rest)) >= 4


def _collective(rule: Rule, ctx: Context, items: list[tuple[Span, Span, Span]]) -> Optional[Span]:
    """Where a passage giving the causes of all items at once starts (to the part's end): after
    the first item, in no item's title, and opening a paragraph or naming the items together
    (上述/以上/这些……: the rule's `collective_plural`) with no item in a later paragraph — inside an
    item's own paragraph only with words naming all the items (`collective_all`); a 究其原因
    or 既有……客观 inside one item is that item's own."""
    node = ctx.section_node(rule.section)
    if node is None or not rule.get("collective") or not items:
        return None
    titles = [title for _, title, _ in items]
    plural, naming_all = rule.get("collective_plural", []), rule.get("collective_all", [])
    starts = []
    for m in iter_matches(ctx, rule.get("collective"), node.body_span):
        at = m.start()
        if at <= items[0][0][0] or any(t[0] <= at < t[1] for t in titles):
            continue
        paragraph_start = ctx.norm.rfind("\n", 0, at) + 1
        in_items_paragraph = any(title[0] >= paragraph_start and body[0] <= at < body[1] for _, title, body in items)
        sentence_start = max(ctx.norm.rfind("。", 0, at) + 1, paragraph_start)
        if in_items_paragraph and naming_all and not ctx.any_match(naming_all, ctx.norm[sentence_start:m.end()]):
            continue   # 四是……。这既有……客观因素: that item's own, not the causes of them all
        opens_paragraph = not ctx.norm[paragraph_start:at].strip()
        paragraph_end = ctx.norm.find("\n", at)
        paragraph_end = len(ctx.norm) if paragraph_end < 0 else paragraph_end
        if opens_paragraph or (plural and ctx.any_match(plural, m.group(0))
                               and not any(t[0] > paragraph_end for t in titles)):
            starts.append(at)   # not an earlier item's own 既有……客观原因, which items in later paragraphs follow
    return (min(starts), node.end) if starts else None


def _from_connector(rule: Rule, ctx: Context, text: str, lead: str = "") -> str:
    """From the first connector on (主要原因是……, 由于……): a drafter who announces the cause
    has described the symptom before it, and 全年未开展普法活动 there is not a cause. `lead`,
    the words before the text, is only there for the connectors' look-behinds."""
    starts = [m.start() - len(lead) for source in rule.get("connectors", [])
              if (m := ctx.pattern(source).search(lead + text, len(lead)))]
    return text[min(starts):] if starts else text


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


def _items(ctx: Context, section_id: Optional[str]) -> list[tuple[Span, Span, Span]]:
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


# This kind's fields as a pack writes them: rules/pack.schema.json and the guide in rules/README.md
# are generated from this (python -m checker.pack.generate).
SCHEMA: dict = {'description': '逐条判断不足是否写明了原因、是否只有外部原因。每条的标题（问题本身）不算原因；“导致、造成、影响”之后是后果，不算原因。',
 'required': ['section', 'internal'],
 'properties': {'report': {'enum': ['missing', 'outside'],
                           'description': '报哪一种：missing 没写原因的条目（默认），outside 只写了外部原因的条目'},
                'internal': {'$ref': '#/$defs/regexes', 'description': '自身（主观）原因，如认识不到位、机制不健全、力量不足、缺乏……'},
                'external': {'type': 'array',
                             'items': {'$ref': '#/$defs/regex'},
                             'description': '外部（客观）原因，如城市化进程、企业本身不重视、流动人口增加'},
                'connectors': {'type': 'array',
                               'items': {'$ref': '#/$defs/regex'},
                               'description': '表明写了原因的词（由于、原因是……），原因的性质无法判断时算写了原因'},
                'consequences': {'type': 'array',
                                 'items': {'$ref': '#/$defs/regex'},
                                 'description': '其后是后果的词（导致、造成、影响），其后的文字不当作原因'},
                'effects_after': {'type': 'array',
                                  'items': {'$ref': '#/$defs/regex'},
                                  'description': '其后是后果的原因从句（如“由于……，”），从句之后的文字不当作原因'},
                'collective': {'$ref': '#/$defs/regexes',
                               'description': '列完各条后统一分析原因的一段的开头（究其原因、分析上述问题……）：其前没有写明自身原因的各条，以这一段为准'},
                'collective_all': {'$ref': '#/$defs/regexes',
                                   'description': '写在某一条自己那一段里的统一分析，须有的指称全部各条的词（上述、以上……）；没有时算那一条自己的原因'},
                'collective_plural': {'$ref': '#/$defs/regexes',
                                      'description': '这一段不在段首时，须有的指称全部各条的词（上述、以上、这些……），以免把某一条自己的“究其原因”当作统一分析'},
                'internal_examples': {'type': 'array',
                                      'items': {'type': 'string', 'minLength': 1, 'maxLength': 20},
                                      'description': '与各类自身原因逐条对应的原因示例（力量不足、培训不够……），用于提示中的 '
                                                     '{examples}；与该条不足标题同类的不会列出'},
                'restating': {'$ref': '#/$defs/regex',
                              'description': '标题已点出的那类原因，正文再说时只有不含这些评价词（不足、薄弱……）的事实（仅4名、均为兼职）才算原因'},
                'describing': {'$ref': '#/$defs/regex',
                               'description': '只说某项工作怎么做的说法（以……为主、形式单一）：与标题讲的是同一项工作（topics）且没有数字时，是问题的表现，不是原因'},
                'topics': {'type': 'array',
                           'items': {'$ref': '#/$defs/words'},
                           'minItems': 1,
                           'description': '工作事项，每组是同一项工作的不同说法（普法、宣传、宣讲……），用来判断正文说的是否就是标题那项工作（describing）'},
                'aimed_at': {'$ref': '#/$defs/regex',
                             'description': '引出工作对象的词（面向、针对）：以它开头的分句说的是工作没覆盖到谁，是问题的表现；其后的群众、流动人口等不算外部原因'},
                'circumstance': {'$ref': '#/$defs/regex',
                                 'description': '引出场合的词（在处理……时）：其后的外部事项只是本单位行为的场合，同一分句有自身原因时不算外部原因'},
                'title_generic': {'type': 'array',
                                  'items': {'type': 'string', 'minLength': 1, 'maxLength': 20},
                                  'description': '比较紧跟“原因是”的一句是否只是把标题再说一遍时不计的词（法治、工作、水平……）：与标题另有两处两字相同且带评价词（不够、不足……）的，不算原因'},
                'stating_problem': {'$ref': '#/$defs/regex',
                                    'description': '只是陈述问题的说法（存在……的问题、与群众期待还有差距）：没有数字的这类分句是问题的表现，不是原因；紧跟“原因是”的除外'}}}
