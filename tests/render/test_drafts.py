"""The editor's comment template: what it says, and that only it is cut off."""

from __future__ import annotations

from datetime import UTC, datetime

from newscli.model.article import Comment
from newscli.text.drafts import SCISSORS, comment_template, without_template

AT = datetime(2025, 3, 3, tzinfo=UTC)


def test_the_template_names_the_article_the_parent_and_the_passage() -> None:
    parent = Comment(id="c00001", text="One\ntwo\n\x1b[2Jthree", at=AT, author="Mira")
    text = comment_template("A \x1b]52;c;eA==\x07title", "gk7m2p4q", reply_to=parent, quote="x")
    assert "\x1b" not in text and "\x07" not in text  # made inert
    assert "# Write your reply above it, on “A ␛]52;c;eA==␇title” (gk7m2p4q)." in text
    assert "# In reply to Mira (c00001):\n#   One\n#   two\n#   ␛[2Jthree\n" in text
    assert "# Inline feedback on the passage “x”." in text


def test_only_the_scissors_and_what_follows_are_cut() -> None:
    written = "# A heading\nWords.\n\n" + comment_template("T", "gk7m2p4q")
    assert without_template(written) == "# A heading\nWords."
    assert without_template("No template here.\n") == "No template here."
    assert without_template(f"{SCISSORS}\nall gone") == ""
