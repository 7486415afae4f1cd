"""How well the audit finds copied reports, on real openings plus planted copies.

    python bench/copy_quality.py [--keep DIR]

The batch: the 219 real report openings of tests/corpus and the five seeds (none of which
copies another), plus planted cases, each a different unit:
Each group holds the seed it was made from:
- 13 exact copies of one seed with the unit renamed (one group);
- 9 sentence-shuffled near copies of another: a third of the sentences reversed (one group);
- 9 light rewrites of a third: in a third of the sentences the figures changed and some
  phrases reworded, each differently (one group), and 9 heavier ones of the fourth seed, with
  two sentences in three rewritten so;
- one pair: a real opening that pastes two paragraphs of a seed into its own text;
- boilerplate: every corpus opening gains the same three sentences quoting the central
  documents (the pack's `boilerplate`), which must pair nothing.
Prints what was found against what was planted, the pairs nobody planted, and the time the
audit took (-j 2, no cache).
"""
from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from audit_bench import renamed  # noqa: E402  (this folder is on the path when run as a script)

from checker.audit import run_audit  # noqa: E402
from checker.pack import load_pack  # noqa: E402

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
CORPUS = sorted((ROOT / "tests" / "corpus").glob("*.txt"))
REWORD = [("加强", "强化"), ("推进", "推动"), ("开展", "组织开展"), ("进一步", "持续"), ("全面", "全方位"),
          ("工作", "各项工作"), ("完善", "健全"), ("组织", "举办"), ("积极", "主动"), ("有效", "切实")]
BOILERPLATE = ("坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，全面贯彻落实党的二十大精神。"
               "认真对照法治政府建设实施纲要的各项要求，扎实推进全面依法治国各项部署在本地落地见效。"
               "牢固树立四个意识，坚决做到两个维护，努力建设人民满意的法治政府。")


def reworded(text: str, rnd: random.Random, share: float) -> str:
    """In `share` of the sentences, figures changed and up to three phrases swapped."""
    out = []
    for part in re.split("(。)", text):
        if part != "。" and rnd.random() < share:
            part = re.sub(r"\d+", lambda m: str(int(m.group(0)) + rnd.randint(1, 9)), part)
            for old, new in rnd.sample(REWORD, 3):
                part = part.replace(old, new, 1)
        out.append(part)
    return "".join(out)


def build(folder: Path) -> dict:
    """Write the batch; return what was planted: groups (lists of names) and pairs."""
    planted: dict = {"groups": [], "pairs": []}
    for path in CORPUS:
        lines = path.read_text("utf-8").splitlines()
        (folder / path.name).write_text("\n".join(lines[:2] + [BOILERPLATE] + lines[2:]) + "\n", encoding="utf-8")
    for path in SEEDS:
        (folder / path.name).write_text(path.read_text("utf-8"), encoding="utf-8")
    model, names = SEEDS[1].read_text("utf-8"), [SEEDS[1].name]
    for i in range(13):
        names.append(f"抄{i:02d}.txt")
        (folder / names[-1]).write_text(renamed(model, f"第{i}号镇"), encoding="utf-8")
    planted["groups"].append(names)
    near, names = SEEDS[2].read_text("utf-8"), [SEEDS[2].name]
    for i in range(9):
        rnd = random.Random(i)
        parts = re.split("(。)", renamed(near, f"第{i}号社区街道"))
        names.append(f"近{i:02d}.txt")
        (folder / names[-1]).write_text("".join(p[::-1] if p != "。" and rnd.random() < 0.35 else p for p in parts),
                                        encoding="utf-8")
    planted["groups"].append(names)
    for seed, mark, share in ((SEEDS[3], "改", 0.35), (SEEDS[0], "重", 0.67)):
        base, names = seed.read_text("utf-8"), [seed.name]
        for i in range(9):
            names.append(f"{mark}{i:02d}.txt")
            (folder / names[-1]).write_text(reworded(renamed(base, f"第{i}号{mark}乡"), random.Random(100 + i), share),
                                            encoding="utf-8")
        planted["groups"].append(names)
    donor = [line for line in SEEDS[4].read_text("utf-8").splitlines() if len(line) > 120][:2]
    host = CORPUS[7].read_text("utf-8").splitlines()
    (folder / "贴.txt").write_text("\n".join(host[:3] + donor + host[3:]) + "\n", encoding="utf-8")
    planted["pairs"].append(sorted([SEEDS[4].name, "贴.txt"]))
    return planted


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", help="write the batch here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        planted = build(folder)
        pack = load_pack("fazhi-annual-report")
        start = time.perf_counter()
        data = run_audit([str(folder)], pack, 2, None, 10 ** 8)
        seconds = time.perf_counter() - start
    found_groups = [sorted(os.path.basename(p) for p in s["members"]) for s in data.similar if s.get("members")]
    found_pairs = [(sorted([os.path.basename(s["a"]), os.path.basename(s["b"])]), s)
                   for s in data.similar if s["kind"] == "copied" and not s.get("members")]
    print(f"reports: {len(data.reports)}; audit -j 2: {seconds:.1f} s")
    for group in planted["groups"]:
        match = next((g for g in found_groups if set(g) & set(group)), None)
        state = "found whole" if match == sorted(group) else f"found {len(set(match) & set(group))}/{len(group)}" \
            if match else "MISSED"
        detail = next((s for s in data.similar if s.get("members") and sorted(
            os.path.basename(p) for p in s["members"]) == match), None)
        extra = f", share {detail['share']}, {detail['count']} sentences" if detail else ""
        print(f"group {group[1][:1]}×{len(group)}: {state}{extra}")
    for pair in planted["pairs"]:
        hit = next((s for p, s in found_pairs if p == pair), None)
        print(f"pair {pair}: " + (f"found, {hit['count']} sentences" if hit else "MISSED"))
    planted_names = {n for g in planted["groups"] for n in g}
    unplanted = [p for p, _ in found_pairs if p not in planted["pairs"] and not set(p) <= planted_names]
    stray = [g for g in found_groups if not any(set(g) <= set(p) for p in planted["groups"])]
    print(f"pairs nobody planted: {len(unplanted)} {unplanted[:5]}")
    print(f"groups nobody planted: {len(stray)} {stray[:3]}")


if __name__ == "__main__":
    main()
