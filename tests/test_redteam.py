"""Every input the red team's generators write (tests/redteam/) goes through the tool: each
document is a result or a row that says why, each hostile pack a clear refusal or a normal
run, each special file a row; never a traceback, an exit code other than 0/1/2, or JSON that
a strict parser refuses (Infinity, NaN)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import FIXTURES, ROOT
from .test_hostile_documents import run

GENERATORS = ROOT / "tests" / "redteam"
EXAMPLE = ROOT / "examples" / "示范街道2024年报告-完整.txt"


def strict_json(text: str):
    def refuse(constant: str):
        raise ValueError(f"not JSON: {constant}")
    return json.loads(text, parse_constant=refuse)


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("redteam")
    python = [sys.executable]
    for script, *args in [("make_text_variants.py", EXAMPLE, out / "txt"),
                          ("make_html_variants.py", EXAMPLE, out / "html"),
                          ("make_docx_variants.py", FIXTURES / "documents" / "004-autonum.docx", out / "docx"),
                          ("make_markup_report.py", EXAMPLE, out / "markup"),
                          ("make_pii_report.py", EXAMPLE, out / "pii" / "pii.txt"),
                          ("make_pdfs.py", out / "pdf"),
                          ("make_hostile_packs.py", out / "packs"),
                          ("make_quadratic.py", "3000", out / "quadratic" / "q.txt"),
                          ("make_slow_pack.py", "40", out / "slow.yaml")]:
        Path(args[-1]).parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(python + [str(GENERATORS / script), *map(str, args)], check=True, capture_output=True)
    subprocess.run(["sh", str(GENERATORS / "make_misc_inputs.sh"), str(EXAMPLE), str(out / "misc")], check=True,
                   capture_output=True)
    (out / "pdf" / "pages-20000.pdf").unlink()   # half a minute of honest reading: left to bench/
    return out


def test_every_hostile_document_is_a_result_or_a_row_that_says_why(made):
    inputs = sorted(str(p) for folder in ("txt", "html", "docx", "pdf", "markup", "pii", "quadratic")
                    for p in (made / folder).iterdir())
    proc = run("check", *inputs, "--format", "json", "--max-size", "60", timeout=600)
    assert proc.returncode in (1, 2) and "Traceback" not in proc.stderr, proc.stderr[-500:]
    reports = strict_json(proc.stdout)["reports"]
    assert [r["path"] for r in reports] == inputs
    for report in reports:
        assert report["status"] == "checked" or report["error"], report["path"]
    # Word opens these: crafted numbering (a start of 2,000,000,000 in roman numerals took the
    # whole time limit; 5,000 digits broke int()) is read as Word reads it
    numbering = [r for r in reports if Path(r["path"]).name.startswith("numbering-")]
    assert len(numbering) >= 5 and all(r["status"] == "checked" for r in numbering), \
        [(r["path"], r["error"]) for r in numbering]


def test_every_special_file_in_an_audit_is_a_row(made, tmp_path):
    out = tmp_path / "r.json"
    proc = run("audit", str(made / "misc"), "-o", str(out), "--no-cache", "--no-progress", timeout=600)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-500:]
    rows = {Path(r["path"]).name: r for r in strict_json(out.read_text("utf-8"))["reports"]}
    assert rows["pipe.txt"]["status"] == rows["zero.txt"]["status"] == "unreadable"
    assert "inf.txt" in rows and rows["a.txt"]["status"] == "checked"


def test_every_hostile_pack_is_refused_clearly_or_runs(made):
    for pack in sorted((made / "packs").glob("*.yaml")) + [made / "slow.yaml"]:
        proc = run("check", str(EXAMPLE), "--rules", str(pack), "--format", "json",
                   timeout=300)
        assert proc.returncode in (0, 1, 2) and "Traceback" not in proc.stderr, (pack.name, proc.stderr[-300:])
        if proc.returncode == 2 and not proc.stdout:
            assert pack.name in proc.stderr or "规则包" in proc.stderr, (pack.name, proc.stderr)
        if proc.stdout:
            strict_json(proc.stdout)
