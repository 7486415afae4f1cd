"""The HTTP API of `report-check serve`: the JSON contract, size and type limits, bad
files, escaping, security headers, the template and the export."""
from __future__ import annotations

import io
import json

import jsonschema
import pytest

from checker.documents import document_from_bytes
from checker.engine import check_document
from checker.web import create_app, safe_name

from .conftest import FIXTURES, SEEDS, statuses
from .test_cli import SCHEMA

DOCS = FIXTURES / "documents"


@pytest.fixture()
def client(pack):
    app = create_app({pack.id: pack}, pack.id, max_upload=1024 * 1024)
    return app.test_client()


def upload(client, name: str, data: bytes, **form):
    return client.post("/api/check", data={"file": (io.BytesIO(data), name), **form},
                       content_type="multipart/form-data")


def test_check_a_word_file(client, pack):
    response = upload(client, "县街街道.docx", (DOCS / "004-typed.docx").read_bytes())
    assert response.status_code == 200
    data = response.get_json()
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    report = data["reports"][0]
    expected = check_document(document_from_bytes((DOCS / "004-typed.docx").read_bytes(), "x.docx"), pack)
    assert report["score"] == expected.score
    assert {s["id"]: s["status"] for s in report["sections"]} == statuses(expected)
    assert report["path"] == "县街街道.docx" and report["text"].startswith("在安宁市委")
    finding = next(f for f in report["findings"] if f["rule"] == "STRUCT-CAUSES")
    assert report["text"][finding["span"][0]:finding["span"][1]].startswith("二是工作成效有待提高")


def test_pasted_text_with_script_is_data(client):
    text = SEEDS[2].read_text("utf-8").replace("(一)党政主要负责人", "<script>alert('x')</script>(一)党政主要负责人")
    report = client.post("/api/check", data={"text": text}).get_json()["reports"][0]
    assert report["status"] == "checked" and "<script>alert('x')</script>" in report["text"]
    page = client.post("/api/export", json={"reports": [report], "rule_pack": {"id": "x", "version": "1", "title": "t"}})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "attachment" in page.headers["Content-Disposition"]
    assert "<script>alert" not in html and "\\u003cscript\\u003ealert" in html


def test_oversize_upload_is_refused(client):
    response = upload(client, "大.txt", b"x" * (2 * 1024 * 1024))
    assert response.status_code == 413 and "过大" in response.get_json()["error"]


@pytest.mark.parametrize("name, data, words", [
    ("病毒.exe", b"MZ\x90\x00", "不支持的文件格式"),
    ("损坏.docx", (DOCS / "004-typed.docx").read_bytes()[:1500], "已损坏"),
    ("空.txt", b"", "空文件"),
    ("假的.docx", (DOCS / "004.pdf").read_bytes(), "改为 .pdf"),
    ("扫描件.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "PDF"),
])
def test_bad_files_get_the_command_line_messages(client, name, data, words):
    response = upload(client, name, data)
    assert response.status_code == 422
    report = response.get_json()["reports"][0]
    assert report["status"] == "unreadable" and words in report["error"]


def test_nothing_sent(client):
    response = client.post("/api/check", data={})
    assert response.status_code == 400 and "请选择报告文件" in response.get_json()["error"]


def test_file_names_are_never_paths():
    assert safe_name("../../etc/passwd.docx", "x") == "passwd.docx"
    assert safe_name("C:\\Users\\a\\报告.docx", "x") == "报告.docx"
    assert safe_name("\x1b[31m报\u202e告.docx\x00", "x") == "[31m报告.docx"
    assert safe_name("", "默认") == "默认"


def test_headers_and_unknown_routes(client):
    page = client.get("/")
    assert page.status_code == 200 and "把报告文件拖到这里" in page.get_data(as_text=True)
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert page.headers["Cache-Control"] == "no-store"
    assert client.get("/assets/../../etc/passwd").status_code == 404
    assert client.get("/assets/secret.py").status_code == 404
    assert client.get("/api/check").status_code == 405


def test_template_download(client, pack):
    response = client.get("/api/template", query_string={"unit": "示范街道", "year": "2025"})
    assert response.status_code == 200 and response.data[:2] == b"PK"
    result = check_document(document_from_bytes(response.data, "模板.docx"), pack)
    assert result.outline.title == "示范街道2025年法治政府建设年度报告"
    assert set(statuses(result).values()) <= {"ok", "weak"}
    assert client.get("/api/template", query_string={"unit": "x", "year": "1900"}).status_code == 400


def test_template_command(tmp_path):
    from .test_cli import run
    out = tmp_path / "模板.docx"
    assert run("template", "--unit", "某某街道", "--year", "2025", "-o", str(out)).returncode == 0
    report = json.loads(run("check", str(out), "--format", "json").stdout)["reports"][0]
    assert report["meta"]["year"] == 2025 and {s["status"] for s in report["sections"]} <= {"ok", "weak"}
    assert run("template", "--unit", "x", "--year", "2025", "-o", str(tmp_path / "模板.pdf")).returncode == 2


def test_html_format_from_the_command_line(tmp_path):
    from .test_cli import run
    out = tmp_path / "结果.html"
    assert run("check", str(SEEDS[4]), "--format", "html", "-o", str(out)).returncode == 1
    html = out.read_text("utf-8")
    assert "ReportView.renderAll" in html and "<link" not in html and "src=\"http" not in html
    data = json.loads(html.split('id="report-data">')[1].split("</script>")[0])
    assert data["reports"][0]["text"].startswith("在安宁市委")


def test_pack_choice_when_several_are_installed(pack, tmp_path):
    from checker.pack import load_pack
    other = tmp_path / "other.yaml"
    other.write_text("id: my-office\nversion: '2.0'\ntitle: 某区规则\nextends: fazhi-annual-report\n"
                     "overrides:\n  STRUCT-OTHER-ABSENT: {enabled: false}\n", encoding="utf-8")
    second = load_pack(str(other))
    client = create_app({pack.id: pack, second.id: second}, pack.id).test_client()
    page = client.get("/").get_data(as_text=True)
    assert '<select id="pack"' in page and "某区规则（2.0）" in page
    chosen = client.post("/api/check", data={"text": SEEDS[2].read_text("utf-8"), "pack": "my-office"}).get_json()
    assert chosen["rule_pack"]["id"] == "my-office"
    assert "STRUCT-OTHER-ABSENT" not in {f["rule"] for f in chosen["reports"][0]["findings"]}


def test_long_pasted_text_and_fractional_limits(pack):
    """Red team: pasted text over ~500 KB was refused as "文件过大（上限 20 MB）" (Werkzeug's form
    limit fired first); `--max-upload 0.5` showed "不超过 0 MB"."""
    client = create_app({pack.id: pack}, pack.id).test_client()
    text = SEEDS[0].read_text("utf-8") + "\n" + "全年办理行政复议案件5件。" * 50_000   # ~1.8 MB of UTF-8
    response = client.post("/api/check", data={"text": text})
    assert response.status_code == 200, response.get_json()
    small = create_app({pack.id: pack}, pack.id, max_upload=int(0.5 * 1048576)).test_client()
    page = small.get("/").get_data(as_text=True)
    assert "不超过 0.5 MB" in page and 'data-max-bytes="524288"' in page
    ok = small.post("/api/check", data={"file": (io.BytesIO(SEEDS[0].read_bytes()), "r.txt")},
                    content_type="multipart/form-data")
    assert ok.status_code == 200
    refused = small.post("/api/check", data={"file": (io.BytesIO(b"x" * 600_000), "r.txt")},
                         content_type="multipart/form-data")
    assert refused.status_code == 413 and "0.5 MB" in refused.get_json()["error"]


def test_only_loopback_names_and_same_origin_posts(pack):
    """Red team: any web site could make a local server do heavy work, through a name of its
    own that points at 127.0.0.1 (DNS rebinding) or by posting a form across sites."""
    client = create_app({pack.id: pack}, pack.id).test_client()
    text = {"text": SEEDS[0].read_text("utf-8")}
    assert client.get("/", headers={"Host": "127.0.0.1:8765"}).status_code == 200
    assert client.get("/", headers={"Host": "[::1]:8765"}).status_code == 200
    refused = client.post("/api/check", data=text, headers={"Host": "rebound.example:8765"})
    assert refused.status_code == 403 and "本机地址" in refused.get_json()["error"]
    across = client.post("/api/check", data=text, headers={"Host": "localhost:8765", "Origin": "https://evil.example"})
    assert across.status_code == 403 and "其他网页" in across.get_json()["error"]
    for foreign in ({"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"}):   # red team 3: Origin null was accepted
        refused = client.post("/api/check", data=text, headers={"Host": "localhost:8765", **foreign})
        assert refused.status_code == 403, foreign
    same = client.post("/api/check", data=text, headers={"Host": "localhost:8765", "Origin": "http://localhost:8765",
                                                         "Sec-Fetch-Site": "same-origin"})
    assert same.status_code == 200
    shared = create_app({pack.id: pack}, pack.id, local_only=False).test_client()   # serve --host 0.0.0.0
    assert shared.post("/api/check", data=text, headers={"Host": "192.168.1.9:8765"}).status_code == 200


def test_an_export_nested_thousands_deep_is_refused_not_a_500(pack):
    """Red team 3, weaknesses: a deeply nested JSON to /api/export gave 500."""
    client = create_app({pack.id: pack}, pack.id).test_client()
    deep = '{"reports": [' + "[" * 100000 + "]" * 100000 + "]}"
    reply = client.post("/api/export", data=deep, headers={"Host": "127.0.0.1:8765", "Content-Type": "application/json"})
    assert reply.status_code == 400 and reply.get_json()["error"]


def test_too_many_form_parts_are_refused_for_that_reason(pack):
    """Red team 3, weaknesses: a 200,000-part multipart got 「上传的内容过大」."""
    client = create_app({pack.id: pack}, pack.id).test_client()
    body = "".join(f'--x\r\nContent-Disposition: form-data; name="f{i}"\r\n\r\nv\r\n' for i in range(5000)) + "--x--\r\n"
    reply = client.post("/api/check", data=body, headers={"Host": "127.0.0.1:8765",
                                                           "Content-Type": "multipart/form-data; boundary=x"})
    assert reply.status_code == 413 and "表单项过多" in reply.get_json()["error"]
