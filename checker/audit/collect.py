"""Which files an audit covers: files as given, folders searched recursively for every
supported format, in a stable order; nothing silently skipped. Only regular files are
reports: a pipe or a device would hang or flood the reader, so each such path, a symbolic
link that leaves the folder, and a folder that cannot be read come back with the reason."""
from __future__ import annotations

import os
import stat

from ..documents import supported_extensions
from ..errors import describe_oserror

NOT_FOUND = "文件不存在"
SPECIAL = "不是普通文件（管道、设备或套接字），未读取"
OUTSIDE = "符号链接指向所审文件夹之外，未跟随"
NO_ACCESS = "无法读取该文件夹（{error}），其中的报告未检查"


def collect(paths: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """(report files, [(path, why it is not checked)])."""
    wanted = set(supported_extensions())
    files, problems = [], []

    def take(path: str, top: str | None) -> None:
        why = _why_not(path, top)
        if why:
            problems.append((path, why))
        else:
            files.append(path)

    for path in paths:
        if os.path.isdir(path):
            top = os.path.realpath(path)

            def refused(error: OSError) -> None:
                problems.append((error.filename or path, NO_ACCESS.format(error=describe_oserror(error))))

            for root, dirs, names in os.walk(path, onerror=refused):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    if os.path.splitext(name)[1].lower() in wanted and not name.startswith(("~$", ".")):
                        take(os.path.join(root, name), top)
        elif os.path.lexists(path):
            take(path, None)
        else:
            problems.append((path, NOT_FOUND))
    seen = set()
    return [f for f in files if not (f in seen or seen.add(f))], problems


def _why_not(path: str, top: str | None) -> str | None:
    if top is not None and os.path.islink(path):
        target = os.path.realpath(path)
        if os.path.commonpath([top, target]) != top:
            return OUTSIDE
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return NOT_FOUND
    return None if stat.S_ISREG(mode) else SPECIAL
