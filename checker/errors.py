"""Exit codes and the one exception type that carries a message for people.

Every failure a user can cause (bad file, bad pack, bad option) is raised as
CheckerError with a Chinese message; the CLI turns it into one stderr line and
exit code 2. Anything else is a bug, and still never exits 0.
"""
from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
EXIT_STOPPED = 130     # Ctrl-C, as shells report a process ended by SIGINT
STOPPED = "已中止"


class CheckerError(Exception):
    """A problem the user can fix, described in Chinese."""

    def __init__(self, message: str, path: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class UnreadableDocument(CheckerError):
    """The input file could not be turned into text."""


class PackError(CheckerError):
    """A rule pack is missing, malformed or inconsistent."""


_ERRNO_CN = {"ENOSPC": "磁盘空间不足", "EFBIG": "文件超过允许的大小或磁盘空间不足", "EDQUOT": "磁盘配额已用完",
             "EACCES": "没有访问权限", "EPERM": "没有权限", "EROFS": "磁盘是只读的", "ENOENT": "文件夹不存在",
             "EISDIR": "这是一个文件夹", "ENOTDIR": "路径中有一项不是文件夹", "ELOOP": "符号链接层次过多",
             "ENAMETOOLONG": "文件名过长", "EIO": "读写出错（磁盘或网络存储故障）", "ENXIO": "设备不存在"}


def describe_oserror(error: OSError) -> str:
    """An operating-system error in Chinese: what a user can act on."""
    import errno
    name = errno.errorcode.get(error.errno or 0, "")
    return _ERRNO_CN.get(name, "系统错误" + (f" {name}" if name else ""))
