"""The page's discussion parts of issue 13 at 60, 80 and 120 columns: comment ids, net
votes, ``edited``, ``new``, the deleted placeholder, the order, the feedback bar, the
subscription line, the comment form, the image placeholder and footnotes past the first
ten threads; and a golden file of a page with all of them.

Rewrite the golden files after an intended change with
``NEWSCLI_REGENERATE_GOLDEN=1 .venv/bin/pytest tests/render/test_page_discussion.py``.
"""

from __future__ import annotations

import os
import re
from datetime import timedelta

import pytest

from newscli.model.article import DELETED_TEXT, IMAGE_PLACEHOLDER, Article, Comment, CommentVote
from newscli.model.threads import PageState
from newscli.render.page import article_page
from newscli.text.plain import plain_page
from test_page_layout import BODY, GOLDEN, QUOTED, T0, _comment, _feedback, render, sample

WIDTHS = [60, 80, 120]
# Comments 3 and 5 arrived since mei's last visit (4 is her own).
MEI = PageState(person="mei", commenter="mei", new=frozenset({"c00003", "c00005"}))


def _votes(*values: int) -> list[CommentVote]:
    return [CommentVote(f"v{n}", value, T0) for n, value in enumerate(values)]


def busy() -> Article:
    """Votes, an edit, a tombstone with a reply, and comments after mei's last visit."""
    return sample(
        comments=[
            _comment(1, "Finally.", author="Mira", votes=_votes(1, 1, 1, -1)),
            _comment(2, "", parent=None, deleted=T0 + timedelta(minutes=9)),
            _comment(
                3,
                "It still does, on Sundays.",
                author="Tomas",
                parent="c00002",
                votes=_votes(-1),
                edited=T0 + timedelta(hours=2, minutes=5),
            ),
            _comment(4, "Mine.", author="mei"),
            _feedback(5, QUOTED, "Were the cables not replaced?"),
        ]
    )


def _page(width: int, **options: object) -> str:
    state = options.pop("state", MEI)
    return render(article_page(busy(), state=state, **options), width)  # type: ignore[arg-type]


@pytest.mark.parametrize("width", WIDTHS)
def test_golden_discussion_page(width: int) -> None:
    text = _page(width, order="votes")
    golden = GOLDEN / f"discussion-{width}.txt"
    if os.environ.get("NEWSCLI_REGENERATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("width", WIDTHS)
def test_heads_carry_id_votes_edit_and_new(width: int) -> None:
    page = _page(width)
    flat = " ".join(page.split())  # at 60 columns Tomas's head wraps
    for head in (
        "Mira 2025-09-18 07:31 c00001 +2 Finally.",
        "2025-09-18 07:32 c00002 This comment was deleted.",
        "↳ Tomas 2025-09-18 07:33 c00003 -1 edited 2025-09-18 09:35 new It still",
        "mei 2025-09-18 07:34 c00004 Mine.",
        "Ines 2025-09-18 07:35 c00005 new [1]",
    ):
        assert head in flat
    assert all(len(line) <= width for line in page.splitlines())


@pytest.mark.parametrize("width", WIDTHS)
def test_a_deleted_comment_keeps_its_place_for_its_reply(width: int) -> None:
    lines = _page(width).splitlines()
    at = next(n for n, line in enumerate(lines) if "c00002" in line)
    assert lines[at + 1] == DELETED_TEXT
    assert lines[at + 3].lstrip().startswith("↳ Tomas")


@pytest.mark.parametrize("width", WIDTHS)
def test_nobody_known_sees_no_new_marks(width: int) -> None:
    assert not re.search(r"\bnew$", _page(width, state=PageState()), re.M)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    ("order", "line", "first"),
    [
        ("oldest", "Oldest first · --sort newest|votes", "c00001"),
        ("newest", "Newest first · --sort oldest|votes", "c00005"),
        ("votes", "Most voted first · --sort oldest|newest", "c00001"),
    ],
)
def test_the_page_says_its_order(width: int, order: str, line: str, first: str) -> None:
    out = _page(width, order=order)
    assert line in out
    heads = [x for x in out.splitlines() if re.search(r"  c0000\d", x)]
    assert first in heads[0]


@pytest.mark.parametrize("width", WIDTHS)
def test_the_feedback_bar_and_feedback_only(width: int) -> None:
    flat = " ".join(_page(width).split())
    assert "Inline Feedbacks / View all comments" in flat
    assert "(inline feedbacks only: newscli show gk7m2p4q --feedback-only)" in flat
    only = _page(width, feedback_only=True)
    assert "(all comments: newscli show gk7m2p4q)" in " ".join(only.split())
    assert "c00005" in only and "c00001" not in only and "Most voted" not in only


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    ("state", "wording"),
    [
        (PageState(), "To be notified: newscli subscribe gk7m2p4q --as NAME"),
        (MEI, "mei: not subscribed · newscli subscribe gk7m2p4q [--replies-only]"),
        (
            PageState("mei", "mei", "all"),
            "mei: subscribed to new follow-up comments · newscli unsubscribe gk7m2p4q",
        ),
        (
            PageState("mei", "mei", "replies"),
            "mei: subscribed to new replies to my comments · newscli unsubscribe gk7m2p4q",
        ),
    ],
)
def test_the_subscribe_line_shows_the_readers_state(
    width: int, state: PageState, wording: str
) -> None:
    flat = " ".join(_page(width, state=state).split())
    assert f"Subscribe Notify of new follow-up comments | new replies to my comments {wording}" in (
        flat
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("state", "name"), [(PageState(), "guest"), (MEI, "mei")])
def test_the_comment_form(width: int, state: PageState, name: str) -> None:
    lines = _page(width, state=state).splitlines()
    form = next(line for line in lines if "Join the discussion" in line)
    assert form.startswith(f"{name}  Join the discussion: newscli comment gk7m2p4q")
    below = lines[lines.index(form) + 2]
    assert below.startswith("5 Comments")


@pytest.mark.parametrize("width", WIDTHS)
def test_an_image_without_address_keeps_its_place(width: int) -> None:
    article = sample(image=None, image_caption=None, extra={IMAGE_PLACEHOLDER: True})
    lines = render(article_page(article), width).splitlines()
    assert lines[0] == "╭" + "─" * (width - 2) + "╮"
    assert re.fullmatch(r"│\s+▣ feature image\s+│", lines[2])
    assert plain_page(article).startswith("feature image\n\nCable Car")
    assert "╭" not in render(article_page(sample(image=None)), width)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_footnote_past_the_first_ten_threads_points_to_a_note_on_the_page(width: int) -> None:
    comments = [_comment(n, f"Comment {n}.") for n in range(1, 13)]
    comments.append(_feedback(13, QUOTED, "The late note."))
    out = render(article_page(sample(comments=comments)), width)
    assert "wheels[1]" in out.replace("\n", "")
    assert "Comment 11." not in out
    assert "The late note." in out and "[1] “both drive wheels”" in out
    assert "View all comments (2 more)" in out
    assert BODY.startswith("The valley")


def test_plain_page_has_the_same_heads() -> None:
    text = plain_page(busy(), state=MEI)
    assert "    Tomas  2025-09-18 07:33  c00003  -1  edited 2025-09-18 09:35  new\n" in text
    assert "2025-09-18 07:32  c00002\nThis comment was deleted.\n" in text
    assert "Inline Feedbacks / View all comments\n" in text


def test_a_comment_text_with_markup_stays_text() -> None:
    hostile = sample(comments=[Comment(id="c00001", text="[bold]x[/bold]", at=T0, author="[red]")])
    out = render(article_page(hostile, state=MEI), 80)
    assert "[red]  2025-09-18 07:30  c00001" in out
    assert "[bold]x[/bold]" in out
