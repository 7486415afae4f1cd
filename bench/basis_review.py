"""Would an office forward these findings as they stand? Ten findings picked at random (fixed
seed) from a run of the default pack over the corpus, each with the basis it cites, and the
verdict an office reader gave on that basis (tests/basis_review/verdicts.yaml): forwardable as
it stands, or not and why.

    python bench/basis_review.py            # the ten, with their verdicts
    python bench/basis_review.py --sample   # only the ten (what the reader is given to judge)
    python bench/basis_review.py --new      # every firing of the 公文 checks on the corpus, with its label

The 公文 checks (NEW_CHECKS) are held to fire on no corpus report where a reviewer would not
object: each firing is listed with its label (tests/basis_review/firings.yaml).
"""
from __future__ import annotations

import argparse
import functools
import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.documents import document_from_text  # noqa: E402
from checker.engine import check_document  # noqa: E402
from checker.labels import LEVEL_CN, citation  # noqa: E402
from checker.pack import load_pack  # noqa: E402

VERDICTS = ROOT / "tests" / "basis_review" / "verdicts.yaml"
FIRINGS = ROOT / "tests" / "basis_review" / "firings.yaml"
NEW_CHECKS = ("STALE-BODIES", "USAGE-JIEZHI", "TEMPLATE-PROMPT", "CONF-SECRET-MARK", "FORMAT-HEADINGS", "STALE-REFS")
SEED, COUNT = 37, 10


@functools.lru_cache(maxsize=1)   # the ten and the 公文 firings come from one run over the corpus
def corpus_findings() -> list[dict]:
    pack = load_pack()
    findings = []
    for path in sorted((ROOT / "tests" / "corpus").glob("*.txt")):
        result = check_document(document_from_text(path.read_text("utf-8"), path.name), pack)
        findings += [{"report": path.stem, "rule": f.rule, "level": LEVEL_CN[f.level], "message": f.message,
                      "excerpt": f.excerpt or "", "basis": citation(pack.rule(f.rule).basis),
                      "url": pack.rule(f.rule).basis.get("url", "")}
                     for f in result.findings]
    return findings


def sample() -> list[dict]:
    return random.Random(SEED).sample(corpus_findings(), COUNT)


def new_check_firings() -> list[dict]:
    return [f for f in corpus_findings() if f["rule"] in NEW_CHECKS]


def labels() -> dict[tuple[str, str, str], dict]:
    return {(v["report"], v["rule"], v["excerpt"]): v for v in yaml.safe_load(FIRINGS.read_text("utf-8"))["firings"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", action="store_true", help="the ten findings only")
    parser.add_argument("--new", action="store_true", help="every firing of the 公文 checks on the corpus")
    args = parser.parse_args()
    if args.new:
        known = labels()
        for f in new_check_firings():
            label = known.get((f["report"], f["rule"], f["excerpt"]))
            verdict = f"{'对' if label['right'] else '误报'}——{label['why']}" if label else "（没有标注）"
            print(f"{f['report']}  {f['rule']}  「{f['excerpt']}」\n   审读：{verdict}")
        return 0
    verdicts = {} if args.sample or not VERDICTS.exists() else \
        {(v["report"], v["rule"]): v for v in yaml.safe_load(VERDICTS.read_text("utf-8"))["verdicts"]}
    forwardable = 0
    for i, f in enumerate(sample(), 1):
        print(f"{i}. {f['report']}  {f['rule']}（{f['level']}）\n   提示：{f['message']}\n   依据：{f['basis']}"
              + (f"\n   网址：{f['url']}" if f["url"] else ""))
        verdict = verdicts.get((f["report"], f["rule"]))
        if verdict:
            forwardable += verdict["forwardable"]
            print(f"   审读：{'可以照转' if verdict['forwardable'] else '不能照转'}——{verdict['why']}")
        elif not args.sample:
            print("   审读：（没有审读意见）")
        print()
    if verdicts:
        print(f"可以照转：{forwardable}/{COUNT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
