"""The one way the tool reads a file a user names (a report, a pack, a configuration, a roster,
a baseline): only a regular file, never more than a limit. A FIFO would hang the read, a link
to /dev/zero would fill memory, and both pass a size check made with os.path.getsize."""
from __future__ import annotations

import os
import stat

from ..errors import CheckerError, describe_oserror


def read_bytes(path: str, limit: int, what: str) -> bytes:
    """The file's bytes; CheckerError (naming `what` the file is) if it is not a regular file,
    cannot be read or holds more than `limit` bytes."""
    check_file(path, limit, what)
    try:
        with open(path, "rb") as f:
            data = f.read(limit + 1)   # the file may have grown since it was measured
    except OSError as e:
        raise CheckerError(f"无法读取{what}（{describe_oserror(e)}）", path) from None
    if len(data) > limit:
        raise CheckerError(f"{what}过大（超过 {_size(limit)}）", path)
    return data


def check_file(path: str, limit: int, what: str) -> None:
    """That `path` is a regular file of at most `limit` bytes, without reading it."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise CheckerError(f"{what}不存在", path) from None
    except OSError as e:
        raise CheckerError(f"无法读取{what}（{describe_oserror(e)}）", path) from None
    if stat.S_ISDIR(info.st_mode):
        raise CheckerError(f"这是一个文件夹，不是{what}", path)
    if not stat.S_ISREG(info.st_mode):
        raise CheckerError(f"不是普通文件（管道、设备或套接字），不能作为{what}读取", path)
    if info.st_size > limit:
        raise CheckerError(f"{what}过大（{_size(info.st_size)}，上限 {_size(limit)}）", path)


def _size(n: int) -> str:
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{max(1, n // 1024)} KB"
