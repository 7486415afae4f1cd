"""Which files an audit covers: files as given, folders searched recursively for every
supported format, in a stable order; nothing silently skipped. Only regular files are
reports: a pipe or a device would hang or flood the reader, so each such path, a symbolic
link that leaves the folder, and a folder that cannot be read come back with the reason.
Every other file, in a folder or named (another format, a hidden or temporary file), is listed
as skipped, with the reason, so an office can see that nothing vanished."""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field

from .documents import supported_extensions
from .errors import describe_oserror

NOT_FOUND = "文件不存在"
SPECIAL = "不是普通文件（管道、设备或套接字），未读取"
OUTSIDE = "符号链接指向所审文件夹之外，未跟随"
NO_ACCESS = "无法读取该文件夹（{error}），其中的报告未检查"


@dataclass
class Collected:
    files: list[str] = field(default_factory=list)                     # the reports, to check
    problems: list[tuple[str, str]] = field(default_factory=list)      # reports that cannot be read, and why
    skipped: list[tuple[str, str]] = field(default_factory=list)       # files that are not reports, and why
    missing: list[str] = field(default_factory=list)                   # folders given that do not exist


def _not_a_report(name: str, wanted: set[str]) -> str | None:
    ext = os.path.splitext(name)[1].lower()
    if name.startswith("~$"):
        return "Word/WPS 打开文档时留下的临时文件"
    if name.startswith("."):
        return "隐藏文件"
    if ext not in wanted:
        return f"不是报告的格式（{ext or '无扩展名'}），未检查；如是报告，请另存为 .docx 或 .pdf"
    return None


def collect(paths: list[str]) -> Collected:
    wanted = set(supported_extensions())
    found = Collected()
    files, problems = found.files, found.problems

    def take(path: str, top: str | None) -> None:
        why = _why_not(path, top)
        if why:
            problems.append((path, why))
        else:
            files.append(path)

    for path in paths:
        if os.path.isdir(path):
            top = os.path.realpath(path)

            def refused(error: OSError, path: str = path) -> None:
                problems.append((error.filename or path, NO_ACCESS.format(error=describe_oserror(error))))

            for root, dirs, names in os.walk(path, onerror=refused):
                for hidden in sorted(d for d in dirs if d.startswith(".")):
                    found.skipped.append((os.path.join(root, hidden), "隐藏文件夹，未检查其中的文件"))
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    why = _not_a_report(name, wanted)
                    if why:
                        found.skipped.append((os.path.join(root, name), why))
                    else:
                        take(os.path.join(root, name), top)
        elif os.path.lexists(path):
            why = _not_a_report(os.path.basename(path), wanted)   # named or in a folder: one rule
            if why:
                found.skipped.append((path, why))
            else:
                take(path, None)
        elif os.path.splitext(path)[1].lower() in wanted:
            problems.append((path, NOT_FOUND))   # a report named on the command line: its row says so
        else:
            found.missing.append(path)           # a folder (or something) that is not there: nothing to audit
    found.files = list(dict.fromkeys(files))
    return found


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
