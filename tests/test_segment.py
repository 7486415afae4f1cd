"""jieba is loaded only when a word-level rule runs, and never writes to stderr."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from .conftest import ROOT, SEEDS

PROBE = textwrap.dedent("""
    import sys
    from checker.engine import check_path
    from checker.pack import load_pack
    pack = load_pack(sys.argv[1] if len(sys.argv) > 1 else None)
    check_path(sys.argv[2] if len(sys.argv) > 2 else {seed!r}, pack)
    print("jieba" in sys.modules)
""").format(seed=str(SEEDS[0]))


def probe(*args: str, home) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=ROOT,
                          env={"HOME": str(home), "PATH": "/usr/bin:/bin"})


def test_word_rules_load_jieba_quietly(tmp_path):
    proc = probe(home=tmp_path)
    assert proc.stdout.strip() == "True"
    assert proc.stderr == ""  # no "Building prefix dict…" noise
    assert any((tmp_path / ".cache" / "report-check").iterdir())  # cache in our folder, not /tmp


def test_no_word_rules_no_jieba(tmp_path):
    pack = tmp_path / "no-words.yaml"
    pack.write_text("id: no-words\nversion: '1'\ntitle: t\nextends: fazhi-annual-report\n"
                    "overrides:\n  PLAN-RESPONSIVE: {enabled: false}\n", encoding="utf-8")
    proc = probe(str(pack), home=tmp_path)
    assert proc.stdout.strip() == "False" and proc.stderr == ""


SEGMENT_ALL = textwrap.dedent("""
    import json, sys
    from checker import segment
    from checker.pack import load_pack
    mode, texts = sys.argv[1], [open(p, encoding="utf-8").read() for p in sys.argv[2:]]
    if mode == "whole":
        segment.load()
    segment.add_words(load_pack(None).dictionary)
    out = [segment.words(t) for t in texts[:5]]
    if mode == "switch":
        segment.load()
    print(json.dumps(out + [segment.words(t) for t in texts[5:]], ensure_ascii=False))
""")


def test_fetching_only_what_a_text_needs_segments_exactly_as_the_whole_dictionary(tmp_path):
    """A single check fetches the few dictionary entries its text can reach instead of
    loading all of them; the words must be the same, with the pack's own terms added, and
    after switching to the whole dictionary half-way (a batch after a single check)."""
    from .test_corpus import CORPUS
    texts = [str(p) for p in sorted(CORPUS.glob("*.txt"))[:80]] + [str(s) for s in SEEDS]
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    out = {mode: subprocess.run([sys.executable, "-c", SEGMENT_ALL, mode, *texts], capture_output=True, text=True,
                                cwd=ROOT, env=env, check=True).stdout for mode in ("whole", "fetch", "switch")}
    words = json.loads(out["whole"])
    assert len(words) == len(texts) and sum(map(len, words)) > 10000
    assert out["fetch"] == out["whole"] and out["switch"] == out["whole"]
    caches = sorted(p.name for p in (tmp_path / ".cache" / "report-check").glob("jieba*"))
    assert len(caches) == 2 and all(name.startswith("jieba-compact-") for name in caches)   # named by content
    damaged = next(tmp_path.glob(".cache/report-check/*.sqlite"))
    damaged.write_bytes(b"not a database" * 100)   # a disk fault: the whole dictionary is loaded instead
    again = subprocess.run([sys.executable, "-c", SEGMENT_ALL, "fetch", *texts], capture_output=True, text=True,
                           cwd=ROOT, env=env)
    assert again.returncode == 0 and again.stdout == out["whole"] and again.stderr == ""


def test_a_single_check_loads_jieba_only_when_its_word_rule_compares(tmp_path):
    """The word rule compares shortcomings with the plan: a report without a plan needs no
    words, and its check never imports jieba; a report with both does."""
    without_plan = tmp_path / "报告.txt"
    without_plan.write_text("某区司法局2024年法治政府建设年度报告\n一、主要举措和成效\n全年办理行政复议案件12件。\n"
                            "二、存在的不足和原因\n一是法治宣传不够深入，原因是投入不足。\n某区司法局\n2025年1月10日\n",
                            encoding="utf-8")
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}

    def imports(path) -> str:
        return subprocess.run([sys.executable, "-X", "importtime", "-m", "checker", "check", str(path)],
                              capture_output=True, text=True, cwd=ROOT, env=env).stderr
    assert "jieba" not in imports(without_plan)
    assert "jieba" in imports(SEEDS[0])
