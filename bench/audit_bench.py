"""Audit throughput on N reports made from the seeds, measured in one run on this machine.

    python bench/audit_bench.py [--reports 2000] [--keep DIR] [--text-only] [--cold-only]

Runs the real command (`report-check audit DIR -o result.xlsx`) three times: -j 1 with no
cache, -j 2 with a fresh cache (cold), and -j 2 again with that cache warm; and, as the
yardstick, jieba alone (its own default dictionary, loaded first and not timed) segmenting
the text of every report in one process. Reports are
the five seeds with the unit renamed (so each is its own unit), plus copies of the Word
and PDF fixtures: about 80% .txt, 10% .docx, 10% .pdf (all .txt with --text-only).
--cold-only runs only the cold -j 2 audit and the yardstick. Memory is the peak resident size
of the largest process of each run (the main process or one worker).
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
DOCS = ROOT / "tests" / "fixtures" / "documents"
# the seeds' own unit names, longest first, so a short form is replaced only where it stands alone
UNITS = ["浦沿街道", "川沙新镇", "新市街道", "新市街", "柳市镇", "县街街道", "川沙", "新市", "浦沿", "柳市", "县街"]


def renamed(text: str, unit: str) -> str:
    """A seed's text as the report of another unit."""
    for name in UNITS:
        text = text.replace(name, unit)
    return text


def make_reports(folder: Path, count: int, text_only: bool = False) -> None:
    texts = [seed.read_text("utf-8") for seed in SEEDS]
    for i in range(count):
        kind = 0 if text_only else i % 10
        if kind == 8:
            shutil.copy(DOCS / f"{i % 5:03d}-typed.docx", folder / f"{i:05d}.docx")
        elif kind == 9:
            shutil.copy(DOCS / f"{i % 5:03d}.pdf", folder / f"{i:05d}.pdf")
        else:
            (folder / f"{i:05d}.txt").write_text(renamed(texts[i % 5], f"第{i}号街道"), encoding="utf-8")


# Runs one command and prints the peak RSS of its process tree: the children's maximum
# only grows within a process, so each run gets a fresh measuring process.
_MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
"""


def timed(args: list[str]) -> tuple[float, float]:
    """(seconds, peak RSS in MiB of the largest process in the run)."""
    proc = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "checker", *args],
                          capture_output=True, text=True)
    seconds, peak_kib, code = proc.stdout.split()
    if code != "0":
        sys.exit(f"audit failed ({code}): {proc.stderr}")
    return float(seconds), int(peak_kib) / 1024


_JIEBA = """
import sys, time
sys.path.insert(0, sys.argv[1])
import jieba
from checker.documents import read_document
texts = [read_document(path, 10 ** 8).text for path in sys.argv[2:]]
jieba.initialize()
start = time.perf_counter()
for text in texts:
    jieba.lcut(text)
print(time.perf_counter() - start)
"""


def jieba_seconds(folder: Path) -> float:
    """Seconds jieba alone takes to segment the text of every report in `folder`, in one process."""
    paths = sorted(str(p) for p in folder.iterdir())
    proc = subprocess.run([sys.executable, "-c", _JIEBA, str(ROOT), *paths], capture_output=True, text=True, check=True)
    return float(proc.stdout.split()[-1])


def machine() -> str:
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}, {memory:.0f} GiB, " \
           f"Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--keep", help="make the reports in this folder and keep them")
    parser.add_argument("--text-only", action="store_true", help="every report a .txt")
    parser.add_argument("--cold-only", action="store_true", help="only the cold -j 2 run and jieba alone")
    options = parser.parse_args()
    work = Path(options.keep or tempfile.mkdtemp(prefix="audit-bench-"))
    reports = work / "reports"
    reports.mkdir(parents=True, exist_ok=True)
    make_reports(reports, options.reports, options.text_only)
    cache = work / "cache.sqlite"
    if cache.exists():
        cache.unlink()
    out = str(work / "result.xlsx")
    if not options.cold_only:
        j1, mem1 = timed(["audit", str(reports), "-o", out, "--no-cache", "-j", "1", "--no-progress"])
    j2, mem2 = timed(["audit", str(reports), "-o", out, "--cache", str(cache), "-j", "2", "--no-progress"])
    if not options.cold_only:
        warm, mem3 = timed(["audit", str(reports), "-o", out, "--cache", str(cache), "-j", "2", "--no-progress"])
    jieba = jieba_seconds(reports)
    n = options.reports
    print(f"machine: {machine()}")
    print(f"reports: {n}" + (", all .txt" if options.text_only else ""))
    print("| run | seconds | reports/s | peak RSS (MiB) |")
    print("|---|---|---|---|")
    if not options.cold_only:
        print(f"| -j 1, no cache | {j1:.1f} | {n / j1:.1f} | {mem1:.0f} |")
    print(f"| -j 2, cold cache | {j2:.1f} | {n / j2:.1f} | {mem2:.0f} |")
    if not options.cold_only:
        print(f"| -j 2, warm cache | {warm:.1f} | {n / warm:.1f} | {mem3:.0f} |")
    print(f"| jieba alone, segmenting the same text, one process | {jieba:.1f} | {n / jieba:.1f} | |")
    if not options.cold_only:
        print(f"speed-up -j 2 / -j 1: {j1 / j2:.2f}x (target >= 1.8)")
        print(f"warm rerun vs cold -j 2: {j2 / warm:.1f}x faster (target >= 20)")
    print(f"cold -j 2 / jieba alone: {j2 / jieba:.2f} (target <= 0.35)")
    if not options.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
