"""Fetching a page or feed over HTTP(S) with urllib: timeouts, redirects, a size limit."""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from dataclasses import dataclass

from newscli import __version__
from newscli.errors import NewsError
from newscli.models import MAX_INPUT_BYTES

USER_AGENT = f"newscli/{__version__} (Python urllib)"
TIMEOUT = 20.0


class FetchError(NewsError):
    """A URL could not be fetched."""


@dataclass(frozen=True)
class Fetched:
    """What a URL gave: the final address after redirects, the bytes and their type."""

    url: str
    data: bytes
    content_type: str | None


def is_url(text: str) -> bool:
    """Whether ``text`` is an http(s) address rather than a file name."""
    return text.lower().startswith(("http://", "https://"))


def fetch(url: str, timeout: float = TIMEOUT, limit: int = MAX_INPUT_BYTES) -> Fetched:
    """GET ``url`` (urllib follows up to 10 redirects); raises FetchError in one line."""
    if not is_url(url):
        raise FetchError(f"'{url}' is not an http or https URL")
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
    try:
        request = urllib.request.Request(url, headers=headers)  # noqa: S310 (checked above)
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            data = response.read(limit + 1)
            final, kind = response.geturl(), response.headers.get("Content-Type")
    except urllib.error.HTTPError as exc:
        raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise FetchError(f"{url}: {_reason(exc.reason)}") from None
    except TimeoutError:
        raise FetchError(f"{url}: timed out after {timeout:g} s") from None
    except (http.client.HTTPException, ValueError, OSError) as exc:
        raise FetchError(f"{url}: {_reason(exc)}") from None
    if len(data) > limit:
        raise FetchError(f"{url}: larger than the limit of {limit // 2**20} MB")
    return Fetched(final, data, kind)


def _reason(reason: object) -> str:
    if isinstance(reason, TimeoutError):
        return "timed out"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__
