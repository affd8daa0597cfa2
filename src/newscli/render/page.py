"""``newscli show``: an article laid out like its web page.

Top to bottom, as on the page: the feature image, the headline, the dateline and
date with source, author and tags, the body, the rating widget, the subscribe
hint, the discussion header, the threaded comments and the hint to view the rest.
All article text goes in as ``Text`` after ``neutralise``, never as markup.
"""

from __future__ import annotations

import re

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.rule import Rule
from rich.style import Style
from rich.text import Text

from newscli.discussion import discussion
from newscli.models import Article
from newscli.render.body import article_body
from newscli.render.comments import discussion_view
from newscli.render.safe import neutralise, one_line
from newscli.render.wording import average_text, hashtag, long_date, plural, stars

MEASURE = 88
_LINKABLE = re.compile(r"(?:https?|file)://\S+", re.I)


def _image(article: Article) -> RenderableType | None:
    if not article.image:
        return None
    lines = Text("▣ feature image", style="dim")
    if article.image_caption:
        lines.append("\n").append(neutralise(article.image_caption), style="italic")
    url = one_line(article.image)
    # A terminal hyperlink made from a Style, never from markup; the URL is inert text.
    link = url if _LINKABLE.fullmatch(url) else None
    lines.append("\n").append(url, style=Style(color="blue", underline=True, link=link))
    return Panel(lines, border_style="dim", padding=(1, 2))


def _dateline_text(article: Article) -> str:
    """``KEELUNG — Thursday, June 6, 2024``; either part may be missing."""
    place = one_line(article.dateline) if article.dateline else ""
    when = long_date(article.published) if article.published else ""
    return " — ".join(x for x in (place, when) if x)


def _byline(article: Article) -> RenderableType | None:
    line = Text(_dateline_text(article))
    if article.dateline:
        line.stylize("bold", 0, len(one_line(article.dateline)))
    details = [
        one_line(x) for x in (article.source, article.author and f"by {article.author}") if x
    ]
    details += [hashtag(tag) for tag in article.tags]
    quiet = Text(" · ".join(details), style="dim")
    shown = [x for x in (line, quiet) if x.plain]
    return Group(*shown) if shown else None


def rating_line(article: Article) -> str:
    """``4.5  2 votes``, or ``0  0 votes`` when nobody has voted."""
    rating = article.rating
    return f"{average_text(rating.average)}  {plural(rating.votes, 'vote')}"


def _rating(article: Article) -> Text:
    text = Text(stars(article.rating.average), style="yellow")
    text.append(f"  {rating_line(article)}", style="bold")
    return text.append("\nArticle Rating", style="dim")


NOTIFY_CHOICES = ("new follow-up comments", "new replies to my comments")


def _subscribe() -> Text:
    text = Text("Subscribe", style="bold")
    text.append("  Notify of  ", style="dim").append(NOTIFY_CHOICES[0])
    return text.append(f" | {NOTIFY_CHOICES[1]}", style="dim")


def article_page(article: Article, all_comments: bool = False) -> Group:
    """The whole page as one renderable; print it at a width of at most ``MEASURE``.

    Only the first 10 comment threads are shown unless ``all_comments`` is true.
    """
    talk = discussion(article.comments, all_comments)
    parts: list[RenderableType] = []
    image = _image(article)
    if image is not None:
        parts += [image, Text()]
    parts.append(Text(one_line(article.title), style="bold"))
    byline = _byline(article)
    parts += [byline, Text()] if byline is not None else [Text()]
    parts += [article_body(article, talk.numbers), Text()]
    parts += [Rule(style="dim"), _rating(article), Text(), _subscribe(), Text()]
    parts.append(discussion_view(article.id, talk))
    return Group(*parts)
