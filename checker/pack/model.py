"""What a rule pack is, once loaded: its sections, its rules and how a rule is changed."""
from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field
from typing import Any, Iterator, Optional

from ..contract import Level
from ..errors import PackError


@dataclass(frozen=True)
class Section:
    id: str
    name: str
    required: bool
    headings: tuple[str, ...]
    not_headings: tuple[str, ...] = ()
    not_inside: tuple[str, ...] = ()
    hint: str = ""
    template: str = ""
    nested_headings: Optional[tuple[str, ...]] = None  # for a heading below the top level (default: headings)
    themes_until: Optional[tuple[str, ...]] = None   # unclaimed top-level headings before these parts are this part
    evidence: Optional[dict] = None                  # how its content shows inside another part
    after: Optional[dict] = None                     # where it stands when its heading misnames it: {part, headings}
    role: Optional[str] = None                       # what the audit compares it as (measures, shortcomings, plan)

    def patterns(self) -> dict[str, list[str]]:
        """Every regular expression the section holds, by field (for load checks and messages)."""
        evidence = self.evidence or {}
        return {"headings": list(self.headings), "not_headings": list(self.not_headings),
                "nested_headings": list(self.nested_headings or ()),
                "after": list((self.after or {}).get("headings", [])),
                "evidence": [p for p in [evidence.get("subject"), evidence.get("not_subject"),
                                         *evidence.get("signals", [])] if p]}


# the rule fields that hold lists of regular expressions
REGEX_FIELDS = ("headings", "not_headings", "patterns", "unless", "mention", "internal", "external", "connectors",
                "consequences", "effects_after")


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    level: Level
    message: str
    weight: float
    basis: dict
    params: dict = field(default_factory=dict)   # the whole rule mapping, kind fields included
    line: Optional[int] = None

    @property
    def section(self) -> Optional[str]:
        return self.params.get("section")

    @property
    def title(self) -> str:
        """A short Chinese name for tables and charts. A pack that gives none gets the message's
        first clause, without its placeholders: never a raw {match} in front of a reader."""
        if self.params.get("title"):
            return self.params["title"]
        first = re.split(r"[。；]", self.message, maxsplit=1)[0]
        first = re.sub(r"[“\"]?\{[^{}]*\}[”\"]?", "…", first)
        first = re.split(r"[：（(](?![^《]*》)|，请", first, maxsplit=1)[0].strip("，、 …") or self.id
        return first if len(first) <= 30 else first[:29] + "…"

    @property
    def table_name(self) -> str:
        """What a table of its results is headed (`table_title`, else the title)."""
        return self.params.get("table_title") or self.title

    @property
    def max_deduction(self) -> float:
        return float(self.params.get("max_deduction", self.weight))

    def get(self, key: str, default: Any = None) -> Any:
        return self.params.get(key, default)

    def patterns(self) -> dict[str, list[str]]:
        """Every regular expression the rule holds, by field, as Section.patterns gives them."""
        return {**{f: list(self.get(f)) for f in REGEX_FIELDS if self.get(f)},
                "areas": [p for area in self.get("areas", []) for p in area["patterns"]],
                "unless_heading": [self.get("unless_heading")] if self.get("unless_heading") else []}

    @property
    def aliases(self) -> tuple[str, ...]:
        """Former ids: configurations and baselines written before a rename still reach the rule."""
        return tuple(self.params.get("aliases", ()))

    def changed(self, **change: Any) -> "Rule":
        """This rule with some fields changed, the one way a pack's `overrides` and a project's
        configuration both change a rule (the rule itself is left as it was). A new weight
        above a rule's own cap raises the cap with it (weight 10 on a rule capped at 6 deducts
        10); a rule with no cap of its own stays capped at its weight, whatever it becomes."""
        params = {**self.params, **change}
        weight = float(change.get("weight", self.weight))
        if "weight" in change and "max_deduction" not in change and "max_deduction" in self.params:
            params["max_deduction"] = max(weight, self.max_deduction)
        return dataclasses.replace(self, level=change.get("level", self.level),
                                   message=change.get("message", self.message), weight=weight, params=params)


@dataclass(frozen=True)
class ReportFrame:
    """How the reports a pack checks name themselves (the pack's `report`): the words every title
    has (`subject`, 法治|依法行政), the subject as written after a unit or a year (`subject_name`,
    2024年法治政府建设) — the frame finders read titles, units and years by them — and the title and
    opening a blank report starts with. Empty: any title ending in 报告 or 总结."""

    subject: str = ""
    subject_name: str = ""
    title: str = "{unit}{year}年度报告"
    opening: str = "现将{unit}{year}年度工作情况报告如下："

    def report_title(self, unit: str, year: Optional[int]) -> str:
        """The title of `unit`'s report on `year` (a year not known is left out)."""
        return (self.title if year else re.sub(r"\{year\}年?度?", "", self.title)).format(unit=unit, year=year)


ANY_REPORT = ReportFrame()   # a pack that does not say: any title ending in 报告 or 总结


@dataclass
class Pack:
    id: str
    version: str
    title: str
    path: Optional[str]
    sections: list[Section]
    rules: list[Rule]
    grades: list[dict]
    dictionary: list[str]
    caps: list[dict] = field(default_factory=list)      # a rule that fires caps the score, with the reason
    boilerplate: list[str] = field(default_factory=list)   # sentences holding these are not evidence of copying
    copying: Optional[dict] = None        # an audit's copy of another unit's report: the score's cap (max, reason)
    description: str = ""
    changelog: list = field(default_factory=list)
    shipped: bool = False                 # one of the packs installed with the tool
    extends: Optional[str] = None         # the id of the pack this one extends
    inherited: frozenset = frozenset()    # ids of the rules taken from it unchanged (its own fixtures test them)
    frame: ReportFrame = field(default_factory=ReportFrame)

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    @functools.cached_property
    def section_names(self) -> dict[str, str]:
        return {s.id: s.name for s in self.sections}

    def section_with_role(self, role: str) -> Optional[Section]:
        return next((s for s in self.sections if s.role == role), None)

    @functools.cached_property
    def passing_min(self) -> float:
        """The lowest score that does not fail (合格's min): the smallest positive grade minimum."""
        return min((band["min"] for band in self.grades if band["min"] > 0), default=0)

    @functools.cached_property
    def rules_by_id(self) -> dict[str, Rule]:
        """Every rule by its id and by each of its aliases."""
        return {name: r for r in self.rules for name in (r.id, *r.aliases)}

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id or alias."""
        try:
            return self.rules_by_id[rule_id]
        except KeyError:
            raise PackError(f"规则包 {self.id} 中没有规则“{rule_id}”") from None

    def canonical(self, rule_id: str) -> str:
        """A rule's current id for an id or alias (unknown ids as they are)."""
        rule = self.rules_by_id.get(rule_id)
        return rule.id if rule else rule_id

    def _pattern_fields(self) -> Iterator[tuple[str, dict[str, list[str]]]]:
        """(where, patterns by field) of each section and rule, named as a message says them."""
        yield from ((f"部分“{s.id}”", s.patterns()) for s in self.sections)
        yield from ((f"规则 {r.id} ", r.patterns()) for r in self.rules)

    def pattern_sources(self) -> set[str]:
        """Every regular expression in the pack, sections' and rules'."""
        return {p for _, fields in self._pattern_fields() for sources in fields.values() for p in sources}

    def field_of(self, pattern: str) -> str:
        """Where a pattern sits in the pack, said for a message: 部分“other”的 headings, 规则 X 的 unless."""
        return next((f"{where}的 {name} " for where, fields in self._pattern_fields()
                     for name, sources in fields.items() if pattern in sources), "")

    @property
    def shown_path(self) -> Optional[str]:
        """Where the pack came from, for a result file: nothing for a pack shipped with the tool
        (its id says which, and the install folder is nobody's business), else the path as given."""
        return None if self.shipped else self.path

    @property
    def enabled_rules(self) -> list[Rule]:
        return [r for r in self.rules if r.params.get("enabled", True)]
