"""Fetching a page or feed over HTTP(S) with urllib: a total deadline, redirects to
http and https only, a size limit, and the person's own network kept out of reach of
addresses found in content.

An address the person typed may be any http(s) address. One found in content (a page's
``og:image``, a feed's or an imported record's image) and every redirect may reach no
loopback, link-local or private address (nor any other that is not globally reachable),
unless the content itself came from such an address, as browsers' private network
access rule has it, or the person allows private addresses (``Reach.private``). The
check is made on the addresses a host name resolves to, before connecting, and the
connection is made to the address checked, so a name cannot be made to resolve to a
public address for the check and a private one for the connection.
"""

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
from newscli.net.reach import TYPED, Reach, is_public

USER_AGENT = f"newscli/{__version__} (Python urllib)"
TIMEOUT = 20.0
"""Seconds one network step (connecting, one read) may wait."""
DEADLINE = 30.0
"""Seconds a whole fetch may take, redirects included, however slowly a server sends."""


class FetchError(NewsError):
    """A URL could not be fetched."""


class TookTooLong(FetchError):
    """A fetch did not end within its deadline."""


class PrivateAddress(FetchError):
    """An address found in content leads into the person's own network."""


@dataclass(frozen=True)
class Fetched:
    """What a URL gave: the final address after redirects, the bytes and their type, and
    whether they came from a private address (then addresses found in them may be private
    too)."""

    url: str
    data: bytes
    content_type: str | None
    private: bool = False


class _Hops:
    """What the hops of one fetch may reach: whether the next one may connect to a private
    address, and whether the last one did."""

    def __init__(self, reach: Reach) -> None:
        self.private = reach.private
        self.next_private = reach.private or reach.trusted
        self.last_private = False
        self.proxied = False  # the hop goes through a proxy the person set up

    def redirected(self) -> None:
        """A redirect is content of the hop that sent it."""
        self.next_private = self.private or self.last_private


def _connector(hops: _Hops, url: str) -> Any:
    """``socket.create_connection`` for one hop, through the addresses its host resolves
    to that it may reach (PrivateAddress before any connection when there are none)."""

    def connect(
        address: tuple[str, int], timeout: Any = None, source_address: Any = None
    ) -> socket.socket:
        host, port = address
        allowed = hops.next_private or hops.proxied  # the proxy is the person's own
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        usable = [f for f in found if allowed or is_public(str(f[4][0]))]
        if not usable:
            raise PrivateAddress(_private(url, host))
        error: OSError | None = None
        for family, kind, proto, _, sockaddr in usable:
            sock = socket.socket(family, kind, proto)
            try:
                if timeout is not None:
                    sock.settimeout(timeout)
                if source_address:
                    sock.bind(source_address)
                sock.connect(sockaddr)
            except OSError as exc:
                sock.close()
                error = exc
                continue
            if not hops.proxied:
                hops.last_private = not is_public(str(sockaddr[0]))
            return sock
        raise error or OSError(f"cannot connect to {host}")

    return connect


def _private(url: str, host: str) -> str:
    return (
        f"{url}: {host} is a private or local address, which an address found in content may"
        " not reach (--allow-private, or NEWSCLI_ALLOW_PRIVATE=1, allows it)"
    )


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


def _watched(
    base: type[http.client.HTTPConnection], sockets: _Sockets, hops: _Hops, url: str
) -> Any:
    class Connection(base):  # type: ignore[valid-type,misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._create_connection = _connector(hops, url)

        def connect(self) -> None:
            super().connect()
            sockets.watch(self.sock)

    return Connection


def _through_proxy(req: urllib.request.Request, hops: _Hops, url: str) -> None:
    """A request sent through a proxy the person set up connects to the proxy: the
    host it is for is judged here instead, by the addresses it resolves to."""
    target = urllib.parse.urlsplit(req.full_url).hostname or ""
    hops.proxied = req.has_proxy() or getattr(req, "_tunnel_host", None) is not None
    if not hops.proxied:
        return
    try:
        found = socket.getaddrinfo(target, None, type=socket.SOCK_STREAM)
    except OSError:
        return  # the proxy resolves it, or says it cannot
    hops.last_private = any(not is_public(str(f[4][0])) for f in found)
    if hops.last_private and not hops.next_private:
        raise PrivateAddress(_private(url, target))


def _opener(url: str, sockets: _Sockets, hops: _Hops) -> urllib.request.OpenerDirector:
    """An opener for http and https only, whose connections ``sockets`` can cut and
    ``hops`` keeps within reach."""
    plain = _watched(http.client.HTTPConnection, sockets, hops, url)
    secure = _watched(http.client.HTTPSConnection, sockets, hops, url)

    class HTTPHandler(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            _through_proxy(req, hops, url)
            return self.do_open(plain, req)

    class HTTPSHandler(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            _through_proxy(req, hops, url)
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
            hops.redirected()
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
    reach: Reach = TYPED,
) -> Fetched:
    """GET ``url``, following up to 10 redirects to http(s) addresses, within ``reach``
    (default: a URL the person typed); raises FetchError in one line. The whole fetch
    ends within ``deadline`` seconds (``DEADLINE`` if None)."""
    if not is_url(url):
        raise FetchError(f"'{url}' is not an http or https URL")
    deadline = DEADLINE if deadline is None else deadline
    sockets = _Sockets()
    outcome: list[Fetched | BaseException] = []

    def work() -> None:
        try:
            outcome.append(_get(url, min(timeout, deadline), limit, sockets, _Hops(reach)))
        except BaseException as exc:  # handed to the caller's thread
            outcome.append(exc)

    # In a thread of its own, so that the caller returns at the deadline even while a name
    # is being looked up or a TLS handshake trickles in (neither of which can be cut).
    worker = threading.Thread(target=work, name=f"fetch {url}", daemon=True)
    worker.start()
    worker.join(deadline)
    if worker.is_alive():
        sockets.expire()
        raise TookTooLong(f"{url}: took longer than the limit of {deadline:g} s")
    result = outcome[0]
    if isinstance(result, BaseException):
        raise result
    return result


def _get(url: str, timeout: float, limit: int, sockets: _Sockets, hops: _Hops) -> Fetched:
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
    try:
        request = urllib.request.Request(url, headers=headers)  # noqa: S310 (checked above)
        with _opener(url, sockets, hops).open(request, timeout=timeout) as response:
            data = response.read(limit + 1)
            final, kind = response.geturl(), response.headers.get("Content-Type")
    except PrivateAddress:
        raise
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
    return Fetched(final, data, kind, hops.last_private)


def _reason(reason: object) -> str:
    if isinstance(reason, TimeoutError):
        return "timed out"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__
