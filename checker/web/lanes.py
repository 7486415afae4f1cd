"""How many checks the page runs at once. Each check is a child process that may use up to
its memory limit; big uploads take one lane with few places, so a handful of them cannot
fill the machine or keep a drafter's small report waiting, and a big upload that finds its
lane full is told to come back (503) instead of queueing without end."""
from __future__ import annotations

import contextlib
import threading
from typing import Iterator

BIG_UPLOAD = 1024 * 1024


class Busy(Exception):
    """Every place in the lane, running and waiting, is taken."""


class Lane:
    def __init__(self, running: int, waiting: int):
        self.places = running + waiting
        self._slots = threading.BoundedSemaphore(running)
        self._places = threading.BoundedSemaphore(self.places)

    @contextlib.contextmanager
    def enter(self) -> Iterator[None]:
        if not self._places.acquire(blocking=False):
            raise Busy
        try:
            with self._slots:
                yield
        finally:
            self._places.release()


class Lanes:
    """Small uploads and pasted text (most drafts) in one lane, big uploads in another."""

    def __init__(self, small: int = 2, big: int = 1, big_waiting: int = 2):
        self.small = Lane(small, 1000)   # small requests wait for a server thread, never refused
        self.big = Lane(big, big_waiting)
        self._small_running = small

    def for_size(self, size: int | None) -> Lane:
        return self.big if size is None or size > BIG_UPLOAD else self.small

    @property
    def threads(self) -> int:
        """Server threads: every place of the big lane, the running small checks, and a few for
        the page itself, so big uploads waiting never hold every thread."""
        return self.big.places + self._small_running + 4
