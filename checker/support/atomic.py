"""Write a file so that a reader never sees half of it: a temporary file in the same
folder, then a rename."""
from __future__ import annotations

import os
import tempfile
from typing import Callable


def write_atomic(path: str, write: Callable[[str], None]) -> None:
    """`write(tmp_path)` fills a temporary file, which then replaces `path`."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".report-check-", suffix=os.path.splitext(path)[1], dir=folder)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o666 & ~_umask())   # mkstemp makes 0600; a result file gets the usual mode
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_file_atomic(path: str, content: str | bytes) -> None:
    """Text as UTF-8, or bytes as they are."""
    def write(tmp: str) -> None:
        with open(tmp, "wb") as f:
            f.write(content.encode("utf-8") if isinstance(content, str) else content)
    write_atomic(path, write)
