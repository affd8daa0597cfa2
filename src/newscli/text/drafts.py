"""The words an editor opens with when a comment is written there, as ``git commit`` has
them: what is being written and on what, and how to give up, under a scissors line that
is cut off, with all below it, when the editor is closed.

Only the scissors line marks the template, so a comment may hold lines that begin with
``#`` (a hashtag, a Markdown heading).
"""

from __future__ import annotations

import re

from newscli.model.article import Comment
from newscli.text.safe import one_line
from newscli.text.wording import quoted

SCISSORS = "# ------------------------ >8 ------------------------"
_CUT = re.compile(rf"^{re.escape(SCISSORS)}[ \t]*$", re.M)
QUOTED_LINES = 8  # of the comment replied to


def comment_template(
    title: str,
    article_id: str,
    *,
    reply_to: Comment | None = None,
    quote: str | None = None,
    editing: bool = False,
) -> str:
    """The template put after the text in the editor: the article, the comment replied to
    (its first lines), the passage given feedback on, and how to give up."""
    doing = (
        "Edit your comment" if editing else "Write your reply" if reply_to else "Write your comment"
    )
    lines = [
        "\n",  # a line to write on (after the text, when editing), and a blank one
        SCISSORS,
        "# Do not change or remove the line above; it and all below it are left out.",
        f"# {doing} above it, on {quoted(title)} ({one_line(article_id)}).",
    ]
    if reply_to is not None:
        lines.append(f"# In reply to {one_line(reply_to.display_author)} ({reply_to.id}):")
        said = reply_to.display_text.splitlines() or [""]
        lines += [f"#   {one_line(line)}" for line in said[:QUOTED_LINES]]
        if len(said) > QUOTED_LINES:
            lines.append("#   ...")
    if quote is not None:
        lines.append(f"# Inline feedback on the passage {quoted(quote)}.")
    if editing:
        lines.append("# To keep the comment as it was, leave it unchanged: nothing is saved.")
    else:
        lines.append("# To give up, leave the text above empty and save: nothing is kept.")
    return "\n".join(lines) + "\n"


def without_template(text: str) -> str:
    """``text`` as the editor saved it, cut at the scissors line (when it is there), with
    the blank lines before it."""
    return _CUT.split(text, maxsplit=1)[0].rstrip()
