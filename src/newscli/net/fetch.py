"""Fetching a page or feed over HTTP(S) with urllib: a total deadline, redirects to
http and https only, a size limit."""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from newscli import __version__
from newscli.errors import NewsError
from newscli.model.article import MAX_INPUT_BYTES

USER_AGENT = f"newscli/{__version__} (Python urllib)"
TIMEOUT = 20.0
"""Seconds one network step (connecting, one read) may wait."""
DEADLINE = 30.0
"""Seconds a whole fetch may take, redirects included, however slowly a server sends."""


class FetchError(NewsError):
    """A URL could not be fetched."""


@dataclass(frozen=True)
class Fetched:
    """What a URL gave: the final address after redirects, the bytes and their type."""

    url: str
    data: bytes
    content_type: str | None


def is_url(text: str) -> bool:
    """Whether ``text`` is an http(s) address rather than a file name."""
    return text.lower().startswith(("http://", "https://"))


class _Sockets:
    """The sockets a fetch opened, shut down at once when its deadline passes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: list[socket.socket] = []
        self.expired = False

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._open.append(sock)
            if self.expired:
                _shut(sock)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._open:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # closed already, or never connected
        sock.shutdown(socket.SHUT_RDWR)  # a read blocked in another thread returns at once


def _watched(base: type[http.client.HTTPConnection], sockets: _Sockets) -> Any:
    class Connection(base):  # type: ignore[valid-type,misc]
        def connect(self) -> None:
            super().connect()
            sockets.watch(self.sock)

    return Connection


def _opener(url: str, sockets: _Sockets) -> urllib.request.OpenerDirector:
    """An opener for http and https only, whose connections ``sockets`` can cut."""
    plain = _watched(http.client.HTTPConnection, sockets)
    secure = _watched(http.client.HTTPSConnection, sockets)

    class HTTPHandler(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(plain, req)

    class HTTPSHandler(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(secure, req, context=self._context)  # type: ignore[attr-defined]

    class Redirects(urllib.request.HTTPRedirectHandler):
        def http_error_302(self, req: Any, fp: Any, code: int, msg: str, headers: Any) -> Any:
            location = headers.get("location") or headers.get("uri")
            target = urllib.parse.urljoin(req.full_url, location) if location else ""
            if location and not is_url(target):
                fp.close()
                raise FetchError(
                    f"{url}: redirected to '{target}', which is not an http or https URL"
                )
            return super().http_error_302(req, fp, code, msg, headers)

        http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.UnknownHandler(),
        HTTPHandler(),
        HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        Redirects(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def fetch(
    url: str,
    timeout: float = TIMEOUT,
    limit: int = MAX_INPUT_BYTES,
    deadline: float | None = None,
) -> Fetched:
    """GET ``url``, following up to 10 redirects to http(s) addresses; raises FetchError
    in one line. The whole fetch ends within ``deadline`` seconds (``DEADLINE`` if None)."""
    if not is_url(url):
        raise FetchError(f"'{url}' is not an http or https URL")
    deadline = DEADLINE if deadline is None else deadline
    sockets = _Sockets()
    outcome: list[Fetched | BaseException] = []

    def work() -> None:
        try:
            outcome.append(_get(url, min(timeout, deadline), limit, sockets))
        except BaseException as exc:  # handed to the caller's thread
            outcome.append(exc)

    # In a thread of its own, so that the caller returns at the deadline even while a name
    # is being looked up or a TLS handshake trickles in (neither of which can be cut).
    worker = threading.Thread(target=work, name=f"fetch {url}", daemon=True)
    worker.start()
    worker.join(deadline)
    if worker.is_alive():
        sockets.expire()
        raise FetchError(f"{url}: took longer than the limit of {deadline:g} s")
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


def _get(url: str, timeout: float, limit: int, sockets: _Sockets) -> Fetched:
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
    try:
        request = urllib.request.Request(url, headers=headers)  # noqa: S310 (checked above)
        with _opener(url, sockets).open(request, timeout=timeout) as response:
            data = response.read(limit + 1)
            final, kind = response.geturl(), response.headers.get("Content-Type")
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise FetchError(f"{url}: {_reason(exc.reason)}") from None
    except TimeoutError:
        raise FetchError(f"{url}: timed out after {timeout:g} s") from None
    except (http.client.HTTPException, ValueError, OSError) as exc:
        raise FetchError(f"{url}: {_reason(exc)}") from None
    if len(data) > limit:
        raise FetchError(f"{url}: larger than the limit of {limit // 2**20} MB")
    return Fetched(final, data, kind)


def _reason(reason: object) -> str:
    if isinstance(reason, TimeoutError):
        return "timed out"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__
