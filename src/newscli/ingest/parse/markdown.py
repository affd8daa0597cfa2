"""Markdown files with Hugo's TOML (``+++``) or Jekyll's YAML (``---``) front matter.

The body stays Markdown (the article records ``format = "markdown"``). Front
matter keys map to the article's fields; the ones newscli has no field for are
kept under ``extra``.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from typing import Any

from newscli.dates import in_range, parse_date
from newscli.errors import InvalidInput
from newscli.model.article import Draft
from newscli.model.codec import TomlSyntaxError, parse_toml, parser_reason
from newscli.model.decode import unify_newlines
from newscli.model.values import without_nulls

_FENCES = {"+++": "TOML", "---": "YAML"}
_HEADING = re.compile(r"#[ \t]+(?P<title>.+?)[ \t#]*")
# Front matter names for newscli's fields, in order of preference.
_ALIASES = {
    "published": ("published", "date", "publishDate", "pubDate"),
    "author": ("author", "authors"),
    "image": ("image", "featured_image", "featureImage", "cover", "images"),
    "image_caption": ("image_caption", "caption"),
    "source": ("source", "site"),
}
_TEXT_KEYS = ("title", "dateline", "url", "format")


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """The front matter (empty when there is none) and the Markdown after it."""
    text = unify_newlines(text)
    fence = text[:3]
    if fence not in _FENCES or text[3:4] not in ("\n", ""):
        return {}, text
    end = re.search(rf"^{re.escape(fence)}[ \t]*$", text[4:], re.M)
    if end is None:
        raise InvalidInput(f"the front matter opened with '{fence}' is never closed")
    head, body = text[4 : 4 + end.start()], text[4 + end.end() :]
    return _parse(head, _FENCES[fence]), body


def _parse(head: str, kind: str) -> dict[str, Any]:
    try:
        value = parse_toml(head) if kind == "TOML" else _yaml(head)
    except TomlSyntaxError as exc:
        raise InvalidInput(f"front matter: {exc}") from None
    except RecursionError:
        raise InvalidInput(f"front matter: {kind} nested too deeply") from None
    except (ValueError, OverflowError) as exc:  # e.g. a 5,000-digit integer
        raise InvalidInput(f"front matter: {kind} error: {parser_reason(exc)}") from None
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InvalidInput("front matter: expected key: value pairs")
    return {str(k): v for k, v in value.items()}


def _yaml(head: str) -> Any:
    """YAML front matter read safely, and without aliases (``*name``).

    An alias repeats a value without writing it out again, so a few lines of nested
    aliases can stand for billions of values; front matter has no need of them.
    """
    import yaml

    class Loader(yaml.SafeLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise InvalidInput(
                    f"front matter: YAML aliases (*name) are not accepted (line {mark.line + 2})"
                )
            return super().compose_node(parent, index)

    loader = Loader(head)
    try:
        return loader.get_single_data()
    except (yaml.YAMLError, ValueError, OverflowError) as exc:  # e.g. a date 2024-13-45
        raise InvalidInput(f"front matter: YAML error: {parser_reason(exc)}") from None
    finally:
        loader.dispose()


def _first(value: Any) -> Any:
    """The first of a list (``authors = ["a", "b"]``), else the value."""
    return value[0] if isinstance(value, list) and value else value


def _text(value: Any, key: str) -> str | None:
    value = _first(value)
    if value is None or value == "":
        return None
    if isinstance(value, dict):  # e.g. cover = {image = "..."}
        value = value.get("image") or value.get("src") or value.get("url")
    if not isinstance(value, str | int | float):
        raise InvalidInput(f"front matter: '{key}' must be text")
    return str(value)


def _when(value: Any, key: str) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return in_range(value)
    if isinstance(value, date):
        return datetime.combine(value, time(), UTC)
    if isinstance(value, str):
        return parse_date(value)
    raise InvalidInput(f"front matter: '{key}' must be a date")


def _scalar(value: Any) -> Any:
    """A value TOML can store: YAML dates kept, YAML's ``!!binary`` or ``!!set`` as text."""
    return value if isinstance(value, str | int | float | bool | date) else str(value)


def parse_markdown(text: str) -> Draft:
    """A draft from a Markdown file; without a title in front matter, a leading ``# Heading``."""
    meta, body = split_front_matter(text)
    used: set[str] = set()
    draft = Draft(format="markdown")
    for key in _TEXT_KEYS:
        if key in meta:
            used.add(key)
            setattr(draft, key, _text(meta[key], key))
    for field_name, names in _ALIASES.items():
        name = next((n for n in names if n in meta), None)
        if name is None:
            continue
        used.add(name)
        value = meta[name]
        if field_name == "published":
            draft.published = _when(value, name)
        else:
            setattr(draft, field_name, _text(value, name))
    tags = meta.get("tags", [])
    used.add("tags")
    if isinstance(tags, str):
        tags = [tags]
    if not isinstance(tags, list) or not all(isinstance(t, str | int) for t in tags):
        raise InvalidInput("front matter: 'tags' must be a list of words")
    draft.tags = [str(t) for t in tags]
    if draft.url and not draft.url.startswith(("http://", "https://")):
        used.discard("url")  # a site-relative Hugo url is kept as it was, under extra
        draft.url = None
    if not draft.title:
        match = _HEADING.fullmatch(body.lstrip("\n").split("\n", 1)[0])
        if match:
            draft.title = match["title"]
            body = body.lstrip("\n").split("\n", 1)[1] if "\n" in body.lstrip("\n") else ""
    draft.body = body
    draft.extra = without_nulls({k: v for k, v in meta.items() if k not in used}, _scalar)
    return draft
