"""`report-check audit` stopped: Ctrl-C and SIGTERM at any moment keep what is done, say what
is not, and leave no worker behind; a rerun resumes from the cache."""
from __future__ import annotations

import json
import os
import time

import pytest

from .test_audit import _many
from .test_cli import run


def test_ctrl_c_keeps_what_is_done_and_a_rerun_resumes(tmp_path):
    import signal
    import sqlite3
    folder = tmp_path / "报告"
    folder.mkdir()
    _many(folder, 150)
    cache = tmp_path / "c.db"
    out = tmp_path / "r.json"
    proc = _audit_process(folder, out, 1, "--cache", str(cache))
    deadline = time.time() + 60
    while time.time() < deadline:
        time.sleep(0.2)
        try:
            if sqlite3.connect(cache).execute("SELECT count(*) FROM results").fetchone()[0] >= 10:
                break
        except sqlite3.Error:
            continue
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "已中断" in stdout
    audit = json.loads(out.read_text("utf-8"))["audit"]
    assert audit["interrupted"] and audit["pending"] and audit["checked"] + len(audit["pending"]) == 150
    again = run("audit", str(folder), "-o", str(out), "-j", "1", "--cache", str(cache))
    assert again.returncode == 0
    assert f"其中 {audit['checked']} 份来自缓存" in again.stdout


def test_ctrl_c_without_the_cache_says_a_rerun_starts_over_and_lists_what_was_not_checked(tmp_path):
    """With --no-cache nothing is kept for a rerun: the line must not promise one from the cache,
    and the partial spreadsheet names every file it has no row for."""
    import signal

    from openpyxl import load_workbook
    folder = tmp_path / "报告"
    folder.mkdir()
    _many(folder, 400)
    out = tmp_path / "r.xlsx"
    proc = _audit_process(folder, out, 1, "--no-cache", "-o", str(tmp_path / "r.json"))
    time.sleep(2.5)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "已中断" in stdout and "从缓存继续" not in stdout and "重新检查全部报告" in stdout
    pending = json.loads((tmp_path / "r.json").read_text("utf-8"))["audit"]["pending"]
    assert pending
    sheet = load_workbook(out, read_only=True)["未检查的文件"]
    listed = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert {os.path.basename(p) for p in pending} <= listed


def _children_of(pid: int) -> list[int]:
    """Every process whose parent is `pid` (from /proc, so it works after `pid` is gone too)."""
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = open(f"/proc/{entry}/stat").read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                out.append(int(entry))
    return out


def _alive(pid: int) -> bool:
    try:
        return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _audit_process(folder, out, jobs, *options: str, **popen):
    """`report-check audit` running in its own process, its output piped; Ctrl-C reaches it as
    in a terminal even when the suite itself runs with Ctrl-C ignored (a background job)."""
    import signal
    import subprocess
    import sys
    popen.setdefault("preexec_fn", lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    return subprocess.Popen([sys.executable, "-m", "checker", "audit", str(folder), "-o", str(out), "-j", str(jobs),
                             *(options or ["--no-cache"]), "--no-progress"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **popen)


def _audit_in_background(folder, out, jobs):
    proc = _audit_process(folder, out, jobs)
    deadline = time.time() + 60
    while time.time() < deadline and len(_children_of(proc.pid)) < jobs:
        time.sleep(0.2)
    time.sleep(1.5)   # the workers are busy with files by now
    return proc


@pytest.mark.parametrize("signal_name", ["SIGINT", "SIGTERM"])
def test_a_signal_stops_a_parallel_audit_and_keeps_what_is_done(tmp_path, signal_name):
    """Red team: SIGINT once landed in a library's cleanup, was swallowed, and the audit ran
    to the end with exit 0. Signals are now a flag the runner checks; workers are stopped."""
    import signal
    folder = tmp_path / "报告"
    folder.mkdir()
    _many(folder, 1200)   # still busy when the signal comes, on a fast machine too
    out = tmp_path / "r.json"
    proc = _audit_in_background(folder, out, 2)
    workers = _children_of(proc.pid)
    proc.send_signal(getattr(signal, signal_name))
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "已中断" in stdout
    audit = json.loads(out.read_text("utf-8"))["audit"]
    assert audit["interrupted"] and audit["pending"] and audit["checked"] + len(audit["pending"]) == 1200
    assert not [pid for pid in workers if _alive(pid)]


def test_ctrl_c_at_any_moment_of_starting_ends_with_130_and_a_line(tmp_path):
    """CI stress: Ctrl-C while modules loaded printed a traceback, and while the pack loaded
    it ended with exit code 2 (click's Abort), not 130 as everywhere else. While the audit
    imported its own modules (about 0.2 s in), it sometimes landed in a callback of Python's
    import machinery, was only printed, and the audit ran to the end with exit code 0.
    The moments are counted from the first line of ours (measured on this machine, now): before
    it the interpreter is still starting, which no program's code can catch."""
    import signal
    folder = tmp_path / "报告"
    folder.mkdir()
    _many(folder, 600)
    ready = _seconds_to_our_first_line()
    for delay in (0.0, 0.02, 0.04, 0.05, 0.06, 0.08, 0.1, 0.15, 0.25, 0.45, 0.85):
        proc = _audit_process(folder, tmp_path / "r.json", 1)
        time.sleep(ready + delay)
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
        said = "已中止" in stderr or "已中断" in stdout   # stopped loading, or stopped checking and kept what was done
        assert proc.returncode == 130 and said and "Traceback" not in stderr, (delay, stderr[-300:])


def _seconds_to_our_first_line() -> float:
    """How long, on this machine now, a new interpreter takes to reach the command's Ctrl-C
    handler (the median of three starts)."""
    import statistics
    import subprocess
    import sys
    times = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "from checker.__main__ import install; install()"], check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def test_sigterm_at_any_moment_is_ctrl_c_and_never_loses_a_result_being_written(tmp_path):
    """Red team 3, defect 7: SIGTERM while the results and letters were written ended the audit
    with 143, no word and no result files. Now SIGTERM is Ctrl-C everywhere: loading, checking
    (stop between files, keep what is done), finding copies and writing (the results are written
    whole, then 130)."""
    import signal
    folder = tmp_path / "报告"
    folder.mkdir()
    _many(folder, 120)
    ready = _seconds_to_our_first_line()
    full = subprocess_run_audit(folder, tmp_path)
    for delay in (0.05, 0.3, 0.8, full * 0.5, full * 0.8, full * 0.9, full * 0.95):
        out = tmp_path / "r.csv"
        out.unlink(missing_ok=True)
        proc = _audit_process(folder, out, 2, "--no-cache", "-o", str(tmp_path / "r.xlsx"),
                              "--feedback", str(tmp_path / "反馈"))
        time.sleep(ready + delay)
        proc.send_signal(signal.SIGTERM)
        stdout, stderr = proc.communicate(timeout=120)
        assert proc.returncode in (0, 130), (delay, proc.returncode, stderr[-300:])
        assert "Traceback" not in stderr and "内部错误" not in stderr
        if proc.returncode == 130:
            assert "已中止" in stderr or "已中断" in stdout, (delay, stderr[-300:])
        if "结果已写入" in stdout:   # whatever was promised is there, whole
            import re
            checked, unreadable = map(int, re.search(r"已检查 (\d+) 份.*?无法读取 (\d+) 份", stdout).groups())
            assert len(out.read_text("utf-8-sig").splitlines()) - 1 == checked + unreadable
            assert (tmp_path / "r.xlsx").stat().st_size > 0
            letters = len(list((tmp_path / "反馈").glob("*.docx")))
            assert f"（{letters} 份）" in stdout


def subprocess_run_audit(folder, tmp_path) -> float:
    """Seconds a whole audit of `folder` with its outputs and letters takes here, now."""
    started = time.perf_counter()
    proc = _audit_process(folder, tmp_path / "full.csv", 2, "--no-cache", "--feedback", str(tmp_path / "反馈全"))
    proc.communicate(timeout=300)
    assert proc.returncode == 0
    return time.perf_counter() - started


def test_an_audit_started_with_ctrl_c_ignored_keeps_ignoring_it(tmp_path):
    """A background job (nohup, `&` in a script) is started with SIGINT ignored, so a Ctrl-C
    meant for the foreground does not stop it: the audit must not catch it again."""
    import signal
    folder = tmp_path / "报告"
    folder.mkdir()
    _many(folder, 300)
    out = tmp_path / "r.json"
    proc = _audit_process(folder, out, 2, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN))
    for delay in (0.1, 0.5, 1.5):
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0, stderr
    audit = json.loads(out.read_text("utf-8"))["audit"]
    assert not audit["interrupted"] and audit["checked"] == 300


def test_workers_stop_when_the_audit_is_killed(tmp_path):
    """Red team: `kill -9` of the audit left its workers running forever."""
    import signal
    folder = tmp_path / "报告"
    folder.mkdir()
    _many(folder, 1200)
    proc = _audit_in_background(folder, tmp_path / "r.json", 2)
    workers = _children_of(proc.pid)
    assert len(workers) >= 2
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 15
    while time.time() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.2)
    assert not [pid for pid in workers if _alive(pid)]


def test_a_signal_after_the_work_is_done_cannot_kill_the_command_with_no_word():
    """CI caught it: SIGTERM in the moment after an audit had written its results, while Python
    shut down (which puts back the default handlers), ended the process with -15. Once the
    command's work is done, both signals are ignored; before, they stop it as Ctrl-C does."""
    import subprocess
    import sys
    code = ("import os, signal; from checker.support.stopping import install, finished; install(); {finish}"
            "os.kill(os.getpid(), signal.SIGTERM); print('still here')")
    done = subprocess.run([sys.executable, "-c", code.format(finish="finished(); ")], capture_output=True, text=True)
    assert done.returncode == 0 and "still here" in done.stdout
    working = subprocess.run([sys.executable, "-c", code.format(finish="")], capture_output=True, text=True)
    assert working.returncode in (130, -2) and "still here" not in working.stdout   # stopped as by Ctrl-C
