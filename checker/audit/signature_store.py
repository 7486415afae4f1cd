"""The sentence signatures of the reports an audit compares for copying, kept in pages of
fixed size as the reports' answers arrive.

Copy detection reads a few values of every signature once per pass over them. Read from
one small array per report, each pass cost a step in Python for each report and a copy of
its columns (1.3 s of 4 at 130,000 reports); from pages, it is a step per 65,536 sentences,
reading the values in place. A page keeps its values in planes of PLANE side by side, so a
pass reads exactly the values it keys (and holds keys for as few bands) rather than whole
cache lines of which it uses a part. Filling pages as answers arrive costs no more memory
than keeping each report's bytes, and copying all the bytes into one matrix afterwards
would first touch as much memory again (seconds on a virtual machine)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .features import NUM_PERM, signatures_of

PAGE_ROWS = 1 << 16       # 16 MB of signatures a page
PLANE = 8                 # values of a signature kept side by side: a page is NUM_PERM / PLANE planes


@dataclass(frozen=True)
class Stored:
    path: str
    unit: str             # empty when unknown
    first: int            # its first sentence's row in the store
    count: int            # its long sentences


class SignatureStore:
    """Reports' signatures, one row each of their long sentences, in the order they were added."""

    def __init__(self) -> None:
        self._pages: list[np.ndarray] = []
        self.rows = 0
        self.reports: list[Stored] = []

    def add(self, path: str, unit: str, blob: bytes) -> None:
        """Keep one report's signatures (as features.extract gives them)."""
        rows = signatures_of(blob)
        self.reports.append(Stored(path, unit, self.rows, len(rows)))
        done = 0
        while done < len(rows):
            page, at = divmod(self.rows, PAGE_ROWS)
            if page == len(self._pages):
                self._pages.append(np.empty((NUM_PERM // PLANE, PAGE_ROWS, PLANE), np.uint32))   # touched only as filled
            take = min(len(rows) - done, PAGE_ROWS - at)
            self._pages[page][:, at:at + take] = _planes(rows[done:done + take])
            done += take
            self.rows += take

    def pages(self) -> list[tuple[int, np.ndarray]]:
        """The filled rows page by page, each with the number of its first row: planes ×
        rows × PLANE values (plane p holds values p·PLANE … (p+1)·PLANE - 1 of each row)."""
        return [(i * PAGE_ROWS, page[:, :min(PAGE_ROWS, self.rows - i * PAGE_ROWS)]) for i, page in enumerate(self._pages)]

    def take(self, rows: np.ndarray) -> np.ndarray:
        """The signatures of `rows` (row numbers of the store, in any order)."""
        out = np.empty((len(rows), NUM_PERM), np.uint32)
        order = np.argsort(rows, kind="stable")
        cuts = np.searchsorted(rows[order], np.arange(1, len(self._pages)) * PAGE_ROWS)
        for p, at in enumerate(np.split(order, cuts)):
            _planes(out)[:, at] = self._pages[p][:, rows[at] - p * PAGE_ROWS]
        return out


def _planes(rows: np.ndarray) -> np.ndarray:
    """Rows of whole signatures seen as planes × rows × PLANE (a view: writing it writes `rows`)."""
    return rows.reshape(len(rows), -1, PLANE).swapaxes(0, 1)
