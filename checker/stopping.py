"""Ctrl-C while a module is being imported ends the command at once: a line that says so,
exit code 130.

Python raises KeyboardInterrupt wherever the signal lands. Inside the import machinery that
can be one of its callbacks, where Python only prints the exception and goes on: an audit
interrupted while it imported its modules ran to the end and exited 0. While a module is
imported nothing is being written that could be left half done, so the process simply ends;
anywhere else Ctrl-C is Python's own KeyboardInterrupt, which each command handles. Only
the standard library and our exit codes here: this is installed before the rest of ours
is imported."""
from __future__ import annotations

import os
import signal
import sys
import threading
from types import FrameType
from typing import Optional

from .errors import EXIT_STOPPED, STOPPED


def install() -> None:
    """In place of Python's own Ctrl-C handler. A process started with Ctrl-C ignored (nohup,
    `&` in a script) keeps ignoring it; a handler of a caller's stays."""
    if threading.current_thread() is threading.main_thread() \
            and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _interrupt)


def _interrupt(signum: int, frame: Optional[FrameType]) -> None:
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            sys.stderr.write(f"report-check：{STOPPED}\n")
            sys.stderr.flush()
            os._exit(EXIT_STOPPED)
        frame = frame.f_back
    raise KeyboardInterrupt
