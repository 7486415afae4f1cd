"""What `audit --since` costs on a second round: the same audit of N text reports with and
without the first round's JSON, alternated, medians of three, on this machine.

    python bench/rounds_bench.py [--reports 4000] [-j 2]

The first round is audited once (its JSON written); the timed runs then audit the same folder
with a warm cache (what differs is only reading the first round and matching each report's
findings against its unit's) and, as a real second round is, with an empty cache (resubmitted
reports are new files). Prints the medians and their ratios (#38 asks at most 1.10).
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from audit_bench import make_reports  # noqa: E402


def timed(*args: str, env: dict) -> float:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "checker", "audit", *args, "--no-progress"], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if proc.returncode:
        raise SystemExit(proc.stderr[-500:])
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=4000)
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = work / "第二轮"
        folder.mkdir()
        make_reports(folder, args.reports, text_only=True)
        env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
        first = work / "第一轮.json"
        common = [str(folder), "-j", str(args.jobs)]
        timed(*common, "-o", str(first), env=env)   # the first round; also warms the cache
        runs: dict[str, list[float]] = {"warm": [], "warm --since": [], "cold": [], "cold --since": []}
        for _ in range(3):
            runs["warm"].append(timed(*common, "-o", str(work / "a.csv"), env=env))
            runs["warm --since"].append(timed(*common, "--since", str(first), "-o", str(work / "b.csv"), env=env))
            runs["cold"].append(timed(*common, "--no-cache", "-o", str(work / "a.csv"), env=env))
            runs["cold --since"].append(timed(*common, "--no-cache", "--since", str(first), "-o", str(work / "b.csv"),
                                              env=env))
    print(f"{args.reports} reports, -j {args.jobs}, {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}; medians of 3, alternated")
    for cache in ("warm", "cold"):
        a, b = statistics.median(runs[cache]), statistics.median(runs[f"{cache} --since"])
        print(f"{cache} cache: without --since {a:.2f} s, with {b:.2f} s, ratio {b / a:.2f} "
              f"(runs {', '.join(f'{x:.2f}' for x in runs[cache])} / "
              f"{', '.join(f'{x:.2f}' for x in runs[f'{cache} --since'])})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
