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
    caches = sorted(p.name for p in (tmp_path / ".cache" / "report-check").iterdir())
    assert len(caches) == 2 and all(name.startswith("jieba-compact-") for name in caches)   # named by content
