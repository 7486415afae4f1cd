"""Batch audit for the supervising office: many reports in, one table out.

collect → runner (cache, bounded checking children) → similarity → table → writers. A file
that cannot be read, or that crashes the child checking it, is a row that says why; the
batch goes on.
"""
from __future__ import annotations

import hashlib
import json
import time
from datetime import date
from typing import Callable, Optional

from .. import __version__
from ..collect import Collected, collect
from ..documents import supported_extensions
from ..errors import CheckerError, describe_oserror
from ..pack.model import Pack
from ..support.filenames import is_utf8, readable_everywhere
from . import similarity
from .cache import Cache, CacheUnusable, open_cache, set_aside
from .copies import mark_copies
from .roster import Roster, Sent
from .roster import match as roster_match
from .runner import Checked, run
from .second_round import mark_last_year
from .signature_store import SignatureStore
from .table import AuditData, unit_of
from .worker import unreadable


def pack_fingerprint(pack: Pack) -> str:
    """Changes whenever anything that affects results changes: pack content or tool version."""
    payload = json.dumps({"tool": __version__, "id": pack.id, "version": pack.version,
                          "sections": [s.__dict__ for s in pack.sections],
                          "rules": [{**r.params, "level": r.level, "weight": r.weight, "message": r.message}
                                    for r in pack.rules],
                          "grades": pack.grades, "dictionary": pack.dictionary, "boilerplate": pack.boilerplate},
                         ensure_ascii=False, sort_keys=True, default=list)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:24]


def _batch_key(done: list[Checked], last_year: list[Checked]) -> str:
    """Identifies exactly this set of files (content and path), this year's and last year's,
    and what similarity finds in them."""
    payload = json.dumps([[(c.path, c.key) for c in done], [(c.path, c.key) for c in last_year], similarity.FORMAT])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _read_features(c: Checked, cache: Optional[Cache], fingerprint: str) -> Optional[bytes]:
    """A cache hit's features, read now that they are needed; its signatures (None for a report
    checked afresh, whose features came with its answer)."""
    if c.features_json is not None or not cache or not c.key:
        return None
    c.features_json, signatures, c.unit, c.year = cache.features(c.key, fingerprint)
    return signatures


def _with_features(checked: list[Checked], cache: Optional[Cache], fingerprint: str,
                   store: Optional[SignatureStore], again: Callable[[list[str]], list[Checked]]) -> list[Checked]:
    """Every report with its features: a cache hit's are read now (its signatures join `store`);
    one the cache can no longer give (a row damaged inside, the cache turned off mid-run) is
    checked again, for a report compared with nothing would quietly lose its 雷同 marks."""
    lost = []
    for c in checked:
        signatures = _read_features(c, cache, fingerprint)
        if c.cached and c.features_json is None:
            lost.append(c.path)
        elif signatures is not None and store is not None and c.comparable:
            store.add(c.path, c.unit, signatures)
    if not lost:
        return checked
    redone = {c.path: c for c in again(lost)}
    return [redone.get(c.path, c) for c in checked]


def _similarity(done: list[Checked], last_year: list[Checked], store: SignatureStore, pack: Pack,
                jobs: int) -> list[dict]:
    """`store` holds the signatures of every report of this year."""
    readable = {c.path: c for c in done if c.comparable}
    copies = similarity.copied(store, lambda path, j: readable[path].excerpts[j], threads=jobs)
    return copies + similarity.last_year_pairs(
        list(readable.values()), [c for c in last_year if c.features_json], similarity.stopwords(pack))


def _say_how_the_cache_was(cache: Cache, path: str, warn: Callable[[str], None]) -> None:
    """A cache found damaged (SQLite's error mid-run, or rows whose checksum no longer matches:
    damage SQLite's own check does not see) is not trusted again: set aside now, rebuilt next
    time. This run's results do not depend on it: what it could not give was checked again."""
    if cache.failed and not cache.damaged:
        warn(f"{path}: 运行中缓存文件无法写入或长时间被其他程序占用，其后未再使用缓存（文件本身未改动）")
    if not (cache.damaged or cache.dropped):
        return
    what = f"{cache.dropped} 条结果与其校验值不符" if cache.dropped else "运行中读写出错"
    try:
        where = f"已移到 {set_aside(path)}，下次运行时重新建立"
    except OSError as e:
        where = f"无法移开（{describe_oserror(e)}），请删除它"
    warn(f"{path}: 缓存文件已损坏（{what}），本次没有用到损坏的部分，相应的报告已重新检查；缓存{where}")


def _nothing_to_audit(paths: list[str], found: Collected) -> str:
    """Why an audit found no report: a file named that is not one says so itself (名单.xlsx: not a
    report's format), as a folder holding only it does."""
    named = [f"{path}：{why}" for path, why in found.skipped if path in paths]
    if named:
        roster = "；应报送单位名单请用 --expected 指定" if any(p.lower().endswith((".xlsx", ".csv")) for p in paths) else ""
        return f"没有可检查的报告：{'；'.join(named)}{roster}。未写结果文件"
    others = f"；其中有 {len(found.skipped)} 个文件不是报告的格式" if found.skipped else ""
    return f"{'、'.join(paths)} 中没有可检查的报告（支持 {'、'.join(supported_extensions())}）{others}，未写结果文件"


def run_audit(paths: list[str], pack: Pack, jobs: int, cache_path: Optional[str],
              max_bytes: int, previous: Optional[list[str]] = None, deadline: Optional[date] = None,
              progress: Callable[[int], None] = lambda n: None,
              on_total: Callable[[int], None] = lambda n: None,
              warn: Callable[[str], None] = lambda message: None,
              roster: Optional[Roster] = None, year: Optional[int] = None) -> AuditData:
    started = time.perf_counter()
    found = collect(paths)
    if found.missing:
        raise CheckerError("找不到：" + "、".join(found.missing) + "（文件夹不存在），未开始审查")
    if not found.files and not found.problems:
        raise CheckerError(_nothing_to_audit(paths, found))
    files, not_checked = found.files, found.problems
    previous_files = collect(previous).files if previous else []
    on_total(len(files) + len(previous_files))
    fingerprint = pack_fingerprint(pack)
    cache = None
    if cache_path:
        try:
            cache = open_cache(cache_path, warn)
        except CacheUnusable:
            warn(f"{cache_path}: 缓存文件无法打开、无法写入或长时间被其他程序占用，本次不用缓存")
    try:
        store = SignatureStore()
        done, stats = run(files, pack, fingerprint, jobs, cache, max_bytes, progress, store)
        last_year, last_stats = run(previous_files, pack, fingerprint, jobs, cache, max_bytes, progress) \
            if previous_files and not stats.interrupted else ([], None)
        batch = _batch_key(done, last_year)
        similar = cache.get_similar(batch, fingerprint) if cache else None
        if similar is None:
            done = _with_features(done, cache, fingerprint, store, lambda lost: run(
                lost, pack, fingerprint, jobs, cache, max_bytes, progress, store)[0])
            last_year = _with_features(last_year, cache, fingerprint, None, lambda lost: run(
                lost, pack, fingerprint, jobs, cache, max_bytes, progress)[0])
            similar = _similarity(done, last_year, store, pack, jobs)
            if cache and not stats.interrupted:
                cache.put_similar(batch, fingerprint, similar)
    finally:
        if cache and cache_path:
            cache.close()
            _say_how_the_cache_was(cache, cache_path, warn)
    reports = [c.report for c in done] + [unreadable(p, why, pack) for p, why in not_checked]
    skipped = [{"path": p, "reason": why} for p, why in found.skipped]
    pending, audited = stats.pending, list(paths)
    if not all(map(is_utf8, files + previous_files + [p for p, _ in not_checked + found.skipped] + audited)):
        reports, similar, skipped, pending, audited = readable_everywhere([reports, similar, skipped, pending, audited])
    mark_copies(reports, similar, pack)
    repeated = mark_last_year(reports, [c.report for c in last_year], pack) if last_year else None
    sent = [Sent(r["path"], unit_of(r), r["meta"].get("year"), r["error"] if r["status"] != "checked" else None)
            for r in reports]
    submissions = roster_match(roster, sent, year) if roster else None
    return AuditData(pack=pack, reports=reports, similar=similar, seconds=time.perf_counter() - started,
                     cached=stats.cached, interrupted=stats.interrupted or bool(last_stats and last_stats.interrupted),
                     pending=pending, resumable=bool(cache and not cache.failed and not cache.damaged),
                     deadline=deadline, skipped=skipped, year=year,
                     submissions=submissions, audited=audited, repeated_from_last_year=repeated)


__all__ = ["run_audit", "AuditData", "Checked", "pack_fingerprint"]
