"""Reports that copy each other, repeat last year's shortcomings, or drop last year's plan.

Copying: sentences (≥30 characters, none of the pack's boilerplate) are MinHash signatures
of jieba word 3-grams; LSH buckets them, so thousands of reports are compared without
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

from ..pack import Pack
from .features import signatures_of

THRESHOLD = 0.8
MIN_SHARED = 2
GROUP_SHARE = 0.4             # share of the shorter report's sentences that two copies of one text share
REPEAT_JACCARD = 0.6
PLAN_MIN_WORDS = 3            # plan items with fewer content words are too vague to follow up
PLAN_FOLLOWED_SHARE = 0.34    # share of an item's content words that this year's measures must mention

BANDS, ROWS = 16, 4            # 16 bands of 4 rows: pairs above ~0.6 similarity share a bucket


def _candidate_groups(signatures: np.ndarray) -> list[np.ndarray]:
    """LSH banding over the whole signature matrix at once (datasketch's MinHashLSH does the
    same one key at a time in Python, which dominates a warm rerun of thousands of reports)."""
    groups = []
    for band in range(BANDS):
        keys = _band_keys(signatures[:, band * ROWS:(band + 1) * ROWS])
        _, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
        inverse = inverse.ravel()
        rows = np.flatnonzero(counts[inverse] > 1)             # rows that share their bucket
        if not len(rows):
            continue
        order = rows[np.argsort(inverse[rows], kind="stable")]  # each bucket's rows together, by sorting: n log n
        groups.extend(np.split(order, np.flatnonzero(np.diff(inverse[order])) + 1))
    return groups


def _band_keys(rows: np.ndarray) -> np.ndarray:
    """One 64-bit key per row of a band (sorting integers is many times faster than sorting
    byte strings). Two rows with equal keys but different values only add a candidate, which
    the signature comparison then drops."""
    keys = np.zeros(len(rows), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for column in rows.T:
            keys = keys * np.uint64(0x9E3779B97F4A7C15) ^ column
    return keys


def copied(entries: list[tuple[str, dict, bytes]]) -> list[dict]:
    """entries: (path, features, signatures) of readable reports. Pairs, and groups of
    reports that are copies of one text (kind `copied`, with `members`)."""
    owners: list[tuple[str, str, dict]] = []
    blocks = []
    sizes: dict[str, int] = {}
    for path, features, blob in entries:
        rows = signatures_of(blob)
        blocks.append(rows)
        sizes[path] = len(rows)
        owners += [(path, features["unit"] or path, sentence) for sentence in features["sentences"][:len(rows)]]
    if not owners:
        return []
    signatures = np.vstack(blocks)
    linked: set[tuple[int, int]] = set()
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for group in sorted(_candidate_groups(signatures), key=lambda g: int(g[0])):   # sentences in reading order
        first = group[0]
        close = group[(signatures[group] == signatures[first]).mean(axis=1) >= THRESHOLD]
        if len({owners[i][1] for i in close}) < 2:
            continue
        ordered = sorted(close, key=lambda i: owners[i][0])
        origin = ordered[0]
        first_path, first_unit, sentence = owners[origin]
        for i in ordered[1:]:
            path, unit, _ = owners[i]
            if unit != first_unit and path != first_path and (origin, i) not in linked:
                linked.add((origin, i))
                shared[(first_path, path)].append(sentence["excerpt"])
    pairs = {pair: sorted(set(texts), key=texts.index) for pair, texts in shared.items() if len(set(texts)) >= MIN_SHARED}
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
    measures = set(features["measures_words"]) - stop
    for old in previous["plan"]:
        words = set(old["words"]) - stop
        if len(words) >= PLAN_MIN_WORDS and len(words & measures) / len(words) < PLAN_FOLLOWED_SHARE:
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

