"""Words found in most real reports: the ones that say nothing about which shortcoming a
plan item answers. Prints them, most common first, from the corpus and the seeds.

    python bench/common_words.py [--share 0.25]

The default pack's PLAN-RESPONSIVE `stopwords` hold this list (plus the pack's own verbs of
intent); rerun it when the corpus grows and paste what changed.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checker import segment  # noqa: E402
from checker.normalize import fold, simplified  # noqa: E402


def common_words(share: float) -> list[tuple[str, float]]:
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "tests" / "corpus").glob("*.txt"))]
    texts += [p.read_text("utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    df = Counter()
    for text in texts:
        df.update(set(segment.words(simplified(fold(text)))))
    return [(w, n / len(texts)) for w, n in df.most_common() if n / len(texts) >= share]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--share", type=float, default=0.25, help="in at least this share of reports")
    words = common_words(parser.parse_args().share)
    print(", ".join(w for w, _ in words))
    print(f"# {len(words)} words", file=sys.stderr)


if __name__ == "__main__":
    main()
