"""jieba is loaded only when a word-level rule runs, and never writes to stderr."""
from __future__ import annotations

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
