"""Which PDF library reads Chinese reports most faithfully? Measured on the seed PDFs
(LibreOffice exports of tests/fixtures/documents/NNN-typed.docx).

    python bench/pdf_fidelity.py

Fidelity = difflib ratio between the library's text and the .docx text, both with all
white space removed (so line wrapping does not count, lost or garbled characters do).
"""
from __future__ import annotations

import difflib
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DOCS = ROOT / "tests" / "fixtures" / "documents"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def with_pdfplumber(path: Path) -> str:
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def with_pypdf(path: Path) -> str:
    import pypdf
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)


def with_report_check(path: Path) -> str:
    from checker.documents import read_document
    return read_document(str(path)).text


def main() -> None:
    from checker.documents import read_document
    readers = {"pdfplumber": with_pdfplumber, "pypdf": with_pypdf}
    try:
        from checker.documents import pdf  # noqa: F401
        readers["report-check"] = with_report_check
    except ImportError:
        pass
    scores = {name: [] for name in readers}
    times = {name: [] for name in readers}
    for pdf_path in sorted(DOCS.glob("*.pdf")):
        truth = squash(read_document(str(DOCS / f"{pdf_path.stem}-typed.docx")).text)
        row = [pdf_path.name]
        for name, read in readers.items():
            start = time.perf_counter()
            text = squash(read(pdf_path))
            times[name].append(time.perf_counter() - start)
            ratio = difflib.SequenceMatcher(None, truth, text, autojunk=False).ratio()
            scores[name].append(ratio)
            row.append(f"{name} {ratio:.4f}")
        print("  ".join(row))
    for name in readers:
        print(f"{name:<13} median fidelity {statistics.median(scores[name]):.4f}  "
              f"min {min(scores[name]):.4f}  median time {statistics.median(times[name]) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
