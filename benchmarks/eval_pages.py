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

from newscli.errors import NewsError
from newscli.importers.html import parse_html
from newscli.models import Draft

CLASSES = ("refused", "headline", "author", "boilerplate", "dateline", "site", "image", "title")
_NEWS = re.compile(
    r"""og:type["']?\s+content=["']?article|property=["']article:|"@type"\s*:\s*\[?\s*"""
    r""""(?:\w*Article|BlogPosting)\"""",
    re.I,
)
_META = r"""<meta[^>]+(?:property|name)=["']?{}["']?[^>]*?content=["']([^"']+)"""
_SITE = re.compile(_META.format("og:site_name"), re.I)
_IMAGE = re.compile(
    _META.format("(?:og:image|og:image:url|og:image:secure_url|twitter:image(?::src)?)")
    + r"""|"image"\s*:\s*(?:\{[^}]*?"url"\s*:\s*)?\[?\s*"(?:https?:)?//""",
    re.I,
)
_MONTHS_AND_DATE_WORDS = set(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec updated posted published on am pm "
    "januar februar märz juni juli oktober dezember janvier février mars avril mai juin "
    "juillet août septembre octobre novembre décembre před dne".split()
)
_NOT_NAMES = set("username user admin administrator author by autor auteur 作者 redaktion".split())
_TAIL = re.compile(
    r"share|tweet|facebook|newsletter|subscribe|sign up|comments?\b|©|copyright|all rights"
    r"|read more|related|you might also|recommended|follow us|teilen|kommentar|abonn",
    re.I,
)
_WIRE_OR_DATELINE = re.compile(
    r"(?:[A-Z][A-Z.’'/ ,-]{1,40}|[A-Z][\w./]{1,30}(?: [A-Z][\w./]+){0,2}(?=\s*\())"
    r"(?:\s*\((?:Reuters|AP|AFP|dpa|UPI|Xinhua|CNN|KNA|epd|APA|SDA|ANSA|EFE)\))?\s*[-–—]\s"
)
_AS_ON_PAGE = (
    r"(?:,[^()<]{{0,25}})?(?:\s|<[^>]*>)*(?:\([^()<]{{1,30}}\))?(?:\s|<[^>]*>)*"
    r"(?:[-–—]|&#821[12];|&[nm]dash;)+(?:\s|&nbsp;|&#160;|<)"
)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


def _bad_author(author: str, gold: Any) -> bool:
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
        golden = set(_norm("; ".join(gold) if isinstance(gold, list) else str(gold)).split())
        return not any(set(_norm(n).split()) & golden for n in names)
    return False


def _faults(draft: Draft, page: str, item: dict[str, Any]) -> set[str]:
    faults = set()
    title = draft.title or ""
    paragraphs = (draft.body or "").split("\n\n")
    gold_title = item.get("title")
    if paragraphs and title and _norm(paragraphs[0]) in {_norm(title), _norm(gold_title or "")}:
        faults.add("headline")
    if draft.author and _bad_author(draft.author, item.get("author")):
        faults.add("author")
    tail = paragraphs[-3:]
    without = [w for w in item.get("without", []) if w]
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
    if (_IMAGE.search(page) and not draft.image) or (
        draft.image and not draft.image.startswith(("http://", "https://"))
    ):
        faults.add("image")
    if gold_title and title:
        stored, gold = _norm(title), _norm(gold_title)
        if stored != gold and gold not in stored and stored not in gold:
            faults.add("title")
    return faults


def evaluate(root: Path) -> tuple[dict[str, dict[str, Any]], list[float]]:
    """Each page's address -> its faults and whether it is news; and the read times."""
    items: dict[str, dict[str, Any]] = json.loads((root / "evaldata.json").read_text())
    results: dict[str, dict[str, Any]] = {}
    times = []
    for url, item in sorted(items.items()):
        found = [d / item["file"] for d in (root / "cache", root / "eval")]
        path = next((p for p in found if p.exists()), None)
        if path is None:
            continue
        data = path.read_bytes()
        page = data.decode("utf-8", errors="replace")
        start = time.perf_counter()
        try:
            draft = parse_html(data, url)
            faults = _faults(draft, page, item)
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
    args = parser.parse_args()
    results, times = evaluate(args.dir)
    print(_table(results))
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
