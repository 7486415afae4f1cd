"""Reports that copy each other, repeat last year's shortcomings, or drop last year's plan.

Copying: sentences (≥30 characters, none of the pack's boilerplate) are MinHash signatures
of character 3-grams; LSH buckets them, so a whole country's reports are compared without
comparing every pair. Each copied sentence links to the first report (by path) that has
it. Boilerplate is told by what the text is (the pack's list), never by how many units
share it: the more units copy one model report, the more plainly it must show.

Two reports of different units sharing at least MIN_SHARED sentences are a pair; reports
that share at least GROUP_SHARE of their sentences are copies of one text, and all the
reports linked that way are one group, reported once with every member.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Callable, Optional

import numpy as np

from ..pack_model import Pack
from .features import signatures_of

THRESHOLD = 0.8
MIN_SHARED = 2
GROUP_SHARE = 0.4             # share of the shorter report's sentences that two copies of one text share
REPEAT_JACCARD = 0.6
PLAN_MIN_WORDS = 3            # plan items with fewer content words are too vague to follow up
PLAN_FOLLOWED_SHARE = 0.34    # share of an item's content words that this year's measures must mention

BANDS, ROWS = 16, 4            # 16 bands of 4 rows: pairs above ~0.6 similarity share a bucket


def _links(signatures: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(anchor, member) rows: for every LSH bucket (BANDS bands of ROWS rows) that holds two or
    more sentences, its first row paired with each other row whose signature agrees with it on
    at least THRESHOLD of its values. Unique, sorted by anchor then member.

    Buckets are found by sorting one key per row and band (n log n), and every step is over
    whole arrays: datasketch's MinHashLSH does the same one key at a time in Python."""
    n = len(signatures)
    bits = max(1, (n - 1).bit_length())
    low = np.uint64((1 << bits) - 1)
    index = np.arange(n, dtype=np.uint64)
    all_keys = _band_keys(signatures)
    anchors, members = [], []
    for band in range(BANDS):
        # the row number in the low bits of its key: one plain in-place sort (several times faster
        # than argsort) puts each bucket's rows together, in row order
        packed = all_keys[band]
        packed &= ~low
        packed |= index
        packed.sort()
        key = packed >> np.uint64(bits)
        later = np.flatnonzero(key[1:] == key[:-1]) + 1     # rows after the first of their bucket: few
        del key
        if not len(later):
            continue
        # each such row's anchor is its bucket's first row: the row before a run of them
        continues = np.concatenate(([False], later[1:] == later[:-1] + 1))
        first = np.maximum.accumulate(np.where(continues, 0, later - 1))
        anchors.append((packed[first] & low).astype(np.int64))
        members.append((packed[later] & low).astype(np.int64))
    del all_keys
    if not anchors:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    pairs = np.unique(np.concatenate(anchors).astype(np.int64) * n + np.concatenate(members))
    anchor, member = pairs // n, pairs % n
    close = np.concatenate([(signatures[anchor[i:i + _CHUNK]] == signatures[member[i:i + _CHUNK]]).mean(axis=1)
                            >= THRESHOLD for i in range(0, len(pairs), _CHUNK)])
    return anchor[close], member[close]


_CHUNK = 1 << 18   # pairs compared at once: bounds the memory of the comparison


def _band_keys(signatures: np.ndarray) -> np.ndarray:
    """One 64-bit key per band and row, bands first, in one pass over the matrix (a band's
    ROWS uint32 values are ROWS / 2 uint64 words; sorting integers is many times faster than
    sorting byte strings). Two rows with equal keys (or equal in the bits the sort keeps)
    but different values only add a candidate, which the signature comparison then drops."""
    words = np.ascontiguousarray(signatures).view(np.uint64).reshape(len(signatures), BANDS, ROWS // 2)
    keys = words[:, :, 0].copy()
    with np.errstate(over="ignore"):
        for i in range(1, ROWS // 2):
            keys *= np.uint64(0x9E3779B97F4A7C15)
            keys ^= words[:, :, i]
    return np.ascontiguousarray(keys.T)


def copied(entries: list[tuple[str, str, bytes]], excerpt: Callable[[int, int], str]) -> list[dict]:
    """entries: (path, unit, signatures) of readable reports, `unit` empty when unknown;
    excerpt(i, j): the j-th long sentence of entries[i]. Pairs, and groups of reports that
    are copies of one text (kind `copied`, with `members`).

    A sentence found in several reports links the first of them (by path) to each of the
    others of another unit; only the sentences that link are ever looked at one by one."""
    order = sorted(range(len(entries)), key=lambda i: entries[i][0])
    blocks = [signatures_of(entries[i][2]) for i in order]
    sizes = np.array([len(b) for b in blocks], dtype=np.int64)
    if not sizes.sum():
        return []
    signatures = np.concatenate(blocks)
    del blocks
    report = np.repeat(np.arange(len(order)), sizes)
    first_row = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    unit_ids: dict[str, int] = {}
    unit = np.array([unit_ids.setdefault(entries[i][1] or entries[i][0], len(unit_ids)) for i in order])[report]
    anchor, member = _links(signatures)
    del signatures
    other = unit[anchor] != unit[member]
    anchor, member = anchor[other], member[other]
    path = [entries[i][0] for i in order]
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for a, m in zip(anchor.tolist(), member.tolist()):
        ra, rm = int(report[a]), int(report[m])
        shared[(path[ra], path[rm])].append(excerpt(order[ra], a - int(first_row[ra])))
    size = dict(zip(path, sizes.tolist()))
    return _pairs_and_groups(shared, size)


def _pairs_and_groups(shared: dict[tuple[str, str], list[str]], sizes: dict[str, int]) -> list[dict]:
    """The sentences each pair of reports shares (`sizes`: each report's long sentences) as
    pairs, and as groups where they are copies of one text."""
    distinct = {pair: list(dict.fromkeys(texts)) for pair, texts in shared.items()}
    pairs = {pair: texts for pair, texts in distinct.items() if len(texts) >= MIN_SHARED}
    share = {pair: len(texts) / max(min(sizes[pair[0]], sizes[pair[1]]), 1) for pair, texts in pairs.items()}
    copies = [pair for pair in pairs if share[pair] >= GROUP_SHARE]
    members = _components(copies)
    group_of = {path: i for i, group in enumerate(members) for path in group}
    out = []
    for i, group in enumerate(members):
        inner = [pair for pair in copies if group_of[pair[0]] == i]
        texts = list(dict.fromkeys(t for pair in inner for t in pairs[pair]))
        out.append({"a": group[0], "b": group[1], "kind": "copied", "members": group, "excerpt": texts[0],
                    "count": len(texts), "share": round(sum(share[p] for p in inner) / len(inner), 2)})
    for (a, b), texts in sorted(pairs.items()):
        if a not in group_of or group_of.get(a) != group_of.get(b):
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
    return {w for r in pack.enabled_rules if r.kind == "correspondence" for w in r.get("stopwords", [])}


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


def last_year_pairs(current: list[tuple[str, dict]], previous: list[tuple[str, dict]], stop: set[str],
                    lookup: Optional[Callable[[str, int], Optional[tuple[str, dict]]]] = None) -> list[dict]:
    """Match units with last year's reports (by unit name) and compare them."""
    by_unit = {f["unit"]: (p, f) for p, f in previous if f and f.get("unit")}
    out = []
    for path, features in current:
        if not features or not features.get("unit"):
            continue
        match = by_unit.get(features["unit"])
        if match is None and lookup and features.get("year"):
            match = lookup(features["unit"], features["year"] - 1)
        if match:
            out += against_last_year(path, features, match[0], match[1], stop)
    return out

