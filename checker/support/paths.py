"""Where report-check keeps its own files (jieba's dictionary cache, the audit cache, the
shipped packs' parsed form): a per-user cache folder, never a shared /tmp file."""
from __future__ import annotations

import functools
import os
import stat
import tempfile


def cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = os.path.join(base, "report-check")
    try:
        os.makedirs(path, exist_ok=True)
        if os.access(path, os.W_OK):
            return path
    except OSError:
        pass
    return _private_temp(tempfile.gettempdir())


@functools.lru_cache(maxsize=None)
def _private_temp(temp: str) -> str:
    """A folder in the shared temporary folder that only this user can write. What the cache
    holds is trusted (a shipped pack's parsed form runs its patterns unbounded, cached verdicts
    are reported as they are), so a folder someone else made, or may write to, is not used:
    this process then caches in a fresh folder of its own."""
    uid = os.getuid() if hasattr(os, "getuid") else None
    path = os.path.join(temp, f"report-check-{uid if uid is not None else 'user'}")
    try:
        os.makedirs(path, mode=0o700, exist_ok=True)
        if uid is None or _owned_and_closed(path, uid):
            return path
    except OSError:
        pass
    return tempfile.mkdtemp(prefix="report-check-")


def _owned_and_closed(path: str, uid: int) -> bool:
    status = os.lstat(path)   # a link is not followed: it is not a folder of ours
    return stat.S_ISDIR(status.st_mode) and status.st_uid == uid and not status.st_mode & 0o022
