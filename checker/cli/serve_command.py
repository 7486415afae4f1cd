"""`report-check serve`: the checking page on this machine."""
from __future__ import annotations

import sys
from typing import Optional

import click

from ..config import configured_pack, settings
from ..pack.load import builtin_packs, load_pack
from . import chinese
from .common import FiniteRange, fail, stop


@click.command(cls=chinese.Command)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="监听地址；改为其他地址会让局域网内的电脑也能访问")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="端口（0 为自动选择）")
@click.option("--rules", "rules_refs", multiple=True, metavar="ID或路径",
              help="页面上可选的规则包，可多次指定（默认：配置中的规则包和全部内置规则包）")
@click.option("--max-upload", type=FiniteRange(min=0, max=1024, min_open=True), default=20, show_default=True,
              metavar="MB", help="上传文件大小上限（MB）")
@click.option("--open/--no-open", "open_browser", default=None, help="启动后用浏览器打开页面（默认仅在终端上）")
def serve(host: str, port: int, rules_refs: tuple[str, ...], max_upload: float, open_browser: Optional[bool]) -> None:
    """在本机启动检查页面：拖入报告即可查看结果。"""
    import socket

    from waitress import create_server

    from .. import sandbox
    from ..documents import parser_modules
    from ..web import create_app, is_loopback
    from ..web.lanes import Lanes
    # the server runs threads: documents are parsed in children of a clean, single-threaded fork server
    sandbox.use_fork_server(["checker.web.child", *parser_modules()])
    configured = configured_pack(settings({}))
    packs = {configured.id: configured}
    for ref in rules_refs or sorted(builtin_packs()):
        pack = load_pack(ref)
        packs.setdefault(pack.id, pack)
    limit = int(max_upload * 1048576)
    lanes = Lanes()
    app = create_app(packs, configured.id, limit, lanes, local_only=is_loopback(host))
    try:
        server = create_server(app, host=host, port=port, threads=lanes.threads, max_request_body_size=limit + 65536,
                               ident="report-check")
    except (OSError, socket.gaierror) as e:
        stop(f"无法在 {host}:{port} 启动（{e.strerror or e}）")
    except ValueError:   # waitress: an empty or malformed --host
        stop(f"监听地址“{host}”不对：请写 IP 地址或主机名，如 127.0.0.1")
    address = _url(host, server.effective_port)
    if not is_loopback(host):
        fail(f"警告：正在监听 {host}，同一网络中的其他电脑也能打开此页面并上传报告。仅在确有需要时这样做。")
    click.echo(f"检查页面已启动：{address}　（按 Ctrl-C 停止）", color=False)
    sys.stdout.flush()
    if open_browser if open_browser is not None else sys.stdout.isatty():
        import webbrowser
        webbrowser.open(address)
    try:
        server.run()
    except KeyboardInterrupt:
        click.echo("已停止")


def _url(host: str, port: int) -> str:
    """An address a browser can open: on all interfaces (0.0.0.0, ::) this machine's own
    address on the network, which the other computers use too."""
    if host in ("0.0.0.0", "::", ""):
        import socket
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
                probe.connect(("10.255.255.255", 1))   # no packet is sent: this only picks the outgoing address
                host = probe.getsockname()[0]
        except OSError:
            host = "127.0.0.1"
    return f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
