"""Ctrl-C (or SIGTERM) while a module is being imported ends the command at once: a line that
says so, exit code 130.

Python raises KeyboardInterrupt wherever the signal lands. Inside the import machinery that
can be one of its callbacks, where Python only prints the exception and goes on: an audit
interrupted while it imported its modules ran to the end and exited 0. While a module is
imported nothing is being written that could be left half done, so the process simply ends;
anywhere else Ctrl-C is Python's own KeyboardInterrupt, which each command handles. Only
the standard library and our exit codes here: this is installed before the rest of ours
is imported."""
from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from types import FrameType
from typing import Iterator, Optional

from ..errors import EXIT_STOPPED, STOPPED


def install() -> None:
    """In place of Python's own Ctrl-C handler, and SIGTERM's (which would end the process
    without a word, whatever it was writing): both stop the command as Ctrl-C does. A process
    started with either ignored (nohup, `&` in a script) keeps ignoring it; a caller's handler stays."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _interrupt)
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _interrupt)


def finished() -> None:
    """The command's work is done and its output written: a signal now has nothing left to stop.
    Python's shutdown puts back the default handlers, under which a late SIGTERM would end the
    process with no word and status -15 after its results were written; an ignored signal it
    leaves ignored."""
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_IGN)


@contextlib.contextmanager
def deferred() -> Iterator[threading.Event]:
    """Ctrl-C or SIGTERM only sets a flag while the block runs (checking between files, writing
    the results: an exception could land anywhere, even in a library's cleanup, and be
    swallowed, or cut a result short); a second Ctrl-C stops at once."""
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def handler(signum: int, frame: Optional[FrameType]) -> None:
        if stop.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        stop.set()
    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)
                if signal.getsignal(sig) is not signal.SIG_IGN}   # ignored by whoever started us: still ignored
    try:
        yield stop
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _interrupt(signum: int, frame: Optional[FrameType]) -> None:
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            sys.stderr.write(f"report-check：{STOPPED}\n")
            sys.stderr.flush()
            os._exit(EXIT_STOPPED)
        frame = frame.f_back
    raise KeyboardInterrupt
