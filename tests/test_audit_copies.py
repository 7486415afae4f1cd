"""Copying between reports shows in the grade, and identical files never pass unseen: `audit`
as an office runs it, read back from the .xlsx, the JSON, the page and the Word feedback.

Audit trust (#35): five copies of one report (the unit's name changed) took places 1–5 with
100 / 优秀, copying only in the last column and each copier's letter saying 「未发现问题」;
the same file sent twice gave 「发现雷同或重复 0 处」."""
from __future__ import annotations

import json
import shutil

import docx
import jsonschema
import openpyxl
import pytest

from .conftest import ROOT, SEEDS
from .test_cli import SCHEMA, run

EXAMPLE = ROOT / "examples" / "示范街道2024年报告-完整.txt"
COPIERS = ("甲街道", "乙街道", "丙街道", "丁街道")
CAP = 74          # the default pack's copying cap: at most 合格


def _audit(folder, out, *options: str) -> dict:
    """Run `audit` on `folder` into out.json, out.xlsx, out.html and out-feedback/; the JSON."""
    outputs = [f"{out}.{ext}" for ext in ("json", "xlsx", "html")]
    proc = run("audit", str(folder), *[a for o in outputs for a in ("-o", o)], "--feedback", f"{out}-feedback",
               *options)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    data = json.loads(open(outputs[0], encoding="utf-8").read())
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    data["stdout"] = proc.stdout
    return data


def _summary(out) -> dict[str, dict]:
    """The 总表 sheet, a dict of its columns for each file."""
    rows = list(openpyxl.load_workbook(f"{out}.xlsx", read_only=True)["总表"].iter_rows(values_only=True))
    return {row[2]: dict(zip(rows[0], row)) for row in rows[1:]}


def _conclusion(out, unit: str) -> str:
    """The 审查结论 of a unit's feedback letter: the part the unit reads first."""
    paragraphs = [p.text for p in docx.Document(f"{out}-feedback/反馈意见-{unit}.docx").paragraphs]
    return "\n".join(paragraphs[paragraphs.index("一、审查结论") + 1:paragraphs.index("二、各部分情况")])


def _letter(out, unit: str) -> str:
    return "\n".join(p.text for p in docx.Document(f"{out}-feedback/反馈意见-{unit}.docx").paragraphs)


def _example_twice(tmp_path, first: str, second: str):
    """A folder with the example byte for byte under two names, beside a seed that copies nothing."""
    folder = tmp_path / "报告"
    folder.mkdir()
    for name in (first, second):
        shutil.copy(EXAMPLE, folder / name)
    shutil.copy(SEEDS[0], folder / SEEDS[0].name)
    return folder


def _by_file(data: dict) -> dict[str, dict]:
    return {r["path"].rsplit("/", 1)[-1]: r for r in data["reports"]}


@pytest.fixture(scope="module")
def copied(tmp_path_factory):
    """The model report, four copies with only the unit's name changed, three unrelated seeds."""
    root = tmp_path_factory.mktemp("copies")
    folder = root / "收到的报告"
    folder.mkdir()
    text = EXAMPLE.read_text("utf-8")
    shutil.copy(EXAMPLE, folder / "示范街道2024年报告.txt")
    for unit in COPIERS:
        (folder / f"{unit}2024年报告.txt").write_text(text.replace("示范街道", unit), encoding="utf-8")
    for seed in SEEDS[:3]:
        shutil.copy(seed, folder / seed.name)
    out = root / "结果"
    return _audit(folder, out, "--no-cache"), out


def test_copies_are_capped_and_marked_in_the_json(copied):
    data, _ = copied
    reports = _by_file(data)
    group = [f"{unit}2024年报告.txt" for unit in ("示范街道", *COPIERS)]
    for name in group:
        report = reports[name]
        assert report["copying"]["kind"] == "copied" and report["copying"]["mark"] == "雷同", name
        assert report["copying"]["own_score"] == 100 and report["score"] == CAP and report["grade"] == "合格"
        assert {o["unit"] for o in report["copying"]["with"]} == {n[:-11] for n in group} - {name[:-11]}
        assert report["copying"]["share"] == 1 and report["copying"]["count"] >= 20
        assert any("雷同" in cap["reason"] and cap["max"] == CAP for cap in report["score_caps"])
    unrelated = [reports[seed.name] for seed in SEEDS[:3]]
    assert all("copying" not in r and not r["score_caps"] for r in unrelated)
    assert "雷同的报告 5 份" in data["stdout"]


def test_copies_rank_below_reports_their_units_wrote(copied):
    """In the 总表 sheet a copy carries 雷同 beside its score and grade, and its rank takes the
    cap into account: the unrelated seed with 85.5 (良好) is first, not five copies with 100."""
    data, out = copied
    rows = _summary(out)
    header = list(next(iter(rows.values())))
    assert header.index("雷同标记") == header.index("等级") + 1 == header.index("得分") + 2
    best = rows[SEEDS[0].name]
    assert best["排名"] == 1 and best["等级"] == "良好" and not best["雷同标记"]
    for unit in ("示范街道", *COPIERS):
        row = rows[f"{unit}2024年报告.txt"]
        assert (row["得分"], row["等级"], row["雷同标记"]) == (CAP, "合格", "雷同")
        assert row["排名"] > best["排名"] and row["雷同"].startswith("与另 4 份报告内容基本相同")
    page = open(f"{out}.html", encoding="utf-8").read()
    assert page.count('<td class="copy">雷同</td>') == 5 and page.count(f"{CAP} 分（合格，<span class=\"copy\">雷同") == 5


def test_a_copiers_letter_names_the_copying_in_its_conclusion(copied):
    """The conclusion, on the first page, says 雷同, with which units and files and how much,
    and what the report's own content scored; 「未发现问题」 appears nowhere in the letter."""
    _, out = copied
    for unit in COPIERS:
        conclusion = _conclusion(out, unit)
        assert f"得分：{CAP} 分，等级：合格（雷同）" in conclusion
        assert "示范街道（示范街道2024年报告.txt）" in conclusion
        assert all(f"{other}（{other}2024年报告.txt）" in conclusion for other in COPIERS if other != unit)
        assert "相同内容约占 100%" in conclusion and "报告内容本身得 100 分" in conclusion
        assert "未发现问题" not in _letter(out, unit)
    assert "雷同" not in _letter(out, "浦沿街道")


def test_the_pack_decides_what_copying_costs(tmp_path):
    """A pack's `copying` sets the cap and its reason: here copies cannot pass."""
    folder = tmp_path / "报告"
    folder.mkdir()
    text = EXAMPLE.read_text("utf-8")
    for unit in COPIERS[:2]:
        (folder / f"{unit}.txt").write_text(text.replace("示范街道", unit), encoding="utf-8")
    pack = tmp_path / "本区.yaml"
    pack.write_text("id: our-district\nversion: '1'\ntitle: 本区规则包\nextends: fazhi-annual-report\n"
                    "copying:\n  max: 59\n  reason: 照搬其他单位的报告，最高 59 分（不合格）\n", encoding="utf-8")
    data = _audit(folder, tmp_path / "结果", "--no-cache", "--rules", str(pack))
    for report in data["reports"]:
        assert (report["score"], report["grade"], report["copying"]["mark"]) == (59, "不合格", "雷同")
    assert "照搬其他单位的报告，最高 59 分（不合格）" in _conclusion(tmp_path / "结果", COPIERS[0])


def test_the_same_file_sent_twice_is_a_duplicate(tmp_path):
    """Byte-identical files of one unit: 重复报送 in every output, not capped (it is the unit's
    own text), the other file named; on a rerun from the cache, the same."""
    folder = _example_twice(tmp_path, "示范街道报告.txt", "示范街道报告（再次报送）.txt")
    out = tmp_path / "结果"
    for _ in range(2):
        data = _audit(folder, out, "--cache", str(tmp_path / "c.db"))
        assert "发现雷同或重复 1 处（重复报送的报告 2 份）" in data["stdout"]
        group = data["audit"]["similar"][0]
        assert group["kind"] == "duplicate" and len(group["members"]) == 2 and group["share"] == 1
        for name, report in _by_file(data).items():
            if name == SEEDS[0].name:
                continue
            assert report["copying"]["mark"] == "重复报送" and (report["score"], report["grade"]) == (100, "优秀")
            assert not report["score_caps"]
    rows = _summary(out)
    assert rows["示范街道报告.txt"]["雷同标记"] == rows["示范街道报告（再次报送）.txt"]["雷同标记"] == "重复报送"
    assert not rows[SEEDS[0].name]["雷同标记"]
    similar = list(openpyxl.load_workbook(f"{out}.xlsx", read_only=True)["相似内容"].iter_rows(values_only=True))
    assert similar[1][0].startswith("同一单位重复报送：以下 2 份报告")
    conclusion = _conclusion(out, "示范街道（示范街道报告）")
    assert "等级：优秀（重复报送）" in conclusion and "示范街道报告（再次报送）.txt" in conclusion
    assert "未发现问题" not in conclusion


def test_one_text_sent_by_two_units_is_copying(tmp_path):
    """The same bytes under two units' file names (乙街道 sent 甲街道's report unchanged, or
    both sent the model text): 雷同, capped, like any copy group."""
    folder = _example_twice(tmp_path, "甲街道2024年报告.txt", "乙街道2024年报告.txt")
    out = tmp_path / "结果"
    data = _audit(folder, out, "--no-cache")
    assert [s["kind"] for s in data["audit"]["similar"]] == ["copied"]
    rows = _summary(out)
    for name in ("甲街道2024年报告.txt", "乙街道2024年报告.txt"):
        assert (rows[name]["得分"], rows[name]["等级"], rows[name]["雷同标记"]) == (CAP, "合格", "雷同")
    assert rows[SEEDS[0].name]["排名"] == 1
