"""The exported site in a real browser: Debian's Chromium driven by Playwright, the
folder opened from file://. Every part of the article page is visible and in the source
page's order, links and comment anchors work, nothing logs an error, no request leaves
the folder but an article's own image, and a hostile article runs no script.

Needs /usr/bin/chromium (``.ci/run`` installs it with apt-get) and the ``playwright``
package; Playwright's own browser download is never used. Saves docs/site-1280.png and
docs/site-390.png for the README.
"""

from __future__ import annotations

import itertools
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import site_world
from conftest import TESTS
from newscli import api

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(
        "Debian's chromium is not installed (apt-get install chromium; .ci/run does it)",
        allow_module_level=True,
    )
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]'")

DOCS = TESTS.parent / "docs"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763"
    "f8ffff3f0005fe02fea7d6a4a80000000049454e44ae426082"
)


@dataclass
class Visit:
    """What the browser did while the tests ran."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Site:
    folder: Path
    world: site_world.World
    browser: Any
    visit: Visit

    def url(self, name: str) -> str:
        return (self.folder / name).as_uri()

    def page(self, width: int = 1280, height: int = 900) -> Any:
        page = self.browser.new_page()
        page.set_viewport_size({"width": width, "height": height})
        page.on("console", lambda m: m.type == "error" and self.visit.errors.append(m.text))
        page.on("pageerror", lambda e: self.visit.errors.append(str(e)))

        def dialog(d: Any) -> None:
            self.visit.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)
        return page


def _route(visit: Visit, images: set[str]) -> Any:
    def handle(route: Any) -> None:
        url = route.request.url
        visit.requests.append(url)
        if url.startswith("file://"):
            route.continue_()
        elif url == site_world.BROKEN_IMAGE:
            route.fulfill(status=404, body=b"")
        elif url in images:
            route.fulfill(status=200, content_type="image/png", body=PNG_1PX)
        else:
            route.abort()

    return handle


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    os.environ["TZ"] = "UTC"  # the comments' times, in the screenshots
    time.tzset()
    root = tmp_path_factory.mktemp("site")
    world = site_world.build(root, filler=105)
    folder = root / "out"
    store = api.open_store(world.data)
    api.export_site(store, folder)
    store.close()
    visit = Visit()
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(root / "profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=ARGS,
        )
        context.route("**/*", _route(visit, {site_world.BROKEN_IMAGE}))
        yield Site(folder, world, context, visit)
        context.close()


@pytest.fixture
def clean(site: Site) -> Iterator[Site]:
    """The site, failing the test on any console error or dialog it causes."""
    site.visit.errors.clear()
    site.visit.dialogs.clear()
    yield site
    assert site.visit.dialogs == []
    assert site.visit.errors == []


def _top(page: Any, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not laid out"
    return float(box["y"])


def test_the_article_page_has_every_part_in_the_source_pages_order(clean: Site) -> None:
    page = clean.page()
    page.goto(clean.url(f"articles/{clean.world.showcase}.html"))
    parts = [
        ".feature img",
        "h1",
        ".byline .dateline",
        ".details .author",
        ".details .tag",
        ".entry mark",
        ".rating .stars",
        ".rating .label",
        ".subscribe",
        ".form",
        ".bar h2",
        ".bar .feedbacks",
        ".bar .all",
        "#c-m31xdx",
    ]
    for selector in parts:
        assert page.locator(selector).first.is_visible(), selector
    tops = [_top(page, selector) for selector in parts]
    # Top to bottom; parts on one line (author and tags, the bar) may differ by a border.
    assert all(b > a - 5 for a, b in itertools.pairwise(tops)), tops
    assert page.locator(".feature img").evaluate("i => i.naturalWidth") == 1200
    assert page.locator(".rating").inner_text().split() == [
        *("★★★★½", "4.7", "3", "votes", "Article", "Rating")
    ]
    assert "Notify of" in page.locator(".subscribe").inner_text()
    assert "newscli subscribe ke3b2023" in page.locator(".subscribe").inner_text()
    # Ten in the file, one of them a deleted comment's placeholder, which is not counted.
    assert page.locator(".bar h2").inner_text() == "9 Comments"
    assert page.locator(".bar .feedbacks").inner_text() == "1 Inline Feedback"
    meta = page.locator("#c-m31xdx .meta").inner_text()
    assert "+3" in meta
    assert "edited 2023-03-21 10:25" in meta
    assert page.locator("#c-k4yyes .net").inner_text() == "-1"
    assert page.locator("#c-d3adcm .gone").inner_text() == "This comment was deleted."
    # Replies stand further in at each level, and no further after the fifth.
    lefts = [page.locator(f"#c-{c}").bounding_box()["x"] for c in ["m31xdx", *_chain()]]
    assert lefts[:6] == sorted(set(lefts[:6]))
    assert lefts[6] == lefts[5]
    page.close()


def _chain() -> list[str]:
    return ["r1aaaa", "r2aaaa", "r3aaaa", "r4aaaa", "r5aaaa", "r6aaaa"]


def test_inline_feedback_and_comment_anchors_scroll_to_their_note(clean: Site) -> None:
    page = clean.page(390, 700)
    page.goto(clean.url(f"articles/{clean.world.showcase}.html"))
    assert page.locator(".entry mark").inner_text() == "a stop at the new harbour terminal"
    page.locator(".entry a.fn").click()
    assert page.url.endswith("#c-q8feed")
    assert page.locator("#c-q8feed").is_visible()
    assert page.evaluate("window.scrollY") > 0
    assert page.locator("#c-q8feed").evaluate(
        "n => { const r = n.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight }"
    )
    page.goto(clean.url(f"articles/{clean.world.showcase}.html") + f"#c-{clean.world.deep}")
    top = page.locator(f"#c-{clean.world.deep}").evaluate("n => n.getBoundingClientRect().top")
    assert 0 <= top < 700
    page.close()


def test_index_tags_and_articles_link_to_each_other(clean: Site) -> None:
    page = clean.page()
    page.goto(clean.url("index.html"))
    titles = page.locator(".listing h2 a").all_inner_texts()
    assert len(titles) == 100
    assert titles[0].startswith("Night Ferries")  # newest first
    assert page.locator(".count").inner_text() == "108 articles"
    page.locator('a[rel="next"]').click()
    assert page.url.endswith("/page-2.html")
    assert len(page.locator(".listing h2 a").all_inner_texts()) == 8
    page.locator('a[rel="prev"]').click()
    assert page.url.endswith("/index.html")
    page.locator(".listing h2 a", has_text="Night Ferries").click()
    assert page.url.endswith(f"/articles/{clean.world.showcase}.html")
    page.locator(".details a.tag", has_text="#Transport Policy").click()
    assert page.url.endswith("/tags/transport-policy.html")
    assert page.locator(".listing h2 a").all_inner_texts() == [titles[0]]
    page.locator(".listing h2 a").click()
    assert page.url.endswith(f"/articles/{clean.world.showcase}.html")
    page.locator("nav.site a").click()
    assert page.url.endswith("/index.html")
    page.close()


def test_a_picture_that_cannot_load_leaves_its_placeholder_and_caption(site: Site) -> None:
    site.visit.errors.clear()
    page = site.page()
    page.goto(site.url(f"articles/{site.world.broken}.html"))
    page.wait_for_load_state("load")
    assert page.locator(".feature img").evaluate("i => i.complete && i.naturalWidth") == 0
    assert page.locator(".placeholder").is_visible()
    assert page.locator(".placeholder").inner_text().strip() == "feature image"
    assert page.locator("figcaption").inner_text() == "A picture that is not there."
    assert all(re.search("404", e) for e in site.visit.errors)  # only the missing picture
    page.close()


def test_a_hostile_article_runs_nothing_and_shows_its_text(clean: Site) -> None:
    page = clean.page()
    page.goto(clean.url(f"articles/{clean.world.hostile}.html"))
    page.wait_for_load_state("load")
    page.locator(".note").first.hover()
    page.locator(".details .author").hover()
    assert page.locator("h1").inner_text() == site_world.HOSTILE
    assert page.evaluate("document.scripts.length") == 0
    assert page.locator("iframe, svg, style, object, embed").count() == 0
    hrefs = page.locator("a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert not [h for h in hrefs if "javascript" in h.lower()]
    assert "<a href=javascript:" in page.locator("#c-ev1100 p").last.inner_text()
    assert page.locator(".feature img").count() == 0  # a javascript: image is no image
    assert page.locator(".placeholder").is_visible()
    page.goto(clean.url("index.html"))
    page.goto(clean.url("tags/ports.html"))
    page.close()


def test_no_request_leaves_the_folder_but_the_articles_own_images(site: Site) -> None:
    allowed = {site_world.BROKEN_IMAGE}
    folder = site.folder.as_uri()
    assert site_world.BROKEN_IMAGE in site.visit.requests  # the recording works
    for url in site.visit.requests:
        assert url.startswith(f"{folder}/") or url in allowed, url


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_for_the_readme(clean: Site, width: int) -> None:
    page = clean.page(width, 900 if width > 400 else 844)
    page.goto(clean.url(f"articles/{clean.world.showcase}.html"))
    DOCS.mkdir(exist_ok=True)
    page.screenshot(path=str(DOCS / f"site-{width}.png"), full_page=True)
    page.close()
    assert (DOCS / f"site-{width}.png").stat().st_size > 10_000
