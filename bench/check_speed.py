"""One check from the command line against loading jieba's dictionary, in one run.

    python bench/check_speed.py [--runs 9]

Times, as whole processes: `python -c "import jieba; jieba.initialize()"` (jieba's own
dictionary, its cache warm), `report-check check` on one seed with the default pack, and
the same check with the word-level rule (PLAN-RESPONSIVE) switched off. Runs are
interleaved, after a warm-up round that fills every cache; medians are reported.
Target (#14): full check / jieba < 0.3; the check without word rules is shown beside it.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from audit_bench import machine  # this folder is on the path when run as a script

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "003_816fba5445a10488.txt"


def seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        no_words = Path(tmp) / "no-words.yaml"
        no_words.write_text("id: no-words\nversion: '1'\ntitle: 不比较词语\nextends: fazhi-annual-report\n"
                            "overrides:\n  PLAN-RESPONSIVE: {enabled: false}\n", encoding="utf-8")
        commands = {
            "jieba.initialize()": [sys.executable, "-c", "import jieba; jieba.initialize()"],
            "report-check check (default pack)": [sys.executable, "-m", "checker", "check", str(SEED)],
            "report-check check (no word rules)": [sys.executable, "-m", "checker", "check", str(SEED),
                                                   "--rules", str(no_words)],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for command in commands.values():
            seconds(command)   # warm-up: jieba's cache and our dictionary cache
        for _ in range(runs):
            for name, command in commands.items():
                times[name].append(seconds(command))
    medians = {name: statistics.median(values) for name, values in times.items()}
    base = medians["jieba.initialize()"]
    print(f"machine: {machine()}")
    print(f"runs: {runs} each, interleaved; medians")
    print("| command | median (s) | ratio to jieba |")
    print("|---|---|---|")
    for name, value in medians.items():
        print(f"| {name} | {value:.3f} | {value / base:.2f} |")
    full = medians["report-check check (default pack)"] / base
    bare = medians["report-check check (no word rules)"] / base
    print(f"full check / jieba = {full:.2f} (target < 0.3); without word rules = {bare:.2f}")


if __name__ == "__main__":
    main()
