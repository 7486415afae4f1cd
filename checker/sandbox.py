"""Every report is read and checked in a child process with a time and a memory limit.

A crafted .docx, .pdf or web page can make a parser loop, recurse without end or claim
gigabytes, and a report built against a rule can make it slow; in a child, that costs a
clear message about that one report and nothing else. The child's temporary files live
in a folder the parent removes whatever happens to the child, and a child whose parent
has died stops by itself. Modules are imported before the child starts (a fork), so a
child begins in milliseconds. A threaded caller (the web server) switches to a fork
server, which forks from a clean single thread.
"""
from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
import time
from typing import Any, Callable, Iterable, Optional

from .errors import CheckerError, UnreadableDocument

SECONDS = float(os.environ.get("REPORT_CHECK_SECONDS", "60"))
MEMORY_MB = int(os.environ.get("REPORT_CHECK_MEMORY_MB", "2048"))   # above what the caller already uses
_context: Any = None
_deadline: float | None = None    # set inside a child: when its parent will stop it
_parent_ends: set = set()         # this process's ends of its children's pipes


def use_fork_server(preload: Iterable[str]) -> None:
    """For threaded callers: children come from a fork server that has `preload` imported."""
    global _context
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(preload))
    _context = context


def seconds_left() -> float | None:
    """Inside a child: the time before it is stopped (a tool it runs must finish first)."""
    return None if _deadline is None else _deadline - time.monotonic()


def become_child() -> None:
    """For any process of ours that works for a parent (a check child, an audit worker): Ctrl-C
    is the parent's to handle, SIGTERM stops it whatever handler the parent had installed
    before forking, and it stops soon after the parent dies (kill -9 included), when nobody
    would read its answer and nothing else would stop it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)
    threading.Thread(target=watch, daemon=True, name="exit-with-parent").start()


def _virtual_size() -> int:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _answer(func: Callable, args: tuple, memory_mb: int) -> tuple[str, Any]:
    try:
        return "ok", func(*args)
    except CheckerError as e:   # an unreadable file, a rule that ran away: the message says which
        return "unreadable", e.message
    except (MemoryError, ImportError):   # a library that cannot be mapped under the limit: memory too
        return "unreadable", f"检查所需内存过多（超过 {memory_mb} MB），已停止。文件可能有问题"
    except RecursionError:
        return "unreadable", "文件内部结构嵌套过深，无法解析。文件可能有问题"
    except Exception:
        return "unreadable", "文件内容有误，无法解析。文件可能已损坏，请重新保存后再检查"


def _serve(connection, func: Callable, first: tuple, calls: int, seconds: float, memory_mb: int,
           scratch: str) -> None:
    """The child: answer `first`, then each further args the parent sends, up to `calls` calls,
    until the parent closes the pipe or a call fails (the process may then be in a bad state)."""
    global _deadline
    for end in list(_parent_ends):   # forked: the parent's ends of this pipe and of every sibling's,
        end.close()                  # else a pipe never reports its parent gone
    tempfile.tempdir = scratch
    become_child()
    try:
        import resource
        limit = _virtual_size() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass
    args = first
    try:
        for call in range(1, calls + 1):
            _deadline = time.monotonic() + seconds
            answer = _answer(func, args, memory_mb)
            try:
                connection.send(answer)
                if answer[0] != "ok" or call == calls:
                    return
                args = connection.recv()
            except (EOFError, OSError):   # the parent stopped waiting, or is gone
                return
    finally:
        connection.close()


class Child:
    """Calls of one function in a bounded child process that is reused: forked at the first
    call (whose arguments travel with the fork), then sent each further call's arguments,
    which may wait in the pipe behind the call in progress (send, then receive in order).
    Each call has the full time limit; the memory limit holds for the child's life. A call
    that fails, times out or crashes ends the child, and after `reuse` calls a new one is
    forked, so no report runs in a process another report has left in a bad state for long.
    Forking once per file costs more than checking a plain-text report; a new child every
    100 files still cost an audit 4-7% (the pages both processes then write are copied).
    A child's memory stays flat: 2 MB more after 2,000 reports, of its 2,048 MB limit."""

    def __init__(self, func: Callable, reuse: int = 1000, step: str = "检查"):
        self.func, self.reuse, self.step = func, reuse, step   # step: what a timeout message names
        self._process: Any = None        # multiprocessing's Process and Connection, of whichever context
        self._connection: Any = None
        self._scratch: Optional[str] = None
        self._calls = 0
        self._queued = 0      # calls sent and not yet answered
        self.deadline = 0.0   # of the call in progress (time.monotonic)

    def __call__(self, args: tuple, name: str) -> Any:
        """func(*args) in the child: its answer, or UnreadableDocument saying what went wrong."""
        if _deadline is not None:
            return self.func(*args)
        self.send(args)
        try:
            answered = self._connection.poll(SECONDS)
        except BaseException:   # Ctrl-C: this child is done
            self.close(kill=True)
            raise
        if not answered:
            raise self.expire(name)
        return self.receive(name)

    @property
    def connection(self) -> Any:
        """Ready to read once the call in progress has its answer (for multiprocessing's wait)."""
        return self._connection

    def takes(self, most: int) -> bool:
        """Whether a call may be sent now, with at most `most` unanswered: the child reads the
        next call's arguments as soon as it answers one, and stops after `reuse` calls."""
        return self._process is None or (self._queued < most and self._calls + self._queued < self.reuse)

    def send(self, args: tuple) -> None:
        """Start a call, or queue it behind the call in progress: the first forks the child
        with its arguments, later ones are sent. A call left unanswered when the child ends
        (the call before it failed, crashed or timed out) is not made: the caller sends it again."""
        if self._process is not None:
            try:
                self._connection.send(args)
            except OSError:   # the child has died: the call in progress will say how, or a new child takes these
                if not self._queued:
                    self.close(kill=True)
        if self._process is None:
            try:
                self._start(args)
            except BaseException:   # no child to be had (fork refused, Ctrl-C): nothing left behind
                self.close(kill=True)
                raise
        if not self._queued:
            self.deadline = time.monotonic() + SECONDS
        self._queued += 1

    def receive(self, name: str) -> Any:
        """The answer to the oldest unanswered call (waited for if not yet there), or UnreadableDocument."""
        try:
            kind, value = self._connection.recv()
        except (EOFError, OSError):
            self.close(kill=True)
            raise UnreadableDocument("检查进程异常退出（文件可能有问题或内存不足）", name) from None
        except BaseException:   # Ctrl-C: this child is done
            self.close(kill=True)
            raise
        self._calls += 1
        self._queued -= 1
        if self._queued:   # the next call began as this one was answered
            self.deadline = time.monotonic() + SECONDS
        if kind != "ok" or self._calls >= self.reuse:
            self.close()
        if kind == "ok":
            return value
        raise UnreadableDocument(value, name)

    def expire(self, name: str) -> UnreadableDocument:
        """The call in progress is past its time: the child is stopped; what to tell the user."""
        self.close(kill=True)
        return UnreadableDocument(f"{self.step}超时（超过 {SECONDS:g} 秒），已停止。文件可能过大或有问题", name)

    def _start(self, args: tuple) -> None:
        context: Any = _context or multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
        self._scratch = tempfile.mkdtemp(prefix="report-check-")
        mine, theirs = context.Pipe()
        self._connection = mine
        _parent_ends.add(mine)
        self._process = context.Process(target=_serve, daemon=True, args=(
            theirs, self.func, args, self.reuse, SECONDS, MEMORY_MB, self._scratch))
        self._calls = 0
        try:
            self._process.start()
        finally:
            theirs.close()

    def close(self, kill: bool = False) -> None:
        """Let the child (if any) end, or `kill` it, and remove its temporary files."""
        process, connection, scratch = self._process, self._connection, self._scratch
        self._process = self._connection = self._scratch = None
        self._queued = 0
        if connection is not None:
            _parent_ends.discard(connection)
            connection.close()   # a waiting child reads the end of the pipe and stops
        if process is not None and process.pid is not None:
            if kill:
                process.kill()
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join(timeout=5)
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)


def run_bounded(func: Callable, args: tuple, name: str, step: str = "检查") -> Any:
    """func(*args) in a child process of its own; its answer, or UnreadableDocument saying what
    went wrong (naming the `step`, 检查 or 写批注版 Word, that ran out of time). Inside a child
    already, func simply runs: the child's own limits hold. What func needs should be imported
    before (an import in the child counts against its memory)."""
    return Child(func, reuse=1, step=step)(args, name)
