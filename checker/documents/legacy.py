"""Word processor files other than .docx: old binary Word (.doc), WPS (.wps), OpenDocument
(.odt, from WPS or LibreOffice) and RTF (.rtf, also what some tools save as .doc), converted
to .docx by LibreOffice when it is installed (`soffice --headless --convert-to docx`), then
read as .docx."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from .. import sandbox
from ..errors import UnreadableDocument
from ..model import Extracted
from . import docx

TIMEOUT_SECONDS = 120
_NAMES = {".odt": "OpenDocument 文档", ".rtf": "RTF 文档"}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


_ODF = b"application/vnd.oasis.opendocument.text"
_RTF = b"{\\rtf"


def read(data: bytes, path: str) -> Extracted:
    ext = os.path.splitext(path)[1].lower()
    zipped = data.startswith(b"PK")
    if zipped and _ODF not in data[:200]:   # an OpenDocument zip names its type first
        return docx.read(data, path)  # a .docx saved under another name
    if not (zipped or data.startswith((_OLE, _RTF))):
        raise UnreadableDocument(f"文件扩展名是 {ext}，但内容不是 {_NAMES.get(ext, 'Word/WPS 文档')}，可能已损坏或扩展名有误", path)
    if data.startswith(_OLE) and "EncryptionInfo".encode("utf-16-le") in data:
        raise UnreadableDocument("文件设置了打开密码，无法读取。请取消密码后另存为 .docx 再检查", path)
    program = soffice()
    if program is None:
        raise UnreadableDocument(f"读取 {ext} 文件需要安装 LibreOffice；也可以在 Word/WPS 中“另存为” .docx 后再检查", path)
    with tempfile.TemporaryDirectory(prefix="report-check-") as tmp:
        source = Path(tmp) / f"input{ext}"   # never the user's file name: it is not a safe path
        source.write_bytes(data)
        command = [program, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp}/profile",
                   "--convert-to", "docx", "--outdir", tmp, str(source)]
        try:
            _convert(command, _time_allowed(), tmp)
            converted = (Path(tmp) / "input.docx").read_bytes()
        except subprocess.TimeoutExpired:
            raise UnreadableDocument("LibreOffice 转换超时，请另存为 .docx 后再检查", path) from None
        except (subprocess.CalledProcessError, FileNotFoundError, OSError):
            raise UnreadableDocument(f"LibreOffice 无法转换此 {ext} 文件（可能已损坏），请另存为 .docx 后再检查", path) from None
    return docx.read(converted, path)


def _time_allowed() -> float:
    """LibreOffice must finish before the sandbox stops this process, or nobody stops it."""
    left = sandbox.seconds_left()
    return TIMEOUT_SECONDS if left is None else max(min(TIMEOUT_SECONDS, left - 3), 1)


def _convert(command: list[str], timeout: float, tmp: str) -> None:
    """soffice starts helpers of its own: on a timeout the whole process group goes. Its own
    temporary files go in our folder, which is removed after."""
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, process_group=0, env={**os.environ, "TMPDIR": tmp})
    try:
        if process.wait(timeout=timeout):
            raise subprocess.CalledProcessError(process.returncode, command)
    except BaseException:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except OSError:
            pass
        process.wait()
        raise
