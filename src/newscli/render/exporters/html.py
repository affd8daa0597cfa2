"""A standalone HTML page laid out like the source: image, headline, byline, body, rating,
comments. Every piece of article text is escaped with ``html.escape``."""

from __future__ import annotations

import html

from newscli.dates import iso
from newscli.discussion import threads
from newscli.models import Article, Comment
from newscli.render.exporters import PageExporter
from newscli.render.safe import neutralise
from newscli.render.wording import average_text, long_date, plural, stars, timestamp


def escape(text: str) -> str:
    """Text for HTML: markup characters escaped, control characters made visible."""
    return html.escape(neutralise(text))


def _attr_url(url: str | None) -> str | None:
    """A URL fit for ``src``/``href``: web addresses and relative paths, no scripts."""
    if not url:
        return None
    scheme = url.split(":", 1)[0].lower() if ":" in url.split("/", 1)[0] else ""
    return escape(url) if scheme in ("", "http", "https") else None


_STYLE = """
body{font-family:Georgia,serif;max-width:44rem;margin:2rem auto;padding:0 1rem;color:#222;
line-height:1.6}
figure{margin:0 0 1.5rem}figure img{width:100%;height:auto}figcaption{color:#666;font-size:.9em}
h1{font-size:2rem;line-height:1.2;margin:.2em 0}.byline{color:#555}.dateline{font-weight:bold}
.rating{border-top:1px solid #ddd;margin-top:2rem;padding-top:1rem}.stars{color:#e0a400}
.comments ol{list-style:none;padding-left:0}.comments ol ol{padding-left:2rem;
border-left:2px solid #eee}.comment{margin:1rem 0}.comment .who{font-weight:bold}
.comment time{color:#888;margin-left:.5em;font-size:.9em}
"""


def _text(text: str) -> str:
    """Paragraphs of plain text as ``<p>`` elements, line breaks kept."""
    return "\n".join(
        f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in text.split("\n\n") if p.strip()
    )


def _byline(article: Article) -> str:
    parts = []
    if article.dateline:
        parts.append(f'<span class="dateline">{escape(article.dateline)}</span>')
    if article.published:
        stamp = escape(iso(article.published))
        parts.append(f'<time datetime="{stamp}">{escape(long_date(article.published))}</time>')
    if article.source:
        parts.append(f'<span class="source">{escape(article.source)}</span>')
    if article.author:
        parts.append(f'<span class="author">by {escape(article.author)}</span>')
    return f'<p class="byline">{" · ".join(parts)}</p>' if parts else ""


def _comment(comment: Comment) -> str:
    return (
        f'<li class="comment" id="comment-{escape(comment.id)}"><p>'
        f'<span class="who">{escape(comment.display_author)}</span>'
        f'<time datetime="{escape(iso(comment.at))}">{escape(timestamp(comment.at))}</time></p>'
        f"{_text(comment.text)}"
    )


def _comment_list(comments: list[Comment]) -> str:
    """Comments as nested lists in the page's threads (``discussion.threads``): replies
    under the comment they answer, oldest first, nested at most five deep."""
    out = ["<ol>"]
    for thread in threads(comments):
        depth = 0
        for index, (level, comment) in enumerate(thread):
            if index and level > depth:  # the first reply of the comment before
                out.append("<ol>")
            elif index:  # the comment before is done, with the replies it closes
                out += ["</li>", *["</ol></li>"] * (depth - level)]
            out.append(_comment(comment))
            depth = level
        out += ["</li>", *["</ol></li>"] * depth]
    out.append("</ol>")
    return "\n".join(out)


def html_page(article: Article) -> str:
    """A standalone page laid out like the source: image, headline, byline, body, rating,
    comments. Every piece of article text is escaped with ``html.escape``."""
    title = escape(article.title)
    head = [f"<title>{title}</title>", f'<meta property="og:title" content="{title}">']
    image = _attr_url(article.image)
    figure = ""
    if image:
        head.append(f'<meta property="og:image" content="{image}">')
        caption = article.image_caption
        alt = escape(caption or "feature image")
        cap = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
        figure = f'<figure><img src="{image}" alt="{alt}">{cap}</figure>'
    source = _attr_url(article.url)
    link = f'<p class="source-link"><a href="{source}">{source}</a></p>' if source else ""
    rating = article.rating
    average = average_text(rating.average)
    count = len(article.comments)
    comments = _comment_list(article.comments) if count else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="newscli">
{chr(10).join(head)}
<style>{_STYLE}</style>
</head>
<body>
<article id="article-{escape(article.id)}">
{figure}
<h1>{title}</h1>
{_byline(article)}
{_text(article.body)}
{link}
<section class="rating"><span class="stars">{stars(rating.average)}</span>
<strong>{average}</strong> {plural(rating.votes, "vote")}<br>Article Rating</section>
<section class="comments"><h2>{plural(count, "Comment")}</h2>
{comments}
</section>
</article>
</body>
</html>
"""


EXPORTER = PageExporter(name="html", suffix=".html", write=html_page)
