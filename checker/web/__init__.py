"""`report-check serve`: a page on the drafter's own computer.

Flask serves it (routes, request parsing, upload size limits, Jinja2 autoescaping) and
waitress runs it (a small production server in pure Python: bounded threads, request
body limit enforced before the body is read). Uploads stay in memory for the length of
the request; nothing is stored or logged; an upload's file name only picks the reader
and is shown as text, never used as a path.
"""
from __future__ import annotations

import io
import re
import unicodedata
from datetime import date
from urllib.parse import urlsplit

from flask import Flask, Response, jsonify, render_template, request, send_file

from .. import __version__, sandbox
from ..contract import ResultDocument
from ..documents import supported_extensions
from ..errors import UnreadableDocument
from ..formats.json_format import document_dict
from ..model import ReportResult
from ..pack.model import Pack
from ..view import asset, standalone_page
from .child import annotate_upload, check_upload
from .lanes import Busy, Lanes

DEFAULT_MAX_UPLOAD = 20 * 1024 * 1024
MAX_PASTE = 2 * 1024 * 1024
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


FAVICON = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" '
           'fill="#1f5fa8"/><path d="M4 8.5l2.5 2.5L12 5" stroke="white" stroke-width="2" fill="none"/></svg>')

PASTED = "粘贴的文字"   # the name of a report pasted rather than uploaded


def drafting_year(today: date) -> int:
    """The year of the report a unit is drafting: last year's until October, this year's from
    November on, when units start writing it (the template's default year)."""
    return today.year if today.month >= 11 else today.year - 1


def stem(name: str) -> str:
    """A report's name without its extension, to name what is made from it (报告-检查意见.docx)."""
    return name.rsplit(".", 1)[0] if "." in name else name


def safe_name(name: str | None, default: str) -> str:
    """A display name from an upload: no folders, no control characters, not too long."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(c for c in base if unicodedata.category(c)[0] != "C").strip(" .")
    return base[:120] or default


class Refused(Exception):
    """A request the page cannot serve, with what to tell the user."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message, self.status = message, status


LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]", "::1")


def create_app(packs: dict[str, Pack], default_pack: str, max_upload: int = DEFAULT_MAX_UPLOAD,
               lanes: Lanes | None = None, local_only: bool = True) -> Flask:
    """`local_only`: answer only requests addressed to this computer by a loopback name, so
    a web page elsewhere cannot reach the server through a name of its own (DNS rebinding)."""
    app = Flask(__name__)
    lanes = lanes or Lanes()
    app.config["MAX_CONTENT_LENGTH"] = max_upload
    # pasted text is a form field: Werkzeug's own limit for those (500 KB) would refuse it first
    app.config["MAX_FORM_MEMORY_SIZE"] = max(max_upload, 4 * MAX_PASTE)
    limit_mb = f"{max_upload / 1048576:g}"
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # Flask's DefaultJSONProvider has both
    app.json.sort_keys = False  # type: ignore[attr-defined]   # the 纲要 areas and every other mapping keep the pack's order, as on the command line

    def pack_for(pack_id: str | None) -> Pack:
        return packs.get(pack_id or default_pack) or packs[default_pack]

    def contract(result: ReportResult, pack: Pack) -> ResultDocument:
        data = document_dict([result], pack, with_text=True)
        data["rule_pack"]["path"] = None   # where the server keeps its packs is not the page's business
        return data

    @app.before_request
    def same_origin():
        host = request.host.lower()
        if local_only and host.rsplit(":", 1)[0] not in LOOPBACK_NAMES and host not in LOOPBACK_NAMES:
            return jsonify(error="此页面只接受本机地址（127.0.0.1 或 localhost）的访问"), 403
        origin = request.headers.get("Origin")
        foreign = (origin == "null"   # a sandboxed frame or a local file posting: no page of ours is either
                   or (origin and urlsplit(origin).netloc.lower() != host)
                   or request.headers.get("Sec-Fetch-Site") == "cross-site")
        if request.method == "POST" and foreign:
            return jsonify(error="不接受来自其他网页的请求"), 403
        return None

    @app.after_request
    def headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = _CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.get("/")
    def index():
        return render_template("index.html", packs=list(packs.values()), default_pack=default_pack,
                               extensions="、".join(supported_extensions()), max_mb=limit_mb, max_bytes=max_upload,
                               year=drafting_year(date.today()), version=__version__)

    @app.get("/favicon.ico")
    def favicon():
        return Response(FAVICON, mimetype="image/svg+xml")

    @app.get("/assets/<name>")
    def assets(name: str):
        kinds = {"view.css": "text/css", "view.js": "text/javascript"}
        if name not in kinds:
            return jsonify(error="没有这个文件"), 404
        return Response(asset(name), mimetype=kinds[name])

    def upload() -> tuple[str, bytes | None, str]:
        """(name, bytes or None, pasted text) of the request."""
        upload = request.files.get("file")
        text = request.form.get("text", "")
        if upload is not None and upload.filename:
            return safe_name(upload.filename, "上传的报告"), upload.read(), text
        if text.strip():
            if len(text) > MAX_PASTE:
                raise Refused(f"粘贴的文字过长（上限 {MAX_PASTE // 1048576} MB）", 413)
            return PASTED, None, text
        raise Refused("请选择报告文件，或粘贴报告文字", 400)

    def on_upload(func, heavy: bool = False) -> tuple[Pack, str, object]:
        """(pack, name, func(bytes or None, pasted text, name, pack)) for the request's report, run in
        a bounded child; UnreadableDocument (its path the name) when it cannot be read."""
        pack = pack_for(request.form.get("pack"))
        name, data, text = upload()
        with lanes.for_request(request.content_length, heavy).enter():
            return pack, name, sandbox.run_bounded(func, (data, text, name, pack), name)

    @app.post("/api/check")
    def api_check():
        try:
            pack, _, result = on_upload(check_upload)
        except UnreadableDocument as e:
            unreadable = ReportResult(path=e.path or "上传的报告", status="unreadable", error=e.message)
            return jsonify(contract(unreadable, pack_for(request.form.get("pack")))), 422
        return jsonify(contract(result, pack))

    @app.post("/api/annotated")
    def api_annotated():
        """The report in Word with the findings as comments, as `check -o 报告-检查意见.docx` writes it."""
        try:
            _, name, document = on_upload(annotate_upload, heavy=True)
        except UnreadableDocument as e:
            return jsonify(error=f"无法读取：{e.message}"), 422
        return send_file(io.BytesIO(document), as_attachment=True, download_name=f"{stem(name)}-检查意见.docx",
                         mimetype=DOCX)

    @app.post("/api/export")
    def api_export():
        try:
            data = request.get_json(silent=True)
            if not isinstance(data, dict) or not isinstance(data.get("reports"), list):
                return jsonify(error="没有可导出的检查结果"), 400
            page = standalone_page(data)
        except RecursionError:   # JSON nested thousands deep: no result the page made
            return jsonify(error="导出的内容不是本页面的检查结果"), 400
        report = data["reports"][0] if data["reports"] and isinstance(data["reports"][0], dict) else {}
        name = safe_name(str(report.get("path") or ""), PASTED)
        return send_file(io.BytesIO(page.encode("utf-8")), mimetype="text/html", as_attachment=True,
                         download_name="检查结果.html" if name == PASTED else f"{stem(name)}-检查结果.html")

    @app.get("/api/template")
    def api_template():
        from ..template import make_template
        unit = safe_name(request.args.get("unit"), "某某单位")[:40]
        try:
            year = int(request.args.get("year", drafting_year(date.today())))
        except ValueError:
            return jsonify(error="年度应为四位数字"), 400
        if not 2000 <= year <= 2100:
            return jsonify(error="年度应在 2000 到 2100 之间"), 400
        chosen = pack_for(request.args.get("pack"))
        data = make_template(chosen, unit, year)
        return send_file(io.BytesIO(data), as_attachment=True,
                         download_name=f"{chosen.frame.report_title(unit, year)}（模板）.docx",
                         mimetype=DOCX)

    @app.errorhandler(Busy)
    def busy(error: Busy):
        return jsonify(error=error.message), 503

    @app.errorhandler(Refused)
    def refused(error: Refused):
        return jsonify(error=error.message), error.status

    @app.errorhandler(413)
    def too_large(_error):
        if request.content_length is not None and request.content_length <= max_upload:   # werkzeug's part count
            return jsonify(error=f"上传的表单项过多（上限 {app.config['MAX_FORM_PARTS']} 项）：请只上传一份报告"), 413
        return jsonify(error=f"上传的内容过大（上限 {limit_mb} MB）"), 413

    @app.errorhandler(404)
    def not_found(_error):
        return jsonify(error="没有这个页面"), 404

    @app.errorhandler(405)
    def wrong_method(_error):
        return jsonify(error="请求方式不对"), 405

    @app.errorhandler(Exception)
    def internal(error):
        if hasattr(error, "code") and isinstance(error.code, int) and error.code < 500:
            return jsonify(error="请求有误"), error.code
        return jsonify(error="内部错误，请把报告文件和操作步骤告诉维护者"), 500

    return app


def is_loopback(host: str) -> bool:
    return host in ("127.0.0.1", "localhost", "::1") or host.startswith("127.")

