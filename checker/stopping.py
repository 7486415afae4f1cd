"""Ctrl-C while modules load ends the command at once: a line that says so, exit code 130.

Python raises KeyboardInterrupt wherever the signal lands. Inside the import machinery that
can be one of its callbacks, where Python only prints the exception and goes on: an audit
interrupted while it loaded its modules ran to the end and exited 0. While modules load
nothing has been written that could be left half done, so the process simply ends. Only
the standard library here: this is imported before anything else of ours."""
from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from typing import Iterator


def _stop_now(signum, frame) -> None:
    sys.stderr.write("report-check：已中止\n")
    sys.stderr.flush()
    os._exit(130)


@contextlib.contextmanager
def loading() -> Iterator[None]:
    """While the block imports modules, Ctrl-C ends the process. A process started with Ctrl-C
    ignored (nohup, `&` in a script) keeps ignoring it; a handler of a caller's stays."""
    ours = threading.current_thread() is threading.main_thread() \
        and signal.getsignal(signal.SIGINT) is signal.default_int_handler
    if ours:
        signal.signal(signal.SIGINT, _stop_now)
    try:
        yield
    finally:
        if ours:
            signal.signal(signal.SIGINT, signal.default_int_handler)
