"""An audit at national scale (10,000 to 130,000 reports) on this machine, stage by stage.

    python bench/scale.py [--sizes 10000 40000 130000] [--sample 300] [--cores 16] [--runs 9] [--no-write]

Reports are made from real text: each a seed with paragraphs of corpus openings put into it,
its own unit name and its figures changed.
- read, check, features: the real code on a sample of such reports, one process; their cost
  per report scales by count (each report is checked alone, by any worker).
- the audit's own process: its CPU time per report in a real cold audit of the sample (it
  hashes each file, records each answer, writes the cache, one file after another): with
  enough cores it, not the checking, is the limit, and the projection says which is.
- similarity: at each size, the whole batch, in a fresh process (its own peak memory), --runs
  times, interleaved across sizes (this machine is shared: the median is reported). The
  signatures are made directly into the store the audit fills as answers arrive, shaped like
  the sample's: as many long sentences per report, each new sentence its own random signature
  (that is what MinHash gives distinct text), 1 report in 50 a copy of an earlier one (a fifth
  of those copies with a few sentences reworded), and 1 sentence in 200 one of 500 phrases
  many units use.
- write: the audit's .xlsx and .json for that many reports (the sample's verdicts repeated).
Prints each stage's time and peak memory, the growth per 4× reports, whether every planted
copy was found, and a projection for 130,000 reports on --cores cores.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from audit_bench import machine, renamed  # noqa: E402  (this folder is on the path when run as a script)

if TYPE_CHECKING:
    from checker.audit.signature_store import SignatureStore

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
CORPUS = sorted((ROOT / "tests" / "corpus").glob("*.txt"))


def realistic(i: int, rnd: random.Random) -> str:
    """A whole report of its own unit: a seed with three paragraphs of corpus openings put
    into it, every figure changed."""
    lines = SEEDS[i % len(SEEDS)].read_text("utf-8").splitlines()
    borrowed = [line for path in rnd.sample(CORPUS, 3) for line in path.read_text("utf-8").splitlines()[2:3]]
    text = renamed("\n".join(lines[:6] + borrowed + lines[6:]) + "\n", f"第{i}号街道")
    return re.sub(r"\d+", lambda m: str(int(m.group(0)) + rnd.randint(1, 9)) if len(m.group(0)) < 4 else m.group(0),
                  text)


def per_report(sample: int, folder: Path) -> dict:
    """Seconds per report of read, check and features (means over the sample, one process),
    the sample's sentences per report and its verdicts; the sample's files left in `folder`."""
    from checker.audit.features import extract
    from checker.documents import read_document
    from checker.engine import check_document, prepare
    from checker.formats.json_format import report_dict
    from checker.pack import load_pack
    pack = load_pack(None)
    prepare(pack, warm=True)
    rnd = random.Random(1)
    times = {"read": [], "check": [], "features": []}
    sentences, reports = [], []
    for i in range(sample):
        path = str(folder / f"{i:05d}.txt")
        Path(path).write_text(realistic(i, rnd), encoding="utf-8")
        t0 = time.perf_counter()
        doc = read_document(path, 10 ** 8)
        t1 = time.perf_counter()
        result = check_document(doc, pack)
        t2 = time.perf_counter()
        features, _ = extract(result, pack)
        t3 = time.perf_counter()
        for stage, seconds in zip(times, (t1 - t0, t2 - t1, t3 - t2)):
            times[stage].append(seconds)
        sentences.append(len(features["excerpts"]))
        reports.append(report_dict(result, pack))
    return {"seconds": {k: statistics.mean(v) for k, v in times.items()}, "sentences": sentences, "reports": reports}


_AUDIT_PROCESS = """
import resource, sys
from checker.audit import run_audit
from checker.pack import load_pack
run_audit([sys.argv[1]], load_pack(None), 2, sys.argv[2], 10 ** 8)
usage = resource.getrusage(resource.RUSAGE_SELF)
print(usage.ru_utime + usage.ru_stime)
"""


def audit_process(folder: Path, copies: int = 4, runs: int = 3) -> float:
    """CPU seconds per report of the audit's own process, not its checking children: it hashes
    each file, reads and records each answer, writes the cache. That share is serial, so it
    bounds what more cores can give. A cold audit (-j 2, a fresh cache) of the sample's files
    `copies` times over, less the same audit of one file (start-up); the median of `runs`."""
    files = sorted(folder.glob("*.txt"))

    def cpu(count: int) -> float:
        with tempfile.TemporaryDirectory() as tmp:
            reports = Path(tmp) / "reports"
            reports.mkdir()
            for i in range(count):
                shutil.copy(files[i % len(files)], reports / f"{i:06d}.txt")
            proc = subprocess.run([sys.executable, "-c", _AUDIT_PROCESS, str(reports), str(Path(tmp) / "c.sqlite")],
                                  capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
            if proc.returncode:
                sys.exit(f"the audit of {count} reports failed: {proc.stderr}")
            return float(proc.stdout)
    many = len(files) * copies
    return statistics.median((cpu(many) - cpu(1)) / (many - 1) for _ in range(runs))


def make_signatures(n: int, sentences: list[int], seed: int = 7) -> tuple[SignatureStore, list[tuple]]:
    """The store as the audit fills it, and the planted copies (original, copy)."""
    from checker.audit import similarity
    from checker.audit.features import NUM_PERM
    from checker.audit.signature_store import SignatureStore
    rng = np.random.default_rng(seed)
    common = rng.integers(0, 2 ** 32, size=(500, NUM_PERM), dtype=np.uint32)
    counts = rng.choice(sentences, size=n)
    store, planted = SignatureStore(), []
    for i in range(n):
        if i > 0 and rng.random() < 1 / 50:
            source = store.reports[int(rng.integers(0, i))]
            rows = store.take(np.arange(source.first, source.first + source.count))
            if rng.random() < 0.2:   # a few sentences reworded: a third of their values change
                hit = rng.random(len(rows)) < 0.25
                rows[hit, ::3] = rng.integers(0, 2 ** 32, size=(hit.sum(), rows[:, ::3].shape[1]), dtype=np.uint32)
            if len(rows) >= similarity.MIN_SHARED:   # fewer long sentences cannot show a copy
                planted.append((source.path, f"r{i:06d}"))
        else:
            rows = rng.integers(0, 2 ** 32, size=(int(counts[i]), NUM_PERM), dtype=np.uint32)
            usual = rng.random(len(rows)) < 1 / 200
            rows[usual] = common[rng.integers(0, 500, usual.sum())]
        store.add(f"r{i:06d}", f"单位{i}", rows.tobytes())
    return store, planted


def similarity_stage(n: int, sentences: list[int]) -> dict:
    from checker.audit import similarity
    store, planted = make_signatures(n, sentences)
    start = time.perf_counter()
    found = similarity.copied(store, lambda path, j: f"{path}:{j}")
    seconds = time.perf_counter() - start
    linked = {frozenset((s["a"], s["b"])) for s in found if not s.get("members")}
    group_of = {p: k for k, s in enumerate(found) if s.get("members") for p in s["members"]}
    missed = [p for p in planted if frozenset(p) not in linked and
              (p[0] not in group_of or group_of.get(p[0]) != group_of.get(p[1]))]
    return {"seconds": seconds, "sentences": store.rows, "planted": len(planted), "missed": len(missed),
            "found": len(found), "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def write_stage(n: int, reports: list[dict]) -> dict:
    from checker.audit.table import AuditData
    from checker.audit.writers import write_json, write_xlsx
    from checker.pack import load_pack
    batch = [{**reports[i % len(reports)], "path": f"/审查/第{i}号.txt"} for i in range(n)]
    data = AuditData(pack=load_pack(None), reports=batch, similar=[], seconds=0.0, audited=["/审查"])
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        write_xlsx(data, os.path.join(tmp, "结果.xlsx"))
        write_json(data, os.path.join(tmp, "结果.json"))
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def in_child(stage: str, n: int, payload: Path) -> dict:
    """Run one stage at one size in a fresh process, so its peak memory is its own."""
    proc = subprocess.run([sys.executable, __file__, "--child", stage, str(n), str(payload)],
                          capture_output=True, text=True)
    if proc.returncode:
        sys.exit(f"{stage} at {n} failed: {proc.stderr}")
    return json.loads(proc.stdout)


def _median_run(runs: list[dict]) -> dict:
    """The run of median time, with the range of all runs' times."""
    ordered = sorted(runs, key=lambda r: r["seconds"])
    return {**ordered[len(ordered) // 2], "range": (ordered[0]["seconds"], ordered[-1]["seconds"])}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 40000, 130000])
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--cores", type=int, default=16)
    parser.add_argument("--runs", type=int, default=9,
                        help="similarity runs per size (median reported; with 5, the medians moved the growth by a tenth)")
    parser.add_argument("--no-write", action="store_true", help="skip the write stage (minutes at 130,000)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        stage, n, payload = args.child
        data = json.loads(Path(payload).read_text("utf-8"))
        result = similarity_stage(int(n), data["sentences"]) if stage == "similarity" \
            else write_stage(int(n), data["reports"])
        print(json.dumps(result))
        return
    with tempfile.TemporaryDirectory() as tmp:
        sample = per_report(args.sample, Path(tmp))
        parent = audit_process(Path(tmp))
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(sample, f, ensure_ascii=False)
    payload = Path(f.name)
    try:
        runs = [{n: in_child("similarity", n, payload) for n in args.sizes} for _ in range(args.runs)]
        rows = {n: {"similarity": _median_run([run[n] for run in runs]),
                    "write": None if args.no_write else in_child("write", n, payload)} for n in args.sizes}
    finally:
        payload.unlink()
    each = sample["seconds"]
    per = sum(each.values())
    print(f"machine: {machine()}")
    print(f"sample: {args.sample} reports, {statistics.mean(sample['sentences']):.0f} long sentences each on average")
    print("per report, one process: " + ", ".join(f"{k} {1000 * v:.1f} ms" for k, v in each.items())
          + f"; the audit's own process (serial): {1000 * parent:.2f} ms")
    print("| reports | sentences | read+check+features, 1 core | similarity, median (range) | peak memory | planted copies found "
          "| write (.xlsx + .json) | peak memory |")
    print("|---|---|---|---|---|---|---|---|")
    for n, r in rows.items():
        s, w = r["similarity"], r["write"]
        written = f"{w['seconds']:.1f} s | {w['peak_mib'] / 1024:.1f} GiB" if w else "— | —"
        print(f"| {n:,} | {s['sentences']:,} | {n * per:.0f} s | {s['seconds']:.2f} s "
              f"({s['range'][0]:.2f}–{s['range'][1]:.2f}) | {s['peak_mib'] / 1024:.1f} GiB "
              f"| {s['planted'] - s['missed']}/{s['planted']} | {written} |")
    sizes = list(rows)
    for a, b in list(zip(sizes, sizes[1:])) + ([(sizes[0], sizes[-1])] if len(sizes) > 2 else []):
        growth = b / a
        ratio = rows[b]["similarity"]["seconds"] / rows[a]["similarity"]["seconds"]
        write = f", write ×{rows[b]['write']['seconds'] / rows[a]['write']['seconds']:.2f}" if rows[a]["write"] else ""
        print(f"{a:,} → {b:,} reports (×{growth:.1f}): similarity ×{ratio:.2f} "
              f"(×{ratio ** (np.log(4) / np.log(growth)):.2f} per 4×){write}")
    big = sizes[-1]
    # the children check in parallel; the audit's own process handles every file in turn
    checks = big * max(per / args.cores, parent)
    limit = "the audit's own process" if parent > per / args.cores else "the checking children"
    similar, written = rows[big]["similarity"]["seconds"], (rows[big]["write"] or {"seconds": 0.0})["seconds"]
    print(f"projection, {big:,} reports on {args.cores} cores: checks {checks / 60:.1f} min (limited by {limit}: "
          f"{1000 * per / args.cores:.2f} ms a report across the cores, {1000 * parent:.2f} ms in the audit's process) "
          f"+ similarity {similar:.0f} s" + (f" + write {written:.0f} s" if rows[big]["write"] else " (write not measured)")
          + f" = {(checks + similar + written) / 60:.1f} min")


if __name__ == "__main__":
    main()
