"""The bounded pattern runtime every check uses: a pack's regular expressions with the
report year filled in, compiled once, each search of a pattern that no shipped pack holds
limited in time."""
from __future__ import annotations

import functools
import re
from typing import Iterable, Optional

from .errors import CheckerError
from .pattern_needs import Need, needs

_PLACEHOLDER = re.compile(r"\{(year|next_year|prev_year)\}")
_OFFSET = {"year": 0, "next_year": 1, "prev_year": -1}


def fill(pattern: str, year: Optional[int]) -> str:
    """Put the report year into {year}/{next_year}/{prev_year}; with no year known a
    placeholder matches nothing. Other braces (regex quantifiers) are left alone."""
    return _PLACEHOLDER.sub(lambda m: "(?!)" if year is None else str(year + _OFFSET[m.group(1)]), pattern)


REGEX_SECONDS = 2.0     # per search over one report; a sane pattern needs milliseconds
NEEDS_AFTER = 8         # searches of a vouched pattern before what its matches need is worked out


class RegexTimeout(CheckerError):
    """A pack's pattern ran away on some text (catastrophic backtracking)."""

    def __init__(self, pattern: str):
        super().__init__(f"正则表达式“{pattern}”运行超过 {REGEX_SECONDS:g} 秒（回溯过多），请改写该正则")
        self.pattern = pattern


class BoundedPattern:
    """A pack pattern whose every search is bounded in time (the `regex` module's timeouts):
    a pattern from a third-party pack can be slow, never a hang. A pattern of the packs
    shipped with report-check (vouched for) runs with no bound: the bound reads the
    process's CPU clock, two system calls per search, and a check makes about a thousand
    searches (a third of its time here). A vouched pattern searched many times (sentence by
    sentence, report after report) also skips, without running, a stretch that lacks what
    every match of it holds (pattern_needs): working that out costs about ten searches.
    Whether the whole text lacks it is asked once per text: most patterns find nothing in
    most reports, and then each of their sentence-by-sentence searches is a comparison."""

    def __init__(self, source: str, pattern, vouched: bool):
        self.source, self._pattern = source, pattern
        self.groupindex = pattern.groupindex
        self._bound = {} if vouched else {"timeout": REGEX_SECONDS}
        self._needs: tuple[Need, ...] = ()
        self._until_needs = NEEDS_AFTER if vouched else -1   # searches left before its needs are worked out
        self._last: tuple = (None, False)   # the text last searched and whether it lacks them: one attribute, one store

    def _lacks(self, string: str, pos: int, end: int) -> bool:
        if self._until_needs > 0:
            self._until_needs -= 1
            if not self._until_needs:
                self._needs = needs(self._pattern.pattern)   # the year filled in
        if not self._needs:
            return False
        last = self._last
        if last[0] is not string:   # a report is searched stretch by stretch: first ask of it whole
            last = self._last = (string, self._missing(string, 0, len(string)))
        if last[1] or (pos == 0 and end == len(string)):
            return last[1]
        return self._missing(string, pos, end)

    def _missing(self, string: str, pos: int, end: int) -> bool:
        for need in self._needs:
            if (string.find(need, pos, end) < 0) if isinstance(need, str) else (need.search(string, pos, end) is None):
                return True
        return False

    def lacks(self, string: str) -> bool:
        """Whether `string` lacks what every match holds: then no part of it can match."""
        return self._lacks(string, 0, len(string))

    def search(self, string: str, pos: int = 0, endpos: Optional[int] = None):
        return self._run(False, string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: Optional[int] = None) -> list:
        """All matches at once: the time bound holds while they are found, not later."""
        return self._run(True, string, pos, endpos)

    def _run(self, every: bool, string: str, pos: int, endpos: Optional[int]):
        end = len(string) if endpos is None else endpos
        if self._lacks(string, pos, end):
            return [] if every else None
        try:
            if every:
                return list(self._pattern.finditer(string, pos, end, **self._bound))
            return self._pattern.search(string, pos, end, **self._bound)
        except TimeoutError:
            raise RegexTimeout(self.source) from None


_VOUCHED: set[str] = set()


def vouch(sources: Iterable[str]) -> None:
    """The patterns of a pack shipped with report-check: code, run by the tests on the red
    team's hostile texts; a report that still made one run away meets the check's own
    time limit. The same text in another pack is the same pattern, and as safe."""
    _VOUCHED.update(sources)


@functools.lru_cache(maxsize=4096)
def compiled(pattern: str, year: Optional[int] = None) -> BoundedPattern:
    import regex
    return BoundedPattern(pattern, regex.compile(fill(pattern, year), regex.VERSION0), pattern in _VOUCHED)
