"""The ``serve`` command: the read-only web app (``partnership_graph.web``) on this machine.

Imported at the end of cli.py, which registers the command on the same group. Only click and the
standard library are imported at module level: FastAPI, uvicorn and Jinja2 load when the command
runs, so ``partnership-graph --help`` stays fast.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import click

from .cli_base import cli

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but loopback lets other machines read the graph (no login).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--store", "store_kind", type=click.Choice(["embedded", "neo4j"]), default=None,
              help="Which store to read (overrides the global --store).")
@click.option("--open", "open_browser", is_flag=True, help="Open the app in your web browser once it is ready.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, store_kind: str | None, open_browser: bool) -> None:
    """Serve a read-only web app: search, area pages, who leads, gaps, coterminosity, the network.

    Pages and a JSON API (under /api, OpenAPI at /api/openapi.json) over the same library and
    either store; everything, scripts included, is served from this machine. Listens on loopback
    unless --host says otherwise. Stop it with Ctrl+C.

    \b
    Example:
      partnership-graph serve --open
      partnership-graph --store neo4j serve --port 8080
    """
    started = time.perf_counter()
    import uvicorn

    from .stores import open_store
    from .web import is_loopback
    from .web.app import create_app
    from .web.service import Service

    settings = ctx.find_root().obj
    if store_kind:
        settings.store = store_kind
    loopback = is_loopback(host)
    if not loopback:
        click.echo(f"WARNING: listening on {host}: anyone who can reach this machine on port {port} can read "
                   "the whole graph; there is no login. Use the default --host 127.0.0.1 unless you mean it.",
                   err=True)

    def opener() -> Any:
        return open_store(settings)

    store = opener()
    service = Service(store, opener if store.kind == "embedded" else None)
    service.warm()
    if not store.graph().number_of_nodes():
        click.echo(f"Note: the {store.kind} store at {store.location} is empty; run `partnership-graph demo` "
                   "(or load a dataset) and reload the page.", err=True)
    app = create_app(service, allowed_hosts=[*LOOPBACK_HOSTS, host] if loopback else None)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                            server_header=False, lifespan="off")
    server = uvicorn.Server(config)

    def announce() -> None:
        while not server.started:
            if getattr(server, "should_exit", False):
                return
            time.sleep(0.02)
        bound = port
        for s in getattr(server, "servers", []):
            for sock in s.sockets:
                bound = sock.getsockname()[1]
        shown = f"[{host}]" if ":" in host else host
        url = f"http://{shown}:{bound}/"
        click.echo(f"Serving the {store.kind} store at {store.location} on {url} (read-only; Ctrl+C to stop). "
                   f"Ready in {time.perf_counter() - started:.2f} s.", err=True)
        if open_browser:
            import webbrowser

            webbrowser.open(url)

    threading.Thread(target=announce, daemon=True).start()
    try:
        server.run()
    except KeyboardInterrupt:  # uvicorn re-raises the Ctrl+C it handled; stopping is the normal end
        pass
    finally:
        service.store.close()
    click.echo("Stopped.", err=True)
