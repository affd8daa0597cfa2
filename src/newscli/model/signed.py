"""What a signature vouches for: the canonical bytes of each signed entry of an article.

A vote, a vote on a comment, the taking back of either, a comment (with its edits) and the
deletion of a comment can carry the SSH signature of the person it names. The signature
covers the canonical form below, never the TOML text, so it survives rewriting the file,
and it names the article (and the comment), so a signed entry copied onto another article
or comment no longer matches what it signs. Names are in their one spelling
(``model.people``), times in UTC as stamped (to the microsecond when the stamp has a
counter).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from newscli.dates import iso
from newscli.model.article import Article, Comment, CommentVote, Retraction, Vote
from newscli.model.people import normal_name

NAMESPACE = "newscli"
"""The ``ssh-keygen -Y`` namespace of newscli's signatures: a signature made for git or
for a file means nothing here."""


def _canonical(record: dict[str, Any]) -> bytes:
    return json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def vote_form(article_id: str, vote: Vote) -> bytes:
    """What a star rating's signature covers."""
    return _canonical(
        {
            "kind": "vote",
            "article": article_id,
            "voter": normal_name(vote.voter),
            "stars": vote.stars,
            "at": iso(vote.at),
        }
    )


def comment_vote_form(article_id: str, comment_id: str, vote: CommentVote) -> bytes:
    """What a vote on a comment's signature covers."""
    return _canonical(
        {
            "kind": "comment vote",
            "article": article_id,
            "comment": comment_id,
            "voter": normal_name(vote.voter),
            "value": vote.value,
            "at": iso(vote.at),
        }
    )


def retraction_form(article_id: str, comment_id: str | None, retraction: Retraction) -> bytes:
    """What the signature of a vote taken back covers (``comment_id``: the comment it was
    on; None: a star rating)."""
    return _canonical(
        {
            "kind": "retraction",
            "article": article_id,
            "comment": comment_id,
            "voter": normal_name(retraction.voter),
            "at": iso(retraction.at),
        }
    )


def comment_form(article_id: str, comment: Comment) -> bytes:
    """What a comment's signature covers: everything its author wrote, and when."""
    return _canonical(
        {
            "kind": "comment",
            "article": article_id,
            "comment": comment.id,
            "author": normal_name(comment.author or ""),
            "text": comment.text,
            "at": iso(comment.at),
            "edited": iso(comment.edited) if comment.edited else None,
            "parent": comment.parent,
            "quote": comment.quote,
        }
    )


def deletion_form(article_id: str, comment: Comment) -> bytes:
    """What the signature of a comment's deletion covers (its tombstone)."""
    return _canonical(
        {
            "kind": "deletion",
            "article": article_id,
            "comment": comment.id,
            "by": normal_name(comment.deleted_by or ""),
            "at": iso(comment.at),
            "deleted": iso(comment.deleted) if comment.deleted else None,
        }
    )


@dataclass(frozen=True)
class SignedEntry:
    """One entry of an article that a person's signature can vouch for: how the page names
    it (``key``), whose it is, its signature (None: unsigned) and the bytes signed."""

    key: str
    person: str
    signature: str | None
    data: bytes


def _retractions(
    article_id: str, comment_id: str | None, taken: list[Retraction]
) -> list[SignedEntry]:
    where = f" on {comment_id}" if comment_id else ""
    return [
        SignedEntry(
            f"retraction {r.voter}{where}",
            normal_name(r.voter),
            r.signature,
            retraction_form(article_id, comment_id, r),
        )
        for r in taken
    ]


def entries(article: Article) -> list[SignedEntry]:
    """Every entry of ``article`` that names a person: votes, comments, votes on comments,
    votes taken back and deletions (a tombstone that says who deleted it)."""
    found = [
        SignedEntry(f"vote {v.voter}", normal_name(v.voter), v.signature, vote_form(article.id, v))
        for v in article.votes
    ]
    found += _retractions(article.id, None, article.retracted)
    for comment in article.comments:
        if comment.deleted:
            if comment.deleted_by:
                data = deletion_form(article.id, comment)
                by = normal_name(comment.deleted_by)
                found.append(SignedEntry(f"deletion {comment.id}", by, comment.signature, data))
            continue
        if comment.author:
            data = comment_form(article.id, comment)
            author = normal_name(comment.author)
            found.append(SignedEntry(f"comment {comment.id}", author, comment.signature, data))
        for vote in comment.votes:
            data = comment_vote_form(article.id, comment.id, vote)
            key = f"vote {vote.voter} on {comment.id}"
            found.append(SignedEntry(key, normal_name(vote.voter), vote.signature, data))
        found += _retractions(article.id, comment.id, comment.retracted)
    return found


def person_form(name: str, display: str | None, keys: list[str]) -> bytes:
    """What the signature of a person's record (``people/<name>.toml``) covers."""
    return _canonical(
        {"kind": "person", "name": normal_name(name), "display": display, "keys": keys}
    )
