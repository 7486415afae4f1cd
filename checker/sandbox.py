"""Untrusted documents are parsed in a child process with a time and a memory limit.

A crafted .docx, .pdf or web page can make a parser loop, recurse without end or claim
gigabytes; in a child, that costs a clear message and nothing else. Reader modules are
imported before the child starts, so a child begins in milliseconds. A threaded caller
(the web server) switches to a fork server, which forks from a clean single thread.
"""
from __future__ import annotations

import importlib
import multiprocessing
import os
from typing import Any, Callable, Iterable

from .errors import UnreadableDocument

READ_SECONDS = float(os.environ.get("REPORT_CHECK_READ_SECONDS", "60"))
READ_MEMORY_MB = int(os.environ.get("REPORT_CHECK_READ_MEMORY_MB", "2048"))   # above what the caller already uses
_context = None


def use_fork_server(preload: Iterable[str]) -> None:
    """For threaded callers: children come from a fork server that has `preload` imported."""
    global _context
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(preload))
    _context = context


def _virtual_size() -> int:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _child(connection, func: Callable, args: tuple, memory_mb: int) -> None:
    try:
        import resource
        limit = _virtual_size() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass
    try:
        connection.send(("ok", func(*args)))
    except UnreadableDocument as e:
        connection.send(("unreadable", e.message))
    except MemoryError:
        connection.send(("unreadable", f"解析文件所需内存过多（超过 {memory_mb} MB），已停止。文件可能有问题"))
    except RecursionError:
        connection.send(("unreadable", "文件内部结构嵌套过深，无法解析。文件可能有问题"))
    except Exception:
        connection.send(("unreadable", "文件内容有误，无法解析。文件可能已损坏，请重新保存后再检查"))
    finally:
        connection.close()


def run_bounded(func: Callable, args: tuple, name: str, preload: Iterable[str] = ()) -> Any:
    """func(*args) in a child process; its answer, or UnreadableDocument saying what went wrong."""
    for module in preload:
        importlib.import_module(module)
    context = _context or multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, func, args, READ_MEMORY_MB), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(READ_SECONDS):
            child.kill()
            raise UnreadableDocument(f"读取超时（超过 {READ_SECONDS:g} 秒），已停止。文件可能有问题", name)
        try:
            kind, value = receiver.recv()
        except (EOFError, OSError):
            raise UnreadableDocument("读取时解析进程异常退出（文件可能有问题或内存不足）", name) from None
    finally:
        receiver.close()
        child.join(timeout=5)
        if child.is_alive():
            child.kill()
    if kind == "ok":
        return value
    raise UnreadableDocument(value, name)
