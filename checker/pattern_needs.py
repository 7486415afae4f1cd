"""What every match of a regular expression must contain, so that a stretch of text lacking
it is skipped without running the expression: a sentence with no 公司 cannot name a company,
one with no digit cannot give a figure. Read from the standard library's parse of the
pattern, only where a match cannot avoid it: through groups, repeats of at least one and
lookaheads; never through optional parts, lookbehinds or a case-insensitive flag.

A need is a literal (found with str.find) or a small compiled expression: one of several
literals (an alternation each of whose branches holds one), or a digit or one of a few
characters (a character class). Scanning for them is a single pass in C."""
from __future__ import annotations

import re
from re import _constants as c  # type: ignore[attr-defined]  # the standard library's own regex parser
from re import _parser  # type: ignore[attr-defined]
from typing import Union

Need = Union[str, re.Pattern]

MOST = 3              # needs checked per search: the most telling ones
_SMALL_RANGE = 64     # a character class wider than this holds too much text to tell anything


def needs(pattern: str) -> tuple[Need, ...]:
    """Up to MOST things every match of `pattern` contains: the longest literal first, then
    alternatives of literals, then character classes."""
    try:
        parsed = _parser.parse(pattern)
    except Exception:   # the standard engine cannot read it: no shortcut
        return ()
    if parsed.state.flags & re.IGNORECASE:
        return ()
    runs: list[str] = []
    choices: list[tuple[str, ...]] = []
    classes: list[str] = []
    _walk(parsed, runs, choices, classes)
    literal = max(runs, key=len)
    found: list[Need] = [literal] if literal else []
    found += [re.compile("|".join(map(re.escape, sorted(set(words), key=lambda w: (-len(w), w)))))
              for words in dict.fromkeys(choices)
              if not (literal and any(w in literal for w in words))]   # else the literal already answers it
    found += [re.compile(cls) for cls in dict.fromkeys(classes)]
    return tuple(found[:MOST])


def _walk(items, runs: list[str], choices: list[tuple[str, ...]], classes: list[str]) -> None:
    run = ""
    for op, arg in items:
        if op is c.LITERAL:
            run += chr(arg)
            continue
        runs.append(run)
        run = ""
        if op is c.SUBPATTERN and not arg[1] & re.IGNORECASE:
            _walk(arg[3], runs, choices, classes)
        elif op is c.ASSERT and arg[0] == 1:
            _walk(arg[1], runs, choices, classes)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and arg[0] >= 1:
            _walk(arg[2], runs, choices, classes)
        elif op is c.BRANCH:
            words = [_longest_literal(branch) for branch in arg[1]]
            if all(words):
                choices.append(tuple(words))
        elif op is c.IN:
            cls = _small_class(arg)
            if cls:
                classes.append(cls)
    runs.append(run)


def _longest_literal(items) -> str:
    runs: list[str] = []
    _walk(items, runs, [], [])
    return max(runs, key=len)


_CATEGORIES = {c.CATEGORY_DIGIT: r"\d"}


def _small_class(items) -> str:
    """The class as an expression when it is telling (a digit, a few characters), else ''."""
    parts = []
    for op, arg in items:
        if op is c.LITERAL:
            parts.append(f"\\U{arg:08x}")
        elif op is c.RANGE and arg[1] - arg[0] < _SMALL_RANGE:
            parts.append(f"\\U{arg[0]:08x}-\\U{arg[1]:08x}")
        elif op is c.CATEGORY and arg in _CATEGORIES:
            parts.append(_CATEGORIES[arg])
        else:   # negated, wide or a category that holds most text
            return ""
    return f"[{''.join(parts)}]" if parts else ""
