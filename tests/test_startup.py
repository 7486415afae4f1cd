"""What a single check loads: a shipped pack from its cached JSON form (no YAML library), only
the reader of the report's format, and module patterns compiled only when a report needs them."""
from __future__ import annotations

import datetime
import json
import subprocess
import sys
import textwrap

import pytest

from checker.pack import cache as pack_cache
from checker.pack import load as pack_module
from checker.pack import load_pack, resolve
from checker.support.lazy_pattern import LazyPattern

from .conftest import ROOT, SEEDS

PROBE = textwrap.dedent("""
    import json, sys
    from checker.engine import check_path
    from checker.pack import load_pack
    pack = load_pack(None)
    result = check_path(sys.argv[1], pack)
    loaded = [m for m in ("yaml", "checker.documents.pdf", "checker.documents.html", "checker.documents.docx",
                          "pdfplumber", "docx") if m in sys.modules]
    print(json.dumps({"loaded": loaded, "score": result.score,
                      "rules": [(r.id, r.line, r.params) for r in pack.rules],
                      "findings": [f.rule for f in result.findings]}, ensure_ascii=False))
""")


def probe(home, report=SEEDS[0]) -> dict:
    proc = subprocess.run([sys.executable, "-c", PROBE, str(report)], capture_output=True, text=True, cwd=ROOT,
                          env={"HOME": str(home), "PATH": "/usr/bin:/bin"}, check=True)
    return json.loads(proc.stdout)


def test_a_shipped_pack_is_parsed_once_then_read_from_its_cached_form(tmp_path):
    first = probe(tmp_path)
    assert "yaml" in first["loaded"]                       # nothing cached yet: the YAML is parsed
    cached = list((tmp_path / ".cache" / "report-check").glob("pack-*.json"))
    assert len(cached) == 1
    second = probe(tmp_path)
    assert second["loaded"] == []                          # no YAML library, no reader of another format
    assert second == {**first, "loaded": []}               # the same rules, lines and verdicts
    cached[0].write_text("{not json", encoding="utf-8")    # a damaged entry is parsed around, then replaced
    assert probe(tmp_path) == first
    assert probe(tmp_path)["loaded"] == []


def test_a_cache_entry_serves_only_the_exact_text_it_was_made_from(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    text = open(resolve(None), encoding="utf-8").read()
    pack_cache.write(text, {"id": "x"}, [3])
    assert pack_cache.read(text) == ({"id": "x"}, [3])
    assert pack_cache.read(text.replace("id:", "id: ", 1)) is None
    pack_cache.write("dated", {"when": datetime.date(2025, 1, 1)}, [])   # not JSON: not kept
    assert pack_cache.read("dated") is None


def test_a_line_asked_of_a_cached_pack_is_found_in_its_yaml(tmp_path, monkeypatch):
    """Only the rules' lines are cached; a message about anything else parses the YAML for its line."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = resolve(None)
    text = open(path, encoding="utf-8").read()
    load_pack(None)   # parses and keeps the cached form
    source = pack_module._Source.cached(text, path)
    assert source is not None and source.root is None
    fresh = pack_module._Source.parsed(text, path, trusted=True)
    assert source.rule_lines == fresh.rule_lines
    assert source.line(["sections", 2]) == fresh.line(["sections", 2]) > 1


def test_a_lazy_pattern_compiles_on_first_use_and_then_acts_as_the_pattern():
    lazy = LazyPattern(r"(?P<n>\d+)年")
    assert "search" not in vars(lazy)
    assert lazy.search("2025年度").group("n") == "2025"
    assert "search" in vars(lazy) and lazy.groupindex == {"n": 1}
    assert lazy.sub("", "2024年和2025年") == "和"
    with pytest.raises(AttributeError):
        lazy.no_such_method  # noqa: B018


def test_a_shared_temporary_cache_folder_is_used_only_if_it_is_this_users_alone(tmp_path, monkeypatch):
    """With no writable home cache, the cache falls back to the shared temporary folder; a
    folder there that another user made, or that others may write to, could feed the checker
    a pack whose patterns run unbounded or verdicts it never reached."""
    import os
    import tempfile

    from checker.support import paths
    home_cache = tmp_path / "not-a-folder"
    home_cache.write_text("", encoding="utf-8")            # the home cache cannot be made
    monkeypatch.setenv("XDG_CACHE_HOME", str(home_cache))
    shared = tmp_path / "tmp"
    shared.mkdir()
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(shared))
    fallback = shared / f"report-check-{os.getuid()}"

    paths._private_temp.cache_clear()
    assert paths.cache_dir() == str(fallback) and oct(fallback.stat().st_mode & 0o777) == "0o700"

    paths._private_temp.cache_clear()
    fallback.chmod(0o777)                                   # others may write there: not used
    other = paths.cache_dir()
    assert other != str(fallback) and os.path.dirname(other) == str(shared)
    assert oct(os.stat(other).st_mode & 0o777) == "0o700"

    paths._private_temp.cache_clear()
    fallback.rmdir()
    fallback.symlink_to(tmp_path)                          # a link someone left there: not followed
    assert paths.cache_dir() != str(fallback)
    paths._private_temp.cache_clear()
