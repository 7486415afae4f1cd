"""How many checks the page runs at once. Each check is a child process that may use up to
its memory limit; big uploads and Word copies (slow whatever their size: a 56 KB file with a
4,000-row table) take one lane with few places, so a handful of them cannot fill the machine or
keep a drafter's small report waiting. Every place holds a server thread while it waits, so
both lanes are bounded and the server has threads beyond them: the page itself always
answers, and a request that finds its lane full is told to come back (503) at once."""
from __future__ import annotations

import contextlib
import threading
from typing import Iterator

BIG_UPLOAD = 1024 * 1024
PAGE_THREADS = 4


class Busy(Exception):
    """Every place in the lane, running and waiting, is taken."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Lane:
    def __init__(self, running: int, waiting: int, busy: str):
        self.places, self.busy = running + waiting, busy
        self._slots = threading.BoundedSemaphore(running)
        self._places = threading.BoundedSemaphore(self.places)

    @contextlib.contextmanager
    def enter(self) -> Iterator[None]:
        if not self._places.acquire(blocking=False):
            raise Busy(self.busy)
        try:
            with self._slots:
                yield
        finally:
            self._places.release()


class Lanes:
    """Small uploads and pasted text (most drafts) in one lane, big uploads and Word copies in another."""

    def __init__(self, small: int = 2, small_waiting: int = 24, big: int = 1, big_waiting: int = 2):
        self.small = Lane(small, small_waiting, "服务器正忙（同时检查的报告较多），请稍后再试")
        self.big = Lane(big, big_waiting, "服务器正忙（正在检查其他较大的文件或生成批注版），请稍后再试")

    def for_request(self, size: int | None, heavy: bool = False) -> Lane:
        return self.big if heavy or size is None or size > BIG_UPLOAD else self.small

    @property
    def threads(self) -> int:
        """Server threads: every place of both lanes, and a few for the page itself, which
        therefore never waits behind checks."""
        return self.big.places + self.small.places + PAGE_THREADS
