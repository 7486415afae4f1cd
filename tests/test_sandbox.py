"""The bounded child that audit workers reuse across files: each call keeps its own time
limit, and a call that fails, times out or crashes costs only itself."""
from __future__ import annotations

import os
import time

import pytest

from checker import sandbox
from checker.errors import CheckerError, UnreadableDocument


def _job(action: str) -> int:
    if action == "fail":
        raise CheckerError("这份报告无法检查")
    if action == "crash":
        os._exit(3)
    if action == "hang":
        time.sleep(30)
    return os.getpid()


def test_one_child_answers_many_calls_until_its_quota():
    child = sandbox.Child(_job, reuse=3)
    try:
        pids = [child(("ok",), f"{i}.txt") for i in range(4)]
    finally:
        child.close()
    assert os.getpid() not in pids
    assert pids[0] == pids[1] == pids[2] != pids[3]


@pytest.mark.parametrize("action, message", [("fail", "这份报告无法检查"), ("crash", "异常退出")])
def test_a_failed_call_costs_only_itself_and_the_next_gets_a_new_child(action, message):
    child = sandbox.Child(_job)
    try:
        first = child(("ok",), "a.txt")
        with pytest.raises(UnreadableDocument) as raised:
            child((action,), "b.txt")
        assert message in raised.value.message
        assert child(("ok",), "c.txt") != first
    finally:
        child.close()


def test_a_call_past_the_time_limit_is_stopped(monkeypatch):
    monkeypatch.setattr(sandbox, "SECONDS", 1.0)
    child = sandbox.Child(_job)
    try:
        first = child(("ok",), "a.txt")
        started = time.monotonic()
        with pytest.raises(UnreadableDocument) as raised:
            child(("hang",), "b.txt")
        assert "超时" in raised.value.message and time.monotonic() - started < 10
        assert not os.path.exists(f"/proc/{first}/stat") or open(f"/proc/{first}/stat").read().split()[2] == "Z"
        assert child(("ok",), "c.txt") != first
    finally:
        child.close()


def test_closing_removes_the_childs_temporary_folder():
    child = sandbox.Child(_job)
    child(("ok",), "a.txt")
    scratch = child._scratch
    assert os.path.isdir(scratch)
    child.close()
    assert not os.path.exists(scratch)
