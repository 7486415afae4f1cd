"""Baselines: adopt the tool on old reports and see only new findings.

A finding's identity is its rule and the text it points at (never its line number, which
moves when anything above it is edited), per report file name.
"""
from __future__ import annotations

import json
import os
import re
from typing import Iterable

from .errors import CheckerError
from .model import Finding, ReportResult
from .pack.model import Pack
from .support.bounded_read import read_bytes

VERSION = 1


def fingerprint(rule: str, text: str) -> str:
    import hashlib  # here: a check that writes no fingerprint need not load OpenSSL
    normalized = re.sub(r"\s+", "", text or "")
    return hashlib.sha256(f"{rule}\x00{normalized}".encode("utf-8")).hexdigest()[:16]


def _key(path: str) -> str:
    return os.path.basename(path)


MAX_BASELINE_BYTES = 50 * 1024 * 1024   # a baseline of thousands of reports is a few megabytes


def build(results: Iterable[ReportResult]) -> dict:
    reports = {}
    for r in results:
        if r.status == "checked":
            reports[_key(r.path)] = sorted({_entry(f.rule, f.excerpt or f.message) for f in r.findings})
    return {"version": VERSION, "tool": "report-check", "reports": reports}


def load(path: str) -> dict:
    try:
        data = json.loads(read_bytes(path, MAX_BASELINE_BYTES, "基线文件"))
    except (ValueError, RecursionError) as e:
        raise CheckerError(f"基线文件无法读取（{str(e)[:80]}）", path) from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("reports"), dict):
        raise CheckerError("不是 report-check 的基线文件（可用 --write-baseline 生成）", path)
    return data


def unknown_rules(baseline: dict, rule_ids: set[str]) -> set[str]:
    return {entry.split(":", 1)[0] for entries in baseline["reports"].values() for entry in entries} - rule_ids


def _entry(rule: str, text: str) -> str:
    return f"{rule}:{fingerprint(rule, text)}"


def _entries(f: Finding, pack: Pack) -> set[str]:
    """A finding's baseline entry under its rule's id and under each former id (alias)."""
    rule = pack.rules_by_id.get(f.rule)
    return {_entry(name, f.excerpt or f.message) for name in (f.rule, *(rule.aliases if rule else ()))}


def apply(results: list[ReportResult], baseline: dict, pack: Pack) -> int:
    """Drop findings the baseline already knows, under the rule's id or a former one (an
    alias); return how many were dropped."""
    dropped = 0
    for r in results:
        known = set(baseline["reports"].get(_key(r.path), []))
        if not known:
            continue
        kept = [f for f in r.findings if not _entries(f, pack) & known]
        dropped += len(r.findings) - len(kept)
        r.suppressed = len(r.findings) - len(kept)
        r.findings = kept
    return dropped
