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
