"""Reports that copy each other, repeat last year's shortcomings, or drop last year's plan.

Copying: sentences (≥30 characters, none of the pack's boilerplate) are MinHash signatures
of character 3-grams; LSH buckets them, so a whole country's reports are compared without
comparing every pair. Each copied sentence links to the first report (by path) that has
it. Boilerplate is told by what the text is (the pack's list), never by how many units
share it: the more units copy one model report, the more plainly it must show.

Two reports of different units sharing at least MIN_SHARED sentences are a pair; reports
that share at least GROUP_SHARE of their sentences are copies of one text, and all the
reports linked that way are one group, reported once with every member: `copied` when its
members come from two units or more, `duplicate` (one unit's report sent twice, as the
same file under two names or as .docx and .pdf) when from one. Two reports of one unit
that share less are no finding: a unit may repeat itself.
"""
from __future__ import annotations

import os
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Callable, Literal, Optional, Protocol

import numpy as np

from ..kinds import feeding
from ..pack.model import Pack
from .roster import named_in_file, one_unit
from .signature_store import PLANE, SignatureStore

FORMAT = 2                    # what copied() finds: a similarity an earlier format found is not reused
THRESHOLD = 0.8
MIN_SHARED = 2
GROUP_SHARE = 0.4             # share of the shorter report's sentences that two copies of one text share
REPEAT_JACCARD = 0.6
PLAN_MIN_WORDS = 3            # plan items with fewer content words are too vague to follow up
PLAN_FOLLOWED_SHARE = 0.34    # share of an item's content words that this year's measures must mention

BANDS, ROWS = 16, 4            # 16 bands of 4 rows: pairs above ~0.6 similarity share a bucket


class _Ranks:
    """The store's rows numbered in the order of their reports' paths (a row's rank), and
    back: a sentence many reports share links the first of them by path, whatever order
    their answers arrived in."""

    def __init__(self, store: SignatureStore) -> None:
        self.reports = sorted(store.reports, key=lambda r: r.path)
        self.sizes = np.array([r.count for r in self.reports], dtype=np.int64)
        self.first = np.concatenate(([0], np.cumsum(self.sizes)[:-1]))          # each report's first rank
        self._stored = np.array([r.first for r in self.reports], dtype=np.int64)
        filled = np.flatnonzero(self.sizes)
        in_store = filled[np.argsort(self._stored[filled])]
        self._store_first = self._stored[in_store]         # strictly ascending: empty reports left out
        self._shift = (self.first - self._stored)[in_store]

    def of_rows(self, start: int, stop: int) -> np.ndarray:
        """The ranks of the store's rows start … stop - 1."""
        lo = np.searchsorted(self._store_first, start, side="right") - 1
        hi = np.searchsorted(self._store_first, stop)
        firsts = np.maximum(self._store_first[lo:hi], start)
        return np.arange(start, stop) + np.repeat(self._shift[lo:hi], np.diff(np.append(firsts, stop)))

    def report_of(self, ranks: np.ndarray) -> np.ndarray:
        """The report (its index in path order) each rank is a sentence of (an empty report
        shares its first rank with the next, which the search finds)."""
        return np.searchsorted(self.first, ranks, side="right") - 1

    def rows_of(self, ranks: np.ndarray) -> np.ndarray:
        report = self.report_of(ranks)
        return self._stored[report] + ranks - self.first[report]


def _links(store: SignatureStore, ranks: _Ranks, threads: int) -> tuple[np.ndarray, np.ndarray]:
    """(anchor, member) ranks of the store's rows: for every LSH bucket (BANDS bands of ROWS
    rows) that holds two or more sentences, its first rank paired with each other rank whose
    signature agrees with it on at least THRESHOLD of its values. Unique, sorted by anchor
    then member.

    Buckets are found by sorting one key per row and band (n log n), every step over whole
    arrays (datasketch's MinHashLSH does the same one key at a time in Python). Only the band
    keys are made, a few bands at a time, and only the signatures of candidate rows are
    gathered to compare them. Memory is time here: on the VM the benchmarks ran on, memory a
    process first touches costs 0.6 to 2.5 ms a MB (the more when the kernel has to gather
    huge pages for it)."""
    n = store.rows
    if n < 2:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    bits = (n - 1).bit_length()
    keys = np.zeros((_bands_at_once(threads), n), dtype=np.uint64)   # first touched by the threads that key it
    pages, found = store.pages(), []
    with ThreadPoolExecutor(threads) as pool:    # numpy's arithmetic and sorting release the GIL
        for first in range(0, BANDS, len(keys)):
            list(pool.map(partial(_band_keys, keys, first, bits, ranks), pages))
            found += [pairs for pairs in pool.map(partial(_bucket_pairs, bits=bits, n=n), keys) if pairs is not None]
    del keys
    if not found:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    # each band's pairs come sorted: a stable sort (timsort) merges the runs; when many reports
    # copy one text, every band holds the same pairs, and sorting them all afresh took longer
    pairs = _distinct(np.concatenate(found), kind="stable")
    anchor, member = pairs // n, pairs % n
    rows = _distinct(np.concatenate([anchor, member]))
    signatures = store.take(ranks.rows_of(rows))
    a, m = np.searchsorted(rows, anchor), np.searchsorted(rows, member)
    close = np.concatenate([(signatures[a[i:i + _CHUNK]] == signatures[m[i:i + _CHUNK]]).mean(axis=1)
                            >= THRESHOLD for i in range(0, len(pairs), _CHUNK)])
    return anchor[close], member[close]


_CHUNK = 1 << 15          # pairs compared at once: a few MB, which the allocator reuses
MOST_THREADS = 4         # pages keyed and bands sorted in parallel by at most this many threads (fewer with a lower -j)


def _bands_at_once(threads: int) -> int:
    """Bands keyed in one pass over the pages: a plane of the store (two bands) for every two
    threads, so that each thread sorts a band of its own. Fewer bands at once is less memory
    first touched (two threads: 136 MB of keys at 130,000 reports, not 272), and as the
    pages are read a plane at a time, more passes read no more."""
    return PLANE // ROWS * max(1, threads // 2)


def _distinct(values: np.ndarray, kind: Literal["quicksort", "stable"] = "quicksort") -> np.ndarray:
    """The distinct values, sorted (numpy's unique hashes them first, many times slower here)."""
    values.sort(kind=kind)
    return values[_starts(values)]


def _starts(*columns: np.ndarray) -> np.ndarray:
    """Where each run of equal rows begins in columns sorted together (a row is its values
    in every column)."""
    start = np.ones(len(columns[0]), bool)
    if len(start) > 1:
        start[1:] = np.logical_or.reduce([column[1:] != column[:-1] for column in columns])
    return start


def _bucket_pairs(packed: np.ndarray, bits: int, n: int) -> Optional[np.ndarray]:
    """One band's (anchor, member) ranks as anchor·n + member, distinct and sorted, `packed`
    holding each row's key with its rank in its low `bits`. One plain sort in place puts
    each bucket's rows together, in rank order: numpy 2 sorts 64-bit integers with SIMD,
    faster than argsort and than sorting cache-sized shards of the band (15 vs 29 ns a row at
    8.5 million rows), and with no memory beyond the band's own keys."""
    packed.sort()
    later = np.concatenate([_repeats(packed[max(start - 1, 0):start + _SCAN], bits) + max(start - 1, 0)
                            for start in range(0, len(packed), _SCAN)])
    if not len(later):
        return None
    # each such row's anchor is its bucket's first row: the row before a run of them
    continues = np.concatenate(([False], later[1:] == later[:-1] + 1))
    first = np.maximum.accumulate(np.where(continues, 0, later - 1))
    low = np.uint64((1 << bits) - 1)
    anchor, member = ((packed[rows] & low).astype(np.int64) for rows in (first, later))
    return _distinct(anchor * n + member)


def _repeats(packed: np.ndarray, bits: int) -> np.ndarray:
    """Positions of the rows of sorted `packed` whose key is the row's before: few."""
    high = packed >> np.uint64(bits)
    return np.flatnonzero(high[1:] == high[:-1]) + 1


_SCAN = 1 << 18           # sorted keys scanned at once for repeats: a few MB, which the allocator reuses


def _band_keys(keys: np.ndarray, first: int, bits: int, ranks: _Ranks, page: tuple[int, np.ndarray]) -> None:
    """Fill `keys` with one 64-bit key per band (from band `first` on) for the rows of one
    page, each with its rank in the low `bits`. A band's ROWS uint32 values are ROWS / 2
    uint64 words, folded into one: sorting integers is many times faster than sorting byte
    strings. Two rows with equal keys (or equal in the bits the sort keeps) but different
    values only add a candidate, which the signature comparison then drops."""
    start, planes = page
    held = planes.shape[1]
    rank = ranks.of_rows(start, start + held).astype(np.uint64)
    high = ~np.uint64((1 << bits) - 1)
    for band, out in enumerate(keys[:, start:start + held], first):
        plane, at = divmod(band * ROWS, PLANE)
        words = planes[plane, :, at:at + ROWS].view(np.uint64)
        out[:] = words[:, 0]
        with np.errstate(over="ignore"):
            for i in range(1, ROWS // 2):
                out *= np.uint64(0x9E3779B97F4A7C15)
                out ^= words[:, i]
        out &= high
        out |= rank


def copied(store: SignatureStore, excerpt: Callable[[str, int], str],
           threads: int = os.cpu_count() or 1) -> list[dict]:
    """The store's reports (their units empty when unknown; excerpt(path, j): the j-th long
    sentence of that report) as pairs, and groups of reports that are copies of one text
    (kind `copied` or `duplicate`, with `members`). At most `threads` threads: the audit's
    -j, so an office that gives the audit one core gets one.

    A sentence found in several reports links the first of them (by path) to each of the
    others; only the sentences that link are ever looked at one by one."""
    ranks = _Ranks(store)
    if not ranks.sizes.sum():
        return []
    anchor, member = _links(store, ranks, max(1, min(threads, MOST_THREADS)))
    # the reports of the few linked rows, looked up: not a report number kept for every row
    a, b = ranks.report_of(anchor), ranks.report_of(member)
    other = a != b               # a sentence a report repeats is no link
    a, b, anchor = a[other], b[other], anchor[other]
    report_of = dict(zip(anchor.tolist(), a.tolist()))
    path = [r.path for r in ranks.reports]
    shared = {(path[x], path[y]): texts for (x, y), texts in _shared_texts(
        a, b, anchor, lambda row: excerpt(path[report_of[row]], row - int(ranks.first[report_of[row]]))).items()}
    units = {r.path: r.unit for r in ranks.reports}
    return _pairs_and_groups(shared, dict(zip(path, ranks.sizes.tolist())), lambda paths: _one_unit(paths, units))


def _shared_texts(a: np.ndarray, b: np.ndarray, row: np.ndarray,
                  excerpt: Callable[[int], str]) -> dict[tuple[int, int], list[str]]:
    """Links (report a's sentence `row` found in report b), in order, as the distinct texts
    each pair of reports linked by MIN_SHARED sentences or more shares: pairs in the order of
    their first link, texts in the order they first link the pair. Sorted in arrays: a mass
    copy of one model makes hundreds of thousands of links, and only each distinct anchor
    sentence is looked up, once."""
    if not len(row):
        return {}
    pair = a * (int(max(a.max(), b.max())) + 1) + b
    by = np.lexsort((row, pair))
    p, r = pair[by], row[by]
    pairs, rows_each = np.unique(p[_starts(p, r)], return_counts=True)
    # a pair linked by fewer distinct sentences shares fewer texts than a pair needs: most
    # pairs, that share one phrase many units use, are dropped before a sentence is looked up
    kept = np.isin(pair, pairs[rows_each >= MIN_SHARED])
    a, b, row, pair = a[kept], b[kept], row[kept], pair[kept]
    if not len(row):
        return {}
    rows, inverse = np.unique(row, return_inverse=True)
    ids: dict[str, int] = {}
    text_id = np.array([ids.setdefault(excerpt(r), len(ids)) for r in rows.tolist()])[inverse]
    texts = list(ids)
    by = np.lexsort((np.arange(len(row)), text_id, pair))
    links = np.sort(by[_starts(pair[by], text_id[by])])                      # each pair's first link of each text, in link order
    _, pair_first, pair_of = np.unique(pair[links], return_index=True, return_inverse=True)
    rank = np.argsort(np.argsort(pair_first))        # pairs in the order of their first link
    links = links[np.lexsort((links, rank[pair_of]))]
    cuts = np.flatnonzero(pair[links][1:] != pair[links][:-1]) + 1
    return {(int(a[group[0]]), int(b[group[0]])): [texts[t] for t in text_id[group].tolist()]
            for group in np.split(links, cuts)}


def _one_unit(paths: list[str], units: dict[str, str]) -> bool:
    """Whether reports are one unit's: their texts name one unit (`units`; empty when a text
    names none), and their file names name no other (乙街道.docx holding 甲街道's report
    unchanged is two units' report)."""
    named = [name for name in map(named_in_file, paths) if name]
    return one_unit([units[p] for p in paths]) and (not named or one_unit(named))


def _pairs_and_groups(shared: dict[tuple[str, str], list[str]], sizes: dict[str, int],
                      one: Callable[[list[str]], bool]) -> list[dict]:
    """The distinct sentences each pair of reports shares (`sizes`: each report's long
    sentences; `one`: whether reports are one unit's) as pairs of different units, and as
    groups where they are copies of one text."""
    pairs = {pair: texts for pair, texts in shared.items() if len(texts) >= MIN_SHARED}
    share = {pair: len(texts) / max(min(sizes[pair[0]], sizes[pair[1]]), 1) for pair, texts in pairs.items()}
    copies = [pair for pair in pairs if share[pair] >= GROUP_SHARE]
    members = _components(copies)
    group_of = {path: i for i, group in enumerate(members) for path in group}
    within: list[list[tuple[str, str]]] = [[] for _ in members]
    for pair in copies:
        within[group_of[pair[0]]].append(pair)
    out = []
    for group, inner in zip(members, within):
        texts = list(dict.fromkeys(t for pair in inner for t in pairs[pair]))
        kind = "duplicate" if one(group) else "copied"
        out.append({"a": group[0], "b": group[1], "kind": kind, "members": group, "excerpt": texts[0],
                    "count": len(texts), "share": round(sum(share[p] for p in inner) / len(inner), 2)})
    for (a, b), texts in sorted(pairs.items()):
        if (a not in group_of or group_of.get(a) != group_of.get(b)) and not one([a, b]):
            out.append({"a": a, "b": b, "kind": "copied", "excerpt": texts[0], "count": len(texts),
                        "share": round(share[(a, b)], 2)})
    return out


def _components(edges: list[tuple[str, str]]) -> list[list[str]]:
    """Reports joined by edges, as sorted groups in order of their first member."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    for a, b in edges:
        parent[root(a)] = root(b)
    groups: dict[str, list[str]] = defaultdict(list)
    for x in parent:
        groups[root(x)].append(x)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def stopwords(pack: Pack) -> set[str]:
    """Words too general to show a repeat or a follow-up: the pack's own list, the one its
    shortcoming-to-plan rule (correspondence) uses."""
    return {w for rule, words in feeding(pack.enabled_rules, "stopwords") for w in words(rule)}


def against_last_year(path: str, features: dict, previous_path: str, previous: dict, stop: set[str]) -> list[dict]:
    """This year's shortcomings that repeat last year's; last year's plan items that this
    year's measures never mention."""
    out = []
    for item in features["shortcomings"]:
        words = set(item["words"]) - stop
        for old in previous["shortcomings"]:
            if _jaccard(words, set(old["words"]) - stop) >= REPEAT_JACCARD:
                out.append({"a": previous_path, "b": path, "kind": "repeated_from_last_year",
                            "excerpt": item["text"], "previous": old["text"]})
                break
    measures = features["measures_text"]
    for old in previous["plan"]:
        words = set(old["words"]) - stop
        if len(words) >= PLAN_MIN_WORDS and sum(w in measures for w in words) / len(words) < PLAN_FOLLOWED_SHARE:
            out.append({"a": previous_path, "b": path, "kind": "plan_not_followed", "excerpt": old["text"]})
    return out


class Compared(Protocol):
    """A checked report as the year-to-year comparison reads it: its unit and year at hand,
    its features parsed only if it has a report to be compared with."""
    path: str
    unit: str
    year: Optional[int]

    @property
    def features(self) -> Optional[dict]: ...


def last_year_pairs(current: list[Compared], previous: list[Compared], stop: set[str]) -> list[dict]:
    """Match units with last year's reports (by unit name) and compare them. Last year's reports
    are only those the user gave (`--previous`): a report some other audit once saw is never one."""
    by_unit = {c.unit: c for c in previous if c.unit}
    out = []
    for report in current:
        earlier = by_unit.get(report.unit) if report.unit else None
        if earlier and earlier.features and report.features:
            out += against_last_year(report.path, report.features, earlier.path, earlier.features, stop)
    return out

