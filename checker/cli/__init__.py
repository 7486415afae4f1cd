"""Command line: `report-check check`, `audit`, `template`, `schema` and `config`; the `rules`
and `serve` commands live in rules_command and serve_command and are registered here.

Exit codes live in errors.py: 0 nothing at or above --fail-on, 1 findings (or score
below --min-score), 2 the command could not do its whole job.
"""
from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING, Optional

import click

from .. import __version__, baseline, rounds
from ..collect import collect
from ..config import configs_among, configured_pack, describe, settings, settings_by_report
from ..documents import supported_extensions
from ..engine import check_path_bounded, prepare
from ..errors import EXIT_ERROR, EXIT_OK, EXIT_STOPPED, STOPPED, CheckerError, describe_oserror
from ..formats import FORMATS, Options, Output, extensions, formats_for
from ..model import ReportResult
from ..normalize import printable
from ..support.paths import cache_dir
from ..support.stopping import deferred
from . import chinese
from .common import (
    exit_code,
    fail,
    fail_on_option,
    guard_output,
    max_size_option,
    min_score_option,
    refuse_output_format,
    rules_option,
    stop,
    write,
)
from .rules_command import rules
from .serve_command import serve

if TYPE_CHECKING:
    from ..audit.table import AuditData

chinese.install()


@click.group(cls=chinese.Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="report-check", message="%(prog)s %(version)s")
def cli() -> None:
    """法治政府建设年度报告检查工具：检查报告是否具备规定的五项内容，并给出得分和修改建议。"""


@cli.command()
@click.argument("files", nargs=-1, required=True, metavar="报告文件…")
@rules_option("规则包：内置编号或 YAML 文件路径（默认 fazhi-annual-report）")
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default=None,
              help="输出格式（默认 text；写入文件时按 -o 的扩展名：.json .html .sarif .xml .docx）；"
                   "docx 为批注版 Word：报告原文加批注")
@fail_on_option("有此级别及以上的问题时退出码为 1（默认 error，可在配置中设）")
@min_score_option("得分低于此值时退出码为 1")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), default=None,
              help="基线文件：其中已记录的问题不再报告，只看新问题")
@click.option("--write-baseline", "write_baseline_path", type=click.Path(dir_okay=False), default=None,
              help="把本次发现的全部问题写成基线文件")
@click.option("--since", "since_path", type=click.Path(dir_okay=False), default=None, metavar="上次结果.json",
              help="与上次的检查结果（JSON）对照：每个问题标为已整改、未整改或新问题")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="写入文件而不是屏幕")
@click.option("--color/--no-color", default=None, help="彩色输出（默认仅在终端上）")
@max_size_option("单个文件大小上限（MB），超过的不读取")
@click.option("--skip-unsupported", is_flag=True,
              help="跳过不是报告格式的文件（如 .yaml .xlsx 图片），不算错误；提交钩子用")
@click.option("--suggest", is_flag=True,
              help="批注版 Word 中，把有把握的修改（如补上“其他需要报告的情况：无。”、改正安排标题的年度）写成修订")
def check(files: tuple[str, ...], rules_ref: Optional[str], fmt: Optional[str], fail_on: Optional[str],
          min_score: Optional[float], baseline_path: Optional[str], write_baseline_path: Optional[str],
          output: Optional[str], color: Optional[bool], max_size: float, skip_unsupported: bool,
          suggest: bool, since_path: Optional[str]) -> None:
    """检查一份或多份报告（.txt .md .docx .pdf .html .doc .wps .odt .rtf），或文件夹（含子文件夹）中的全部报告。"""
    fmt = output_format(fmt, output)
    spec = FORMATS[fmt]
    paths, not_reports = reports_in(files, skip_unsupported)
    _format_possible(spec, output, suggest, paths)
    if output:
        guard_output(output, [p for p, _ in paths], inside_folders=False)
    groups = settings_by_report({"rules": rules_ref, "fail_on": fail_on, "min_score": min_score},
                                [p for p, _ in paths])
    if len(groups) > 1 and not spec.mixed_packs:
        stop(f"这些报告分属 {len(groups)} 个配置文件（{'、'.join(s.file or '无' for s, _ in groups)}），"
              f"{fmt} 格式的结果只能对应一个规则包，请按配置分别检查")
    known = baseline.load(baseline_path) if baseline_path else None
    since = rounds.load_since(since_path) if since_path else None
    slots: list[Optional[ReportResult]] = [None] * len(paths)   # each report in the order it was named
    rendered: list = []
    code = EXIT_OK
    for s, members in groups:
        pack = configured_pack(s)
        if known:
            for rule_id in sorted(baseline.unknown_rules(known, set(pack.rules_by_id))):
                fail(f"{baseline_path}: 基线中的规则“{rule_id}”在规则包 {pack.id} 中不存在，相应条目不起作用")
        prepare(pack, warm=len(members) > 1)
        mine: list[ReportResult] = []
        for i in members:
            path, why = paths[i]
            mine.append(check_path_bounded(path, pack, int(max_size * 1048576)) if why is None
                        else ReportResult(path=path, status="unreadable", error=why))
            slots[i] = mine[-1]
        if write_baseline_path:
            continue
        if known:
            baseline.apply(mine, known, pack)
        if since is not None:
            rounds.apply(mine, since, pack)
        rendered.append(spec.render(mine, pack, Options(False if output else color, suggest)))
        code = max(code, exit_code(mine, s.fail_on.value, s.min_score.value))
    results = [r for r in slots if r is not None]
    if write_baseline_path:
        write(write_baseline_path, json.dumps(baseline.build(results), ensure_ascii=False, indent=1) + "\n")
        click.echo(f"已写入基线 {write_baseline_path}：{sum(len(r.findings) for r in results)} 条问题", err=True)
        sys.exit(EXIT_ERROR if any(r.status != "checked" for r in results) else EXIT_OK)
    if spec.binary:
        if rendered[0] is not None and output:
            write(output, rendered[0])
            for line in spec.written(printable(output), results, suggest) if spec.written else []:
                click.echo(line, err=True)
    elif output:
        write(output, "\n".join(rendered))
    else:
        click.echo("\n".join(rendered), nl=False, color=color)
    if output or not spec.shows_unreadable:   # the text on screen already says why a file could not be read
        for r in results:
            if r.status != "checked":
                fail(f"{printable(r.path)}: {printable(r.error or '')}")
    if not_reports:
        fail(f"另有 {not_reports} 个文件不是报告的格式，未检查")
    sys.exit(code)


def _format_possible(spec: Output, output: Optional[str], suggest: bool, paths: list) -> None:
    """What the format needs (a file, one report) and --suggest's format, said before any work."""
    if suggest and not spec.suggest:
        stop("--suggest 只用于批注版 Word（-o 结果.docx 或 --format docx）")
    if spec.binary and not output:
        stop(f"{spec.title}要写入文件：请用 -o 指定，如 -o 报告-检查意见{spec.extensions[0]}")
    if spec.one_report and len(paths) != 1:
        stop(f"{spec.title}一次只能生成一份，这里有 {len(paths)} 份报告：请逐份检查，"
             f"或用 report-check audit … --feedback 为每份报告写反馈意见")


def output_format(fmt: Optional[str], output: Optional[str]) -> str:
    """--format if given, else what the -o file's extension says (结果.json → json), else text
    for a name without extension. A --format that the extension contradicts (-o 结果.json --format
    html), or an extension that names no format written here (结果.pdf), is an error."""
    if not output:
        return fmt or "text"
    ext = os.path.splitext(output.lower())[1]
    fitting = formats_for(output)
    if ext and not fitting and not fmt:
        refuse_output_format(output, extensions(), "（多份报告的汇总表格请用 report-check audit）"
                             if ext in (".xlsx", ".xls", ".csv") else "")
    if fmt and fitting and fmt not in fitting:
        stop(f"{output}: 扩展名与 --format {fmt} 不一致（此扩展名对应 {fitting[0]}），请改一处")
    return fmt or (fitting[0] if fitting else "text")


def reports_in(paths: tuple[str, ...], skip_unsupported: bool = False) -> tuple[list[tuple[str, Optional[str]]], int]:
    """Each path given, a folder replaced by the reports in it and its subfolders, with why a
    file cannot be read (a pipe, a link out of the folder) or None; and how many other files
    were passed over (in folders, or named with --skip-unsupported)."""
    found: list[tuple[str, Optional[str]]] = []
    others = 0
    for path in paths:
        if not os.path.isdir(path):
            if skip_unsupported and os.path.splitext(path)[1].lower() not in supported_extensions():
                others += 1
            else:
                found.append((path, None))
            continue
        inside = collect([path])
        if not inside.files and not inside.problems:
            stop(f"{path}: 文件夹中没有可检查的报告")
        found += [(f, None) for f in inside.files] + list(inside.problems)
        others += len(inside.skipped)
    return found, others




@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="报告文件或文件夹…")
@click.option("-o", "--output", "outputs", multiple=True, required=True, metavar="结果文件",
              help="结果文件，按扩展名：.xlsx .csv .json .html；可多次指定")
@rules_option()
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default="CPU 核数",
              help="并行检查的进程数")
@click.option("--cache", "cache_path", type=click.Path(dir_okay=False), default=None,
              help="结果缓存文件（默认在用户缓存目录）")
@click.option("--no-cache", is_flag=True, help="不用缓存，全部重新检查")
@click.option("--previous", multiple=True, type=click.Path(exists=True), metavar="文件夹",
              help="上一年度报告所在文件夹，用于发现重复上年问题、上年安排未落实")
@click.option("--deadline", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="报送期限（如 2025-03-01）；默认按规则包（次年3月1日）")
@click.option("--expected", "roster_path", type=click.Path(dir_okay=False), default=None, metavar="名单",
              help="应报送单位名单（.xlsx .csv .txt，表头为“单位名称”等的一列；没有表头时为第一列），用于计算报送率、找出未报送的单位")
@click.option("--year", "batch_year", type=click.IntRange(2000, 2100), default=None,
              help="本批报告的年度（如 2024）；报告写的是其他年度时在“报送时间”中标为“年度不符”")
@click.option("--feedback", "feedback_dir", type=click.Path(file_okay=False), default=None, metavar="文件夹",
              help="为每份报告写一份反馈意见（反馈意见-单位.docx），供发回整改")
@click.option("--since", "first_round", type=click.Path(dir_okay=False), default=None, metavar="第一轮结果.json",
              help="整改复查：与第一轮审查结果（JSON）对照，逐个单位列出已整改、未整改、新问题和未重新报送的单位")
@click.option("--progress/--no-progress", default=None, help="显示进度条（默认仅在终端上）")
@max_size_option()
def audit(paths: tuple[str, ...], outputs: tuple[str, ...], rules_ref: Optional[str], jobs: int,
          cache_path: Optional[str], no_cache: bool, previous: tuple[str, ...], deadline, roster_path: Optional[str],
          batch_year: Optional[int], feedback_dir: Optional[str], first_round: Optional[str], progress: Optional[bool],
          max_size: float) -> None:
    """批量审查一个文件夹（或多个文件）的报告，输出排名表、问题明细、雷同内容。"""
    from tqdm import tqdm

    from ..audit import run_audit, second_round
    from ..audit.table import summary_line
    from ..audit.writers import extensions, output_for
    read = [*paths, *previous, *([roster_path] if roster_path else []), *([first_round] if first_round else [])]
    for out in outputs:
        if output_for(out) is None:
            refuse_output_format(out, extensions())
        folder = os.path.dirname(os.path.abspath(out))
        if not os.path.isdir(folder) or not os.access(folder, os.W_OK):
            stop(f"{out}: 无法写入（文件夹不存在或没有写权限）")
        guard_output(out, read)
    if feedback_dir:
        guard_output(os.path.join(feedback_dir, "反馈意见.docx"), read, what="反馈意见")
        parent = feedback_dir if os.path.isdir(feedback_dir) else os.path.dirname(os.path.abspath(feedback_dir))
        if not os.path.isdir(parent) or not os.access(parent, os.W_OK):
            stop(f"{feedback_dir}: 无法写入反馈意见（文件夹的上级不存在或没有写权限）")
    roster = None
    if roster_path:
        from ..audit.roster import read_roster
        roster = read_roster(roster_path)
        if roster.repeated:
            fail(f"{roster_path}: 名单中有重复的单位（各按一个计）：{'、'.join(printable(n) for n in roster.repeated)}")
    if first_round:   # checked now, before hours of checking; read after (one thread: children are forked)
        second_round.check_first_round(first_round)
    folders = [p for p in paths if os.path.isdir(p)]
    pack = configured_pack(settings({"rules": rules_ref}, ignore=folders))   # the office's, never a unit's
    for found in configs_among(folders):
        click.echo(f"已忽略报告文件夹中的配置文件 {printable(found)}：报送单位提交的配置不能改变审查结果", err=True)
    show = sys.stderr.isatty() if progress is None else progress
    tqdm.monitor_interval = 0   # no monitoring thread: checking children are forked from this process
    bar = tqdm(total=0, disable=not show, file=sys.stderr, unit="份", desc="审查", dynamic_ncols=True)

    def set_total(n: int) -> None:
        bar.total = n
        bar.refresh()
    with deferred() as late:   # a stop signal from here on lets the results be written whole
        try:
            data = run_audit(list(paths), pack, jobs,
                             None if no_cache else (cache_path or os.path.join(cache_dir(), "audit.sqlite")),
                             int(max_size * 1048576), list(previous), deadline.date() if deadline else None,
                             progress=bar.update, on_total=set_total, warn=fail, roster=roster, year=batch_year)
        finally:
            bar.close()
        if first_round:
            data.rounds = second_round.mark(data.reports, second_round.load_first_round(first_round), pack)
        letters = _write_audit_results(data, outputs, feedback_dir, no_cache)
    click.echo(summary_line(data))
    _name_unchecked_when_no_result_file_can(data, outputs)
    click.echo("结果已写入：" + "、".join(outputs))
    if feedback_dir:
        click.echo(f"反馈意见已写入：{feedback_dir}（{letters} 份）")
    if data.interrupted or late.is_set():
        if not data.interrupted:
            fail(f"{STOPPED}：收到停止信号时全部报告已检查完，结果已完整写出")
        sys.exit(EXIT_STOPPED)


def _name_unchecked_when_no_result_file_can(data: "AuditData", outputs: tuple[str, ...], most: int = 50) -> None:
    """A .csv holds the ranking only: the files not checked, and why, are said here instead."""
    from ..audit.table import skipped_rows
    if not all(out.lower().endswith(".csv") for out in outputs):
        return
    rows = skipped_rows(data)[1]
    for name, why in rows[:most]:
        fail(f"未检查：{name}（{why}）")
    if len(rows) > most:
        fail(f"……另有 {len(rows) - most} 个未检查的文件（写 -o 结果.xlsx 可得全部）")


def _write_audit_results(data: "AuditData", outputs: tuple[str, ...], feedback_dir: Optional[str], no_cache: bool) -> int:
    """Every result file, then the feedback letters (how many)."""
    from ..audit.writers import output_for
    for out in outputs:
        output = output_for(out)
        if output is None:   # the command checked every output's extension before the audit began
            raise ValueError(f"no writer for {out}")
        try:
            output.write(data, out)
        except OSError as e:
            kept = "；检查结果已存入缓存，腾出空间后重跑即可" if not no_cache else ""
            stop(f"{out}: 无法写入结果文件（{describe_oserror(e)}），原有文件未改动{kept}")
    if not feedback_dir:
        return 0
    from ..audit.feedback import write_feedback
    try:
        return len(write_feedback(data, feedback_dir))
    except OSError as e:
        stop(f"{feedback_dir}: 无法写入反馈意见（{describe_oserror(e)}）")


@cli.command()
@click.option("--unit", required=True, metavar="单位名称", help="报告单位，如 某某街道")
@click.option("--year", type=click.IntRange(2000, 2100), required=True, help="报告年度，如 2025")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="模板文件（.docx）")
@rules_option()
def template(unit: str, year: int, output: str, rules_ref: Optional[str]) -> None:
    """生成报告模板（.docx）：规则包要求的各部分标题，每部分一行填写提示。"""
    from ..template import make_template
    if not output.lower().endswith(".docx"):
        stop(f"{output}: 模板文件的扩展名应为 .docx")
    pack = configured_pack(settings({"rules": rules_ref}))
    write(output, make_template(pack, unit.strip(), year))
    click.echo(f"已生成模板：{output}")


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help="写入文件而不是屏幕")
def schema(output: Optional[str]) -> None:
    """输出 JSON 结果的格式说明（JSON Schema），供对接系统校验 --format json 的结果。"""
    from importlib.resources import files
    text = files("checker.data").joinpath("result.schema.json").read_text("utf-8")
    if output:
        write(output, text)
        click.echo(f"已写入：{output}", err=True)
    else:
        click.echo(text, nl=False)


@cli.command("config")
@rules_option("规则包（覆盖配置文件）")
@fail_on_option("按此级别判断是否通过（覆盖配置文件）")
@min_score_option("得分低于此值算不通过（覆盖配置文件）")
def config_command(rules_ref: Optional[str], fail_on: Optional[str], min_score: Optional[float]) -> None:
    """显示当前生效的配置，以及每一项来自哪里（命令行、配置文件、规则包或默认）。"""
    s = settings({"rules": rules_ref, "fail_on": fail_on, "min_score": min_score})
    pack = configured_pack(s)
    for line in describe(s, pack):
        click.echo(line)


cli.add_command(rules)
cli.add_command(serve)


def main(argv: Optional[list[str]] = None) -> None:
    try:
        cli.main(args=argv, prog_name="report-check", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as e:   # bare `report-check` or `report-check rules`: the help
        click.echo(e.ctx.get_help())
        sys.exit(EXIT_OK)
    except click.exceptions.UsageError as e:
        where = e.ctx.command_path if e.ctx else "report-check"
        stop(f"{chinese.usage_message(e)}（运行 {where} --help 查看用法）")
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except CheckerError as e:
        stop(str(e))
    except (KeyboardInterrupt, click.exceptions.Abort):   # click turns Ctrl-C into Abort
        fail(STOPPED)
        sys.exit(EXIT_STOPPED)
    except Exception as e:  # a bug: say so in one line, never exit 0, never a traceback
        if os.environ.get("REPORT_CHECK_DEBUG"):
            raise
        stop(f"内部错误（{type(e).__name__}: {e}）。请把命令和文件报告给维护者；设置 REPORT_CHECK_DEBUG=1 可看详细信息")
    sys.exit(EXIT_OK)
