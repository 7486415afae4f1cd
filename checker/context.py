"""What a rule kind sees of one report: its text, outline, placed sections, and helpers
to cut a scope into items or sentences and to turn a span into a Finding."""
from __future__ import annotations

import string
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Optional

from . import spans
from .frame.units import own_area
from .model import Document, Finding, Node, Outline, Placement, Span, Suggestion
from .pack.model import Pack, Rule
from .patterns import BoundedPattern, compiled
from .privacy import mask_pii


def fill_message(template: str, values: dict) -> str:
    """A pack's message with {name} replaced by its value (unknown names left as written).
    No format specs, no attribute or index lookups: a template from another office can
    neither crash a check nor make it slow ({year:>400000000}); the loader refuses those."""
    out = []
    for literal, name, _spec, _conversion in string.Formatter().parse(template):
        out.append(literal)
        if name is not None:
            out.append(str(values[name]) if name in values else "{" + name + "}")
    return "".join(out)


@dataclass
class Context:
    document: Document
    outline: Outline
    placements: dict[str, Placement]
    pack: Pack
    _memo: dict = field(default_factory=dict, repr=False)

    def once(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """A value computed once per report, however many stages ask for it."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @property
    def norm(self) -> str:
        return self.document.norm

    @property
    def year(self) -> Optional[int]:
        return self.outline.year

    @property
    def own_area(self) -> Optional[str]:
        """The word for the reporting unit's own area (市 for a city, 街道 for a street)."""
        return own_area(self.outline.issuer)

    def pattern(self, source: str) -> BoundedPattern:
        return compiled(source, self.year)

    def any_match(self, sources: list[str], text: str) -> bool:
        return any(self.pattern(p).search(text) for p in sources)

    def present(self, sources: list[str]) -> list[BoundedPattern]:
        """The patterns of `sources` that can match somewhere in this report. One whose needs
        the whole text lacks matches in no part of it, so a rule that reads the report sentence
        by sentence asks once, not once a sentence. Keyed by the list itself (a pack's), which
        the memo keeps alive."""
        key = ("present", id(sources))
        if key not in self._memo:
            self._memo[key] = (sources, [p for p in map(self.pattern, sources) if not p.lacks(self.norm)])
        return self._memo[key][1]

    def any_match_in(self, sources: list[str], span: Span) -> bool:
        """any_match on a part of this report's text."""
        present = self.present(sources)
        if not present:
            return False
        text = self.text(span)
        return any(p.search(text) for p in present)

    # ------------------------------------------------------------ scopes

    def section_node(self, section_id: Optional[str]) -> Optional[Node]:
        placement = self.placements.get(section_id) if section_id else None
        return placement.node if placement else None

    def scope_spans(self, rule: Rule) -> list[Span]:
        """The text a rule looks at: a section's body, or a named part of the report.
        Empty when that part is not in the report (the rule then has nothing to say)."""
        if rule.section:
            node = self.section_node(rule.section)
            return [node.body_span] if node else []
        o = self.outline
        scope = rule.get("scope", "whole")
        if scope == "whole":
            return [(0, len(self.norm))]
        if scope == "body":
            return [(o.preamble_span[0], o.body_end)]
        if scope == "preamble":
            return [o.preamble_span]
        if scope == "title":
            return [o.title_span] if o.title_span else []
        if scope == "addressee":
            return [o.addressee_span] if o.addressee_span else []
        if scope == "issuer" and o.issuer:
            start = self.norm.find(o.issuer)
            return [(start, start + len(o.issuer))] if start >= 0 else []
        return []

    def text(self, span: Span) -> str:
        return self.norm[span[0]:span[1]]

    def items(self, rule: Rule) -> list[Span]:
        """The enumerated items of a section (its direct children: 一是…, （一）…), or its
        paragraphs when it has none; for other scopes, the scope itself."""
        if rule.section:
            return self.section_items(rule.section)
        return self.scope_spans(rule)

    def section_items(self, section_id: str) -> list[Span]:
        node = self.section_node(section_id)
        return spans.items(self.norm, node) if node is not None else []

    def paragraphs(self, span: Span) -> list[Span]:
        return spans.paragraphs(self.norm, span)

    def sentences(self, span: Span) -> tuple[Span, ...]:
        """Cut once per report and span, however many rules read the same scope."""
        return self.once(("sentences", span), lambda: tuple(spans.sentences(self.norm, span)))

    def units(self, rule: Rule) -> list[Span]:
        per = rule.get("per", "section")
        if per == "item":
            return self.items(rule)
        if per == "sentence":
            return [s for span in self.scope_spans(rule) for s in self.sentences(span)]
        if per == "heading":
            node = self.section_node(rule.section) if rule.section else None
            return [(node.start, node.title_span[1])] if node is not None and node.title else []
        return self.scope_spans(rule)

    # ------------------------------------------------------------ findings

    def finding(self, rule: Rule, span: Optional[Span] = None, section: Optional[str] = None,
                excerpt: Optional[str] = None, suggestion: Optional[Suggestion] = None, **values) -> Finding:
        section = section or rule.section
        variables = dict(year=self.year or "?", next_year=(self.year + 1) if self.year else "?",
                         section_name=self.pack.section(section).name if section else "全文",
                         unit=self.document.line_unit)
        variables.update({k: v for k, v in values.items() if v is not None})
        line = self.document.line_of(span[0]) if span else None
        if excerpt is None and span:
            excerpt = self.document.excerpt(span)
        return Finding(rule=rule.id, level=rule.level, message=mask_pii(fill_message(rule.message, variables)),
                       section=section, span=span, line=line, column=self.document.column_of(span[0]) if span else None,
                       excerpt=excerpt, suggestion=suggestion if rule.get("suggest") else None,
                       weakens=bool(rule.get("weakens", False)),
                       subject=mask_pii(values["item"]) if values.get("item") else None,
                       certainty="judgment" if rule.get("judgment") else "proven")

    def heading_span(self, section_id: Optional[str]) -> Optional[Span]:
        node = self.section_node(section_id)
        return (node.start, node.title_span[1]) if node else None


def iter_matches(ctx: Context, patterns: list[str], span: Span) -> Iterator:
    for pattern in ctx.present(patterns):
        yield from pattern.finditer(ctx.norm, span[0], span[1])
