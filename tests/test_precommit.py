"""The real pre-commit tool runs our hook: `try-repo` against this repository, and the
example configuration copied into a fresh repository."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from .conftest import FIXTURES, ROOT, SEEDS

PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """One pre-commit store for the module: the hook's environment is built once."""
    home = tmp_path_factory.mktemp("pre-commit-home")
    return {**os.environ, "PRE_COMMIT_HOME": str(home), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


def git(cwd, *args) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}).stdout


def project_is_committed() -> bool:
    return git(ROOT, "status", "--porcelain", "--untracked-files=no", "--", "checker", "rules",
               "pyproject.toml", ".pre-commit-hooks.yaml") == ""


@pytest.fixture()
def reports_repo(tmp_path):
    repo = tmp_path / "reports"
    (repo / "报告").mkdir(parents=True)
    git(repo, "init", "-q")
    shutil.copy(SEEDS[4], repo / "报告" / "县街街道2021.txt")          # misses 第一责任人: an error
    shutil.copy(FIXTURES / "skeleton.txt", repo / "报告" / "示范街道2024.txt")
    git(repo, "add", ".")
    return repo


def test_try_repo(reports_repo, env):
    bad = subprocess.run([*PRE_COMMIT, "try-repo", str(ROOT), "report-check", "--files", "报告/县街街道2021.txt"],
                         cwd=reports_repo, capture_output=True, text=True, env=env, timeout=900)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "缺少“党政主要负责人履行推进法治建设第一责任人职责情况”部分" in bad.stdout
    good = subprocess.run([*PRE_COMMIT, "try-repo", str(ROOT), "report-check", "--files", "报告/示范街道2024.txt"],
                          cwd=reports_repo, capture_output=True, text=True, env=env, timeout=900)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout


@pytest.mark.skipif(not project_is_committed(), reason="the example config pins a commit; commit the project first")
def test_example_config_in_a_fresh_repository(reports_repo, env):
    config = (ROOT / "examples" / "pre-commit-config-remote.yaml").read_text("utf-8")
    head = git(ROOT, "rev-parse", "HEAD").strip()
    config = config.replace("https://github.com/report-check/report-check", str(ROOT)).replace("v0.1.0", head)
    (reports_repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    (reports_repo / "README.md").write_text("# 不是报告\n", encoding="utf-8")
    git(reports_repo, "add", ".")
    run = subprocess.run([*PRE_COMMIT, "run", "--all-files"], cwd=reports_repo, capture_output=True, text=True,
                         env=env, timeout=900)
    assert run.returncode == 1 and "县街街道2021.txt" in run.stdout and "README" not in run.stdout
    (reports_repo / "报告" / "县街街道2021.txt").unlink()
    git(reports_repo, "add", "-A")
    assert subprocess.run([*PRE_COMMIT, "run", "--all-files"], cwd=reports_repo, capture_output=True, text=True,
                          env=env, timeout=900).returncode == 0


@pytest.mark.skipif(shutil.which("report-check") is None, reason="the local form runs the installed tool")
def test_local_example_works_today_as_written(reports_repo, env):
    """The README's first form, copied verbatim: the installed tool, no published repository.
    Other files in 报告/ never block a commit; a .report-check.yaml beside the reports applies."""
    shutil.copy(ROOT / "examples" / "pre-commit-config.yaml", reports_repo / ".pre-commit-config.yaml")
    (reports_repo / "报告" / "统计表.xlsx").write_bytes(b"PK\x03\x04 not a report")
    (reports_repo / "报告" / "照片.png").write_bytes(b"\x89PNG\r\n")
    (reports_repo / "报告" / "说明.yaml").write_text("note: 不是报告\n", encoding="utf-8")
    git(reports_repo, "add", ".")

    def commit_check() -> subprocess.CompletedProcess:
        return subprocess.run([*PRE_COMMIT, "run", "--all-files"], cwd=reports_repo, capture_output=True, text=True,
                              env=env, timeout=900)
    blocked = commit_check()
    assert blocked.returncode == 1 and "县街街道2021.txt" in blocked.stdout, blocked.stdout
    assert "缺少“党政主要负责人履行推进法治建设第一责任人职责情况”部分" in blocked.stdout
    assert "不支持" not in blocked.stdout and "统计表" not in blocked.stdout
    (reports_repo / "报告" / ".report-check.yaml").write_text("rules:\n  STRUCT-FIRSTRESP-MISSING: warning\n",
                                                               encoding="utf-8")
    git(reports_repo, "add", ".")
    passed = commit_check()
    assert passed.returncode == 0, passed.stdout   # the unit's own configuration, found from the report's folder
    (reports_repo / "报告" / ".report-check.yaml").write_text(
        "rules:\n  STRUCT-FIRSTRESP-MISSING: warning\nfail-on: warning\n", encoding="utf-8")
    git(reports_repo, "add", ".")
    stricter = commit_check()   # the README's own example: the project's fail-on, not one in the hook's args
    assert stricter.returncode == 1 and "县街街道2021.txt" in stricter.stdout, stricter.stdout


def test_the_hook_takes_every_format_the_tool_reads_and_nothing_else():
    import re

    import yaml

    from checker.documents import supported_extensions
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))[0]
    pattern = re.compile(hook["files"])
    assert all(pattern.search(f"报告/a{ext}") for ext in supported_extensions())
    assert not any(pattern.search(f"报告/a{ext}") for ext in (".yaml", ".xlsx", ".png", ".ofd", ".zip"))
