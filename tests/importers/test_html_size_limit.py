"""An HTML page of more elements than any article needs is refused before it is parsed,
by ``add`` and ``import`` alike: one line, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import Runner, snapshot
from newscli.errors import InvalidInput
from newscli.model import limits


def _page(paragraphs: int) -> str:
    body = "".join(f"<p>Paragraph {n}.</p>\n" for n in range(paragraphs))
    return f"<html><head><title>Big</title></head><body><article>{body}</article></body></html>"


@pytest.fixture
def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """A small limit, and an HTML reader that must not be reached."""
    monkeypatch.setattr(limits, "MAX_HTML_ELEMENTS", 50)

    def parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the page was parsed")

    monkeypatch.setattr("newscli.ingest.formats.registry.read_draft", parse)
    monkeypatch.setattr("newscli.ingest.formats.registry.read_entries", parse)


@pytest.mark.usefixtures("no_parsing")
@pytest.mark.parametrize("command", ["add", "import"])
def test_a_page_past_the_limit_is_refused_unparsed(
    command: str, run: Runner, tmp_path: Path, data_dir: Path
) -> None:
    page = tmp_path / "big.html"
    page.write_text(_page(60))
    result = run(command, str(page))
    assert (result.exit_code, result.stdout) == (1, "")
    message = "the page has 65 HTML elements; the limit is 50 (more than any one article needs)"
    assert message in result.stderr.splitlines()[0]
    assert snapshot(data_dir / "articles") == {}


def test_a_page_within_the_limit_is_read(
    monkeypatch: pytest.MonkeyPatch, run: Runner, tmp_path: Path
) -> None:
    monkeypatch.setattr(limits, "MAX_HTML_ELEMENTS", 70)
    page = tmp_path / "page.html"
    page.write_text(_page(60))
    assert run("add", str(page)).exit_code == 0


_TAG = st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,5}", fullmatch=True)
_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="<"), max_size=8)


@given(tags=st.lists(st.tuples(_TAG, _TEXT), max_size=80), limit=st.integers(0, 80))
def test_the_count_is_the_number_of_start_tags(tags: list[tuple[str, str]], limit: int) -> None:
    page = "".join(f"<{tag} a='1'>{text}</{tag}>" for tag, text in tags).encode()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(limits, "MAX_HTML_ELEMENTS", limit)
        if len(tags) > limit:
            with pytest.raises(InvalidInput, match=f"has {len(tags):,} HTML elements"):
                limits.html_page(page)
        else:
            assert limits.html_page(page) == page
