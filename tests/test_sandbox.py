"""The bounded child that an audit reuses across files: each call keeps its own time limit,
and a call that fails, times out or crashes costs only itself."""
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


def test_calls_started_together_are_answered_apart_and_in_their_own_time(monkeypatch):
    """The audit starts calls in several children and waits on all of them at once."""
    from multiprocessing.connection import wait
    monkeypatch.setattr(sandbox, "SECONDS", 1.0)
    quick, slow = sandbox.Child(_job), sandbox.Child(_job)
    try:
        slow.send(("hang",))
        quick.send(("ok",))
        ready = wait([quick.connection, slow.connection], timeout=10)
        assert ready == [quick.connection]
        assert quick.receive("a.txt") != os.getpid()
        time.sleep(max(0.0, slow.deadline - time.monotonic()))
        assert not wait([slow.connection], timeout=0)
        assert "超时" in slow.expire("b.txt").message and slow.connection is None
    finally:
        quick.close()
        slow.close()


def test_a_child_ends_by_itself_when_closed_though_a_sibling_was_forked_after_it():
    """A child forked later inherits the earlier child's end of its pipe; unless it closes it,
    the earlier child never reads the end of its pipe and has to be killed."""
    first, second = sandbox.Child(_job), sandbox.Child(_job)
    try:
        first(("ok",), "a.txt")
        second(("ok",), "b.txt")
        process = first._process
        first.close()
        assert process.exitcode == 0
    finally:
        first.close()
        second.close()


def test_a_queued_call_is_answered_by_the_same_child_within_its_quota():
    child = sandbox.Child(_job, reuse=2)
    try:
        child.send(("ok",))
        assert child.takes(2)
        child.send(("ok",))
        assert not child.takes(3)   # its quota is spoken for
        assert child.receive("a.txt") == child.receive("b.txt")
        assert child.connection is None and child.takes(2)
    finally:
        child.close()


@pytest.mark.parametrize("action", ["fail", "crash"])
def test_a_call_queued_behind_one_that_fails_is_not_made_and_can_be_sent_again(action):
    child = sandbox.Child(_job)
    try:
        child.send((action,))
        child.send(("ok",))
        with pytest.raises(UnreadableDocument):
            child.receive("a.txt")
        assert child.connection is None
        assert child(("ok",), "b.txt") != os.getpid()
    finally:
        child.close()
