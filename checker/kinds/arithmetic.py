"""Figures of one sentence that must add up, read as a reviewer reads them with a pencil.

A sentence is read once into counts (a number, its unit and the words before it), percentages
and changes in 个百分点; each rule of this kind makes one `check` on that reading:

- `part_whole`: the part named right after 其中 is not larger than the whole before it, nor a
  later stage larger than the stage it comes from (`stages`: 评查120卷 → 合格124卷);
- `parts_sum`: the parts listed after 其中 add up to no more than the whole (the list ends at
  an outcome such as 调解成功, which counts the whole again, and at `list_ends`: 另有2件结转);
- `rate`: a rate fits the counts it is the quotient of (办结8397件 of 8415件 is 99.8%, not 97.8%):
  the count whose name shares two characters with the rate's, less the `generic` pairs (案件, 全年…),
  unless the count names a narrower group than the rate (`narrowing`: 主要负责人 vs 负责人出庭应诉率);
  a rate of what went (`decrease`: 压减率) may be the complement (1386家压减至312家, 77.5%); in a
  其中 list the whole is the count before 其中, and the part may take the items listed before it
  (合格率 of 优秀63卷、合格129卷; 合格率(含优秀) says so);
- `points`: a change in 个百分点 fits the two rates it compares.

Units of one family (件/起/宗) are compared, approximate figures (约、近、超、20余件) never, and a
sentence matching the rule's `unless` (结转、累计…) is left alone. The vocabulary is pack data.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Callable, Iterator, Optional

from ..context import Context
from ..model import Finding
from ..pack.model import Rule
from ..spans import Span

_NUMBER = re.compile(r"(?<![\d.])(?P<num>\d{1,3}(?:[ ,]\d{3})+(?![\d.])|\d+(?:\.\d+)?)\s*(?P<approx>余|多)?\s*"
                     r"(?:(?P<pct>%)|(?P<points>个百分点)|(?P<mult>万|千|亿)?\s*(?P<tail>[\u4e00-\u9fff]{1,2}))")
_LABEL_START = re.compile(r"[,、:(\"“”'‘’《》]")
_LABEL_MAX = 40
MAX_FIGURES = 100   # a "sentence" with more is a flattened table, not prose: its pairings are not read
_RATE_NAME = re.compile(r"([\u4e00-\u9fff]{1,10}率)(?:为|达|达到|是|保持在|保持|均为|均达)?\s*$")
_INCLUDED = re.compile(r"^含([\u4e00-\u9fff]{1,6})[)）]")
_MULTIPLIERS = {"万": 10_000, "千": 1_000, "亿": 100_000_000}


@dataclass(frozen=True)
class Figure:
    kind: str              # count | pct | points
    value: float
    slack: float           # how far the true value may lie from `value` (rounding of 2.3万, of 97.8%)
    decimals: int
    family: int            # index of the unit family (counts only; -1 otherwise)
    label: str             # the words before the number, back to the last comma
    span: Span
    approx: bool = False


def _family(tail: str, families: list[list[str]]) -> tuple[int, str]:
    best = (-1, "")
    for i, units in enumerate(families):
        for unit in units:
            if tail.startswith(unit) and len(unit) > len(best[1]):
                best = (i, unit)
    return best


def read(text: str, offset: int, families: list[list[str]], approximate: list[str]) -> list[Figure]:
    """The counts, percentages and point changes of one sentence, in order."""
    figures, previous_end = [], 0
    for m in _NUMBER.finditer(text):
        raw = re.sub(r"[ ,]", "", m.group("num"))
        value = float(raw)
        decimals = len(raw.split(".")[1]) if "." in raw else 0
        window = max(previous_end, m.start() - _LABEL_MAX)   # a label is a few words: look back no further
        cut = max((x.end() for x in _LABEL_START.finditer(text, window, m.start())), default=window)
        label = text[cut:m.start()].strip()
        approx = bool(m.group("approx")) or any(label.endswith(word) for word in approximate)
        if m.group("pct") or m.group("points"):
            kind = "pct" if m.group("pct") else "points"
            figures.append(Figure(kind, value, 0.5 * 10 ** -decimals, decimals, -1, label,
                                  (offset + m.start(), offset + m.end()), approx))
        else:
            family, unit = _family(m.group("tail"), families)
            if family < 0:
                previous_end = m.end()
                continue
            multiplier = _MULTIPLIERS.get(m.group("mult") or "", 1)
            slack = 0.5 * 10 ** -decimals * multiplier if multiplier > 1 else 0.0
            end = m.start("tail") + len(unit)
            figures.append(Figure("count", value * multiplier, slack, decimals, family, label,
                                  (offset + m.start(), offset + end), approx))
        previous_end = m.end()
    return figures


def _has(label: str, words: list[str]) -> bool:
    return any(word in label for word in words)


def _stripped(label: str) -> str:
    return re.sub(r"^(?:其中|其余|已|共|均|全年|累计)+", "", label)


def _label_span(figure: Figure) -> Span:
    return (figure.span[0] - len(figure.label), figure.span[1])


def _fmt(value: float) -> str:
    return f"{value:g}" if value < 1e7 else f"{value:.0f}"


def _after_qizhong(figures: list[Figure], sentence: str, offset: int) -> Iterator[tuple[Figure, list[Figure]]]:
    """For each 其中 of the sentence: the count before it in the unit of the first part (the
    whole) and the counts after it, up to the next 其中 (the parts, in order; 其余 is one of them)."""
    marks = [offset + m.start() for m in re.finditer("其中", sentence)] + [offset + len(sentence)]
    for at, stop in zip(marks, marks[1:]):
        before = [f for f in figures if f.kind == "count" and f.span[1] <= at]
        parts = [f for f in figures if f.kind == "count" and at < f.span[0] < stop]
        if before:   # 办理案件1126件，罚没款480万元，其中文化领域412件: the whole is the 件, not the 元
            yield next((f for f in reversed(before) if parts and f.family == parts[0].family), before[-1]), parts


def _part_whole(rule: Rule, ctx: Context, figures: list[Figure], sentence: str, offset: int) -> Iterator[Finding]:
    pairs = []
    for whole, parts in _after_qizhong(figures, sentence, offset):
        same = [p for p in parts if p.family == whole.family]
        if same and not whole.approx and not same[0].approx:
            pairs.append((whole, same[0]))
    counts = [f for f in figures if f.kind == "count" and not f.approx]
    for i, part in enumerate(counts):
        own = _stripped(part.label)
        stage = next((s for s in rule.get("stages", []) if any(own.startswith(w) for w in s["part"])), None)
        before = next((w for w in reversed(counts[:i]) if w.family == part.family
                       and _has(w.label, stage["whole"])), None) if stage else None
        if before:
            pairs.append((before, part))
    reported: set[Span] = set()
    for whole, part in pairs:
        if part.value > whole.value + whole.slack and part.span not in reported:
            reported.add(part.span)
            yield ctx.finding(rule, _label_span(part), whole=_fmt(whole.value), part=_fmt(part.value))


def _parts_sum(rule: Rule, ctx: Context, figures: list[Figure], sentence: str, offset: int) -> Iterator[Finding]:
    outcomes = rule.get("outcomes", [])
    for whole, parts in _after_qizhong(figures, sentence, offset):
        listed: list[Figure] = []
        for part in parts:
            if part.family != whole.family:
                continue
            if _has(part.label, outcomes) or _has(part.label, rule.get("list_ends", [])) or part.approx:
                break
            listed.append(part)
        if whole.approx or len(listed) < 2 or _has(listed[0].label, outcomes):
            continue
        total = sum(p.value for p in listed)
        if total > whole.value + whole.slack:
            yield ctx.finding(rule, (listed[0].span[0] - len(listed[0].label), listed[-1].span[1]),
                              whole=_fmt(whole.value), total=_fmt(total),
                              parts="＋".join(_fmt(p.value) for p in listed))


def _grams(text: str, generic: frozenset[str]) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)} - generic


def _rate(rule: Rule, ctx: Context, figures: list[Figure], sentence: str, offset: int) -> Iterator[Finding]:
    lists = list(_after_qizhong(figures, sentence, offset))
    generic = frozenset(rule.get("generic", []))
    for i, rate in enumerate(figures):
        if rate.kind != "pct" or rate.approx:
            continue
        name, included = _rate_name(rate, sentence, offset)
        if not name:
            continue
        grams = _grams(name.group(1)[:-1], generic)
        counts = [f for f in figures[:i] if f.kind == "count"]
        j = next((k for k in range(len(counts) - 1, -1, -1) if _grams(_stripped(counts[k].label), generic) & grams
                  and not _negated(counts[k].label, grams)), None)
        if j is None or counts[j].approx:
            continue
        part = counts[j]
        if any(word in part.label and word not in name.group(1) for word in rule.get("narrowing", [])):
            continue
        pairs = [(w, v) for w, v in _readings(part, counts[:j], lists, included)
                 if not (w.approx or w.slack or w.value <= 0 or v > w.value)]
        if not pairs:
            continue
        tolerance = 10 ** -rate.decimals + 1e-9
        fits = [100 * v / w.value for w, v in pairs]
        if _has(name.group(1), rule.get("decrease", [])):
            fits += [100 - fit for fit in fits]   # 1386家压减至312家，压减率77.5%: the rate of what went
        if all(abs(fit - rate.value) > tolerance for fit in fits):
            whole, value = pairs[0]
            yield ctx.finding(rule, (rate.span[0] - len(name.group(0)), rate.span[1]),
                              whole=_fmt(whole.value), part=_fmt(value), rate=_fmt(rate.value),
                              computed=f"{fits[0]:.{max(rate.decimals, 1)}f}")


def _rate_name(rate: Figure, sentence: str, offset: int) -> tuple[Optional[re.Match], Optional[str]]:
    """The rate's name, and what it says it includes: 合格率(含优秀)为95.7% names 合格率, 含 优秀."""
    included = _INCLUDED.search(rate.label)
    if not included:
        return _RATE_NAME.search(rate.label), None
    before = sentence[:rate.span[0] - offset - len(rate.label)].rstrip("(（")
    return _RATE_NAME.search(before), included.group(1)


def _negated(label: str, grams: set[str]) -> bool:
    """不合格的18卷 is not the part of a 合格率."""
    return any(f"不{gram}" in label for gram in grams)


def _readings(part: Figure, before: list[Figure], lists: list, included: Optional[str]) -> list[tuple[Figure, float]]:
    """The (whole, part) pairs a rate may divide, as a reviewer with a pencil reads them, the
    likeliest first: the count before the part (开庭审理120件，负责人出庭应诉46件); in a 其中 list
    also the count before 其中, with the part alone or with the items listed before it (合格率
    of 优秀63卷、合格129卷); 含优秀 says which reading is meant."""
    pairs = []
    previous = next((w for w in reversed(before) if w.family == part.family), None)
    for whole, parts in lists:
        if part in parts and whole.family == part.family:
            same = [p for p in parts[:parts.index(part)] if p.family == part.family]
            if included:
                return [(whole, part.value + sum(p.value for p in same if included in p.label))]
            pairs += [(whole, part.value + sum(p.value for p in same[k:])) for k in range(len(same) + 1)]
    return ([(previous, part.value)] if previous else []) + pairs


def _points(rule: Rule, ctx: Context, figures: list[Figure], sentence: str, offset: int) -> Iterator[Finding]:
    for i, change in enumerate(figures):
        if change.kind != "points":
            continue
        rates = [f for f in figures[:i] if f.kind == "pct"]
        if len(rates) < 2:
            continue
        a, b = rates[-2], rates[-1]
        between = sentence[a.span[1] - offset:b.span[0] - offset]
        if "率" in between or any(f.kind == "count" and a.span[1] <= f.span[0] < change.span[0] for f in figures):
            continue
        expected = abs(b.value - a.value)
        decimals = max(a.decimals, b.decimals, change.decimals)
        if abs(expected - change.value) > 10 ** -decimals / 2 + 1e-9:
            yield ctx.finding(rule, (change.span[0] - len(change.label), change.span[1]),
                              first=_fmt(a.value), second=_fmt(b.value), stated=_fmt(change.value),
                              computed=f"{expected:.{decimals}f}")


CHECKS: dict[str, Callable[..., Iterator[Finding]]] = {
    "part_whole": _part_whole, "parts_sum": _parts_sum, "rate": _rate, "points": _points}


def check(rule: Rule, ctx: Context) -> Iterator[Finding]:
    families = rule.get("units", [])
    approximate = rule.get("approximate", [])
    unless = rule.get("unless", [])
    run = CHECKS[rule.get("check")]
    key = tuple(tuple(f) for f in families) + (tuple(approximate),)
    for span in ctx.scope_spans(rule):
        for sentence in _sentences(rule, ctx, span):
            if unless and ctx.any_match_in(unless, sentence):
                continue
            text = ctx.text(sentence)
            figures: Optional[list[Figure]] = ctx.once(
                ("arithmetic", sentence, key), functools.partial(read, text, sentence[0], families, approximate))
            if figures and len(figures) <= MAX_FIGURES:
                yield from run(rule, ctx, figures, text, sentence[0])


def _sentences(rule: Rule, ctx: Context, span: Span) -> list[Span]:
    """The sentences of the span; one that opens with a `joins_previous` word (其中，……) is read
    together with the sentence before it, where its whole is."""
    joins = [ctx.pattern(p) for p in rule.get("joins_previous", [])]
    out: list[Span] = []
    for sentence in ctx.sentences(span):
        opening = ctx.text(sentence).lstrip()[:20]
        if out and any((m := p.search(opening)) and m.start() == 0 for p in joins):
            out[-1] = (out[-1][0], sentence[1])
        else:
            out.append(sentence)
    return out


# This kind's fields as a pack writes them: rules/pack.schema.json and the guide in rules/README.md
# are generated from this (python -m checker.pack.generate).
SCHEMA: dict = {'description': '一句之内的数据要算得对：其中的部分不大于整体、所列各部分之和不超过总数、后一环节不多于前一环节（评查→合格）、比率等于所写件数之比、“个百分点”等于两个比率之差。同一单位族的数字才比较，约数（约、近、超、20余件）不比较。',
 'required': ['check', 'units'],
 'properties': {'check': {'enum': ['part_whole', 'parts_sum', 'rate', 'points'],
                          'description': '做哪一项核算：part_whole 部分不大于整体，parts_sum 各部分之和不超过总数，rate 比率与件数相符，points '
                                         '百分点与两个比率之差相符'},
                'units': {'type': 'array',
                          'items': {'$ref': '#/$defs/words'},
                          'minItems': 1,
                          'description': '单位族：同一族的单位（如 件、起、宗）可以相加比较'},
                'stages': {'type': 'array',
                           'items': {'type': 'object',
                                     'required': ['whole', 'part'],
                                     'additionalProperties': False,
                                     'properties': {'whole': {'$ref': '#/$defs/words', 'description': '前一环节的名称用词（如 评查、抽查）'},
                                                    'part': {'$ref': '#/$defs/words', 'description': '后一环节的名称开头（如 合格、存在问题）'}}},
                           'description': '没有“其中”时也有包含关系的前后环节：后一环节的数不能多于前一环节（part_whole）'},
                'outcomes': {'$ref': '#/$defs/words', 'description': '结果类用词（调解成功、办结……）：“其中”所列各部分到这里为止，它们再数一遍整体，不计入求和（parts_sum）'},
                'approximate': {'$ref': '#/$defs/words', 'description': '数字前表示约数的词（约、近、超过……）；数字后的“余”“多”总是约数'},
                'joins_previous': {'$ref': '#/$defs/regexes',
                                   'description': '以这些词开头的句子（其中，……）与前一句合起来读：它的整体在前一句'},
                'unless': {'type': 'array',
                           'items': {'$ref': '#/$defs/regex'},
                           'description': '句中有这些词（结转、累计……）时不核算'},
                'narrowing': {'$ref': '#/$defs/words', 'description': '件数名称里有、比率名称里没有的这些词（主要、本级……）说明件数只是比率所指的一部分，不核算（rate）'},
                'generic': {'type': 'array',
                            'items': {'type': 'string', 'minLength': 2, 'maxLength': 2},
                            'description': 'rate：不用来把件数和比率对上的两字词（案件、全年……）：比率的名称与件数的名称须另有相同的两个字'},
                'list_ends': {'$ref': '#/$defs/words', 'description': '“其中”所列各部分到这些词（另有、此外……）为止，其后的数不是其中的一项（parts_sum）'},
                'decrease': {'$ref': '#/$defs/words', 'description': '比率名称里有这些词（压减、下降……）时，减少部分之比也算相符：1386家压减至312家，压减率77.5%（rate）'}}}
