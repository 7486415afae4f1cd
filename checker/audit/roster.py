"""Who should have reported: a roster of units (`--expected`), matched loosely with the units
of the reports, so an office sees its 报送率, who has not submitted, who submitted twice and
which reports come from no unit on the list. Every match is shown so it can be checked."""
from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass, field
from typing import Optional

from ..errors import CheckerError, UnreadableDocument
from ..frame import UNIT_ENDING
from ..support.bounded_read import read_bytes

MAX_ROSTER_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024   # a roster of thousands of units unpacks to a few megabytes
MAX_COLUMNS = 50       # a roster has a handful; a sheet formatted out to column XFD is not read that far
HEADER_ROWS = 20       # the header is looked for this far down (a title, a date line, blank rows above it)
# The heading of the unit column, blanks dropped and brackets either opened (单位（部门）名称, 乡镇（街道）)
# or dropped with what they hold (单位名称（盖章）). None of these is a unit's name, so a list without a
# header is never cut short. The likeliest first, where a header has more than one (主管单位, 单位名称)
_UNIT_HEADINGS = ("单位名称", "单位", "报送单位", "应报送单位", "名称", "部门名称", "单位部门名称", "机构名称")
_UNIT_HEADING = re.compile(r"(?:应?报送|责任|被?考核)?(?:单位|部门|机构|部门单位|单位部门|乡镇|街道|乡镇街道|县市区)"
                           r"(?:名称|全称)?|名称|全称")
# Headings of the other columns: a header row without a unit column cannot be read by position
_OTHER_HEADING = re.compile(r"序号|编号|联系人|联系电话|电话|手机|备注|地址|邮箱|职务|姓名|类别|类型|说明|报送时间")
_TITLE = re.compile(r"名单|名册|一览表|汇总表|统计表|情况表|报送情况|附件|\d{4}年")
_ASIDE = re.compile(r"(?:注|备注|说明|(?:填表|制表|审核|联系)人?)[:：]|合计|总计|小计|共计")   # begins a row that lists no unit
_NOT_A_UNIT = re.compile(r"[（(]?[一二三四五六七八九十]+[、)）]|\d+(?:\.\d+)?$")                # a group heading, a number
_BLANK = re.compile(r"[\s\ufeff]+")
_OPENED = re.compile(r"[（）()、/／]")
_BRACKETS = re.compile(r"[（(][^）)]{0,20}[）)]")
_SUFFIX = re.compile(r"(办事处|人民政府|委员会|管理委员会|管委会)$")


@dataclass
class Roster:
    names: list[str]                                   # as written, first occurrence of each
    repeated: list[str] = field(default_factory=list)  # names written more than once in the file


def read_roster(path: str) -> Roster:
    """The units of an .xlsx, .csv or .txt roster as offices keep them: the column headed 单位、单位名称、
    报送单位、名称… wherever it stands (a 序号 column before it, a title, blank rows or a date line above
    the header); a list without a header gives its first column of words. A header row with no unit
    column stops the audit: counting the 序号 as units gave 报送率 0 and exit 0."""
    ext = os.path.splitext(path)[1].lower()
    if ext not in (".xlsx", ".csv", ".txt"):
        raise CheckerError("名单应为 .xlsx、.csv 或 .txt 文件（每行一个单位，单位名称一列最好有表头“单位名称”）", path)
    data = read_bytes(path, MAX_ROSTER_BYTES, "名单文件")
    rows = _xlsx_rows(data, path) if ext == ".xlsx" else _text_rows(data, path, ext)
    names = _units([[_BLANK.sub("", str(c)) if c is not None else "" for c in row[:MAX_COLUMNS]] for row in rows],
                   path)
    seen: dict[str, None] = {}
    repeated = []
    for name in names:
        if name in seen:
            repeated.append(name)
        seen.setdefault(name)
    return Roster(list(seen), sorted(set(repeated), key=repeated.index))


def _units(rows: list[list[str]], path: str) -> list[str]:
    """The cells of the unit column below its heading (or of the first column of words, in a list
    without a header), less the notes, totals, group headings and titles written among them."""
    found = _header(rows)
    if found:
        top, column = found
        heading = rows[top][column]
        cells = [row[column] for row in rows[top + 1:] if column < len(row) and not _aside(row)]
        where = f"（“{heading}”一列）"
    else:
        first = next((row for row in rows if any(row) and not _is_title(row)), [])
        if any(_OTHER_HEADING.fullmatch(cell) for cell in first):
            raise CheckerError("名单中找不到单位名称所在的列：表头（" + "、".join(c for c in first if c) + "）中没有"
                               "“单位”“单位名称”“报送单位”“名称”等列。请把单位名称一列的表头写成“单位名称”", path)
        column = _first_word_column(rows)
        cells = [row[column] for row in rows if column < len(row) and not _aside(row)]
        where = "（第一列为单位名称，每行一个）"
    units = [c for c in cells if c and not _NOT_A_UNIT.match(c) and not _TITLE.search(c)
             and not _heading_of_units(c) and not _OTHER_HEADING.fullmatch(c)]   # a header repeated on each page
    if not units:
        raise CheckerError(f"名单中没有单位{where}", path)
    return units


def _header(rows: list[list[str]]) -> tuple[int, int] | None:
    """(row, column) of the heading of the unit column, among the first rows; where a row heads
    more than one (主管单位、单位名称), the likeliest, then the leftmost."""
    for top, row in enumerate(rows[:HEADER_ROWS]):
        headings = [(_rank(heading), column) for column, cell in enumerate(row) if (heading := _heading_of_units(cell))]
        if headings:
            return top, min(headings)[1]
    return None


def _heading_of_units(cell: str) -> str:
    """The cell as a heading of the unit column (单位（部门）名称 → 单位部门名称), or ""."""
    for heading in (_OPENED.sub("", cell), _OPENED.sub("", _BRACKETS.sub("", cell))):
        if _UNIT_HEADING.fullmatch(heading):
            return heading
    return ""


def _rank(heading: str) -> int:
    return _UNIT_HEADINGS.index(heading) if heading in _UNIT_HEADINGS else len(_UNIT_HEADINGS)


def _aside(row: list[str]) -> bool:
    """A row of notes or totals (注：…, 合计 29 个), whatever stands in its other cells."""
    return bool(_ASIDE.match(next((c for c in row if c), "")))


def _is_title(row: list[str]) -> bool:
    """A title above the list (2024年度…应报送单位名单, 附件1): one cell, merged or not."""
    cells = [c for c in row if c]
    return len(cells) == 1 and bool(_TITLE.search(cells[0]))


def _first_word_column(rows: list[list[str]]) -> int:
    """In a list without a header, the first column more of words than of numbers (not the 序号)."""
    width = max(map(len, rows), default=0)
    for column in range(width):
        cells = [row[column] for row in rows if column < len(row) and row[column]]
        numbers = sum(1 for c in cells if re.fullmatch(r"\d+(?:\.\d+)?", c))
        if len(cells) - numbers > numbers:
            return column
    return 0


def _xlsx_rows(data: bytes, path: str) -> list[tuple]:
    """The first sheet's rows, unpacked within the bound reports have (an .xlsx of 1 MB can
    unpack to 1 GB), entities refused (defusedxml, which openpyxl uses when installed)."""
    import zipfile

    import openpyxl
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_UNPACKED_BYTES:
            raise CheckerError(f"名单解压后过大（{unpacked // 1048576} MB，上限 {MAX_UNPACKED_BYTES // 1048576} MB），"
                               f"不是正常的单位名单", path)
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return [row for row in book.worksheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS) if any(row)]
        finally:
            book.close()
    except CheckerError:
        raise
    except Exception:   # zip, XML (entities included) and openpyxl's own errors: the file is not a roster
        raise CheckerError("名单不是有效的 .xlsx 文件（可能已损坏、含有不允许的 XML 实体，或是其他格式改了扩展名）",
                           path) from None


def _text_rows(data: bytes, path: str, ext: str) -> list[list[str]]:
    """A .csv by its commas; a .txt by its tabs (a list copied out of a spreadsheet)."""
    from ..documents.text import decode
    try:
        text = decode(data, path)
    except UnreadableDocument as e:
        raise CheckerError(f"无法读取名单：{e.message}", path) from None
    if ext == ".txt":
        return [line.split("\t") for line in text.splitlines()]
    try:
        return list(csv.reader(io.StringIO(text), strict=True))
    except csv.Error as e:
        raise CheckerError(f"名单不是有效的 CSV 文件（{e}）；请用表格软件另存为 .csv 或 .xlsx", path) from None


def core(name: str) -> str:
    """A unit's name without blanks, bracketed parts and the office word: 杭州高新区（滨江）浦沿街道办事处
    → 杭州高新区浦沿街道."""
    return _SUFFIX.sub("", _BRACKETS.sub("", re.sub(r"\s+", "", name)))


# a file name's unit: its leading Chinese words, before the year or the report's own words, ending as units end
_FILE_UNIT = re.compile(rf"^(?:关于)?([\u4e00-\u9fff（）()]+?(?:{UNIT_ENDING}|院|所|队))"
                        r"(?:[0-9０-９]|法治|年度|关于|报告|工作|$)")


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


@dataclass(frozen=True)
class Sent:
    """A report as the roster sees it."""
    path: str
    unit: str                      # its issuer, else its file name
    year: Optional[int] = None
    error: Optional[str] = None    # why the file could not be read


@dataclass
class Submissions:
    expected: int
    matches: list[dict]            # {name, path, unit[, reason]}: each report matched to a roster name; reason: why it does not count
    missing: list[str]             # roster names with no report that counts
    why_missing: dict[str, str]    # a missing name → what it sent instead (交的是 2023 年报告, 文件无法读取)
    twice: dict[str, list[str]]    # roster name → its reports that count, where there is more than one
    unlisted: list[dict]           # {path, unit}: readable reports from no unit on the roster
    unidentified: list[dict]       # {path, reason}: files that could not be read, their name naming no unit on the roster
    repeated: list[str]            # names written twice in the roster

    @property
    def rate(self) -> float:
        return (self.expected - len(self.missing)) / self.expected if self.expected else 0.0

    def missing_named(self, most: Optional[int] = None) -> str:
        """The units that have not submitted, each with what it sent instead; past `most`, 等 N 个."""
        named = [f"{name}（{self.why_missing[name]}）" if name in self.why_missing else name
                 for name in self.missing[:most]]
        return "、".join(named) + (f"等 {len(self.missing)} 个" if len(named) < len(self.missing) else "")

    def as_dict(self) -> dict:
        return {"expected": self.expected, "submitted": self.expected - len(self.missing), "rate": round(self.rate, 4),
                "missing": self.missing, "why_missing": self.why_missing, "twice": self.twice,
                "unlisted": self.unlisted, "unidentified": self.unidentified,
                "repeated_in_roster": self.repeated, "matches": self.matches}


def _not_counted(sent: Sent, year: Optional[int]) -> Optional[str]:
    """Why a report of a listed unit does not make it submitted: unreadable, or for another year
    (a report that names no year is not held against its unit)."""
    if sent.error is not None:
        return "文件无法读取"
    if year and sent.year and sent.year != year:
        return f"交的是 {sent.year} 年报告"
    return None


def match(roster: Roster, reports: list[Sent], year: Optional[int] = None) -> Submissions:
    """Each report goes to the roster name it fits best; it counts unless it is unreadable or, with
    the batch's `year`, for another year. A file that cannot be read and whose name names no unit
    is from a unit unknown, not from one off the list."""
    counted: dict[str, list[str]] = {name: [] for name in roster.names}
    why: dict[str, list[str]] = {}
    matches, unlisted, unidentified = [], [], []
    for sent in reports:
        best = max(roster.names, key=lambda name: (_fits(name, sent.unit), -len(name)))
        if not _fits(best, sent.unit):
            if sent.error is None:
                unlisted.append({"path": sent.path, "unit": sent.unit})
            else:
                unidentified.append({"path": sent.path, "reason": sent.error})
            continue
        reason = _not_counted(sent, year)
        matches.append({"name": best, "path": sent.path, "unit": sent.unit} | ({"reason": reason} if reason else {}))
        if reason:
            why.setdefault(best, []).append(reason)
        else:
            counted[best].append(sent.path)
    missing = [name for name, paths in counted.items() if not paths]
    return Submissions(expected=len(roster.names), matches=matches, missing=missing,
                       why_missing={name: "；".join(dict.fromkeys(why[name])) for name in missing if name in why},
                       twice={name: paths for name, paths in counted.items() if len(paths) > 1},
                       unlisted=unlisted, unidentified=unidentified, repeated=roster.repeated)
