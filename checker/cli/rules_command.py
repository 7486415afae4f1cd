"""`report-check rules …`: list, show, validate and test rule packs."""
from __future__ import annotations

import sys
from typing import Optional

import click

from ..config import configured_pack, settings
from ..errors import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, CheckerError
from ..labels import LEVEL_CN
from ..pack import doc as packdoc
from ..pack.load import builtin_packs, load_pack
from . import chinese
from .common import fail, rules_option, stop


@click.group(cls=chinese.Group)
def rules() -> None:
    """查看、校验规则包。"""


@rules.command("list")
@rules_option()
def rules_list(rules_ref: Optional[str]) -> None:
    """列出规则包中的规则（含项目配置的开关）。"""
    pack = configured_pack(settings({"rules": rules_ref}))
    click.echo(f"{pack.title}（{pack.id} {pack.version}），共 {len(pack.rules)} 条规则")
    names = pack.section_names
    for r in pack.rules:
        off = "" if r.params.get("enabled", True) else "　[已关闭]"
        where = names.get(r.section, "全文") if r.section else "全文"
        click.echo(f"  {r.id:<28} {LEVEL_CN[r.level]}　扣{r.weight:g}分　{r.basis.get('level', '依据未注明'):<6}　"
                   f"{r.kind:<14} {where}{off}")


@rules.command("show")
@click.argument("rule_id", metavar="规则编号")
@rules_option()
@click.option("--raw", is_flag=True, help="同时列出规则的正则表达式原文（编写规则包时用）")
def rules_show(rule_id: str, rules_ref: Optional[str], raw: bool) -> None:
    """显示一条规则的全部内容和依据。"""
    pack = configured_pack(settings({"rules": rules_ref}))
    rule = pack.rule(rule_id)
    click.echo(f"{rule.id}　{rule.get('title', '')}")
    click.echo(f"级别：{LEVEL_CN[rule.level]}，每条扣 {rule.weight:g} 分，最多扣 {rule.max_deduction:g} 分；检查方式：{rule.kind}")
    if rule.section:
        click.echo(f"检查部分：{pack.section(rule.section).name}")
    click.echo(f"提示语：{rule.message}")
    for key, label in BASIS_FIELDS:
        if rule.basis.get(key):
            click.echo(f"{label}：{rule.basis[key]}")
    if not rule.basis.get("level"):
        click.echo("依据层级：未注明")
    for line in packdoc.described_params(rule, raw):
        click.echo(line)


BASIS_FIELDS = (("title", "依据文件"), ("number", "文号"), ("article", "条款"), ("issuer", "制发机关"),
                ("level", "依据层级"), ("text", "依据内容"), ("url", "官方发布网址"))


@rules.command("validate")
@click.argument("files", nargs=-1, required=True, metavar="规则包文件…")
def rules_validate(files: tuple[str, ...]) -> None:
    """校验规则包文件（格式、正则、引用、继承）。"""
    failed = False
    for path in files:
        try:
            pack = load_pack(path)
        except CheckerError as e:
            fail(str(e))
            failed = True
            continue
        click.echo(f"{path}：通过（{pack.id} {pack.version}，{len(pack.sections)} 个部分，{len(pack.rules)} 条规则）")
    sys.exit(EXIT_ERROR if failed else EXIT_OK)


@rules.command("test")
@click.argument("pack_file", metavar="规则包")
@click.argument("fixtures", required=False, metavar="测试用例文件夹")
def rules_test(pack_file: str, fixtures: Optional[str]) -> None:
    """用测试用例检验规则包：每份用例报告旁的 NAME.expect.yaml 写明必须报告和不得报告的问题。"""
    from ..pack import fixtures as packtest
    pack = load_pack(pack_file)
    folder = fixtures or packtest.default_fixtures(pack)
    if not folder:
        stop(f"{pack_file}: 请指定测试用例文件夹（或放在规则包旁的 fixtures/{pack.id}/ 中）")
    try:
        sidecars = packtest.find_sidecars(folder)
        outcomes = [packtest.run_fixture(s, pack) for s in sidecars]
        untested = packtest.untested_rules(pack, sidecars)
    except CheckerError as e:
        stop(str(e))
    click.echo(f"规则包 {pack.id} {pack.version} 的测试（{folder}）：")
    for o in outcomes:
        mark = click.style("通过  ", fg="green") if o.passed else click.style("不通过", fg="red", bold=True)
        click.echo(f"  {mark} {o.name}")
        if o.error:
            click.echo(f"         {o.error}")
        for expected in o.missing:
            click.echo(f"         应报告但没有：{expected}")
        for f in o.unexpected:
            where = f"第{f.line}行：" if f.line else ""
            click.echo(f"         不应报告但报告了：{f.rule}（{where}{f.message[:50]}）")
        for line in o.wrong_sections:
            click.echo(f"         部分状态不对：{line}")
    failed = sum(not o.passed for o in outcomes)
    click.echo(f"共 {len(outcomes)} 个用例：通过 {len(outcomes) - failed} 个，不通过 {failed} 个")
    if untested:
        click.echo(f"提示：以下规则没有任何用例要求它报告（写一个让它报告的用例，确认它确实会起作用）：{'、'.join(untested)}")
    inherited = sum(r.id in pack.inherited for r in pack.enabled_rules)
    if inherited:
        click.echo(f"另有 {inherited} 条规则原样继承自规则包 {pack.extends}，由它自己的用例检验")
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


@rules.command("list-packs")
def rules_packs() -> None:
    """列出已安装的规则包（内置的和其他 Python 包提供的）及其版本。"""
    for pack_id in sorted(builtin_packs()):
        pack = load_pack(pack_id)
        latest = pack.changelog[0] if pack.changelog else None
        note = f"　最近更新 {latest.get('date', '')} {latest['changes'][0]}" if latest else ""
        base = f"　（{pack.shown_path}）" if pack.shown_path else ""
        click.echo(f"{pack.id:<26} {pack.version:<8} {pack.title}{base}{note}")
