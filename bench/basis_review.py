"""Would an office forward these findings as they stand? Ten findings picked at random (fixed
seed) from a run of the default pack over the corpus, each with the basis it cites, and the
verdict an office reader gave on that basis (tests/basis_review/verdicts.yaml): forwardable as
it stands, or not and why.

    python bench/basis_review.py            # the ten, with their verdicts
    python bench/basis_review.py --sample   # only the ten (what the reader is given to judge)
"""
from __future__ import annotations

import argparse
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
SEED, COUNT = 37, 10


def sample() -> list[dict]:
    pack = load_pack()
    findings = []
    for path in sorted((ROOT / "tests" / "corpus").glob("*.txt")):
        result = check_document(document_from_text(path.read_text("utf-8"), path.name), pack)
        findings += [{"report": path.stem, "rule": f.rule, "level": LEVEL_CN[f.level], "message": f.message,
                      "basis": citation(pack.rule(f.rule).basis), "url": pack.rule(f.rule).basis.get("url", "")}
                     for f in result.findings]
    return random.Random(SEED).sample(findings, COUNT)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", action="store_true", help="the ten findings only")
    args = parser.parse_args()
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
