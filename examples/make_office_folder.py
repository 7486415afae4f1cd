"""Builds the folder a supervising office has in spring, to try `report-check audit` on:

    python3 examples/make_office_folder.py 演示

writes 演示/收到的报告/ (31 files), 演示/去年的报告/ (3), 演示/名单.xlsx (29 units under a title
row, 序号 first) from the complete reports in the repository (seeds/, examples/, the judgment
set's bases), each moved to the year 2024. What it plants, a careful office would find:
three units that sent in 示范街道's report under their own name, one report on 2023, one
Word file that does not open, an empty scan, a unit that sent its report twice (.txt and
.docx), two reports from units not on the roster, two units that sent nothing, and one unit
whose shortcomings are last year's word for word. `plan()` says which file is which, so a test
can hold the audit's every count and name to it.
"""
from __future__ import annotations

import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BASES = ROOT / "tests" / "judgment" / "bases"
YEAR = 2024

SEEDS = {   # seed file → (the unit as a roster lists it, the year it reports on)
    "000_a18e5368b7f470e7.txt": ("杭州高新区（滨江）浦沿街道办事处", 2024),
    "001_4cb2df2e9b5fefa9.txt": ("浦东新区川沙新镇人民政府", 2023),
    "002_7a2b5dee12f1a894.txt": ("新市街道办事处", 2023),
    "003_816fba5445a10488.txt": ("乐清市柳市镇人民政府", 2024),
    "004_e2eb399f616ad544.txt": ("安宁市人民政府县街街道办事处", 2021),
}
MODEL = ("examples/示范街道2024年报告-完整.txt", "示范街道", "示范街道办事处")
BASE_IDS = ["h1-a015", "h1-c035", "h1-d001", "h2-a028", "h2-b032", "h2-e013", "h3-a033", "h3-c015", "h3-e004",
            "h3-f032", "h4-b014", "h4-c011", "h5-a004", "h5-c034", "h5-d013", "h6-b030", "h6-e010", "h6-f027",
            "k7-a011", "k7-b009", "k7-f016", "k8-d023", "k8-d040"]
UNLISTED = ["h4-a022", "k8-b023"]          # sent in, not on the roster
MISSING = ["h3-e004", "h3-f032"]           # on the roster, nothing sent
COPIERS = ["h1-a015", "h2-e013", "h5-d013"]   # sent 示范街道's report under their own name
WRONG_YEAR = "h6-e010"                     # its report is on 2023
BROKEN = "h1-d001"                         # a .docx that does not open
TWICE = "h2-a028"                          # sent as .txt and as .docx
AS_WORD = ["h1-c035", "h3-a033", "k7-a011"]
REPEATS = "k7-b009"                        # last year's shortcomings word for word
LAST_YEAR = {"k7-b009": "k7-b009", "h3-c015": "h3-e004", "h5-c034": "h3-f032"}   # unit → last year's text


@dataclass
class Source:
    key: str
    unit: str          # as the roster lists it
    year: int
    text: str


@dataclass
class Plan:
    """What the folder holds, file by file: what the audit must find."""
    roster: list[str] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)         # file name → unit (None: no unit can be told)
    copies: list[str] = field(default_factory=list)             # the files of the copy group
    wrong_year: str = ""
    broken: list[str] = field(default_factory=list)
    twice: str = ""
    unlisted: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)            # roster units that sent nothing
    repeated: str = ""                                          # this year's file whose shortcomings are last year's
    last_year: list[str] = field(default_factory=list)


def sources() -> dict[str, Source]:
    found = {}
    for name, (unit, year) in SEEDS.items():
        found[name[:3]] = Source(name[:3], unit, year, (ROOT / "seeds" / name).read_text("utf-8"))
    path, _, unit = MODEL
    found["model"] = Source("model", unit, YEAR, (ROOT / path).read_text("utf-8"))
    for key in BASE_IDS + UNLISTED:
        meta = yaml.safe_load((BASES / f"{key}.yaml").read_text("utf-8"))
        corpus = yaml.safe_load((ROOT / "tests" / "corpus" / f"{meta['source']}.yaml").read_text("utf-8"))
        found[key] = Source(key, corpus["unit"], int(meta["year"]), (BASES / f"{key}.txt").read_text("utf-8"))
    return found


def moved(text: str, year: int, to: int) -> str:
    """The report as if written on `to`: the reported year, the year before and the next one,
    wherever a year stands before 年 (not the end of a range such as 2021—2025年)."""
    def shift(m: re.Match) -> str:
        y = int(m.group(1))
        return str(y + to - year) if year - 1 <= y <= year + 1 else m.group(1)
    return re.sub(r"(?<![\d—–\-~至])(20\d\d)(?=\s*年)", shift, text)


def _word(text: str, path: Path) -> None:
    from docx import Document
    document = Document()
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    document.save(str(path))


def _roster(units: list[str], path: Path) -> None:
    from openpyxl import Workbook
    book = Workbook()
    sheet = book.active
    sheet.title = "名单"
    sheet.append(["附件1"])
    sheet.append([f"{YEAR}年度法治政府建设年度报告报送单位名单"])
    sheet.merge_cells("A2:D2")
    sheet.append([])
    sheet.append(["序号", "单位名称", "联系人", "联系电话"])
    for i, unit in enumerate(units, 1):
        sheet.append([i, unit, "", ""])
    book.save(str(path))


def plan() -> Plan:
    """Which file is which (the folder itself is written by `build`)."""
    return build(None)


def build(folder: Path | None) -> Plan:
    found = sources()
    received = folder / "收到的报告" if folder else None
    last = folder / "去年的报告" if folder else None
    if folder:
        for sub in (received, last):
            if sub.exists():
                shutil.rmtree(sub)
            sub.mkdir(parents=True)
    result = Plan()
    model = found["model"]

    def put(name: str, unit: str | None, text: str | None = None, data: bytes | None = None) -> str:
        result.files[name] = unit
        if folder:
            target = received / name
            if data is not None:
                target.write_bytes(data)
            elif name.endswith(".docx"):
                _word(text, target)
            else:
                target.write_text(text, encoding="utf-8")
        return name

    for key, source in found.items():
        if key in UNLISTED:
            continue
        result.roster.append(source.unit)
        if key in MISSING:
            result.missing.append(source.unit)
            continue
        text = moved(source.text, source.year, YEAR)
        if key in COPIERS:
            copied = model.text.replace(MODEL[1], source.unit.replace("人民政府", ""))
            result.copies.append(put(f"{source.unit}.txt", source.unit, copied))
        elif key == WRONG_YEAR:
            result.wrong_year = put(f"{source.unit}.txt", source.unit, moved(source.text, source.year, YEAR - 1))
        elif key == BROKEN:
            result.broken.append(put(f"{source.unit}.docx", source.unit, data=b"PK\x03\x04" + b"\x00" * 200))
        else:
            name = put(f"{source.unit}.{'docx' if key in AS_WORD else 'txt'}", source.unit, text)
            if key == "model":
                result.copies.append(name)
            if key == TWICE:
                result.twice = source.unit
                put(f"{source.unit}（补报）.docx", source.unit, text)
            if key == REPEATS:
                result.repeated = name
    result.broken.append(put("扫描件.pdf", None, data=b""))
    for key in UNLISTED:
        source = found[key]
        result.unlisted.append(put(f"{source.unit}.txt", source.unit, moved(source.text, source.year, YEAR)))
    for key, text_of in LAST_YEAR.items():
        source, written = found[key], found[text_of]
        name = f"{source.unit}-{YEAR - 1}.txt"
        result.last_year.append(name)
        if folder:
            text = moved(written.text, written.year, YEAR - 1).replace(written.unit, source.unit)
            (last / name).write_text(text, encoding="utf-8")
    if folder:
        _roster(result.roster, folder / "名单.xlsx")
    return result


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("用法：python3 examples/make_office_folder.py 目标文件夹", file=sys.stderr)
        return 2
    made = build(Path(argv[0]))
    print(f"已生成：{argv[0]}/收到的报告/（{len(made.files)} 个文件）、{argv[0]}/去年的报告/（{len(made.last_year)} 份）、"
          f"{argv[0]}/名单.xlsx（{len(made.roster)} 个单位）")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
