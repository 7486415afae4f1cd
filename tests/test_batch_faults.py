"""Faults during a batch: a full disk while writing, two audits on one cache, a damaged
cache. Every file ends as a result or an error row; no output is half-written."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from urllib.parse import quote

import openpyxl
import pytest

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


def _open_and_fill(path: str, answers) -> None:
    from checker.audit.cache import CacheUnusable, open_cache
    told: list[str] = []
    try:
        cache = open_cache(path, told.append)
    except CacheUnusable as e:
        answers.put(f"unusable: {e}")
        return
    for i in range(20):
        cache.put("pack", [(f"{os.getpid()}-{i}", '{"status": "checked"}', '{"unit": "u"}', b"", "u", None)])
    answers.put(" ".join(told) or cache.damaged or cache.failed)
    cache.close()


def test_two_audits_creating_one_cache_at_once_never_set_it_aside(tmp_path):
    """CI failure: the second audit to create a new cache met "database is locked" while
    switching it to WAL, took that for damage and moved the first audit's cache aside; the
    first then wrote into a file that was no longer there ("database disk image is malformed").
    Before the fix, about one round in four did so."""
    import multiprocessing
    context = multiprocessing.get_context("fork")
    for round_ in range(30):
        path = str(tmp_path / f"{round_}.sqlite")
        answers = context.Queue()
        procs = [context.Process(target=_open_and_fill, args=(path, answers)) for _ in range(2)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(60)
        assert [answers.get(timeout=5) for _ in procs] == ["", ""], round_
        assert sqlite3.connect(path).execute("SELECT count(*) FROM results").fetchone() == (40,)
    assert not list(tmp_path.glob("*损坏*"))


def test_a_cache_held_by_another_program_is_not_used_and_not_moved(tmp_path, monkeypatch):
    from checker.audit import cache as cache_module
    path = tmp_path / "c.sqlite"
    cache_module.open_cache(str(path)).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode=DELETE")   # leave WAL, so opening must switch it back
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(cache_module, "_WAIT_SECONDS", 0.3)
    with pytest.raises(cache_module.CacheUnusable):
        cache_module.open_cache(str(path))
    holder.execute("COMMIT")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.sqlite"]   # the file is where it was
    cache_module.open_cache(str(path)).close()                         # and usable once free


def test_a_cache_that_is_not_a_database_is_set_aside_and_rebuilt(tmp_path):
    cache = tmp_path / "坏的缓存.sqlite"
    cache.write_bytes(b"this is not a database" * 100)
    out = tmp_path / "r.json"
    proc = run("audit", str(SEEDS[0]), str(SEEDS[4]), "-o", str(out), "--cache", str(cache))
    assert proc.returncode == 0 and "缓存文件已损坏" in proc.stderr and str(cache) in proc.stderr
    assert len(json.loads(out.read_text("utf-8"))["reports"]) == 2
    assert [p.read_bytes()[:22] for p in tmp_path.glob("坏的缓存.sqlite.损坏-*")] == [b"this is not a database"]
    again = run("audit", str(SEEDS[0]), str(SEEDS[4]), "-o", str(out), "--cache", str(cache))
    assert "其中 2 份来自缓存" in again.stdout and not again.stderr


def _forty_reports(tmp_path):
    folder = tmp_path / "报告"
    folder.mkdir()
    for i in range(40):
        (folder / f"{i:02d}.txt").write_text(SEEDS[i % 5].read_text("utf-8") + f"\n第{i}份\n", encoding="utf-8")
    return folder


def _scores(out) -> dict:
    return {r["path"]: r["score"] for r in json.loads(out.read_text("utf-8"))["reports"]}


def _copying(out) -> dict:
    """Each report's 雷同 / 重复报送 mark and the reports it shares it with."""
    return {r["path"]: ((r.get("copying") or {}).get("mark"), len((r.get("copying") or {}).get("with", [])))
            for r in json.loads(out.read_text("utf-8"))["reports"]}


@pytest.mark.parametrize("where", [0.5, 0.37, 0.71, "redteam"])
def test_a_cache_damaged_mid_file_is_found_and_mended(tmp_path, where):
    """Red team: a cache damaged mid-file killed every audit, on every rerun, with
    "内部错误（OperationalError…）". Wherever 16 KB are damaged, it is found: in SQLite's own
    structure (the file is set aside and rebuilt) or in the text of rows, where SQLite does
    not look (their checksums: the rows are dropped and their files checked again)."""
    folder = _forty_reports(tmp_path)
    cache, out = tmp_path / "c.sqlite", tmp_path / "r.json"
    assert run("audit", str(folder), "-o", str(out), "--cache", str(cache)).returncode == 0
    truth, copying = _scores(out), _copying(out)
    data = bytearray(cache.read_bytes())
    assert len(data) > 64 * 1024
    if where == "redteam":   # ../redteam3/damage_cache.py: 200 bytes in each of 40 pages mid-file
        middle = len(data) // 4096 // 2
        for page in range(middle - 20, middle + 20):
            data[page * 4096 + 100:page * 4096 + 300] = b"\xff" * 200
    else:
        start = int(len(data) * where)
        data[start:start + 16384] = b"\xa5" * 16384
    cache.write_bytes(bytes(data))
    for attempt in range(3):   # found, mended, whole
        proc = run("audit", str(folder), "-o", str(out), "--cache", str(cache))
        assert proc.returncode == 0 and "内部错误" not in proc.stderr, proc.stderr
        assert _scores(out) == truth and _copying(out) == copying
        assert attempt or "损坏" in proc.stderr
    assert "其中 40 份来自缓存" in proc.stdout


def test_a_cached_result_altered_on_disk_is_not_served(tmp_path):
    """Damage SQLite cannot see (a byte of a row's text or signatures) must not become a verdict
    or a missed copy: the row's checksum no longer matches, so it is checked again, and the cache,
    damaged where SQLite does not look, is set aside (red team 3, defect 5: it was kept, and every
    rerun lost the same 雷同 marks)."""
    import sqlite3
    folder = _forty_reports(tmp_path)
    cache, out = tmp_path / "c.sqlite", tmp_path / "r.json"
    assert run("audit", str(folder), "-o", str(out), "--cache", str(cache)).returncode == 0
    truth, copying = _scores(out), _copying(out)
    db = sqlite3.connect(cache)
    (content, report), (other, signatures) = db.execute("SELECT content, report FROM results LIMIT 2").fetchone(), \
        db.execute("SELECT content, signatures FROM results LIMIT 1 OFFSET 7").fetchone()
    db.execute("UPDATE results SET report=? WHERE content=?", (report.replace(b'"score": ', b'"score": 1'), content))
    db.execute("UPDATE results SET signatures=? WHERE content=?", (bytes([signatures[0] ^ 1]) + signatures[1:], other))
    db.execute("DELETE FROM similar")   # else similarity, found for this very batch, is not looked for again
    db.commit()
    db.close()
    proc = run("audit", str(folder), "-o", str(out), "--cache", str(cache))
    assert proc.returncode == 0 and "2 条结果与其校验值不符" in proc.stderr, proc.stderr
    assert _scores(out) == truth and "其中 39 份来自缓存" in proc.stdout   # the altered report checked again
    assert _copying(out) == copying            # the one whose signatures were altered: checked again, still compared
    assert len(list(tmp_path.glob("c.sqlite.损坏-*"))) == 1   # not trusted again: set aside, the run said so
    proc = run("audit", str(folder), "-o", str(out), "--cache", str(cache))
    assert "其中 0 份来自缓存" in proc.stdout and not proc.stderr
    assert "其中 40 份来自缓存" in run("audit", str(folder), "-o", str(out), "--cache", str(cache)).stdout


def test_a_cache_made_before_checksums_is_still_used(tmp_path):
    import sqlite3
    folder = _forty_reports(tmp_path)
    cache, out = tmp_path / "c.sqlite", tmp_path / "r.json"
    db = sqlite3.connect(cache)
    db.execute("""CREATE TABLE results (content TEXT NOT NULL, pack TEXT NOT NULL, schema INTEGER NOT NULL,
        unit TEXT, year INTEGER, report TEXT NOT NULL, features TEXT, signatures BLOB,
        PRIMARY KEY (content, pack, schema))""")
    db.execute("INSERT INTO results VALUES ('x', 'p', 8, '', 2022, '{}', '{}', x'')")
    db.commit()
    db.close()
    for cached in (0, 40):
        proc = run("audit", str(folder), "-o", str(out), "--cache", str(cache))
        assert proc.returncode == 0 and not proc.stderr, proc.stderr
        assert f"其中 {cached} 份来自缓存" in proc.stdout


def test_special_files_and_links_out_of_the_folder_are_rows_not_hangs(tmp_path):
    """Red team: a FIFO in the folder hung the audit; a symlink to /dev/zero killed it (the main
    process reads every file to hash it). Only regular files are reports; the others are rows."""
    import os
    folder = tmp_path / "收到的报告"
    folder.mkdir()
    (folder / "县街街道.txt").write_text(SEEDS[4].read_text("utf-8"), encoding="utf-8")
    os.mkfifo(folder / "管道.txt")
    (folder / "零.txt").symlink_to("/dev/zero")
    outside = tmp_path / "别处.txt"
    outside.write_text(SEEDS[0].read_text("utf-8"), encoding="utf-8")
    (folder / "外面.txt").symlink_to(outside)
    (folder / "里面.txt").symlink_to(folder / "县街街道.txt")
    out = tmp_path / "r.json"
    proc = subprocess.run([sys.executable, "-m", "checker", "audit", str(folder), "-o", str(out), "--no-cache"],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode in (0, 1, 2) and "Traceback" not in proc.stderr, proc.stderr
    rows = {os.path.basename(r["path"]): r for r in json.loads(out.read_text("utf-8"))["reports"]}
    assert rows["县街街道.txt"]["status"] == "checked" and rows["里面.txt"]["status"] == "checked"
    assert "不是普通文件" in rows["管道.txt"]["error"]
    assert "之外" in rows["零.txt"]["error"] and "之外" in rows["外面.txt"]["error"]


def test_csv_cells_never_run_as_formulas(tmp_path):
    """Red team: =1+1办事处 and =HYPERLINK(…) from a file name or the report text became live formulas."""
    import csv
    folder = tmp_path / "in"
    folder.mkdir()
    text = SEEDS[4].read_text("utf-8").replace("安宁市人民政府县街街道办事处", "=1+1办事处")
    (folder / "=HYPERLINK(\"http:x\",\"点我\").txt").write_text(text, encoding="utf-8")
    out = tmp_path / "r.csv"
    subprocess.run([sys.executable, "-m", "checker", "audit", str(folder), "-o", str(out), "--no-cache"],
                   capture_output=True, text=True, timeout=120, cwd=ROOT)
    with open(out, encoding="utf-8-sig", newline="") as f:
        cells = [cell for row in csv.reader(f) for cell in row]
    assert cells and not any(cell[:1] in "=+-@" for cell in cells if cell), [c for c in cells if c[:1] in "=+-@"]


def test_a_folder_that_cannot_be_read_is_a_row(tmp_path):
    """Red team: an unreadable subfolder was silently skipped. As root, permissions bind only
    without the capabilities that override them, so the audit runs under setpriv."""
    import os
    import shutil
    folder = tmp_path / "报告"
    (folder / "锁住的").mkdir(parents=True)
    (folder / "a.txt").write_text(SEEDS[0].read_text("utf-8"), encoding="utf-8")
    (folder / "锁住的" / "b.txt").write_text(SEEDS[1].read_text("utf-8"), encoding="utf-8")
    prefix = []
    if os.geteuid() == 0:
        if not shutil.which("setpriv"):
            pytest.skip("running as root without setpriv: permissions cannot be taken away")
        prefix = ["setpriv", "--inh-caps=-dac_override,-dac_read_search",
                  "--bounding-set=-dac_override,-dac_read_search"]
    os.chmod(folder / "锁住的", 0)
    try:
        out = tmp_path / "r.json"
        proc = subprocess.run(prefix + [sys.executable, "-m", "checker", "audit", str(folder), "-o", str(out),
                                        "--no-cache", "--no-progress"], capture_output=True, text=True, timeout=120)
    finally:
        os.chmod(folder / "锁住的", 0o755)
    assert proc.returncode == 0 and "无法读取 1 份" in proc.stdout, proc.stderr
    rows = {os.path.basename(r["path"]): r for r in json.loads(out.read_text("utf-8"))["reports"]}
    assert rows["a.txt"]["status"] == "checked"
    assert rows["锁住的"]["status"] == "unreadable" and "无法读取该文件夹（没有访问权限）" in rows["锁住的"]["error"]


def test_every_file_in_the_folder_is_a_report_row_or_listed_as_skipped(tmp_path):
    """Audit trust: 39 files in, "共 35 份" out, no row, no word about the other four."""
    import jsonschema
    import openpyxl

    from .test_cli import SCHEMA
    folder = tmp_path / "报告"
    (folder / "子").mkdir(parents=True)
    (folder / ".svn").mkdir()
    text = SEEDS[0].read_text("utf-8")
    for name in ("a.txt", "子/b.TXT", "c.ofd", "d.zip", "名单.xlsx", "~$a.docx", ".hidden.txt", "e.txt.bak",
                 ".svn/x.txt"):
        (folder / name).write_text(text, encoding="utf-8")
    out, sheet = tmp_path / "r.json", tmp_path / "r.xlsx"
    proc = run("audit", str(folder), "-o", str(out), "-o", str(sheet), "--no-cache")
    assert proc.returncode == 0 and "另有 7 个文件不是报告" in proc.stdout, proc.stdout + proc.stderr
    data = json.loads(out.read_text("utf-8"))
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    assert sorted(os.path.basename(r["path"]) for r in data["reports"]) == ["a.txt", "b.TXT"]
    skipped = {os.path.relpath(s["path"], folder): s["reason"] for s in data["audit"]["skipped"]}
    assert set(skipped) == {"c.ofd", "d.zip", "名单.xlsx", "~$a.docx", ".hidden.txt", "e.txt.bak", ".svn"}
    assert ".ofd" in skipped["c.ofd"] and "临时文件" in skipped["~$a.docx"] and "隐藏" in skipped[".svn"]
    rows = list(openpyxl.load_workbook(sheet, read_only=True)["未检查的文件"].iter_rows(values_only=True))
    assert len(rows) == 1 + 7


@pytest.mark.parametrize("make", ["missing", "empty", "no-reports"])
def test_a_folder_with_no_report_stops_with_a_message_and_writes_nothing(tmp_path, make):
    folder = tmp_path / "报告"
    if make != "missing":
        folder.mkdir()
    if make == "no-reports":
        (folder / "名单.xlsx").write_bytes(b"PK")
    out = tmp_path / "r.json"
    proc = run("audit", str(folder), "-o", str(out), "--no-cache")
    assert proc.returncode == 2 and not out.exists() and "Traceback" not in proc.stderr
    assert str(folder) in proc.stderr and ("不存在" if make == "missing" else "没有可检查的报告") in proc.stderr


def test_a_misnamed_file_has_the_same_verdict_on_every_run_and_is_never_a_copy(tmp_path):
    """Audit trust: a PDF renamed .docx was unreadable on the first run, yet appeared in the
    copying list, and was "checked" from the cache on the second (the cache was keyed by
    content alone, and its twin .pdf had been checked)."""
    folder = tmp_path / "报告"
    folder.mkdir()
    pdf = (ROOT / "tests" / "fixtures" / "documents" / "001.pdf").read_bytes()
    (folder / "甲.pdf").write_bytes(pdf)
    (folder / "乙.docx").write_bytes(pdf)
    cache, out = tmp_path / "c.sqlite", tmp_path / "r.json"
    for _ in range(2):
        assert run("audit", str(folder), "-o", str(out), "--cache", str(cache)).returncode == 0
        data = json.loads(out.read_text("utf-8"))
        rows = {os.path.basename(r["path"]): r for r in data["reports"]}
        assert rows["甲.pdf"]["status"] == "checked" and rows["乙.docx"]["status"] == "unreadable"
        assert "扩展名" in rows["乙.docx"]["error"]
        paths = [os.path.basename(p) for s in data["audit"]["similar"] for p in (s.get("a", ""), s.get("b", ""))]
        assert "乙.docx" not in paths


def test_file_names_that_are_not_utf8_are_shown_readably_in_every_output(tmp_path):
    """A zip made on Chinese Windows names its files in GBK; unpacked on Linux, such a name is
    not UTF-8 and every result file failed to write. The GBK name shows as Chinese, other
    bytes as �; two such files that copy each other are still marked as a copy."""
    folder = tmp_path / "报告"
    folder.mkdir()
    text = SEEDS[0].read_text("utf-8")
    gbk, broken = "浦沿街道报告".encode("gbk") + b".txt", b"bad\xff\xfe.txt"
    for name, content in ((gbk, text), (broken, text.replace("浦沿", "川沙"))):   # another unit's copy
        with open(os.fsencode(folder) + b"/" + name, "wb") as f:
            f.write(content.encode("utf-8"))
    shutil.copy(SEEDS[1], folder / SEEDS[1].name)
    outs = [tmp_path / f"结果.{ext}" for ext in ("xlsx", "json", "csv", "html")]
    proc = run("audit", str(folder), *[a for out in outs for a in ("-o", str(out))], "--no-cache")
    assert proc.returncode == 0, proc.stderr
    reports = json.loads(outs[1].read_text("utf-8"))["reports"]
    names = sorted(os.path.basename(r["path"]) for r in reports)
    assert names == sorted(["浦沿街道报告.txt", "bad\ufffd\ufffd.txt", SEEDS[1].name])
    assert all(r["status"] == "checked" for r in reports)
    summary = list(openpyxl.load_workbook(outs[0])["总表"].iter_rows(values_only=True))
    copying = {row[2]: row[summary[0].index("雷同")] for row in summary[1:]}
    assert copying["浦沿街道报告.txt"] and copying["bad\ufffd\ufffd.txt"]    # the pair is found under its shown names
    assert "浦沿街道报告.txt" in outs[2].read_text("utf-8-sig") and "浦沿街道报告.txt" in outs[3].read_text("utf-8")


def test_a_sarif_location_points_at_a_file_whose_name_is_not_utf8(tmp_path):
    """SARIF names a file by URI: the name's own bytes, percent-encoded (it failed to write)."""
    name = os.fsencode(tmp_path) + b"/bad\xff.txt"
    with open(name, "wb") as f:
        f.write(SEEDS[0].read_bytes())
    proc = run("check", os.fsdecode(name), "--format", "sarif")
    assert proc.returncode in (0, 1), proc.stderr
    uris = {loc["physicalLocation"]["artifactLocation"]["uri"]
            for result in json.loads(proc.stdout)["runs"][0]["results"] for loc in result["locations"]}
    assert uris == {quote(os.fsencode(tmp_path)) + "/bad%FF.txt"}
