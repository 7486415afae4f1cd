"""Faults during a batch: a full disk while writing, two audits on one cache, a damaged
cache. Every file ends as a result or an error row; no output is half-written."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

from .conftest import ROOT, SEEDS
from .test_audit import _many
from .test_cli import run

# Run the command with a tiny file-size limit: writes past it fail as on a full disk.
FULL_DISK = ("import resource, signal, subprocess, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
             "resource.setrlimit(resource.RLIMIT_FSIZE, (30000, 30000)); sys.exit(subprocess.call(sys.argv[1:]))")


def test_full_disk_leaves_the_old_output_whole(tmp_path):
    folder = tmp_path / "报告"
    folder.mkdir()
    _many(folder, 40)
    out = tmp_path / "审查结果.xlsx"
    assert run("audit", str(folder), "-o", str(out), "--no-cache").returncode == 0
    before = out.read_bytes()
    (folder / "0000.txt").write_text(SEEDS[3].read_text("utf-8"), encoding="utf-8")   # this run would differ
    proc = subprocess.run([sys.executable, "-c", FULL_DISK, sys.executable, "-m", "checker", "audit", str(folder),
                           "-o", str(out), "--no-cache"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "无法写入结果文件" in proc.stderr and "原有文件未改动" in proc.stderr
    assert out.read_bytes() == before                               # not half a spreadsheet
    assert sorted(p.name for p in tmp_path.iterdir()) == ["审查结果.xlsx", "报告"]   # no temporary file left


def test_two_audits_share_one_cache(tmp_path):
    folder = tmp_path / "报告"
    folder.mkdir()
    _many(folder, 60)
    cache = tmp_path / "共用.sqlite"
    outs = [tmp_path / "a.json", tmp_path / "b.json"]
    procs = [subprocess.Popen([sys.executable, "-m", "checker", "audit", str(folder), "-o", str(o), "-j", "1",
                               "--cache", str(cache), "--no-progress"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, cwd=ROOT) for o in outs]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    a, b = (json.loads(o.read_text("utf-8"))["reports"] for o in outs)
    assert [r["score"] for r in a] == [r["score"] for r in b] and len(a) == 60
    rows = sqlite3.connect(cache).execute("SELECT report, features FROM results").fetchall()
    assert len(rows) == 60 and all(json.loads(r)["status"] == "checked" and json.loads(f) for r, f in rows)
    again = run("audit", str(folder), "-o", str(outs[0]), "--cache", str(cache))
    assert "其中 60 份来自缓存" in again.stdout


def test_a_damaged_cache_is_named_and_the_audit_goes_on(tmp_path):
    cache = tmp_path / "坏的缓存.sqlite"
    cache.write_bytes(b"this is not a database" * 100)
    out = tmp_path / "r.json"
    proc = run("audit", str(SEEDS[0]), str(SEEDS[4]), "-o", str(out), "--cache", str(cache))
    assert proc.returncode == 0 and "缓存文件无法使用" in proc.stderr and str(cache) in proc.stderr
    assert len(json.loads(out.read_text("utf-8"))["reports"]) == 2
