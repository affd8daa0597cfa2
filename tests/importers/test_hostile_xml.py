"""Hostile site exports: an external entity, an entity expansion, deep nesting and a huge
comment are each refused in one line, and nothing is stored, not even the posts before."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from conftest import Runner, snapshot

_HEAD = (
    b'<?xml version="1.0"?>\n'
    b'<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
    b' xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Site</title>\n'
)
_GOOD_POST = (
    b"<item><title>Fine Post</title><link>https://site.example/fine</link>"
    b"<content:encoded><![CDATA[<p>A post before the trouble.</p>]]></content:encoded>"
    b"<wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item>\n"
)


def _wxr(doctype: bytes, item: bytes) -> bytes:
    head = _HEAD.replace(b"<rss", doctype + b"<rss", 1) if doctype else _HEAD
    return head + _GOOD_POST + item + b"</channel></rss>\n"


def _comment(text: bytes) -> bytes:
    return (
        b"<item><title>Post</title><link>https://site.example/p</link>"
        b"<content:encoded>Body.</content:encoded><wp:comment><wp:comment_id>1</wp:comment_id>"
        b"<wp:comment_date_gmt>2024-01-01 00:00:00</wp:comment_date_gmt>"
        b"<wp:comment_content>" + text + b"</wp:comment_content>"
        b"<wp:comment_approved>1</wp:comment_approved></wp:comment></item>\n"
    )


_LAUGHS = b"".join(
    b'<!ENTITY l%d "%s">' % (n, b"&l%d;" % (n - 1) * 10 if n else b"lol") for n in range(10)
)
CASES = {
    "external entity": (
        _wxr(b'<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n', _comment(b"&x;")),
        "line 3: a document type is not accepted (no entity is declared or fetched)",
    ),
    "entity expansion": (
        _wxr(b"<!DOCTYPE rss [" + _LAUGHS + b"]>\n", _comment(b"&l9;")),
        # libxml2 2.12 (lxml 6) stops the expansion itself; older, the document type is refused
        ("not well-formed XML: line 1: entities that expand without end", "line 3: a document"),
    ),
    "200-level nesting": (
        _wxr(b"", _comment(b"<b>" * 200 + b"deep" + b"</b>" * 200)),
        "line 4: elements nested deeper than 32",
    ),
    "50 MB comment": (
        _wxr(b"", _comment(b"x" * (50 * 2**20))),
        "not well-formed XML: line 4: a text longer than 10 MB",
    ),
    "not XML at all": (
        _wxr(b"", b"<item><title>Cut short"),
        "not well-formed XML: line 4: ",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_is_one_line_and_stores_nothing(
    case: str, run: Runner, tmp_path: Path, data_dir: Path
) -> None:
    data, reason = CASES[case]
    source = tmp_path / "export.xml"
    source.write_bytes(data)
    result = run("import", "--format", "wxr", str(source))
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 2, lines
    reasons = reason if isinstance(reason, tuple) else (reason,)
    assert any(lines[0].startswith(f"{source}: {one}") for one in reasons), lines[0]
    assert lines[1] == "newscli: imported 0 articles (0 duplicates, 1 bad)"
    assert snapshot(data_dir / "articles") == {}
    assert "root:" not in result.stderr  # nothing of /etc/passwd


def test_a_hostile_disqus_export_is_refused_the_same_way(
    run: Runner, tmp_path: Path, data_dir: Path
) -> None:
    source = tmp_path / "disqus.xml"
    source.write_bytes(
        b'<?xml version="1.0"?>\n<!DOCTYPE disqus [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        b'<disqus xmlns="http://disqus.com"><thread><link>https://a.example/</link>'
        b"<title>&x;</title></thread></disqus>\n"
    )
    result = run("import", str(source))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines()[0] == (
        f"{source}: line 3: a document type is not accepted (no entity is declared or fetched)"
    )
    assert snapshot(data_dir / "articles") == {}


class _Pipe(io.RawIOBase):
    """A pipe's end: read once, no seeking."""

    def __init__(self, data: bytes) -> None:
        self.data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self.data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_an_export_that_cannot_be_read_twice_is_copied_aside_first() -> None:
    from newscli.ingest.input_record import ReadOptions
    from newscli.ingest.parse.wxr import read_wxr

    pipe = io.BufferedReader(_Pipe(_wxr(b"", b"")))
    assert not pipe.seekable()
    entries = list(read_wxr(pipe, "stdin", ReadOptions()))
    assert [e.record["title"] for e in entries if e.record] == ["Fine Post"]
