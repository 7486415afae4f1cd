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
from typing import Any, Callable, Iterable

from .errors import CheckerError, UnreadableDocument

SECONDS = float(os.environ.get("REPORT_CHECK_SECONDS", "60"))
MEMORY_MB = int(os.environ.get("REPORT_CHECK_MEMORY_MB", "2048"))   # above what the caller already uses
_context = None
_deadline: float | None = None    # set inside a child: when its parent will stop it


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


def _child(connection, func: Callable, args: tuple, seconds: float, memory_mb: int, scratch: str) -> None:
    global _deadline
    _deadline = time.monotonic() + seconds
    tempfile.tempdir = scratch
    become_child()
    try:
        import resource
        limit = _virtual_size() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass
    try:
        connection.send(("ok", func(*args)))
    except CheckerError as e:   # an unreadable file, a rule that ran away: the message says which
        connection.send(("unreadable", e.message))
    except (MemoryError, ImportError):   # a library that cannot be mapped under the limit: memory too
        connection.send(("unreadable", f"检查所需内存过多（超过 {memory_mb} MB），已停止。文件可能有问题"))
    except RecursionError:
        connection.send(("unreadable", "文件内部结构嵌套过深，无法解析。文件可能有问题"))
    except Exception:
        connection.send(("unreadable", "文件内容有误，无法解析。文件可能已损坏，请重新保存后再检查"))
    finally:
        connection.close()


def run_bounded(func: Callable, args: tuple, name: str) -> Any:
    """func(*args) in a child process; its answer, or UnreadableDocument saying what went
    wrong. Inside a child already, func simply runs: the child's own limits hold. What func
    needs should be imported before (an import in the child counts against its memory)."""
    if _deadline is not None:
        return func(*args)
    context = _context or multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    scratch = tempfile.mkdtemp(prefix="report-check-")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, func, args, SECONDS, MEMORY_MB, scratch), daemon=True)
    try:
        child.start()
        sender.close()
        if not receiver.poll(SECONDS):
            child.kill()
            raise UnreadableDocument(f"检查超时（超过 {SECONDS:g} 秒），已停止。文件可能过大或有问题", name)
        try:
            kind, value = receiver.recv()
        except (EOFError, OSError):
            raise UnreadableDocument("检查进程异常退出（文件可能有问题或内存不足）", name) from None
    finally:
        receiver.close()
        child.join(timeout=5)
        if child.is_alive():
            child.kill()
            child.join(timeout=5)
        shutil.rmtree(scratch, ignore_errors=True)
    if kind == "ok":
        return value
    raise UnreadableDocument(value, name)
