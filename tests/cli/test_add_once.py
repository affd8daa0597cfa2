"""``add`` stores a page once: the same page again (same url, else same title and body)
prints the stored id with a note and writes nothing; ``--force`` adds it anyway."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Runner, snapshot
from newscli import api
from newscli.model.article import Draft


def test_the_same_text_twice_is_stored_once(run: Runner, data_dir: Path) -> None:
    first = run("add", "--title", "Ferry resumes", "--body", "It runs.")
    assert first.exit_code == 0
    before = snapshot(data_dir / "articles")
    # Cleaned alike: the spacing of the title is no difference.
    again = run("add", "--title", " Ferry   resumes ", "--body", "It runs.\n")
    assert (again.exit_code, again.stdout) == (0, first.stdout)
    stored = first.stdout.strip()
    assert again.stderr == f"Already stored as {stored}; nothing added (--force adds it).\n"
    assert snapshot(data_dir / "articles") == before

    forced = run("add", "--force", "--title", "Ferry resumes", "--body", "It runs.")
    assert forced.exit_code == 0 and forced.stdout != first.stdout
    assert len(snapshot(data_dir / "articles")) == 2


def test_the_same_url_is_the_same_article(run: Runner) -> None:
    first = run("add", "--title", "A", "--body", "x", "--url", "https://n.test/1").stdout
    again = run("add", "--title", "B", "--body", "y", "--url", "https://n.test/1")
    assert again.stdout == first
    other = run("add", "--title", "A", "--body", "x", "--url", "https://n.test/2")
    assert other.stdout != first  # another url: another article, even with the same text


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=_TEXT.filter(str.strip), body=_TEXT.filter(str.strip), url=st.none() | _TEXT)
def test_any_draft_added_twice_is_stored_once(
    tmp_path: Path, title: str, body: str, url: str | None
) -> None:
    store = api.open_store(tmp_path / f"d{len(list(tmp_path.iterdir()))}")
    draft = Draft(title=title, body=body, url=url)
    first = api.add_new(store, draft)
    again = api.add_new(store, Draft(title=title, body=body, url=url))
    assert (again.article_id, again.existing, first.existing) == (first.article_id, True, False)
    assert store.ids() == [first.article_id]
