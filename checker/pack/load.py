"""Load a rule pack: safe YAML → schema validation → `extends` resolved → Pack.

A broken pack is refused with its file, the YAML line and what is wrong, in
Chinese; nothing in a pack is skipped silently.
"""
from __future__ import annotations

import dataclasses
import functools
import os
from importlib.resources import files
from typing import TYPE_CHECKING, Optional

from ..errors import PackError
from ..patterns import vouch
from ..support.safe_yaml import line_of, parse, read_text
from . import cache as pack_cache
from .model import Pack, ReportFrame, Rule, Section
from .schema import check_regex, check_rule, finite, validate

if TYPE_CHECKING:
    import yaml

DEFAULT_PACK = "fazhi-annual-report"


ENTRY_POINT_GROUP = "report_check.packs"


def _shipped_packs() -> dict[str, str]:
    root = files("checker.packs")
    return {p.name[:-5]: str(p) for p in root.iterdir() if p.name.endswith(".yaml")}


@functools.lru_cache(maxsize=1)
def _shipped_reals() -> frozenset[str]:
    return frozenset(os.path.realpath(p) for p in _shipped_packs().values())


@functools.lru_cache(maxsize=1)
def builtin_packs() -> dict[str, str]:
    """Installed pack id → file path: the packs shipped with report-check, and packs that
    other Python packages publish under the entry-point group `report_check.packs` (the
    entry point names a pack file path, or a function returning one)."""
    found = _shipped_packs()
    from importlib.metadata import entry_points  # scans every installed package: only when needed
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        try:
            target = entry.load()
            path = str(target() if callable(target) else target)
        except Exception as e:   # a broken third-party package must not break the tool
            raise PackError(f"已安装的规则包“{entry.name}”（{entry.value}）无法加载：{type(e).__name__}: {e}") from None
        found.setdefault(entry.name, path)
    return found


def resolve(ref: Optional[str], base_dir: Optional[str] = None) -> str:
    """A pack reference (installed id or path) → file path."""
    ref = ref or DEFAULT_PACK
    shipped = _shipped_packs()
    if ref in shipped and not os.path.exists(ref):
        return shipped[ref]
    path = os.path.join(base_dir, ref) if base_dir and not os.path.isabs(ref) else ref
    if os.path.isfile(path):
        return path
    builtin = builtin_packs()
    if ref in builtin:
        return builtin[ref]
    known = "、".join(sorted(builtin)) or "无"
    raise PackError(f"找不到规则包“{ref}”（既不是内置规则包，也不是存在的文件）。内置规则包：{known}")


MAX_EXTENDS = 16   # a real pack extends one or two others; a chain of 1,200 exhausted Python's stack


def load_pack(ref: Optional[str] = None) -> Pack:
    return _load(resolve(ref), chain=())


def _load(path: str, chain: tuple[str, ...]) -> Pack:
    """Every pack is checked in full (size, nesting, aliases, schema, patterns) each time it
    loads, except the packs shipped inside the installed package: those are code, checked by
    the tests, and load fast. Nothing outside the package can vouch for a pack."""
    real = os.path.realpath(path)
    text = read_text(path)
    trusted = real in _shipped_reals()
    cached = _Source.cached(text, path) if trusted else None
    source = cached or _Source.parsed(text, path, trusted)
    data = source.data
    base: Optional[Pack] = None
    if "extends" in data:
        if len(chain) >= MAX_EXTENDS:
            raise PackError(f"规则包 extends 层层引用超过 {MAX_EXTENDS} 层，不是正常的规则包", path)
        parent = resolve(data["extends"], os.path.dirname(path))
        if os.path.realpath(parent) in chain + (real,):
            cycle = " → ".join(os.path.basename(p) for p in chain + (real, os.path.realpath(parent)))
            raise PackError(f"第{source.line(['extends'])}行：规则包 extends 形成循环：{cycle}。"
                            f"请删去其中一个规则包的 extends", path)
        try:
            base = _load(parent, chain + (real,))
        except PackError as e:
            if e.path and os.path.realpath(e.path) != real and "extends" not in e.message:
                e.message += f"（由 {path} 的 extends 引用）"
            raise
    pack = _build(source, base, trusted)
    if trusted:
        vouch(pack.pattern_sources())
        if cached is None:
            pack_cache.write(text, data, source.rule_lines)
    return pack


class _Source:
    """A pack file's data and where its parts are. From the cache (a shipped pack) the YAML
    is parsed again only if a message needs a line other than a rule's."""

    def __init__(self, text: str, path: str, data: dict, rule_lines: list[int], root: Optional[yaml.Node]):
        self.text, self.path, self.data, self.rule_lines, self.root = text, path, data, rule_lines, root

    @classmethod
    def parsed(cls, text: str, path: str, trusted: bool) -> _Source:
        data, root = parse(text, path, inspect=not trusted)
        if not trusted:
            validate(data, root, path)
        return cls(text, path, data, [line_of(root, ["rules", i]) for i in range(len(data.get("rules", [])))], root)

    @classmethod
    def cached(cls, text: str, path: str) -> Optional[_Source]:
        found = pack_cache.read(text)
        return None if found is None else cls(text, path, found[0], found[1], None)

    def line(self, at: list) -> int:
        if self.root is None:
            self.root = parse(self.text, self.path, inspect=False)[1]
        return line_of(self.root, at)


def _build(source: _Source, base: Optional[Pack], trusted: bool) -> Pack:
    data, path = source.data, source.path
    finite(data, source.line, path, [])
    sections = _sections(source, base, trusted)
    rules = _rules(source, base)
    for rule in rules:
        check_rule(rule, {s.id for s in sections}, path, not trusted)
    grades = data.get("grades") or (base.grades if base else [{"name": "合格", "min": 60}, {"name": "不合格", "min": 0}])
    pack = Pack(id=data["id"], version=str(data["version"]), title=data["title"], path=path,
                sections=sections, rules=rules, grades=sorted(grades, key=lambda g: -g["min"]),
                dictionary=(base.dictionary if base else []) + list(data.get("dictionary", [])),
                caps=list(base.caps) if base else [],
                boilerplate=(base.boilerplate if base else []) + list(data.get("boilerplate", [])),
                copying=data.get("copying") or (base.copying if base else None),
                description=data.get("description", ""), changelog=data.get("changelog", []), shipped=trusted,
                extends=base.id if base else None,
                frame=ReportFrame(**{**dataclasses.asdict(base.frame if base else ReportFrame()), **data.get("report", {})}),
                inherited=frozenset(r.id for r in rules if base and any(r is b for b in base.rules)))
    if not trusted:   # the frame finders run these on every report, unbounded: vet them like any pattern
        for key in ("subject", "subject_name"):
            if getattr(pack.frame, key):
                check_regex(getattr(pack.frame, key), f"report 的 {key}", path)
    for i, cap in enumerate(data.get("caps", [])):
        unknown = [r for r in cap["rules"] if r not in pack.rules_by_id]
        if unknown:
            raise PackError(f"第{source.line(['caps', i])}行：caps 引用了不存在的规则“{'、'.join(unknown)}”", path)
        pack.caps.append({**cap, "rules": [pack.canonical(r) for r in cap["rules"]]})   # an alias as the current id
    return pack


def _sections(source: _Source, base: Optional[Pack], trusted: bool) -> list[Section]:
    """The base pack's sections, changed or extended by this pack's (same id: fields merged)."""
    data, path = source.data, source.path
    sections = list(base.sections) if base else []
    for i, raw in enumerate(data.get("sections", [])):
        known = next((s for s in sections if s.id == raw["id"]), None)
        merged = dict(known.__dict__) if known else {}
        merged.update({k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()})
        for key in ("name", "required", "headings"):
            if key not in merged:
                raise PackError(f"第{source.line(['sections', i])}行：部分“{raw['id']}”缺少“{key}”", path)
        section = Section(**merged)
        sections = [section if s.id == section.id else s for s in sections] if known else sections + [section]
    ids = {s.id for s in sections}
    roles = [s.role for s in sections if s.role]
    if len(roles) != len(set(roles)):
        twice = next(r for r in roles if roles.count(r) > 1)
        raise PackError(f"不止一个部分的 role 是“{twice}”：每种 role 只能有一个部分", path)
    for section in sections:
        for key in ("not_inside", "themes_until"):
            for ref in getattr(section, key) or ():
                if ref not in ids:
                    raise PackError(f"部分“{section.id}”的 {key} 引用了未定义的部分“{ref}”", path)
        if section.after and section.after["part"] not in ids:
            raise PackError(f"部分“{section.id}”的 after 引用了未定义的部分“{section.after['part']}”", path)
        if not trusted:
            for name, sources in section.patterns().items():
                for src in sources:
                    check_regex(src, f"部分“{section.id}”的 {name}", path)
    return sections


def _rules(source: _Source, base: Optional[Pack]) -> list[Rule]:
    """The base pack's rules, this pack's new ones, then this pack's `overrides` (by id or alias)."""
    data, path = source.data, source.path
    rules = list(base.rules) if base else []
    names = {name: r.id for name, r in base.rules_by_id.items()} if base else {}   # id or alias → id
    for i, raw in enumerate(data.get("rules", [])):
        line = source.rule_lines[i]
        for name in (raw["id"], *raw.get("aliases", [])):
            if name in names:
                where = "所继承的规则包中已有" if base and name in base.rules_by_id else "前面已有"
                raise PackError(f"第{line}行：规则编号“{name}”重复（{where}同名规则或别名；要修改继承的规则请用 overrides）",
                                path)
            names[name] = raw["id"]
        rules.append(Rule(id=raw["id"], kind=raw["kind"], level=raw["level"], message=raw["message"],
                          weight=float(raw.get("weight", 0)), basis=raw["basis"], params=raw, line=line))
    for name, change in data.get("overrides", {}).items():
        if name not in names:
            raise PackError(f"第{source.line(['overrides', name])}行：overrides 中的规则“{name}”不存在", path)
        rules = [r.changed(**change) if r.id == names[name] else r for r in rules]
    return rules
