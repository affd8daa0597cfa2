"""Addresses found in content never reach the person's own network: an imported record's
image at 127.0.0.1 is refused before any connection is made; the other private and
link-local ranges are proved on the address check itself, never by connecting to them.
A URL the person typed may be any http(s) address, and so may what a page fetched from a
private address names; ``--allow-private`` and ``NEWSCLI_ALLOW_PRIVATE=1`` allow all."""

from __future__ import annotations

import json
import select
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import Runner
from newscli.net.fetch import PrivateAddress, _Hops, fetch
from newscli.net.reach import TYPED, Reach, is_public
from pictures import picture_bytes
from webserver import Page, Site, serve

PNG = picture_bytes("PNG")

NOT_PUBLIC = [
    "127.0.0.1",
    "127.255.255.254",
    "0.0.0.0",  # noqa: S104 (an address judged, never bound)
    "10.0.0.1",
    "10.255.255.255",
    "172.16.0.1",
    "172.31.255.254",
    "192.168.1.1",
    "169.254.169.254",  # the cloud metadata address
    "169.254.0.1",
    "100.64.0.1",  # carrier-grade NAT
    "192.0.2.1",  # documentation
    "240.0.0.1",  # reserved
    "198.18.0.1",  # benchmarking
    "224.0.0.1",  # multicast
    "255.255.255.255",
    "::1",
    "::",
    "fe80::1",
    "fe80::1%eth0",
    "fc00::1",
    "fd12:3456::1",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:169.254.169.254",
    "::ffff:10.1.2.3",
    "64:ff9b::a9fe:a9fe",  # 169.254.169.254 through NAT64
    "2002:7f00:1::1",  # 127.0.0.1 through 6to4
    "2002:a00:1::1",  # 10.0.0.1 through 6to4
]
PUBLIC = ["93.184.215.14", "1.1.1.1", "8.8.8.8", "2606:4700:4700::1111", "::ffff:1.1.1.1"]


@pytest.mark.parametrize("address", NOT_PUBLIC)
def test_loopback_private_link_local_and_the_like_are_not_public(address: str) -> None:
    assert not is_public(address)


@pytest.mark.parametrize("address", PUBLIC)
def test_global_addresses_are_public(address: str) -> None:
    assert is_public(address)


def test_a_redirect_is_judged_by_where_it_came_from() -> None:
    typed = _Hops(TYPED)
    assert typed.next_private  # the person typed it: it may be theirs
    typed.last_private = False  # it answered from a public address, with a redirect
    typed.redirected()
    assert not typed.next_private
    typed.last_private = True  # and that one from a private address
    typed.redirected()
    assert typed.next_private
    found = _Hops(Reach(trusted=False))
    assert not found.next_private
    allowed = _Hops(Reach(trusted=False, private=True))
    allowed.redirected()
    assert allowed.next_private


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A port on 127.0.0.1 that notes any connection made to it (and answers none)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    try:
        yield sock
    finally:
        sock.close()


def _connected(sock: socket.socket) -> bool:
    readable, _, _ = select.select([sock], [], [], 0)
    return bool(readable)


def _url(sock: socket.socket, path: str = "/a.png") -> str:
    return f"http://127.0.0.1:{sock.getsockname()[1]}{path}"


def test_a_found_address_on_this_machine_is_refused_before_connecting(
    listener: socket.socket,
) -> None:
    with pytest.raises(PrivateAddress, match=r"127\.0\.0\.1 is a private or local address"):
        fetch(_url(listener), reach=Reach(trusted=False))
    assert not _connected(listener)


@pytest.mark.usefixtures("image_fetching")
def test_an_imported_records_image_at_127_0_0_1_is_never_fetched(
    run: Runner, data_dir: Path, listener: socket.socket
) -> None:
    record = {"title": "T", "body": "B.", "image": _url(listener)}
    result = run("import", "-q", input=json.dumps(record) + "\n")
    assert result.exit_code == 0
    [article] = result.stdout.split()
    assert result.stderr.startswith(f"newscli: warning: image of {article} not kept: ")
    assert "127.0.0.1 is a private or local address" in result.stderr
    again = run("image", article, "--fetch")
    assert (again.exit_code, again.stdout) == (1, "")
    assert "--allow-private" in again.stderr
    assert not _connected(listener)
    assert not (data_dir / "media").exists() or list((data_dir / "media").iterdir()) == []


@pytest.fixture
def images() -> Iterator[Site]:
    with serve({"/a.png": Page(PNG, "image/png")}) as site:
        yield site


@pytest.mark.usefixtures("image_fetching")
@pytest.mark.parametrize("how", ["flag", "setting"])
def test_the_person_may_allow_private_addresses(
    how: str, run: Runner, data_dir: Path, images: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = {"title": "T", "body": "B.", "image": f"{images.base}/a.png"}
    args = ["import", "-q"]
    if how == "flag":
        args.append("--allow-private")
    else:
        monkeypatch.setenv("NEWSCLI_ALLOW_PRIVATE", "1")
    result = run(*args, input=json.dumps(record) + "\n")
    assert (result.exit_code, result.stderr) == (0, "")
    assert [p.name for p in (data_dir / "media").iterdir()] == [f"{result.stdout.strip()}.png"]


@pytest.mark.usefixtures("image_fetching")
def test_a_typed_image_address_may_be_private(run: Runner, data_dir: Path, images: Site) -> None:
    result = run("add", "--title", "T", "--body", "B.", "--image", f"{images.base}/a.png")
    assert (result.exit_code, result.stderr) == (0, "")
    assert (data_dir / "media" / f"{result.stdout.strip()}.png").read_bytes() == PNG


@pytest.mark.usefixtures("image_fetching")
def test_a_feed_fetched_from_a_private_address_may_name_images_there(
    run: Runner, data_dir: Path
) -> None:
    pages = {"/a.png": Page(PNG, "image/png")}
    with serve(pages) as site:
        feed = f"""<?xml version="1.0"?><rss version="2.0"
        xmlns:media="http://search.yahoo.com/mrss/"><channel><title>T</title>
        <item><title>Harbour</title><link>{site.base}/one</link><description>Text.</description>
        <media:content url="{site.base}/a.png" medium="image"/></item></channel></rss>"""
        pages["/feed.xml"] = Page(feed.encode(), "application/rss+xml")
        result = run("import", "-q", "--format", "feed", f"{site.base}/feed.xml")
    assert (result.exit_code, result.stderr) == (0, "")
    assert (data_dir / "media" / f"{result.stdout.strip()}.png").read_bytes() == PNG
