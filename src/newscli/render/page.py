"""``newscli show``: an article laid out like its web page.

Top to bottom, as on the page: the feature image, the headline, the dateline and
date with source, author and tags, the body, the rating widget, the subscribe line
(the reader's subscription and how to change it), the comment form, the discussion
header and bar, the threaded comments and the hint to view the rest. What is the
reader's own comes in as a ``PageState``; the store is never read here. All article
text goes in as ``Text`` after ``neutralise``, never as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.rule import Rule
from rich.style import Style
from rich.text import Text

from newscli.model.article import IMAGE_PLACEHOLDER, Article
from newscli.model.threads import PageState, discussion
from newscli.render.body import article_body
from newscli.render.comments import discussion_view
from newscli.text.links import browsable
from newscli.text.safe import neutralise, one_line
from newscli.text.wording import (
    FORM_PROMPT,
    NOTIFY_CHOICES,
    average_text,
    conflict_line,
    form_line,
    hashtag,
    long_date,
    stars,
    subscription_line,
    unverified_votes,
    vote_count,
)

if TYPE_CHECKING:
    from newscli.model.picture import Picture

MEASURE = 88


def _image(article: Article, picture: Picture | None) -> RenderableType | None:
    """The stored image drawn with its caption, else the placeholder box."""
    if picture is not None:
        from newscli.render.image import feature_image

        return feature_image(picture, article.image_caption)
    if not article.image:
        if article.extra.get(IMAGE_PLACEHOLDER) is True:  # the page had one, with no address
            return Panel(Text("▣ feature image", style="dim"), border_style="dim", padding=(1, 2))
        return None
    lines = Text("▣ feature image", style="dim")
    if article.image_caption:
        lines.append("\n").append(neutralise(article.image_caption), style="italic")
    url = one_line(article.image)
    # A terminal hyperlink made from a Style, never from markup; the URL is inert text.
    link = browsable(url)  # only http(s): never file:, nor a handler of another scheme
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
    return f"{average_text(rating.average)}  {vote_count(article)}"


def _rating(article: Article, state: PageState) -> Text:
    text = Text(stars(article.rating.average), style="yellow")
    text.append(f"  {rating_line(article)}", style="bold")
    doubtful = unverified_votes(state)
    if doubtful:
        text.append(f"  {doubtful}", style="bold red")
    return text.append("\nArticle Rating", style="dim")


def _subscribe(article_id: str, state: PageState) -> Text:
    """``Subscribe  Notify of  ...`` with the reader's choice in bold, then their state."""
    text = Text("Subscribe", style="bold").append("  Notify of  ", style="dim")
    for place, (mode, label) in enumerate(NOTIFY_CHOICES.items()):
        text.append(" | " if place else "", style="dim")
        text.append(label, style="bold" if state.subscription == mode else "")
    return text.append(f"\n{subscription_line(state, article_id)}", style="dim")


def _form(article_id: str, state: PageState) -> Text:
    """The comment form: the name the reader would comment as, and the command."""
    name, command = form_line(state, article_id)
    text = Text(one_line(name), style="bold")
    return text.append(f"  {FORM_PROMPT}", style="dim").append(command, style="cyan")


def article_page(
    article: Article,
    all_comments: bool = False,
    *,
    order: str = "oldest",
    feedback_only: bool = False,
    state: PageState | None = None,
    picture: Picture | None = None,
) -> Group:
    """The whole page as one renderable; print it at a width of at most ``MEASURE``.

    Only the first 10 comment threads (and later ones holding inline feedback) are shown
    unless ``all_comments`` is true; ``order`` sorts the threads; ``feedback_only`` shows
    only inline feedback. ``state`` is what the page says to its reader. ``picture`` is
    the stored feature image, decoded, drawn in place of the placeholder (at most a third
    of the console high).
    """
    state = state or PageState()
    talk = discussion(article.comments, all_comments, order, feedback_only)
    parts: list[RenderableType] = []
    image = _image(article, picture)
    if image is not None:
        parts += [image, Text()]
    parts.append(Text(one_line(article.title), style="bold"))
    parts += [
        Text(conflict_line(c, article.id), style="bold red", no_wrap=True, overflow="ellipsis")
        for c in article.conflicts
    ]
    byline = _byline(article)
    parts += [byline, Text()] if byline is not None else [Text()]
    parts += [article_body(article, talk.numbers), Text()]
    parts += [Rule(style="dim"), _rating(article, state), Text()]
    parts += [_subscribe(article.id, state), Text()]
    parts += [_form(article.id, state), Text()]
    parts.append(discussion_view(article.id, talk, state))
    return Group(*parts)
