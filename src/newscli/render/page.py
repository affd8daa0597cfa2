"""``newscli show``: an article laid out like its web page.

Top to bottom, as on the page: feature image, headline, dateline and date, the
body, the rating widget, the subscribe control, the comment count and the
threaded comments. All article text goes in as ``Text`` after ``neutralise``,
never as markup.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.text import Text

from newscli.models import Article, Comment
from newscli.render.safe import neutralise, one_line
from newscli.render.wording import long_date, plural, stars, timestamp

MEASURE = 88
MAX_DEPTH = 5
INDENT = 4


def _safe(text: str, style: str = "") -> Text:
    return Text(neutralise(text), style=style)


def _image(article: Article) -> RenderableType | None:
    if not article.image:
        return None
    lines = Text("▣ feature image", style="dim")
    if article.image_caption:
        lines.append("\n").append_text(_safe(article.image_caption, "italic"))
    lines.append("\n").append(one_line(article.image), style="blue underline")
    return Panel(lines, border_style="dim", padding=(1, 2))


def _byline(article: Article) -> RenderableType:
    line = Text()
    if article.dateline:
        line.append(one_line(article.dateline), style="bold")
    if article.published:
        line.append(" — " if article.dateline else "").append(long_date(article.published))
    details = [
        one_line(x) for x in (article.source, article.author and f"by {article.author}") if x
    ]
    details += [f"#{one_line(tag)}" for tag in article.tags]
    quiet = Text(" · ".join(details), style="dim")
    return Group(line, quiet) if details else line


def _rating(article: Article) -> Text:
    rating = article.rating
    average = "0" if rating.average is None else f"{rating.average:.1f}"
    text = Text()
    text.append(stars(rating.average), style="yellow").append(f"  {average}  ", style="bold")
    text.append(plural(rating.votes, "vote")).append("\nArticle Rating", style="dim")
    return text


def _subscribe() -> Text:
    text = Text("Subscribe", style="bold")
    text.append("  Notify of  ", style="dim").append("new follow-up comments")
    return text.append(" | new replies to my comments", style="dim")


def _threads(comments: list[Comment]) -> Iterator[tuple[int, Comment]]:
    """Comments in thread order with their depth; replies under their parent, depth <= 5.

    A reply hangs under its parent only if the parent was written before it, which
    rules out loops in hand-edited files; any other comment starts a thread of its own.
    """
    earlier: set[str | None] = set()
    children: dict[str | None, list[Comment]] = defaultdict(list)
    for comment in comments:
        children[comment.parent if comment.parent in earlier else None].append(comment)
        earlier.add(comment.id)

    def replies(parent: str | None, depth: int) -> list[tuple[int, Comment]]:
        # Oldest first; the sort is stable, so comments of the same second keep their order.
        # Reversed, because the walk below pops from the end of its stack.
        ordered = sorted(children[parent], key=lambda c: c.at)
        return [(depth, c) for c in reversed(ordered)]

    stack = replies(None, 0)  # a loop, not recursion: reply chains may be long
    while stack:
        depth, comment = stack.pop()
        yield min(depth, MAX_DEPTH), comment
        stack += replies(comment.id, depth + 1)


def _comment(comment: Comment, depth: int) -> RenderableType:
    head = Text("↳ " if depth else "", style="dim")
    head.append(one_line(comment.display_author), style="bold")
    head.append(f"  {timestamp(comment.at)}", style="dim")
    return Padding(Group(head, _safe(comment.text)), (0, 0, 1, depth * INDENT), expand=False)


def article_page(article: Article) -> Group:
    """The whole page as one renderable; print it at a width of at most ``MEASURE``."""
    parts: list[RenderableType] = []
    image = _image(article)
    if image is not None:
        parts.append(image)
    parts += [_safe(one_line(article.title), "bold"), _byline(article), Text()]
    for paragraph in article.paragraphs:
        parts += [_safe(paragraph), Text()]
    parts += [Rule(style="dim"), _rating(article), Text(), _subscribe(), Text()]
    parts.append(Text(plural(len(article.comments), "Comment"), style="bold"))
    if article.comments:
        parts.append(Rule(style="dim"))
        parts += [_comment(comment, depth) for depth, comment in _threads(article.comments)]
    return Group(*parts)
