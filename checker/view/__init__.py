"""The result view shared by the web page and the downloadable HTML file: one stylesheet,
one script that renders a report from its JSON, and the page that carries them inline."""
from __future__ import annotations

import json
from importlib.resources import files
from typing import Mapping


def asset(name: str) -> str:
    return files("checker.view").joinpath(name).read_text("utf-8")


def embed_json(data: Mapping) -> str:
    """JSON that is safe inside <script type="application/json">: no </script>, no <!--."""
    return (json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("&", "\\u0026").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def standalone_page(data: Mapping) -> str:
    """One self-contained HTML file (styles, script and results inline; nothing from a
    network), printable on A4, that shows the same view as the web page."""
    return (asset("standalone.html")
            .replace("/*STYLE*/", asset("view.css"))
            .replace("/*SCRIPT*/", asset("view.js"))
            .replace("/*DATA*/", embed_json(data)))
