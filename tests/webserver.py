"""A local HTTP server for tests: serves fixed pages from 127.0.0.1 on a free port."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Page:
    """What the server answers for one path."""

    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    location: str | None = None


@dataclass
class Site:
    """The pages served, the address to reach them and the User-Agents seen."""

    base: str
    pages: dict[str, Page]
    agents: list[str] = field(default_factory=list)


@contextmanager
def serve(pages: dict[str, Page]) -> Iterator[Site]:
    """Serve ``pages`` (by path) until the block ends."""
    site = Site("", pages)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.agents.append(self.headers.get("User-Agent", ""))
            page = site.pages.get(self.path, Page(b"not here", "text/plain", 404))
            self.send_response(page.status)
            self.send_header("Content-Type", page.content_type)
            self.send_header("Content-Length", str(len(page.body)))
            if page.location:
                self.send_header("Location", page.location)
            self.end_headers()
            self.wfile.write(page.body)

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep the test output clean

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
