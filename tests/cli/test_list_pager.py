"""``list`` on a terminal, as ``git log``: the first screen at once through the pager,
the rest fed as the pager reads, quitting stops it; without a pager, a screenful."""

from __future__ import annotations

import os
import re
import shlex
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newscli import api, settings
from newscli.model.article import Draft
from terminal import in_terminal

OLD_NS = 1_600_000_000 * 10**9  # long ago: no stamp is racy
SGR = re.compile(r"\x1b\[[0-9;]*m")
HEADER = "title / tags"


def _store(home: Path, count: int) -> list[str]:
    """``count`` articles, one a day back from 2024-06-30: newest first, their ids."""
    store = api.open_store(home, settings.index_path(home, {"NEWSCLI_CACHE": str(home / "c")}))
    made = []
    for n in range(count):
        draft = Draft(title=f"Story {n:03d}", body=f"Body {n}.")
        draft.published = datetime(2024, 6, 30, tzinfo=UTC) - timedelta(days=n)
        made.append(api.add_article(store, draft).id)
    for name in os.listdir(home / "articles"):
        os.utime(home / "articles" / name, ns=(OLD_NS, OLD_NS))
    return made


def _pager(tmp_path: Path, lines: int | None) -> tuple[str, Path]:
    """A pager that saves what it reads: ``lines`` lines then quits, or all of it."""
    saved = tmp_path / "paged.txt"
    if lines is None:
        script = f"import sys; open({str(saved)!r}, 'w').write(sys.stdin.read())"
    else:
        script = (
            f"import sys; out = open({str(saved)!r}, 'w')\n"
            f"for _ in range({lines}): out.write(sys.stdin.readline())\n"
            "out.close()"
        )
    return f"{shlex.quote(sys.executable)} -c {shlex.quote(script)}", saved


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


def _run(home: Path, *args: str, pager: str, lines: int = 20) -> tuple[int, str]:
    return in_terminal(
        home, "list", *args, NEWSCLI_PAGER=pager, LINES=str(lines), NEWSCLI_CACHE=str(home / "c")
    )


def test_a_long_listing_goes_through_the_pager_whole(home: Path, tmp_path: Path) -> None:
    made = _store(home, 60)
    pager, saved = _pager(tmp_path, None)
    code, shown = _run(home, pager=pager)
    assert code == 0
    assert "Traceback" not in shown and made[0] not in shown  # all of it went to the pager
    paged = saved.read_text("utf-8")
    assert "\x1b[1mStory 000" in paged  # with its styles
    lines = SGR.sub("", paged).splitlines()
    assert HEADER in lines[0]
    assert [line.split()[0] for line in lines[2:]] == made  # newest first


def test_quitting_the_pager_stops_the_listing_quietly(home: Path, tmp_path: Path) -> None:
    _store(home, 300)
    pager, saved = _pager(tmp_path, 5)
    code, shown = _run(home, pager=pager)
    assert code == 0
    assert "Traceback" not in shown and "rror" not in shown
    assert len(saved.read_text("utf-8").splitlines()) == 5


def test_a_listing_that_fits_is_printed_without_the_pager(home: Path, tmp_path: Path) -> None:
    made = _store(home, 3)
    pager, saved = _pager(tmp_path, None)
    code, shown = _run(home, pager=pager)
    assert code == 0
    assert all(article_id in shown for article_id in made)
    assert not saved.exists()


def test_without_a_pager_a_screenful_and_how_to_see_more(home: Path) -> None:
    made = _store(home, 60)
    code, shown = _run(home, "--no-pager", pager="false", lines=20)
    assert code == 0
    lines = SGR.sub("", shown).splitlines()
    listed = [line.split()[0] for line in lines[2:-1] if line[:1].isalnum()]
    assert listed == made[: len(listed)] and 0 < len(listed) < 20
    assert f"Showing the first {len(listed)} articles;" in lines[-1]
    assert len(lines) <= 20


def test_a_pager_that_cannot_start_gives_a_screenful(home: Path) -> None:
    _store(home, 60)
    code, shown = _run(home, pager="/nonexistent/pager")
    assert code == 0
    assert "cannot start the pager" in shown
    assert "Showing the first" in shown


def test_an_edit_elsewhere_to_a_shown_file_is_in_the_first_screen(
    home: Path, tmp_path: Path
) -> None:
    made = _store(home, 60)
    pager, saved = _pager(tmp_path, None)
    _run(home, pager=pager)
    path = home / "articles" / f"{made[1]}.toml"
    path.write_text(path.read_text("utf-8").replace("Story 001", "Storm 001"), "utf-8")
    code, _ = _run(home, pager=pager)
    assert code == 0
    assert "Storm 001" in SGR.sub("", saved.read_text("utf-8")).splitlines()[3]


# --- what the first screen promises (api) ----------------------------------------------------


def test_the_first_rows_come_before_every_file_is_checked(home: Path) -> None:
    """Only the files shown are read again first; ``rest`` checks the others."""
    made = _store(home, 30)
    store = api.open_store(home, settings.index_path(home, {"NEWSCLI_CACHE": str(home / "c")}))
    api.list_ids(store)
    for n in (0, 20):
        path = home / "articles" / f"{made[n]}.toml"
        path.write_text(path.read_text("utf-8").replace(f"Story {n:03d}", f"Storm {n:03d}"))
    browsed = api.browse_articles(store, api.ListQuery(), 10)
    assert [row.id for row in browsed.first] == made[:10] and browsed.more
    assert browsed.first[0].title == "Storm 000"
    assert store.index.outdated() == 1  # the one not shown is still to be read
    rest = browsed.rest()
    assert not rest.again
    after = list(rest.rows)
    assert [row.id for row in after] == made[10:]
    assert after[10].title == "Storm 020"


def test_an_edit_elsewhere_that_moves_a_row_into_the_first_screen_starts_again(
    home: Path,
) -> None:
    made = _store(home, 30)
    store = api.open_store(home, settings.index_path(home, {"NEWSCLI_CACHE": str(home / "c")}))
    api.list_ids(store)
    path = home / "articles" / f"{made[25]}.toml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("published = 2024-06-05", "published = 2025-01-01"), "utf-8")
    assert "2025-01-01" in path.read_text("utf-8")
    browsed = api.browse_articles(store, api.ListQuery(), 10)
    assert made[25] not in [row.id for row in browsed.first]
    rest = browsed.rest()
    assert rest.again
    assert [row.id for row in rest.rows] == [made[25], *made[:25], *made[26:]]


def test_files_that_came_or_went_are_in_the_first_rows(home: Path) -> None:
    made = _store(home, 30)
    store = api.open_store(home, settings.index_path(home, {"NEWSCLI_CACHE": str(home / "c")}))
    api.list_ids(store)
    (home / "articles" / f"{made[0]}.toml").unlink()
    browsed = api.browse_articles(store, api.ListQuery(), 5)
    assert [row.id for row in browsed.first] == made[1:6]


def test_an_empty_store_on_a_terminal_says_so_and_makes_no_index(home: Path) -> None:
    code, shown = _run(home, pager="false")
    assert code == 0
    assert "No articles yet" in shown
    assert not (home / "c").exists()


def test_unread_articles_go_through_the_pager_too(home: Path, tmp_path: Path) -> None:
    made = _store(home, 60)
    store = api.open_store(home, settings.index_path(home, {"NEWSCLI_CACHE": str(home / "c")}))
    api.mark_read(store, made[0], "mei")
    pager, saved = _pager(tmp_path, None)
    code, shown = _run(home, "--unread", "--as", "mei", pager=pager)
    assert code == 0
    assert "Traceback" not in shown and made[1] not in shown  # all of it went to the pager
    lines = SGR.sub("", saved.read_text("utf-8")).splitlines()
    assert HEADER in lines[0]
    assert [line.split()[0] for line in lines[2:]] == made[1:]  # newest first, read one left out


def test_unread_articles_that_fit_are_printed_and_none_is_said(home: Path, tmp_path: Path) -> None:
    made = _store(home, 3)
    pager, saved = _pager(tmp_path, None)
    code, shown = _run(home, "--unread", "--as", "mei", pager=pager)
    assert code == 0 and all(article_id in shown for article_id in made)
    store = api.open_store(home, settings.index_path(home, {"NEWSCLI_CACHE": str(home / "c")}))
    for article_id in made:
        api.mark_read(store, article_id, "mei")
    code, shown = _run(home, "--unread", "--as", "mei", pager=pager)
    assert code == 0 and "No articles found." in shown
    assert not saved.exists()
