"""An ID-card or mobile number in a report never leaves the tool unmasked, in any format."""
from __future__ import annotations

import io
import zipfile

import pytest

from checker.privacy import mask_pii
from checker.web import create_app

from .conftest import FIXTURES, SEEDS
from .test_cli import run

ID, MOBILE = "11010519491231002X", "13812345678"
RAW = (ID, MOBILE, ID[:6] + " " + ID[6:])


def planted(tmp_path):
    text = (FIXTURES / "skeleton.txt").read_text("utf-8")
    text = text.replace("示范街道2024年法治政府建设年度报告", f"示范街道2024年法治政府建设年度报告（联系人{MOBILE}）")
    text = text.replace("解决诉求57件。", f"解决诉求57件，其中申请人（身份证号{ID}，电话{MOBILE}）的诉求已办结。")
    text = text.replace("二、2024年推进", f"申请人{ID}对处理结果满意。\n二、2024年推进")
    path = tmp_path / "含个人信息.txt"
    path.write_text(text, encoding="utf-8")
    return path


def assert_clean(data: str):
    for raw in (ID, MOBILE):
        assert raw not in data, raw


def test_masking_keeps_length_and_leaves_other_numbers():
    masked = mask_pii(f"电话{MOBILE}，身份证{ID}，案件13868项，编号110105194912310021")
    assert masked == "电话138****5678，身份证1101**********002X，案件13868项，编号110105194912310021"
    assert len(masked) == len(f"电话{MOBILE}，身份证{ID}，案件13868项，编号110105194912310021")


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit", "html"])
def test_every_check_format(tmp_path, fmt):
    path = planted(tmp_path)
    out = tmp_path / f"结果.{fmt}"
    proc = run("check", str(path), "--format", fmt, "-o", str(out))
    assert proc.returncode == 1
    data = out.read_text("utf-8")
    assert_clean(data + proc.stderr)
    assert "138****5678" in data


def test_every_audit_output(tmp_path):
    path = planted(tmp_path)
    outs = [tmp_path / f"r.{e}" for e in ("xlsx", "csv", "json", "html")]
    assert run("audit", str(path), str(SEEDS[0]), *sum((["-o", str(o)] for o in outs), []), "--no-cache").returncode == 0
    with zipfile.ZipFile(outs[0]) as book:
        xml = "".join(book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".xml"))
    assert_clean(xml)
    for out in outs[1:]:
        assert_clean(out.read_text("utf-8-sig"))


def test_web_api_and_export(tmp_path, pack):
    path = planted(tmp_path)
    client = create_app({pack.id: pack}, pack.id).test_client()
    response = client.post("/api/check", data={"file": (io.BytesIO(path.read_bytes()), "r.txt")},
                           content_type="multipart/form-data")
    body = response.get_data(as_text=True)
    assert_clean(body)
    data = response.get_json()
    report = data["reports"][0]
    finding = next(f for f in report["findings"] if f["rule"] == "CONF-PII-MOBILE")
    assert report["text"][finding["span"][0]:finding["span"][1]] == "138****5678"   # offsets still right
    assert_clean(client.post("/api/export", json=data).get_data(as_text=True))


# Red team (make_pii_report.py): title and unit printed unmasked in text output and the audit cache;
# full-width digits, +86, separators, and an ID with a wrong check digit slipped through.
NOTATIONS = {"１３９８７６５４３２１": "１３９****４３２１", "+8613812345679": "+86138****5679",
             "138-1234-5670": "138-****-5670", "138 1234 5671": "138 **** 5671",
             "330102198001011234": "3301**********1234"}


def red_team_report(tmp_path):
    text = (FIXTURES / "skeleton.txt").read_text("utf-8")
    text = text.replace("示范街道2024年法治政府建设年度报告", f"示范街道（联系人{MOBILE}）2024年法治政府建设年度报告")
    text = text.replace("解决诉求57件。", "解决诉求57件，其中李四（身份证号330102198001011234，手机１３９８７６５４３２１，"
                        "手机+8613812345679，手机138-1234-5670，电话138 1234 5671）的诉求已办结。")
    path = tmp_path / "pii.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_notation_is_masked_everywhere(tmp_path):
    path = red_team_report(tmp_path)
    outputs = []
    for fmt in ("text", "json", "sarif", "github", "junit", "html"):
        out = tmp_path / f"结果.{fmt}"
        proc = run("check", str(path), "--format", fmt, "-o", str(out))
        outputs.append(out.read_text("utf-8") + proc.stdout + proc.stderr)
    cache = tmp_path / "cache"
    run("audit", str(path), "-o", str(tmp_path / "r.json"), "--cache", str(cache / "c.db"))
    outputs.append((tmp_path / "r.json").read_text("utf-8"))
    outputs.append("".join(p.read_bytes().decode("utf-8", "replace") for p in cache.rglob("*") if p.is_file()))
    for data in outputs:
        assert MOBILE not in data
        for raw in NOTATIONS:
            assert raw not in data, raw
    assert "138****5678" in outputs[0]
    for raw, masked in NOTATIONS.items():
        label = "身份证号" if len(raw) == 18 else "手机"
        assert mask_pii(f"{label}{raw}。") == f"{label}{masked}。"


# Red team, round three (make_pii3.py): the separators a person types, full-width digits with
# ideographic spaces, (86); and a wrong check digit in a table column headed 身份证号.
ROUND3 = ["110105 19491231 002X", "110105-19491231-002X", "1101 0519 4912 3100 2X",
          "１１０１０５　１９４９１２３１　００２Ｘ", "１３８－１２３４－５６７４", "１３８　１２３４　５６７５", "138.1234.5676",
          "(86)13812345677", "110105194912310028"]


def _cache_text(path) -> str:
    """Every value of the audit cache, decompressed where it is stored compressed."""
    import sqlite3
    import zlib
    out = []
    with sqlite3.connect(path) as db:
        for table, in db.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall():
            for row in db.execute(f"SELECT * FROM {table}"):
                for value in row:
                    if isinstance(value, bytes):
                        try:
                            value = zlib.decompress(value)
                        except zlib.error:
                            pass
                        value = value.decode("utf-8", "replace")
                    out.append(str(value))
    return "\n".join(out)


def test_round_three_notations_are_masked_in_every_output_and_the_cache(tmp_path):
    import docx
    text = (FIXTURES / "skeleton.txt").read_text("utf-8").replace(
        "解决诉求57件。", "解决诉求57件，当事人证件" + "，证件".join(ROUND3[:4]) + "，联系电话" + "，联系电话".join(ROUND3[4:8]) + "。")
    folder = tmp_path / "报告"
    folder.mkdir()
    (folder / "文字.txt").write_text(text, encoding="utf-8")
    word = docx.Document()
    for line in text.split("\n"):
        word.add_paragraph(line)
    table = word.add_table(rows=2, cols=2)
    for (i, j), value in {(0, 0): "姓名", (0, 1): "身份证号", (1, 0): "张三", (1, 1): ROUND3[8]}.items():
        table.cell(i, j).text = value
    word.save(folder / "表格.docx")
    outputs = []
    for report in folder.iterdir():
        for fmt in ("text", "json", "sarif", "github", "junit", "html"):
            out = tmp_path / f"{report.stem}.{fmt}"
            proc = run("check", str(report), "--format", fmt, "-o", str(out))
            outputs.append(out.read_text("utf-8") + proc.stdout + proc.stderr)
        annotated = tmp_path / f"{report.stem}-批注.docx"
        run("check", str(report), "-o", str(annotated))
        with zipfile.ZipFile(annotated) as book:   # a Word report's own text stays its own; our comments are masked
            parts = ["word/comments.xml"] if report.suffix == ".docx" else [n for n in book.namelist() if n.endswith(".xml")]
            outputs.append("".join(book.read(n).decode("utf-8") for n in parts))
    cache = tmp_path / "c.sqlite"
    results = [tmp_path / f"r.{e}" for e in ("json", "csv", "html")]
    run("audit", str(folder), *sum((["-o", str(o)] for o in results), []), "--cache", str(cache))
    outputs += [r.read_text("utf-8-sig") for r in results]
    outputs.append(_cache_text(cache))
    assert "1101**" in outputs[-1]   # the cache holds the reports, masked
    for data in outputs:
        for raw in ROUND3:
            assert raw not in data, raw
