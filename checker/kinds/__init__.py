"""Rule kinds: the registry. Each kind is a module that declares what it does, as yamllint's
rule modules declare their ID, TYPE and CONF:

- `check(rule, ctx) -> Iterator[Finding]`: the findings;
- `USES_WORDS = True` if it segments text into words (jieba), so a batch loads the dictionary
  once before forking;
- `GROUPS`: the named groups each of its `patterns` must have (checked when a pack loads);
- `OUTPUT = "<ReportResult field>"` and `output(rule, ctx)` if it adds something beside its
  findings (rule id → value, None for nothing), with `OUTPUT_ALWAYS = True` if that is wanted
  even where the rule does not apply to the report;
- `SCHEMA`: its fields as a pack writes them, with their Chinese descriptions, from which
  rules/pack.schema.json and the guide are generated (python -m checker.pack.generate).

A new rule of an existing kind is data in a pack; a new kind is a module here and a line
below. The engine names no kind.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Callable, Iterator, Optional

from ..context import Context
from ..model import Finding
from ..pack.model import Rule
from . import (
    arithmetic,
    causes,
    correspondence,
    coverage,
    deadline,
    element,
    figures,
    indicator,
    metric,
    numbering,
    order,
    phrase,
    relation,
    repetition,
    section,
    year,
)

Check = Callable[[Rule, Context], Iterator[Finding]]


@dataclass(frozen=True)
class Kind:
    check: Check
    uses_words: bool = False
    output_field: Optional[str] = None
    output: Optional[Callable[[Rule, Context], Any]] = None
    output_always: bool = False
    groups: tuple[str, ...] = ()
    schema: dict = field(default_factory=dict)
    feeds: dict[str, Callable] = field(default_factory=dict)   # what it gives the audit, by name

    @classmethod
    def of(cls, module: ModuleType) -> "Kind":
        return cls(module.check, getattr(module, "USES_WORDS", False), getattr(module, "OUTPUT", None),
                   getattr(module, "output", None), getattr(module, "OUTPUT_ALWAYS", False),
                   tuple(getattr(module, "GROUPS", ())), module.SCHEMA,
                   {name: getattr(module, name) for name in FEEDS if hasattr(module, name)})


# What a kind may give the audit beside its findings, each a function of one of its rules:
# `deadline_for(rule, year)` the submission deadline, `columns(rule)` (id, name) pairs of the
# sheet's columns for its output field, `stopwords(rule)` words too general to compare.
FEEDS = ("deadline_for", "columns", "stopwords")


def feeding(rules: list[Rule], name: str) -> list[tuple[Rule, Callable]]:
    """Each rule whose kind gives the audit `name`, with the function that gives it: the audit
    asks for what it needs, never for a kind by name."""
    return [(rule, KINDS[rule.kind].feeds[name]) for rule in rules if name in KINDS[rule.kind].feeds]


KINDS: dict[str, Kind] = {name: Kind.of(module) for name, module in {
    "section": section,
    "phrase": phrase,
    "metric": metric,
    "indicator": indicator,
    "relation": relation,
    "year": year,
    "element": element,
    "deadline": deadline,
    "repetition": repetition,
    "correspondence": correspondence,
    "causes": causes,
    "figures": figures,
    "arithmetic": arithmetic,
    "coverage": coverage,
    "order": order,
    "numbering": numbering,
}.items()}

WORD_KINDS = frozenset(name for name, kind in KINDS.items() if kind.uses_words)
OUTPUT_FIELDS = frozenset(kind.output_field for kind in KINDS.values() if kind.output_field)
