"""Project configuration, found the way linters find theirs: `.report-check.yaml` or
`[tool.report-check]` in `pyproject.toml`, in a folder or the nearest parent: each report's own
folder for `check`, the current folder for `audit` and `config`. Command-line options override
it; every value remembers where it came from.

    extends: fazhi-annual-report      # rule pack: built-in id or path (relative to this file)
    rules:                            # switch rules off or change them
      STRUCT-OTHER-ABSENT: off
      TITLE-MISSING: error
      DATA-DENSITY: {level: info, weight: 1}
    fail-on: warning
    min-score: 75
    deadline: "02-28"                 # this unit's filing deadline (month-day of the next year)
"""
from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from typing import Any, Optional, Sequence

from .contract import LEVELS
from .errors import CheckerError
from .pack.load import load_pack
from .pack.model import Pack
from .pack.schema import check_level_against_basis
from .support.bounded_read import read_bytes
from .support.safe_yaml import MAX_PACK_BYTES, read_yaml_safely

FILE_NAMES = (".report-check.yaml", ".report-check.yml")
_LEVELS = list(LEVELS)
SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "extends": {"type": "string"},
        "rules": {"type": "object", "additionalProperties": {"oneOf": [
            {"enum": ["off", False, *_LEVELS]},
            {"type": "object", "additionalProperties": False, "minProperties": 1,
             "properties": {"level": {"enum": _LEVELS}, "weight": {"type": "number", "minimum": 0},
                            "enabled": {"type": "boolean"}}}]}},
        "fail-on": {"enum": [*_LEVELS, "never"]},
        "min-score": {"type": "number", "minimum": 0, "maximum": 100},
        "deadline": {"type": "string", "pattern": r"^\d{2}-\d{2}$"},
    },
}


@dataclass
class Setting:
    value: Any
    source: str            # 默认 | 命令行 | a config file path | 规则包


@dataclass
class Settings:
    file: Optional[str]
    pack: Setting
    fail_on: Setting
    min_score: Setting
    deadline: Setting
    rules: dict[str, Setting] = field(default_factory=dict)


def find_config(start: str, ignore: Sequence[str] = ()) -> Optional[tuple[str, dict]]:
    """(path, settings) of the nearest configuration, or None; configurations inside the
    `ignore` folders (reports received for an audit) are passed over."""
    folder = os.path.abspath(start)
    ignored = [os.path.realpath(f) for f in ignore]
    while True:
        inside = any(os.path.commonpath([os.path.realpath(folder), f]) == f for f in ignored)
        for name in FILE_NAMES if not inside else ():
            path = os.path.join(folder, name)
            if os.path.exists(path):   # not only a regular file: a pipe there is said, not passed over
                return path, _read_yaml(path)
        pyproject = os.path.join(folder, "pyproject.toml")
        if not inside and os.path.isfile(pyproject):
            section = _read_pyproject(pyproject)
            if section is not None:
                return pyproject, section
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _read_yaml(path: str) -> dict:
    return _validate(read_yaml_safely(path, "配置文件") or {}, path)


def _read_pyproject(path: str) -> Optional[dict]:
    try:
        data = tomllib.loads(read_bytes(path, MAX_PACK_BYTES, "pyproject.toml").decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise CheckerError(f"pyproject.toml 无法读取（{e}）", path) from None
    section = data.get("tool", {}).get("report-check")
    return None if section is None else _validate(section, path)


def _validate(data: Any, path: str) -> dict:
    if not isinstance(data, dict):
        raise CheckerError("配置应是键值对（extends、rules、fail-on、min-score、deadline）", path)
    import jsonschema  # only when a config file exists
    errors = list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(data))
    if errors:
        e = errors[0]
        where = "/".join(map(str, e.absolute_path)) or "顶层"
        if e.validator == "additionalProperties":
            what = f"不认识的配置项：{e.message.split('(')[-1].rstrip(')')}（可用：extends、rules、fail-on、min-score、deadline）"
        else:
            what = f"取值不对：{e.instance!r}"
        raise CheckerError(f"配置有误（{where}）：{what}", path)
    return data


def settings(cli: dict[str, Any], cwd: Optional[str] = None, ignore: Sequence[str] = ()) -> Settings:
    """Merge defaults, the nearest config file and command-line options (which win)."""
    found = find_config(cwd or os.getcwd(), ignore)
    path, data = found if found else (None, {})
    from_file = path or ""   # a key in `data` came from the file at `path`

    def pick(cli_key: str, file_key: str, default: Any) -> Setting:
        if cli.get(cli_key) is not None:
            return Setting(cli[cli_key], "命令行")
        if file_key in data:
            return Setting(data[file_key], from_file)
        return Setting(default, "默认")

    pack = pick("rules", "extends", None)
    if pack.source == path and pack.value and not os.path.isabs(pack.value):
        candidate = os.path.join(os.path.dirname(path), pack.value)
        if os.path.exists(candidate):
            pack.value = candidate
    return Settings(file=path, pack=pack, fail_on=pick("fail_on", "fail-on", "error"),
                    min_score=pick("min_score", "min-score", None), deadline=pick("deadline", "deadline", None),
                    rules={rid: Setting(change, from_file) for rid, change in data.get("rules", {}).items()})


def settings_by_report(cli: dict[str, Any], paths: Sequence[str]) -> list[tuple[Settings, list[int]]]:
    """Each report's settings, found like ruff finds its configuration: from the report's own
    folder upwards (so a `.report-check.yaml` beside the reports works under pre-commit, which
    runs from the repository's root); a report with none above it takes the current folder's.
    Reports sharing a configuration come as one group: (settings, their positions in `paths`)."""
    config_of: dict[str, Optional[str]] = {}     # folder → its configuration: read once per folder
    groups: dict[Optional[str], list[int]] = {}
    for i, path in enumerate(paths):
        folder = os.path.dirname(os.path.abspath(path))
        if folder not in config_of:
            found = find_config(folder)
            config_of[folder] = found[0] if found else None
        groups.setdefault(config_of[folder], []).append(i)
    return [(settings(cli, cwd=os.path.dirname(config) if config else None), members)
            for config, members in groups.items()]


def rule_change(value: Any) -> dict:
    """A configuration's value for one rule as fields to change: off, a level, or a mapping."""
    if value in ("off", False):
        return {"enabled": False}
    return {"level": value} if isinstance(value, str) else dict(value)


def configured_pack(s: Settings) -> Pack:
    """The pack the settings name, with the config's rule changes and deadline applied
    (the settings are left as they were)."""
    pack = load_pack(s.pack.value)
    unknown = sorted(set(s.rules) - set(pack.rules_by_id))
    if unknown:
        raise CheckerError(f"配置中的规则“{'、'.join(unknown)}”在规则包 {pack.id} 中不存在", s.file)
    changes = {pack.canonical(rule_id): rule_change(setting.value) for rule_id, setting in s.rules.items()}
    if s.deadline.value:
        from .kinds import feeding
        changes.update({r.id: {**changes.get(r.id, {}), "deadline": s.deadline.value}
                        for r, _ in feeding(pack.rules, "deadline_for")})
    rules = [r.changed(**changes[r.id]) if r.id in changes else r for r in pack.rules]
    for rule in rules:
        if rule.id in changes:
            check_level_against_basis(rule, f"配置中的规则 {rule.id}", s.file or "")
    return dataclasses.replace(pack, rules=rules)


def deadline_setting(s: Settings, pack: Pack) -> Setting:
    """The deadline in force and where it comes from: the settings', else the pack's."""
    if s.deadline.value:
        return s.deadline
    from .kinds import feeding
    found = feeding(pack.rules, "deadline_for")
    return Setting(found[0][0].get("deadline"), "规则包") if found else s.deadline


def describe(s: Settings, pack: Pack) -> list[str]:
    """Lines for `report-check config`."""
    deadline = deadline_setting(s, pack)
    lines = [f"配置文件：{s.file or '（未找到，使用默认设置）'}",
             f"规则包（extends）：{pack.id} {pack.version}（{pack.path}）　来源：{s.pack.source}",
             f"不通过级别（fail-on）：{s.fail_on.value}　来源：{s.fail_on.source}",
             f"最低分（min-score）：{s.min_score.value if s.min_score.value is not None else '未设置'}　来源：{s.min_score.source}",
             f"报送期限（deadline）：{deadline.value or '未设置'}　来源：{deadline.source}"]
    for rule_id, setting in s.rules.items():
        shown = "关闭" if setting.value in ("off", False) else setting.value   # YAML reads a bare off as false
        lines.append(f"规则 {rule_id}：{shown}　来源：{setting.source}")
    return lines



def configs_among(folders: Sequence[str]) -> list[str]:
    """Configuration files inside folders of received reports: an audit never applies them."""
    found = []
    for top in folders:
        if os.path.isdir(top):
            for root, dirs, names in os.walk(top):
                dirs[:] = sorted(dirs)
                found += [os.path.join(root, n) for n in sorted(names) if n in FILE_NAMES]
    return found
