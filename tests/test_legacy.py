"""Old .doc/.wps files go through LibreOffice when it is installed; without it the user
is told what to do."""
from __future__ import annotations

import pytest

from checker.documents import legacy, read_document
from checker.engine import check_path
from checker.errors import UnreadableDocument

from .conftest import FIXTURES, SEEDS, statuses

DOCS = FIXTURES / "documents"


@pytest.mark.skipif(legacy.soffice() is None, reason="LibreOffice not installed (.ci/run installs it)")
@pytest.mark.parametrize("seed", SEEDS[::2], ids=lambda p: p.name[:3])
def test_doc_through_libreoffice_gives_the_same_verdict(seed, pack):
    txt = check_path(str(seed), pack)
    doc = check_path(str(DOCS / f"{seed.name[:3]}.doc"), pack)
    assert doc.status == "checked", doc.error
    assert statuses(doc) == statuses(txt) and doc.outline.year == txt.outline.year


def test_without_libreoffice_the_user_is_told_to_save_as_docx(monkeypatch):
    monkeypatch.setattr(legacy, "soffice", lambda: None)
    with pytest.raises(UnreadableDocument, match="需要安装 LibreOffice.*另存为” .docx"):
        read_document(str(DOCS / "004.doc"))


def test_docx_saved_as_doc_is_read(tmp_path):
    path = tmp_path / "其实是docx.doc"
    path.write_bytes((DOCS / "004-typed.docx").read_bytes())
    assert "一、主要工作开展情况" in read_document(str(path)).text


def test_wps_that_is_not_a_document(tmp_path):
    path = tmp_path / "坏.wps"
    path.write_bytes(b"just some text pretending")
    with pytest.raises(UnreadableDocument, match="不是 Word/WPS 文档"):
        read_document(str(path))


@pytest.mark.skipif(legacy.soffice() is None, reason="LibreOffice not installed (.ci/run installs it)")
def test_damaged_doc(tmp_path):
    path = tmp_path / "损坏.doc"
    path.write_bytes((DOCS / "004.doc").read_bytes()[:3000])
    with pytest.raises(UnreadableDocument):
        read_document(str(path))


def _soffice_processes() -> set[int]:
    import os
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if b"soffice" in open(f"/proc/{entry}/cmdline", "rb").read():
                    found.add(int(entry))
            except OSError:
                pass
    return found


@pytest.mark.skipif(legacy.soffice() is None, reason="LibreOffice not installed (.ci/run installs it)")
def test_a_conversion_that_runs_out_of_time_leaves_nothing_behind(tmp_path):
    """Red team: a timed-out .doc conversion left soffice.bin running and the report, unmasked,
    in /tmp/report-check-*/. LibreOffice is stopped with its helpers, before the sandbox's own
    deadline, and the child's temporary folder goes whatever happens."""
    import os
    import subprocess
    import sys
    import time
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    # a long document, so the conversion surely outlasts the second it is given: 004.doc took
    # 1.1 s, and once, in CI, finished in time; 20,000 paragraphs take about 5 s
    paragraph = "".join(f"\\u{ord(c)}?" for c in "全年办理行政复议案件十二件，依法行政工作取得新进展。")
    long_report = tmp_path / "很长的报告.rtf"
    long_report.write_text("{\\rtf1\\ansi " + "\n".join(f"\\pard {paragraph} {i}\\par" for i in range(20000)) + "}")
    before = _soffice_processes()
    proc = subprocess.run([sys.executable, "-m", "checker", "check", str(long_report)], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "TMPDIR": str(scratch), "REPORT_CHECK_SECONDS": "3.5"})
    assert proc.returncode == 2 and ("转换超时" in proc.stdout or "检查超时" in proc.stdout), (proc.returncode, proc.stdout)
    deadline = time.time() + 10   # killed processes take a moment to go
    while time.time() < deadline and (_soffice_processes() - before or list(scratch.iterdir())):
        time.sleep(0.2)
    assert not _soffice_processes() - before, [open(f"/proc/{p}/cmdline", "rb").read() for p in _soffice_processes() - before]
    assert not list(scratch.iterdir()), list(scratch.rglob("*"))[:10]


@pytest.mark.skipif(legacy.soffice() is None, reason="LibreOffice not installed (.ci/run installs it)")
@pytest.mark.parametrize("ext", [".odt", ".rtf"])
def test_opendocument_and_rtf_give_the_same_verdict(ext, pack):
    """Audit trust: .odt (WPS, LibreOffice) and .rtf reports vanished from an audit, unread."""
    txt = check_path(str(SEEDS[4]), pack)
    other = check_path(str(DOCS / f"004{ext}"), pack)
    assert other.status == "checked", other.error
    assert statuses(other) == statuses(txt) and other.score == txt.score and other.outline.year == txt.outline.year


def test_rtf_saved_as_doc_is_read_as_rtf(tmp_path, pack):
    path = tmp_path / "其实是rtf.doc"
    path.write_bytes((DOCS / "004.rtf").read_bytes())
    if legacy.soffice() is None:
        with pytest.raises(UnreadableDocument, match="LibreOffice"):
            read_document(str(path))
    else:
        assert statuses(check_path(str(path), pack)) == statuses(check_path(str(SEEDS[4]), pack))


def test_a_zip_that_is_not_opendocument_under_odt(tmp_path):
    import zipfile
    path = tmp_path / "假的.odt"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("a.txt", "x")
    with pytest.raises(UnreadableDocument):
        read_document(str(path))
