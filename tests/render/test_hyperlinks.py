"""Terminal hyperlinks (OSC 8) from article content point only to http, https and mailto
addresses, and a link whose text reads as another address shows where it goes."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
from rich.console import Console

from newscli.model.article import Article
from newscli.render.page import article_page
from newscli.text.links import browsable, link_target, misleads

AT = datetime(2024, 6, 6, tzinfo=UTC)
OSC8 = re.compile(r"\x1b\]8;[^;]*;([^\x1b\x07]*)(?:\x1b\\|\x07)")


def _printed(article: Article) -> tuple[list[str], str]:
    """The OSC 8 targets of the article's page on a terminal, and its plain text."""
    console = Console(width=100, file=io.StringIO(), force_terminal=True, color_system="standard")
    with console.capture() as captured:
        console.print(article_page(article))
    raw = captured.get()
    plain = re.sub(r"\x1b\[[0-9;]*m", "", OSC8.sub("", raw))
    return [t for t in OSC8.findall(raw) if t], plain


def _markdown(body: str, image: str | None = None) -> Article:
    return Article("abcd2345", "Links", body, AT, AT, format="markdown", image=image)


HOSTILE = [
    "file:///home/me/.ssh/id_rsa",
    "ssh://attacker.example/x",
    "smb://attacker.example/share",
    "x-man-page://ls",
    "vscode://file/etc/passwd",
    "javascript:alert(1)",
    "data:text/html,hi",
    "ftp://attacker.example/a",
]


@pytest.mark.parametrize("target", HOSTILE)
def test_a_markdown_link_of_another_scheme_is_plain_text(target: str) -> None:
    links, plain = _printed(_markdown(f"See [the notes]({target}) and ![a picture]({target})."))
    assert links == []
    assert "the notes" in plain


def test_http_https_and_mailto_links_stay_links() -> None:
    body = "[a](https://a.example/x) [b](http://b.example) [c](mailto:mei@example.org) <https://d.example>"
    links, _ = _printed(_markdown(body))
    assert sorted(set(links)) == [
        "http://b.example",
        "https://a.example/x",
        "https://d.example",
        "mailto:mei@example.org",
    ]


@pytest.mark.parametrize(
    "text",
    ["https://bank.example", "www.bank.example", "bank.example/login", "help@bank.example"],
)
def test_a_link_whose_text_names_another_address_shows_the_real_one(text: str) -> None:
    links, plain = _printed(_markdown(f"Log in at [{text}](https://evil.example/login)."))
    assert links == ["https://evil.example/login"] * len(links) and links
    assert f"{text} (https://evil.example/login)" in " ".join(plain.split())


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("the bank", "https://evil.example/"),
        ("https://www.bank.example/", "https://bank.example/login"),
        ("bank.example", "https://bank.example"),
        ("mei@example.org", "mailto:mei@example.org"),
    ],
)
def test_a_link_whose_text_is_no_other_address_shows_nothing_more(text: str, target: str) -> None:
    _, plain = _printed(_markdown(f"Go to [{text}]({target})."))
    assert f"({target})" not in plain


def test_the_image_placeholder_links_only_an_http_address() -> None:
    links, plain = _printed(_markdown("Body.", image="file:///etc/passwd"))
    assert links == []
    assert "file:///etc/passwd" in plain  # shown as text, never a link
    links, _ = _printed(_markdown("Body.", image="https://example.org/a.jpg"))
    assert links == ["https://example.org/a.jpg"]


@pytest.mark.parametrize(
    "address",
    [
        "--utility-cmd-prefix=sh -c 'touch /tmp/owned'",
        "-new-window",
        " https://example.org/",
        "https://example.org/a b",
        "https:///no-host",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "mailto:mei@example.org",
        "https://example.org/\x1b]8;;x",
        "",
        None,
    ],
)
def test_only_http_and_https_reach_a_browser(address: str | None) -> None:
    assert browsable(address) is None


def test_browsable_and_linkable_addresses() -> None:
    assert browsable("https://example.org/a?b=c#d") == "https://example.org/a?b=c#d"
    assert browsable("HTTP://EXAMPLE.ORG") == "HTTP://EXAMPLE.ORG"
    assert link_target("mailto:mei@example.org") == "mailto:mei@example.org"
    assert link_target("mailto:nobody") is None
    assert not misleads("read more", "https://example.org")
    assert misleads("example.org", "https://example.net")
