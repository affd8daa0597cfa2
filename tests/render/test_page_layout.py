"""The page, part by part, on a fixed-width recording Console; and golden files of the whole.

The golden files in ``tests/golden/`` hold the page at widths 60, 80 and 120. After an
intended change of layout, rewrite them with::

    NEWSCLI_REGENERATE_GOLDEN=1 .venv/bin/pytest tests/render/test_page_layout.py

and read the diff before committing.
"""

# ruff: noqa: RUF001 (typographic apostrophes are part of what is tested)
from __future__ import annotations

import io
import os
import re
from datetime import UTC, datetime, timedelta

import pytest
from rich.console import Console, Group
from rich.text import Text

from conftest import TESTS
from newscli.model.article import Article, Comment, Vote
from newscli.model.quotes import find_passage
from newscli.model.threads import THREADS_SHOWN, discussion
from newscli.render.body import article_body
from newscli.render.comments import INDENT
from newscli.render.page import article_page

GOLDEN = TESTS / "golden"
T0 = datetime(2025, 9, 18, 7, 30, tzinfo=UTC)
BODY = (
    "The valley’s cable car reopened on Thursday after a winter of repairs, carrying the "
    "first riders up to the pass in eleven minutes.\n\n"
    "“We replaced every cabin door and both drive wheels,” said the operator’s chief "
    "engineer. “Nothing else was touched.”\n\n"
    "Tickets cost the same as last year. Hikers may bring bicycles on the first car of the day."
)
QUOTED = "both drive wheels"


def _comment(number: int, text: str, **fields: object) -> Comment:
    return Comment(id=f"c{number:05d}", text=text, at=T0 + timedelta(minutes=number), **fields)


def _feedback(number: int, passage: str, text: str, body: str = BODY) -> Comment:
    found = find_passage(body, passage)
    return _comment(
        number,
        text,
        author="Ines",
        quote=found.quote,
        quote_prefix=found.prefix,
        quote_suffix=found.suffix,
    )


def sample(**fields: object) -> Article:
    """An article with every part of the page."""
    base: dict[str, object] = {
        "id": "gk7m2p4q",
        "title": "Cable Car to the Pass Runs Again After a Winter of Repairs",
        "body": BODY,
        "added": T0,
        "updated": T0,
        "dateline": "ALPINE VALLEY",
        "published": datetime(2025, 9, 18, tzinfo=UTC),
        "source": "Valley Courier",
        "author": "Rosa Ambühl",
        "tags": ["transport", "mountains"],
        "image": "https://img.example.test/cable-car.jpg",
        "image_caption": "A red cabin above the lower station",
        "votes": [Vote("ann", 4, T0), Vote("bo", 5, T0)],
        "comments": [
            _comment(1, "Finally. The bus took an hour.", author="Mira"),
            _comment(2, "It still does, on Sundays.", author="Tomas", parent="c00001"),
            _comment(3, "Only in winter, I think.", parent="c00002"),
            _feedback(4, QUOTED, "Were the cables not replaced as well?"),
        ],
    }
    return Article(**(base | fields))


def render(renderable: object, width: int = 80) -> str:
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return "\n".join(line.rstrip() for line in console.export_text().splitlines()) + "\n"


def render_terminal(renderable: object, width: int = 80) -> str:
    """What a colour terminal receives: styles and hyperlinks as escape sequences."""
    out = io.StringIO()
    Console(width=width, file=out, force_terminal=True, color_system="standard").print(renderable)
    return out.getvalue()


@pytest.mark.parametrize("width", [60, 80, 120])
def test_golden_page(width: int) -> None:
    text = render(article_page(sample()), width)
    golden = GOLDEN / f"page-{width}.txt"
    if os.environ.get("NEWSCLI_REGENERATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
    assert max(len(line) for line in text.splitlines()) <= width


def test_the_nine_parts_come_in_page_order() -> None:
    out = render(article_page(sample()))
    order = [
        "▣ feature image",
        "Cable Car to the Pass",
        "ALPINE VALLEY — Thursday, September 18, 2025",
        "The valley’s cable car",
        "★★★★½  4.5  2 votes",
        "Article Rating",
        "Subscribe",
        "4 Comments",
        "Finally. The bus took an hour.",
        "Were the cables not replaced as well?",
    ]
    positions = [out.index(part) for part in order]
    assert positions == sorted(positions)


# 1. The feature image


def test_image_panel_shows_caption_and_address() -> None:
    lines = render(article_page(sample())).splitlines()
    assert lines[0].startswith("╭")
    framed = [
        line.strip("│ ")
        for line in lines[: lines.index(next(x for x in lines if x.startswith("╰"))) + 1]
    ]
    assert "▣ feature image" in framed
    assert "A red cabin above the lower station" in framed
    assert "https://img.example.test/cable-car.jpg" in framed


def test_no_image_means_no_panel() -> None:
    out = render(article_page(sample(image=None, image_caption=None)))
    assert "feature image" not in out
    assert out.splitlines()[0] == "Cable Car to the Pass Runs Again After a Winter of Repairs"


OSC8_TARGET = re.compile("\x1b]8;[^;]*;([^\x1b]*)\x1b\\\\")


def _link_targets(out: str) -> set[str]:
    """The addresses of the OSC 8 hyperlinks in terminal output (an empty one ends a link)."""
    return set(OSC8_TARGET.findall(out)) - {""}


def test_image_address_is_a_terminal_hyperlink() -> None:
    out = render_terminal(article_page(sample()))
    assert _link_targets(out) == {"https://img.example.test/cable-car.jpg"}


def test_a_hostile_image_address_cannot_end_the_hyperlink_early() -> None:
    url = "https://x.test/a\x1b\\\x1b]52;c;SGVsbG8=\x07.jpg"
    out = render_terminal(article_page(sample(image=url)))
    assert _link_targets(out) == {"https://x.test/a␛\\␛]52;c;SGVsbG8=␇.jpg"}
    assert "\x07" not in out
    assert "\x1b]52" not in out


def test_an_address_without_a_web_scheme_is_not_linked() -> None:
    out = render_terminal(article_page(sample(image="javascript:alert(1)")))
    assert _link_targets(out) == set()
    assert "javascript:alert(1)" in out


# 2. The headline


def test_headline_is_bold_and_wraps() -> None:
    title = "A Headline Long Enough That It Has to Wrap Over More Than One Line of the Page"
    out = render(article_page(sample(image=None, title=title)), 40)
    head = out.split("\nALPINE VALLEY")[0]
    assert len(head.splitlines()) > 1
    assert " ".join(head.split()) == title
    assert "\x1b[1mA Headline" in render_terminal(article_page(sample(image=None, title=title)))


# 3. Dateline, date, and the quiet details


def test_dateline_with_long_date_then_source_author_and_tags() -> None:
    lines = render(article_page(sample(image=None))).splitlines()
    assert lines[1] == "ALPINE VALLEY — Thursday, September 18, 2025"
    assert lines[2] == "Valley Courier · by Rosa Ambühl · #transport · #mountains"


def test_a_time_of_day_is_given_in_utc() -> None:
    out = render(article_page(sample(published=datetime(2025, 9, 18, 21, 40, tzinfo=UTC))))
    assert "ALPINE VALLEY — Thursday, September 18, 2025, 21:40 UTC" in out


def test_without_dateline_date_or_details_the_body_follows_the_headline() -> None:
    bare = sample(image=None, source=None, author=None, tags=[], dateline=None, published=None)
    lines = render(article_page(bare)).splitlines()
    assert lines[1] == ""
    assert lines[2].startswith("The valley")


def test_without_details_there_is_no_quiet_line() -> None:
    plain = sample(image=None, source=None, author=None, tags=[], dateline=None)
    lines = render(article_page(plain)).splitlines()
    assert lines[1] == "Thursday, September 18, 2025"
    assert lines[2] == ""


# 4. The body


def test_paragraphs_are_wrapped_with_a_blank_line_between_and_quotes_kept() -> None:
    out = render(article_page(sample(image=None, comments=[])), 60)
    assert max(map(len, out.splitlines())) <= 60
    body = out.split("\n\n", 1)[1].split("\n─")[0].strip()
    paragraphs = body.split("\n\n")
    assert [" ".join(p.split()) for p in paragraphs] == BODY.split("\n\n")
    assert "“We replaced" in body
    assert "operator’s" in body


def test_a_passage_with_feedback_is_underlined_and_followed_by_its_marker() -> None:
    article = sample()
    talk = discussion(article.comments)
    assert talk.numbers == {"c00004": 1}
    body = article_body(article, talk.numbers)
    assert isinstance(body, Group)
    texts = [r for r in body.renderables if isinstance(r, Text)]
    marked = next(t for t in texts if QUOTED in t.plain)
    assert f"{QUOTED}[1]," in marked.plain
    start = marked.plain.index(QUOTED)
    console = Console()
    underlined = [
        "underline" in str(marked.get_style_at_offset(console, i)) for i in range(len(marked))
    ]
    assert underlined == [start <= i < start + len(QUOTED) for i in range(len(marked))]
    assert f"{QUOTED}[1]" in " ".join(render(article_page(article)).split())


def test_two_feedbacks_on_one_passage_share_its_end() -> None:
    comments = [_feedback(1, QUOTED, "First."), _feedback(2, "drive wheels", "Second.")]
    out = " ".join(render(article_page(sample(comments=comments))).split())
    assert "both drive wheels[1][2]," in out


def test_a_feedback_whose_passage_is_gone_is_still_shown_without_a_marker() -> None:
    article = sample(body="A short new body.", comments=[_feedback(1, QUOTED, "Lost.")])
    out = render(article_page(article))
    assert "A short new body.\n" in out
    assert "[1] “both drive wheels”" in out


def test_markdown_body_is_rendered_as_markdown_with_markup_literal() -> None:
    body = "## Timetable\n\nCars run **every ten minutes**.\n\n[bold]not markup[/bold] \x1b[2J"
    out = render(article_page(sample(body=body, format="markdown", comments=[])))
    assert "Timetable" in out
    assert "**" not in out
    assert "Cars run every ten minutes." in out
    assert "[bold]not markup[/bold] ␛[2J" in out


def test_markdown_body_gets_footnote_markers() -> None:
    body = "Cars run *every ten minutes* from the lower station.\n\nBikes go free."
    comments = [
        _feedback(1, "lower station", "Which one?", body),
        _feedback(2, "from the lower station", "And back?", body),
    ]
    out = render(article_page(sample(body=body, format="markdown", comments=comments)))
    assert "Cars run every ten minutes from the lower station[1][2]." in out
    assert "\\" not in out


# 5. The rating widget


@pytest.mark.parametrize(
    ("stars", "line"),
    [
        ((), "☆☆☆☆☆  0  0 votes"),
        ((3,), "★★★☆☆  3.0  1 vote"),
        ((4, 5), "★★★★½  4.5  2 votes"),
        ((1, 2, 2), "★½☆☆☆  1.7  3 votes"),
    ],
)
def test_rating_widget(stars: tuple[int, ...], line: str) -> None:
    votes = [Vote(f"v{i}", s, T0) for i, s in enumerate(stars)]
    lines = render(article_page(sample(votes=votes))).splitlines()
    at = lines.index(line)
    assert lines[at + 1] == "Article Rating"


# 6. Subscribe


def test_subscribe_offers_both_notify_choices() -> None:
    out = render(article_page(sample()))
    assert "Subscribe  Notify of  new follow-up comments | new replies to my comments" in out


# 7. The discussion header


@pytest.mark.parametrize(
    ("comments", "left", "right"),
    [
        ([], "0 Comments", "0 Inline Feedbacks"),
        ([_comment(1, "x")], "1 Comment", "0 Inline Feedbacks"),
        ([_feedback(1, QUOTED, "x")], "1 Comment", "1 Inline Feedback"),
        (
            [_feedback(1, QUOTED, "x"), _feedback(2, "eleven minutes", "y", BODY)],
            "2 Comments",
            "2 Inline Feedbacks",
        ),
    ],
)
def test_discussion_header(comments: list[Comment], left: str, right: str) -> None:
    out = render(article_page(sample(comments=comments)), 60)
    bar = next(line for line in out.splitlines() if "Inline Feedback" in line)
    assert bar.startswith(left + " ")
    assert bar.endswith(" " + right)
    assert len(bar) == 60


def test_replies_are_counted() -> None:
    assert "4 Comments" in render(article_page(sample()))


# 8. Threaded comments


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def test_replies_are_indented_under_their_parent_and_guests_named() -> None:
    lines = render(article_page(sample())).splitlines()
    heads = [line for line in lines if re.search(r"\d\d:\d\d  c\d{5}$", line)]
    assert [h.strip() for h in heads] == [
        "Mira  2025-09-18 07:31  c00001",
        "↳ Tomas  2025-09-18 07:32  c00002",
        "↳ guest  2025-09-18 07:33  c00003",
        "Ines  2025-09-18 07:34  c00004",
    ]
    assert [_indent(h) for h in heads] == [0, INDENT, 2 * INDENT, 0]


def test_a_feedback_shows_its_passage_above_its_text() -> None:
    lines = render(article_page(sample())).splitlines()
    at = lines.index("Ines  2025-09-18 07:34  c00004")
    assert lines[at + 1] == "[1] “both drive wheels”"
    assert lines[at + 2] == "Were the cables not replaced as well?"


# 9. View all comments


def _many(count: int, replies: int = 0) -> list[Comment]:
    tops = [_comment(i, f"Comment number {i}.") for i in range(count)]
    extra = [_comment(100 + i, f"Reply number {i}.", parent=tops[-1].id) for i in range(replies)]
    return tops + extra


def test_only_ten_threads_then_the_view_all_line() -> None:
    out = render(article_page(sample(comments=_many(25))))
    assert "Comment number 9." in out
    assert "Comment number 10." not in out
    assert out.rstrip().endswith(
        "View all comments (15 more): newscli show gk7m2p4q --all-comments"
    )
    assert "25 Comments" in out


def test_all_comments_shows_every_thread() -> None:
    out = render(article_page(sample(comments=_many(25)), all_comments=True))
    assert all(f"Comment number {i}." in out for i in range(25))
    assert "View all comments (" not in out  # the bar's words, but no hint of more


def test_hidden_replies_are_counted_in_the_view_all_line() -> None:
    out = render(article_page(sample(comments=_many(12, replies=3))), 120)
    assert "View all comments (5 more)" in out
    assert "Reply number 0." not in out


def test_ten_threads_need_no_view_all_line() -> None:
    out = render(article_page(sample(comments=_many(THREADS_SHOWN, replies=2))))
    assert "Reply number 1." in out
    assert "View all comments (" not in out
