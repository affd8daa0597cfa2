"""Read saved web pages with newscli and count, per class of fault, the pages that fail.

    python benchmarks/eval_pages.py DIR [--json OUT] [--compare BEFORE.json] [--add-runs N]

DIR holds an ``evaldata.json`` (trafilatura's layout: page address -> ``file``, ``with``,
``without`` and, for most pages, the gold ``title`` and ``author``) and the pages it names,
in ``DIR/cache`` or ``DIR/eval``. Each page goes through ``parse_html`` (the code ``add``
runs); the checks below look at the stored draft with rules of their own, not newscli's.
A page is *news* when it calls itself an article (``og:type`` article, an ``article:``
meta tag, or a JSON-LD ``*Article``/``BlogPosting``); the table counts those separately.
The corpus is not part of the project and CI never runs this script.
"""

# Dashes are what the checks look for; word lists read best as one string.
# ruff: noqa: RUF001, SIM905

from __future__ import annotations

import argparse
import html
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newscli.errors import NewsError
from newscli.ingest.parse.html import parse_html
from newscli.model.article import Draft

CLASSES = (
    *("refused", "headline", "author", "boilerplate", "dateline", "site", "image", "title"),
    *("leak", "byline"),
)
# What a reader would not call the article, wherever it stands in the first three, the last
# three or a short paragraph (issue 28): captions and credits, slideshow and video player
# text, header lines, inline "Read more", newsletter and letters boxes.
_LEAK = re.compile(
    r"^(?:photo|image|picture|foto|bild|illustration|graphic|video|watch|listen|slideshow"
    r"|gallery|audio|play|credit)s?\b\s*[:|]"
    r"|\((?:photo|image|foto|bild|credit)s?\b[^)]*\)\s*$|\b(?:getty images|shutterstock|"
    r"afp via getty|reuters/|ap photo|dpa/|imago|picture alliance|epa-efe)\b"
    r"|^(?:\d+|image \d+) (?:of|/) \d+\b|^(?:media caption|image caption|image copyright|"
    r"video caption|caption)\b|^(?:-\s*)*(?:from the section\b|\d+ (?:comments?|shares?)$"
    r"|\d{1,2}\.? \w+ \d{4}$|\w+ \d{1,2}, \d{4}$"
    r"|(?:aktualisiert|updated|published|veröffentlicht)(?: am| on)?[\d.:, ]*$)"
    r"|^(?:read|see) (?:more|also)\s*[:>»]|^more:\s|\bsign up\b.{0,60}\bnewsletter\b"
    r"|^letters? to the editor\b|^(?:write|send) (?:to )?us a letter\b|^skip (?:to|advertisement)"
    r"|^advertisement$|^anzeige$|^werbung$|newsletter (?:abonnieren|bestellen)"
    r"|^hier geht[’']?s (?:zur?|zum)\b",
    re.I,
)
_SHORT = 80  # characters: a paragraph this short is judged whatever its place
_SECTIONS = set(
    "news world u s us uk politics business sport sports technology tech opinion health "
    "science entertainment culture local national international europe asia africa "
    "americas economy markets lifestyle travel education video home".split()
) | {"middle east", "us canada", "u s news", "world news"}
_NEWS = re.compile(
    r"""og:type["']?\s+content=["']?article|property=["']article:|"@type"\s*:\s*\[?\s*"""
    r""""(?:\w*Article|BlogPosting)\"""",
    re.I,
)
# The name ends at a quote or a space: "og:image:width" is no og:image.
_META = r"""<meta[^>]+(?:property|name)=["']?{}(?=["'\s/>])["']?[^>]*?content=["']([^"']+)"""
_SITE = re.compile(_META.format("og:site_name"), re.I)
_IMAGE = re.compile(
    _META.format("(?:og:image|og:image:url|og:image:secure_url|twitter:image(?::src)?)"), re.I
)
_JSON_LD = re.compile(
    r"""<script[^>]+type=["']?application/ld\+json["']?[^>]*>(.*?)</script>""", re.I | re.S
)
# A person's avatar or an organisation's logo is no picture of the article.
_NOT_ARTICLE_IMAGES = ("Person", "Organization", "NewsMediaOrganization", "WebSite", "Brand")
_MONTHS_AND_DATE_WORDS = set(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec updated posted published on am pm "
    "januar februar märz juni juli oktober dezember janvier février mars avril mai juin "
    "juillet août septembre octobre novembre décembre před dne".split()
)
_NOT_NAMES = set("username user admin administrator author by autor auteur 作者 redaktion".split())
# Calls to action, not topics: "comment" and "Facebook" are also words of narration
# ("could not comment further", "set up a fake profile on Facebook").
_TAIL = re.compile(
    r"^share\b|\bshare (?:this|on|via)\b|tweet this|newsletter|subscribe|sign up|comments\b"
    r"|comment below|leave a comment|©|copyright|all rights|read more|related|you might also"
    r"|recommended|follow us|teilen|kommentar|abonn",
    re.I,
)
_OWN_TITLES = re.compile(
    r"""<meta[^>]+(?:property|name)=["']?(?:og:title|twitter:title)["']?[^>]*?content=(["'])(.*?)\1"""
    r"""|"headline"\s*:\s*"((?:[^"\\]|\\.)*)"|<h1\b[^>]*>(.*?)</h1>""",
    re.I | re.S,
)
_TITLE = re.compile(r"<title\b([^>]*)>(.*?)</title>", re.I | re.S)
_OWN_AUTHORS = re.compile(
    r"""<meta[^>]+name=["']?(?:author|article:author)["']?[^>]*?content=(["'])(.*?)\1"""
    r"""|"author"\s*:\s*\[?\s*(?:\{[^{}]*?"name"\s*:\s*"([^"]+)"|"([^"]+)")""",
    re.I | re.S,
)
_WIRE_OR_DATELINE = re.compile(
    r"(?:[A-Z][A-Z.’'/ ,-]{1,40}|[A-Z][\w./]{1,30}(?: [A-Z][\w./]+){0,2}(?=\s*\())"
    r"(?:\s*\((?:Reuters|AP|AFP|dpa|UPI|Xinhua|CNN|KNA|epd|APA|SDA|ANSA|EFE)\))?\s*[-–—]\s"
)
# "WASHINGTON&nbsp;—&nbsp;": a no-break space may stand before the dash too.
_AS_ON_PAGE = (
    r"(?:,[^()<]{{0,25}})?(?:\s|<[^>]*>|&nbsp;|&#160;)*(?:\([^()<]{{1,30}}\))?"
    r"(?:\s|<[^>]*>|&nbsp;|&#160;)*"
    r"(?:[-–—]|&#821[12];|&[nm]dash;)+(?:\s|&nbsp;|&#160;|<)"
)


def _norm(text: str) -> str:
    # Soft hyphens and other invisible format characters are no word breaks.
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


def _letters(text: str) -> str:
    """TEXT's letters only, accents dropped: "Gàbor Muniér" and "gabor munier" agree."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if c.isalpha())


def _same_name(stored: str, other: str) -> bool:
    """Whether a stored name is OTHER: a shared word, or the same letters (a handle:
    "Arianschlichenmayer", "Happyface" for "happyface313")."""
    a, b = _letters(stored), _letters(other)
    if set(_norm(stored).split()) & set(_norm(other).split()):
        return True
    return len(a) >= 4 and len(b) >= 4 and (a in b or b in a)


def _page_statements(pattern: re.Pattern[str], page: str) -> list[str]:
    """The texts PATTERN's groups find in PAGE, tags dropped and references resolved."""
    found = []
    for match in pattern.finditer(page):
        text = next((g for g in match.groups()[1:] if g), "")
        text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda u: chr(int(u[1], 16)), text)
        text = html.unescape(re.sub(r"<[^>]*>", " ", text))
        if text.strip():
            found.append(" ".join(text.split()))
    return found


def _bad_author(author: str, gold: Any, stated: list[str]) -> bool:
    names = [n.strip() for n in author.split(";") if n.strip()]
    if len({_norm(n) for n in names}) < len(names):
        return True
    for name in names:
        words = _norm(name).split()
        if not words or len(words) > 6 or any(c.isdigit() for c in name) or "@" in name:
            return True
        if words[-1] in _MONTHS_AND_DATE_WORDS or _norm(name) in _NOT_NAMES:
            return True
    if gold:
        gold_names = [str(g) for g in gold] if isinstance(gold, list) else [str(gold)]
        # A name the page's own author metadata states, letter for letter, is the page's
        # byline, even where the corpus's gold names someone else (an organisation).
        own = {_letters(s) for s in stated}
        return not any(
            _letters(n) in own or any(_same_name(n, g) for g in gold_names) for n in names
        )
    return False


def _host_name(url: str) -> str:
    """The name in a page's address: "example" for https://www.example.co.uk/a."""
    labels = (urlsplit(url).hostname or "").split(".")
    labels = [x for x in labels if x not in ("www", "com", "co", "org", "net") and len(x) > 2]
    return _letters(labels[-2] if len(labels) > 1 else labels[0]) if labels else ""


def _faults(draft: Draft, page: str, item: dict[str, Any], url: str) -> set[str]:
    faults = set()
    title = draft.title or ""
    paragraphs = (draft.body or "").split("\n\n")
    gold_title = item.get("title")
    # The <title> states the headline too (with the site's name after it).
    stated_titles = _page_statements(_OWN_TITLES, page) + _page_statements(_TITLE, page)
    own_titles = [_norm(t) for t in stated_titles]
    first = _norm(paragraphs[0]) if paragraphs else ""
    if (title and _repeats_headline(first, _norm(title), own_titles)) or (
        gold_title and _repeats_headline(first, _norm(gold_title), own_titles, stated_only=True)
    ):
        faults.add("headline")
    stated = _page_statements(_OWN_AUTHORS, page)
    if draft.author and _bad_author(draft.author, item.get("author"), stated):
        faults.add("author")
    judged = {*paragraphs[:3], *paragraphs[-3:], *(p for p in paragraphs if len(p) < _SHORT)}
    if any(_LEAK.search(p) for p in judged):
        faults.add("leak")
    headline = _norm(gold_title or title)
    if headline and any(_norm(p) == headline for p in paragraphs[1:]):
        faults.add("headline")  # the headline again as a later paragraph
    if not draft.author and (
        any(_plausible_name(s) for s in stated)
        or any(_BYLINE_LINE.fullmatch(p.strip(" .")) for p in paragraphs[:3])
    ):
        faults.add("byline")
    if draft.source and _norm(draft.source) in _SECTIONS:
        faults.add("site")  # a section's name taken for the site's
    if title and _norm(title) in _SECTIONS:
        faults.add("title")
    tail = paragraphs[-3:]
    # A "without" string found in the gold headline names the article's subject, not
    # boilerplate ("Chris Eubank Jr."): it cannot tell the two apart.
    without = [w for w in item.get("without", []) if w and w not in (gold_title or "")]
    if any(w in p for w in without for p in tail) or (
        len(paragraphs) > 1 and len(paragraphs[-1]) < 200 and _TAIL.search(paragraphs[-1])
    ):
        faults.add("boilerplate")
    if draft.dateline:
        on_page = re.search(re.escape(draft.dateline) + _AS_ON_PAGE.format(), page)
        if not on_page or draft.dateline.split()[-1].islower():
            faults.add("dateline")
    elif paragraphs and _WIRE_OR_DATELINE.match(paragraphs[0]):
        faults.add("dateline")
    site = _SITE.search(page)
    source = draft.source or ""
    if (site and not source) or re.search(r"\s[-|–—]\s", source):
        faults.add("site")
    if source and re.search(r"\s[-|–—·:]\s*" + re.escape(source) + r"\s*$", title):
        faults.add("site")
    # The site named after its address ("Headline | EXAMPLE" on example.com) is a site too.
    host = _host_name(url)
    ending = re.search(r"\s[-|–—·•:]\s*([^-|–—·•:]+)$", title)
    if host and ending and _letters(ending[1]) == host:
        faults.add("site")
    if ((_IMAGE.search(page) or _json_ld_image(page)) and not draft.image) or (
        draft.image and not draft.image.startswith(("http://", "https://"))
    ):
        faults.add("image")
    if gold_title and title and _wrong_title(title, gold_title, page):
        faults.add("title")
    return faults


_PARTICLES = {"van", "von", "der", "den", "de", "la", "le", "da", "di", "du", "del", "bin", "al"}
_BYLINE_LINE = re.compile(r"(?:by|von|par)\s+[A-Z]\w+(?:\s+[A-Z][\w.-]+){1,3}", re.I)


def _plausible_name(text: str) -> bool:
    """A stated author that is a person's name: two to four capitalised words (particles
    aside), no digits, dots, commas or links (a site, "SPIEGEL ONLINE, Hamburg", is none)."""
    words = text.split()
    if not 2 <= len(words) <= 4 or any(c.isdigit() or c in "@/.,:" for c in text):
        return False
    return all(w[:1].isupper() or w.lower() in _PARTICLES for w in words) and not any(
        w.isupper() and len(w) > 3 for w in words
    )


def _json_ld_image(page: str) -> bool:
    """Whether a JSON-LD object other than a person, organisation or site has an image
    with an http(s) address."""
    stack: list[Any] = []
    for script in _JSON_LD.findall(page):
        try:
            stack.append(json.loads(script))
        except ValueError:
            continue
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            kinds = item.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            image = item.get("image")
            images = image if isinstance(image, list) else [image]
            addresses = [one.get("url") if isinstance(one, dict) else one for one in images]
            if not set(kinds) & set(_NOT_ARTICLE_IMAGES) and any(
                isinstance(a, str) and re.match(r"\s*(?:https?:)?//", a) for a in addresses
            ):
                return True
            stack.extend(v for k, v in item.items() if k != "image")
    return False


def _repeats_headline(
    first: str, headline: str, own_titles: list[str], *, stated_only: bool = False
) -> bool:
    """Whether the body's FIRST paragraph is HEADLINE. The gold headline counts only where
    the page itself states it as the article's (an <h1>, og:title, JSON-LD headline): a
    standfirst the corpus took for the headline is no repetition of it."""
    if first != headline:
        return False
    return not stated_only or any(o == headline or o.startswith(f"{headline} ") for o in own_titles)


def _agree(a: str, b: str) -> bool:
    a, b = _norm(a), _norm(b)
    return bool(a) and bool(b) and (a == b or a in b or b in a)


def _wrong_title(title: str, gold: str, page: str) -> bool:
    """Whether TITLE is not the article's headline: it agrees neither with the gold one
    nor with one the page states for the article (og:title, JSON-LD headline, <h1>)
    that shares a word of four letters or more with the gold one (so not a section name)."""
    if _agree(title, gold):
        return False
    gold_words = {w for w in _norm(gold).split() if len(w) >= 4}
    return not any(
        _agree(title, own) and gold_words & set(_norm(own).split())
        for own in _page_statements(_OWN_TITLES, page)
    )


def evaluate(
    root: Path, folders: tuple[str, ...] = ("cache", "eval")
) -> tuple[dict[str, dict[str, Any]], list[float]]:
    """Each page's address -> its faults and whether it is news; and the read times."""
    items: dict[str, dict[str, Any]] = json.loads((root / "evaldata.json").read_text())
    results: dict[str, dict[str, Any]] = {}
    times = []
    for url, item in sorted(items.items()):
        found = [root / folder / item["file"] for folder in folders]
        path = next((p for p in found if p.exists()), None)
        if path is None:
            continue
        data = path.read_bytes()
        page = data.decode("utf-8", errors="replace")
        start = time.perf_counter()
        try:
            draft = parse_html(data, url)
            faults = _faults(draft, page, item, url)
        except NewsError:
            faults = {"refused"}
        times.append(time.perf_counter() - start)
        results[url] = {
            "faults": sorted(faults),
            "news": bool(_NEWS.search(page)),
            "file": str(path),
        }
    return results, times


def _table(results: dict[str, dict[str, Any]]) -> str:
    news = [r for r in results.values() if r["news"]]
    every = list(results.values())

    lines = ["| class | news pages failing | all pages failing |", "|---|---|---|"]
    for name in CLASSES:
        failing = [sum(1 for r in rows if name in r["faults"]) for rows in (news, every)]
        lines.append(f"| {name} | {failing[0]} | {failing[1]} |")
    clean_news = sum(1 for r in news if not r["faults"])
    clean_all = sum(1 for r in every if not r["faults"])
    share_news = 100 * clean_news / max(1, len(news))
    share_all = 100 * clean_all / max(1, len(every))
    lines.append(
        f"| **clean** | **{clean_news} of {len(news)} ({share_news:.0f}%)** "
        f"| {clean_all} of {len(every)} ({share_all:.0f}%) |"
    )
    return "\n".join(lines)


def _add_times(results: dict[str, dict[str, Any]], runs: int) -> list[float]:
    """Wall time of ``newscli add FILE`` as a whole process, for the first ``runs`` news pages."""
    files = [r["file"] for r in results.values() if r["news"]][:runs]
    times = []
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "NEWSCLI_HOME": home}
        for file in files:
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "newscli", "add", file], env=env, capture_output=True
            )
            times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--json", type=Path, help="write each page's faults here")
    parser.add_argument("--compare", type=Path, help="an earlier --json: list pages now worse")
    parser.add_argument("--add-runs", type=int, default=0, help="time `add` on N news pages")
    parser.add_argument(
        "--cache-only", action="store_true", help="only DIR/cache (realworld_tests' pages)"
    )
    parser.add_argument("--list", action="store_true", help="name each news page not clean")
    args = parser.parse_args()
    results, times = evaluate(args.dir, ("cache",) if args.cache_only else ("cache", "eval"))
    print(_table(results))
    if args.list:
        for url, result in sorted(results.items()):
            if result["news"] and result["faults"]:
                print(f"  {', '.join(result['faults'])}: {url}")
    print(f"\nparse_html per page: median {statistics.median(times):.3f} s, max {max(times):.3f} s")
    if args.add_runs:
        added = _add_times(results, args.add_runs)
        print(
            f"`newscli add FILE` ({len(added)} news pages): median {statistics.median(added):.3f} s"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, sort_keys=True))
    if args.compare:
        before = json.loads(args.compare.read_text())
        worse = [
            (url, sorted(set(r["faults"]) - set(before[url]["faults"])))
            for url, r in results.items()
            if url in before and set(r["faults"]) - set(before[url]["faults"])
        ]
        print(f"\npages with a fault they did not have before: {len(worse)}")
        for url, new in worse:
            print(f"  {url}: {', '.join(new)}")


if __name__ == "__main__":
    main()
