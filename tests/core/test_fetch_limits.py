"""Fetching holds to a total deadline however slowly a server sends, and follows
redirects only to http and https addresses."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Runner
from newscli import api
from newscli.net import fetch as fetching
from newscli.net.fetch import FetchError, fetch
from webserver import Page, serve

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n"


@contextmanager
def trickle(prefix: bytes) -> Iterator[str]:
    """A server on 127.0.0.1 that sends ``prefix`` and then one byte every 50 ms, for as
    long as the client listens: each read succeeds, so only a total deadline ends it."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve_one() -> None:
        with listener, listener.accept()[0] as conn:
            conn.recv(65536)
            try:
                conn.sendall(prefix)
                while not stop.wait(0.05):  # the server's pace, not a synchronisation
                    conn.sendall(b"x")
            except OSError:
                pass  # the client hung up: what the test wants

    thread = threading.Thread(target=serve_one, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/slow"
    finally:
        stop.set()
        thread.join(30)


@pytest.mark.parametrize("prefix", [HEAD, b"HTTP/1.1 200 OK\r\nX-Slow: "], ids=["body", "headers"])
def test_a_trickling_server_is_cut_off_at_the_deadline(prefix: bytes) -> None:
    with trickle(prefix) as url, pytest.raises(FetchError) as caught:
        fetch(url, timeout=20, deadline=1)
    assert str(caught.value) == f"{url}: took longer than the limit of 1 s"


def test_add_and_import_give_up_on_a_trickling_server(
    run: Runner, monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.setattr(fetching, "DEADLINE", 1.0)
    for command in ("add", "import"):
        with trickle(HEAD) as url:
            result = run(command, url)
        assert (result.exit_code, result.stdout) == (1, "")
        assert f"{url}: took longer than the limit of 1 s" in result.stderr
        assert len(result.stderr.splitlines()) == (1 if command == "add" else 2)


def test_an_image_batch_says_its_limit_not_the_time_one_image_had_left(data_dir: Path) -> None:
    store = api.open_store(data_dir)
    with trickle(HEAD) as url:
        article = api.add_article(store, api.Draft(title="T", body="B.", image=url))
        [kept] = api.keep_images(store, [article], within=1, private=True)
    assert kept.problem == f"{url}: took longer than the limit of 1 s"


@pytest.mark.parametrize(
    "target", ["ftp://127.0.0.1/pub/x", "file:///etc/passwd", "data:,hello", "FTP://host/"]
)
def test_a_redirect_to_another_scheme_is_refused_in_one_line(
    run: Runner, data_dir: object, target: str
) -> None:
    pages = {"/a": Page(status=301, location="/b"), "/b": Page(status=302, location=target)}
    with serve(pages) as site:
        with pytest.raises(FetchError) as caught:
            fetch(f"{site.base}/a")
        added = run("add", f"{site.base}/a")
    assert str(caught.value) == (
        f"{site.base}/a: redirected to '{target}', which is not an http or https URL"
    )
    assert (added.exit_code, added.stdout) == (1, "")
    assert added.stderr == f"newscli: error: {caught.value}\n"


@settings(max_examples=40, deadline=None)
@given(
    scheme=st.from_regex(r"[a-zA-Z][a-zA-Z0-9+.-]{0,8}", fullmatch=True).filter(
        lambda s: s.lower() not in ("http", "https")
    ),
    rest=st.sampled_from(["//127.0.0.1/x", "/etc/passwd", ",data", "//user@host:21/"]),
)
def test_no_redirect_leaves_http(scheme: str, rest: str) -> None:
    target = f"{scheme}:{rest}"
    with serve({"/a": Page(status=307, location=target)}) as site:
        with pytest.raises(FetchError) as caught:
            fetch(f"{site.base}/a")
        assert len(site.agents) == 1  # nothing else was asked of the server either
    assert "which is not an http or https URL" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_redirects_between_http_addresses_still_work() -> None:
    pages = {"/a": Page(status=302, location="/b"), "/b": Page(b"here")}
    with serve(pages) as site:
        got = fetch(f"{site.base}/a", deadline=20)
    assert (got.url, got.data) == (f"{site.base}/b", b"here")
