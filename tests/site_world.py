"""Stores for the site tests: a showcase article with every part of the page, a hostile
one, one whose remote image does not load, and filler for pagination."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newscli import api
from newscli.model.article import Article, Comment, CommentVote, Vote
from newscli.store.images import store_image

AT = datetime(2023, 3, 21, 9, 30, tzinfo=UTC)
BROKEN_IMAGE = "https://images.example.org/missing.jpg"
HOSTILE = '<script>alert("title")</script>'
BODY = (
    "Transport ministers from five port cities will meet in Keelung on Tuesday to agree a "
    "shared timetable for the night ferries, which have run at a loss since the spring.\n\n"
    "The plan would move the last crossing to half past eleven and add a stop at the new "
    "harbour terminal, officials said. Unions have asked for a review of the rosters before "
    "any change.\n\n"
    "“We want a timetable people can rely on,” said the harbour master, adding that fares "
    "would not rise this year."
)


@dataclass(frozen=True)
class World:
    data: Path
    showcase: str
    hostile: str
    broken: str
    comment_ids: list[str]
    deep: str  # a reply five levels down


def _png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1200, 675), (34, 72, 112))
    draw = ImageDraw.Draw(image)
    for band in range(0, 675, 45):
        draw.rectangle((0, band, 1200, band + 20), fill=(44 + band // 12, 92, 140))
    draw.ellipse((780, 120, 1020, 360), fill=(242, 196, 80))
    draw.polygon([(0, 675), (420, 380), (820, 675)], fill=(24, 48, 70))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _comments() -> list[Comment]:
    def at(minutes: int) -> datetime:
        return AT + timedelta(minutes=minutes)

    def vote(voter: str, value: int) -> CommentVote:
        return CommentVote(voter=voter, value=value, at=at(200))

    chain = ["r1aaaa", "r2aaaa", "r3aaaa", "r4aaaa", "r5aaaa", "r6aaaa"]
    comments = [
        Comment(
            id="m31xdx",
            text="The eleven o'clock boat is the one I take home. Glad it stays.",
            at=at(40),
            author="mei",
            edited=at(55),
            votes=[vote("kai", 1), vote("lin", 1), vote("ana", 1)],
        ),
        Comment(
            id="q8feed",
            text="Which stop is this? The old pier or the one by the fish market?",
            at=at(50),
            author="lin",
            quote="a stop at the new harbour terminal",
            quote_prefix="eleven and add ",
            quote_suffix=", officials said",
        ),
        Comment(id="d3adcm", text="", at=at(60), deleted=at(90)),
        Comment(
            id="k4yyes",
            text="Still here: the rosters matter more than the timetable.",
            at=at(70),
            author="kai",
            parent="d3adcm",
            votes=[vote("mei", -1)],
        ),
    ]
    parent = "m31xdx"
    for depth, cid in enumerate(chain, start=1):
        text = f"Reply at depth {depth}." if depth < 6 else "Deeper still: shown at depth 5."
        comments.append(Comment(id=cid, text=text, at=at(80 + depth), author="ana", parent=parent))
        parent = cid
    return comments


def build(root: Path, filler: int = 0) -> World:
    """A data directory under ``root`` with the articles; ``filler`` plain ones besides."""
    data = root / "data"
    store = api.open_store(data)
    showcase = Article(
        id="ke3b2023",
        title="Night Ferries Keep Their Last Crossing as Port Cities Agree a Timetable",
        body=BODY,
        added=AT,
        updated=AT,
        dateline="KEELUNG",
        published=AT,
        url="https://news.example.org/2023/03/21/night-ferries",
        source="Harbour Daily",
        author="Chen Yu-ting",
        image="https://news.example.org/images/ferry.jpg",
        image_caption="The night ferry leaving Keelung harbour.",
        tags=["ports", "Transport Policy"],
        votes=[Vote(v, s, AT) for v, s in [("a", 5), ("b", 4), ("c", 5)]],
        comments=_comments(),
    )
    store.create(showcase)
    store_image(_png(), data / "media", showcase.id)
    hostile = Article(
        id="h0st1e22",
        title=HOSTILE,
        body='<img src=x onerror=alert("body")>\n\n</p><script>alert(1)</script>\x1b[31m',
        added=AT - timedelta(days=1),
        updated=AT,
        dateline='"><svg onload=alert("dateline")>',
        url="javascript:alert('url')",
        image="javascript:alert('image')",
        image_caption="<iframe src=javascript:alert('caption')>",
        author="<b onmouseover=alert('author')>x</b>",
        tags=["<script>alert('tag')</script>", "ports"],
        comments=[
            Comment(
                id="ev1100",
                text="<a href=javascript:alert('comment')>click</a><style>*{display:none}</style>",
                at=AT,
                author="<img src=x onerror=alert('name')>",
            )
        ],
    )
    store.create(hostile)
    broken = Article(
        id="br0ken22",
        title="An Article Whose Image Cannot Load",
        body="The picture is gone from its server.",
        added=AT - timedelta(days=2),
        updated=AT,
        image=BROKEN_IMAGE,
        image_caption="A picture that is not there.",
        tags=["ports"],
    )
    store.create(broken)
    for number in range(filler):
        when = AT - timedelta(days=3 + number)
        store.create(
            Article(
                id=f"f{number:06d}a",
                title=f"Filler article {number}",
                body="Filler.",
                added=when,
                updated=when,
                tags=["filler"],
            )
        )
    store.close()
    return World(data, showcase.id, hostile.id, broken.id, [c.id for c in _comments()], "r6aaaa")
