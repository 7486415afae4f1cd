"""Who should have reported: a roster of units (`--expected`), matched loosely with the units
of the reports, so an office sees its 报送率, who has not submitted, who submitted twice and
which reports come from no unit on the list. Every match is shown so it can be checked."""
from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field

from ..errors import CheckerError, UnreadableDocument, describe_oserror

MAX_ROSTER_BYTES = 5 * 1024 * 1024
_HEADER = re.compile(r"单位|名称|名单|序号|机构|部门")
_BRACKETS = re.compile(r"[（(][^）)]{0,20}[）)]")
_SUFFIX = re.compile(r"(办事处|人民政府|委员会|管理委员会|管委会)$")


@dataclass
class Roster:
    names: list[str]                                   # as written, first occurrence of each
    repeated: list[str] = field(default_factory=list)  # names written more than once in the file


def read_roster(path: str) -> Roster:
    """The first column of an .xlsx, .csv or .txt file, one unit per row; a header row allowed."""
    ext = os.path.splitext(path)[1].lower()
    try:
        if os.path.getsize(path) > MAX_ROSTER_BYTES:
            raise CheckerError(f"名单文件过大（超过 {MAX_ROSTER_BYTES // 1048576} MB），不是正常的单位名单", path)
        if ext == ".xlsx":
            cells = _xlsx_column(path)
        elif ext in (".csv", ".txt"):
            cells = _text_column(path, ext)
        else:
            raise CheckerError("名单应为 .xlsx、.csv 或 .txt 文件（每行一个单位，第一列为单位名称）", path)
    except OSError as e:
        raise CheckerError(f"无法读取名单（{describe_oserror(e)}）", path) from None
    names = [re.sub(r"\s+", "", str(c)) for c in cells if c is not None and str(c).strip()]
    if names and _HEADER.search(names[0]) and len(names[0]) <= 6:
        names = names[1:]
    if not names:
        raise CheckerError("名单中没有单位（第一列应为单位名称，每行一个）", path)
    seen: dict[str, None] = {}
    repeated = []
    for name in names:
        if name in seen:
            repeated.append(name)
        seen.setdefault(name)
    return Roster(list(seen), sorted(set(repeated), key=repeated.index))


def _xlsx_column(path: str) -> list:
    import zipfile

    import openpyxl
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise CheckerError("名单不是有效的 .xlsx 文件（可能已损坏，或是其他格式改了扩展名）", path) from None
    try:
        return [row[0] if row else None for row in book.worksheets[0].iter_rows(values_only=True, max_col=1)]
    finally:
        book.close()


def _text_column(path: str, ext: str) -> list[str]:
    from ..documents.text import decode
    with open(path, "rb") as f:
        data = f.read()
    try:
        text = decode(data, path)
    except UnreadableDocument as e:
        raise CheckerError(f"无法读取名单：{e.message}", path) from None
    if ext == ".txt":
        return text.splitlines()
    return [row[0] if row else None for row in csv.reader(io.StringIO(text))]


def core(name: str) -> str:
    """A unit's name without blanks, bracketed parts and the office word: 杭州高新区（滨江）浦沿街道办事处
    → 杭州高新区浦沿街道."""
    return _SUFFIX.sub("", _BRACKETS.sub("", re.sub(r"\s+", "", name)))


# a file name's unit: its leading Chinese words, before the year or the report's own words, ending as units end
_FILE_UNIT = re.compile(r"^(?:关于)?([\u4e00-\u9fff（）()]+?(?:街道办事处|街道|人民政府|委员会|管委会|办公室|镇|乡|局|委|办|厅|院|署|"
                        r"中心|所|队|区|县|市))(?:[0-9０-９]|法治|年度|关于|报告|工作|$)")


def named_in_file(path: str) -> str:
    """The unit a report's file name names (甲街道2024年报告.docx → 甲街道), or empty: the
    office names the files it receives by who sent them."""
    found = _FILE_UNIT.match(os.path.splitext(os.path.basename(path))[0])
    return found.group(1) if found else ""


def one_unit(names: list[str]) -> bool:
    """Whether names are all one unit's: each holds the shortest (浦沿街道 and 杭州高新区（滨江）
    浦沿街道办事处); an empty name is no unit's."""
    cores = [core(n) for n in names]
    shortest = min(cores, key=len, default="")
    return len(shortest) >= 2 and all(shortest in c for c in cores)


def _fits(listed: str, unit: str) -> int:
    """How well a roster name fits a report's unit: the length of the shorter name when the
    other holds it (浦沿街道 in 杭州高新区浦沿街道, or in a file name 浦沿街道2024年报告), else 0."""
    a, b = core(listed), core(unit)
    short, long_ = sorted((a, b), key=len)
    return len(short) if len(short) >= 3 and short in long_ else 0


@dataclass
class Submissions:
    expected: int
    matches: list[dict]            # {name, path, unit}: each report matched to a roster name
    missing: list[str]             # roster names with no report
    twice: dict[str, list[str]]    # roster name → its reports, where there is more than one
    unlisted: list[dict]           # {path, unit}: reports from no unit on the roster
    repeated: list[str]            # names written twice in the roster

    @property
    def rate(self) -> float:
        return (self.expected - len(self.missing)) / self.expected if self.expected else 0.0

    def as_dict(self) -> dict:
        return {"expected": self.expected, "submitted": self.expected - len(self.missing), "rate": round(self.rate, 4),
                "missing": self.missing, "twice": self.twice, "unlisted": self.unlisted,
                "repeated_in_roster": self.repeated, "matches": self.matches}


def match(roster: Roster, reports: list[tuple[str, str]]) -> Submissions:
    """reports: (path, unit). Each report goes to the roster name it fits best."""
    by_name: dict[str, list[str]] = {name: [] for name in roster.names}
    matches, unlisted = [], []
    for path, unit in reports:
        best = max(roster.names, key=lambda name: (_fits(name, unit), -len(name)))
        if _fits(best, unit):
            by_name[best].append(path)
            matches.append({"name": best, "path": path, "unit": unit})
        else:
            unlisted.append({"path": path, "unit": unit})
    return Submissions(expected=len(roster.names), matches=matches,
                       missing=[name for name, paths in by_name.items() if not paths],
                       twice={name: paths for name, paths in by_name.items() if len(paths) > 1},
                       unlisted=unlisted, repeated=roster.repeated)
