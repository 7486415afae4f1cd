"""How the annotated Word copy's time grows with the number of comments (it must grow linearly).

    python bench/word_output.py

Builds the red team's 5,000-row table report (tests/redteam3/make_word_hostile.py), checks it
once, then writes the annotated copy with the first 1,250, 2,500 and 5,000 comments, three
times each, and prints the median seconds and the ratio to the smallest. Linear: ratios near
1 : 2 : 4. Run on a quiet machine; the figures are for comparing, not for asserting.
"""
from __future__ import annotations

import copy
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.annotate.notes import notes_for  # noqa: E402
from checker.annotate.word import annotate  # noqa: E402
from checker.engine import check_path  # noqa: E402
from checker.pack import load_pack  # noqa: E402


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run([sys.executable, str(ROOT / "tests" / "redteam3" / "make_word_hostile.py"),
                        str(ROOT / "examples" / "县街街道2021年报告-缺第一责任人.txt"), folder], check=True, capture_output=True)
        report = Path(folder) / "table-5000-rows.docx"
        pack = load_pack()
        result = check_path(str(report), pack)
        notes, data = notes_for(result, pack), report.read_bytes()
        print(f"machine: {platform.node()} {platform.processor() or platform.machine()}, python {platform.python_version()}")
        first = None
        for count in (1250, 2500, 5000):
            some = copy.copy(notes)
            some.comments = notes.comments[:count]
            times = []
            for _ in range(3):
                start = time.perf_counter()
                annotate(data, result.document.text, some)
                times.append(time.perf_counter() - start)
            median = statistics.median(times)
            first = first or median
            print(f"{count:>5} comments: median {median:.2f} s  ratio {median / first:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
