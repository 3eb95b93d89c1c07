"""A static file server on 127.0.0.1 (what "any web server" means for the site) and a proxy that
records and refuses every request sent to it (Chromium's route to anywhere but 127.0.0.1)."""

from __future__ import annotations

import functools
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

TYPES = {".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm",
         ".json": "application/json", ".ipynb": "application/json", ".whl": "application/octet-stream",
         ".zip": "application/zip", ".md": "text/markdown", ".yaml": "text/plain"}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@contextmanager
def static_server(folder: Path) -> Iterator[str]:
    """Serve ``folder`` as plain files on a free port of 127.0.0.1; yield the base URL."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _Refuse(http.server.BaseHTTPRequestHandler):
    seen: list[str]

    def _refuse(self) -> None:
        self.seen.append(f"{self.command} {self.path}")
        self.send_error(403, "stratkit test: no request may leave 127.0.0.1")

    do_GET = do_POST = do_HEAD = do_PUT = do_CONNECT = do_OPTIONS = _refuse  # noqa: N815

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextmanager
def refusing_proxy() -> Iterator[tuple[str, list[str]]]:
    """A proxy that records every request it gets and refuses it; yield (its address, the record)."""
    seen: list[str] = []
    handler = type("Refuse", (_Refuse,), {"seen": seen})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
