"""Who is who in a shared store, as the door (``api``) offers it: registering a person's
key and display name, listing everyone registered, and checking every entry of the store
against the keys this copy trusts (``people`` holds the records, ``signing`` the checks).
"""

from __future__ import annotations

from dataclasses import dataclass

from newscli.discussion import people
from newscli.discussion.signing import (
    Signer,
    Unverified,
    check_article,
    check_entries,
    trusted_keys,
)
from newscli.model.article import Article
from newscli.model.people import acting_name
from newscli.model.signed import entries
from newscli.store.check import Kind, Problem
from newscli.store.store import Store


def add_person(
    store: Store,
    name: str,
    key: str | None = None,
    display: str | None = None,
    signer: Signer | None = None,
) -> people.Person:
    """Register ``name``'s public key (the line of a ``.pub`` file) and display name in
    ``people/``; ``signer`` (their signing key) signs the record, which other copies need
    before they trust a key added to someone who had keys already. ``name`` is normalised
    and checked as every person's name is (``model.people.acting_name``)."""
    name = acting_name(name, "NAME")
    found = None if key is None else people.public_key(key)
    return people.add_person(store.data, name, found, display, signer.sign if signer else None)


def list_people(store: Store) -> people.Registry:
    """Everyone ``people/`` names, and the files there that cannot be read."""
    return people.registry(store.data)


@dataclass(frozen=True)
class Verification:
    """What ``verify_store`` found: the entries no signature vouches for, the problems of
    ``people/`` and of the pinned keys, and how many articles it read."""

    unverified: list[Unverified]
    problems: list[str]
    checked: int


def verify_store(store: Store) -> Verification:
    """Every entry (vote, comment, vote on a comment, vote taken back, deletion) under the
    name of someone with trusted keys whose signature is missing or wrong. See
    ``discussion.signing``."""
    trust = trusted_keys(store.data)
    if not trust.keys:
        return Verification([], trust.problems, 0)
    scan = store.scan()
    checks = ((a.id, e) for a in scan.articles for e in entries(a))
    found = check_entries(store.data, checks, trust.keys)
    return Verification(found, trust.problems, len(scan.articles))


def verification_problems(store: Store) -> list[Problem]:
    """What ``verify_store`` finds, as problems ``check --verify`` reports with the rest."""
    found = verify_store(store)
    problems = [
        Problem(f"articles/{u.article_id}.toml", f"unverified: {u}", Kind.UNVERIFIED)
        for u in found.unverified
    ]
    for line in found.problems:
        where, _, reason = line.partition(": ")
        problems.append(Problem(where, reason, Kind.UNVERIFIED))
    return problems


def unverified_in(store: Store, article: Article) -> list[Unverified]:
    """The entries of one article that their signatures do not vouch for (none when
    nobody registered keys)."""
    return check_article(store.data, article)
