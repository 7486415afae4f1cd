"""JUnit XML for CI systems that show test reports: a test suite per report, a test case per
finding (errors and warnings fail; information passes with its text), unreadable files as errors."""
from __future__ import annotations

from typing import Optional

from ..labels import LEVEL_CN
from ..model import CheckedReport, ReportResult
from ..normalize import printable
from ..pack.model import Pack


def render(results: list[ReportResult], pack: Pack, color: Optional[bool] = None) -> str:
    import xml.etree.ElementTree as ET  # only for this format: every other check starts faster
    names = pack.section_names
    root = ET.Element("testsuites", name="report-check")
    total = failures = errors = 0
    for report in results:
        path = printable(report.path)   # XML 1.0 cannot carry control characters
        suite = ET.SubElement(root, "testsuite", name=path)
        if not isinstance(report, CheckedReport):
            case = ET.SubElement(suite, "testcase", classname=path, name="读取报告")
            ET.SubElement(case, "error", message=printable(report.error or ""), type="unreadable")
            suite.set("tests", "1")
            suite.set("errors", "1")
            suite.set("failures", "0")
            total, errors = total + 1, errors + 1
            continue
        suite_failures = 0
        for f in report.findings:
            where = f.where(report.document.line_unit)
            case = ET.SubElement(suite, "testcase", classname=path,
                                 name=printable(f"{names.get(f.section or '', '全文')} {f.rule} {where}".strip()))
            if f.level in ("error", "warning"):
                failure = ET.SubElement(case, "failure", message=printable(f.message), type=f.level)
                failure.text = f"【{LEVEL_CN[f.level]}】{printable(f.message)}\n原文：{printable(f.excerpt or '')}"
                suite_failures += 1
            else:
                ET.SubElement(case, "system-out").text = printable(f.message)
        if not report.findings:
            ET.SubElement(suite, "testcase", classname=path, name="报告检查")
        count = max(len(report.findings), 1)
        suite.set("tests", str(count))
        suite.set("failures", str(suite_failures))
        suite.set("errors", "0")
        ET.SubElement(suite, "properties").append(
            ET.Element("property", name="score", value=f"{report.score:g}"))
        total, failures = total + count, failures + suite_failures
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", str(errors))
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
