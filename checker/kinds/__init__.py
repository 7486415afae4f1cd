"""Rule kinds: each module has `check(rule, ctx) -> Iterator[Finding]`; this dict is the registry.

A new rule of an existing kind is data in a pack; a new kind is a module here, a line
below, and its fields in rules/pack.schema.json.
"""
from __future__ import annotations

import sys
from typing import Callable, Iterator

from ..context import Context
from ..model import Finding
from ..pack import Rule
from . import (causes, correspondence, coverage, deadline, element, figures, indicator, metric, numbering, order,
               phrase, relation, repetition, section, year)

Check = Callable[[Rule, Context], Iterator[Finding]]

KINDS: dict[str, Check] = {
    "section": section.check,
    "phrase": phrase.check,
    "metric": metric.check,
    "indicator": indicator.check,
    "relation": relation.check,
    "year": year.check,
    "element": element.check,
    "deadline": deadline.check,
    "repetition": repetition.check,
    "correspondence": correspondence.check,
    "causes": causes.check,
    "figures": figures.check,
    "coverage": coverage.check,
    "order": order.check,
    "numbering": numbering.check,
}

# kinds that segment text into words (jieba): a pack with one of them loads the dictionary
# once, before any child process starts, rather than once per report
WORD_KINDS = frozenset(name for name, check in KINDS.items()
                       if getattr(sys.modules[check.__module__], "USES_WORDS", False))
