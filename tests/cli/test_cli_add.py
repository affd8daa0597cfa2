"""`newscli add`: from a page-shaped file, from standard input, from options, and `--sample`."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

from conftest import SAMPLE_PAGE, Runner

ID_RE = re.compile(r"[0-9abcdefghjkmnpqrstvwxyz]{8}")

# A page dump written for these tests: image line, headline, dateline, three
# paragraphs (the first wrapped over two lines and holding the date), then the
# comment widget's lines, which must not end up in the body.
PAGE = """feature image: https://img.example.test/otters.jpg

River Otters Return to the Old Mill Canal

MILLBROOK-

Volunteers counted four otters in the old mill canal on Sunday (May 18, 2025),
the first sighting there in two decades.

The canal was cleaned last spring. "We hoped, but we did not expect this," said a volunteer.

A camera will watch the banks through the summer.

0 0 votes
Article Rating
Subscribe
Notify of
guest
0 Comments
Inline Feedbacks
View all comments
"""

PAGE_BODY = (
    "Volunteers counted four otters in the old mill canal on Sunday (May 18, 2025), "
    "the first sighting there in two decades.\n\n"
    'The canal was cleaned last spring. "We hoped, but we did not expect this," '
    "said a volunteer.\n\n"
    "A camera will watch the banks through the summer."
)


def _added_id(run: Runner, *args: str, input: str | bytes = b"") -> str:
    """Run `add`, check its streams, and return the new id."""
    result = run("add", *args, input=input)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    assert ID_RE.fullmatch(result.stdout.removesuffix("\n")), repr(result.stdout)
    assert result.stdout.endswith("\n")
    return result.stdout.removesuffix("\n")


def _listed(run: Runner) -> list[dict[str, Any]]:
    result = run("list", "--format", "json")
    assert (result.exit_code, result.stderr) == (0, "")
    rows = json.loads(result.stdout)
    assert isinstance(rows, list)
    return rows


def _row(run: Runner, article_id: str) -> dict[str, Any]:
    rows = [row for row in _listed(run) if row["id"] == article_id]
    assert len(rows) == 1
    return rows[0]


def _record(data_dir: Path, article_id: str) -> dict[str, Any]:
    return tomllib.loads((data_dir / "articles" / f"{article_id}.toml").read_text("utf-8"))


def test_add_from_a_page_file_reads_title_dateline_body_and_date(
    run: Runner, data_dir: Path, tmp_path: Path
) -> None:
    page = tmp_path / "otters.txt"
    page.write_text(PAGE, encoding="utf-8")

    article_id = _added_id(run, str(page))

    row = _row(run, article_id)
    assert row["title"] == "River Otters Return to the Old Mill Canal"
    assert row["dateline"] == "MILLBROOK"
    assert row["published"] == "2025-05-18T00:00:00Z"
    assert row["rating"] == {"average": None, "votes": 0}
    assert row["comments"] == 0

    record = _record(data_dir, article_id)
    assert record["schema"] == 4
    assert record["id"] == article_id
    assert record["title"] == "River Otters Return to the Old Mill Canal"
    assert record["dateline"] == "MILLBROOK"
    assert record["image"] == "https://img.example.test/otters.jpg"
    assert record["body"] == PAGE_BODY
    assert record["published"].isoformat() == "2025-05-18T00:00:00+00:00"
    for widget in ("Article Rating", "Subscribe", "Notify of", "Inline Feedbacks", "0 0 votes"):
        assert widget not in record["body"]


def test_add_from_stdin_reads_the_page_shape(run: Runner, data_dir: Path) -> None:
    article_id = _added_id(run, "-", input=SAMPLE_PAGE)

    row = _row(run, article_id)
    assert row["title"] == "Tramway Extension Opens Across the River Delta"
    assert row["dateline"] == "HSINCHU"
    assert row["published"] == "2025-03-03T00:00:00Z"
    body = _record(data_dir, article_id)["body"]
    assert body.startswith("The new tramway extension across the river delta opened")
    assert body.endswith("Officials expect 40,000 trips a day by the end of the year.")
    assert body.count("\n\n") == 2
    assert "votes" not in body
    assert "Comments" not in body


def test_add_from_stdin_with_windows_line_endings(run: Runner, data_dir: Path) -> None:
    article_id = _added_id(run, "-", input=PAGE.replace("\n", "\r\n").encode("utf-8"))

    record = _record(data_dir, article_id)
    assert record["title"] == "River Otters Return to the Old Mill Canal"
    assert record["dateline"] == "MILLBROOK"
    assert record["body"] == PAGE_BODY


def test_byte_order_mark_is_dropped(run: Runner, data_dir: Path, tmp_path: Path) -> None:
    page = tmp_path / "bom.txt"
    page.write_bytes(b"\xef\xbb\xbf" + PAGE.encode("utf-8"))
    article_id = _added_id(run, str(page))
    record = _record(data_dir, article_id)
    assert record["title"] == "River Otters Return to the Old Mill Canal"
    assert record["body"] == PAGE_BODY


def test_published_comes_from_the_first_paragraph_only(run: Runner, tmp_path: Path) -> None:
    page = tmp_path / "late-date.txt"
    page.write_text(
        "Lanterns Lit Along the Quay\n\nThe quay was lit at dusk.\n\n"
        "The lanterns were bought on 2 March 2024.\n",
        encoding="utf-8",
    )
    article_id = _added_id(run, str(page))

    row = _row(run, article_id)
    assert row["title"] == "Lanterns Lit Along the Quay"
    assert row["dateline"] is None
    assert row["published"] is None


def test_add_with_every_option(run: Runner, data_dir: Path) -> None:
    article_id = _added_id(
        run,
        "--title",
        "Night Market Moves Indoors",
        "--body",
        "The night market moved into the old depot.\n\nStalls reopen on Friday.",
        "--dateline",
        "RIVERTON",
        "--published",
        "2024-11-02T18:30:00+02:00",
        "--url",
        "https://news.example.test/market",
        "--source",
        "Riverton Gazette",
        "--author",
        "Ada Lim",
        "--image",
        "https://img.example.test/market.png",
        "--tag",
        "Markets",
        "-t",
        "city life",
        "--tag",
        "markets",
    )

    row = _row(run, article_id)
    assert row["title"] == "Night Market Moves Indoors"
    assert row["dateline"] == "RIVERTON"
    assert row["published"] == "2024-11-02T16:30:00Z"
    assert row["url"] == "https://news.example.test/market"
    assert row["source"] == "Riverton Gazette"
    assert row["author"] == "Ada Lim"
    assert row["tags"] == ["Markets", "city life"]

    record = _record(data_dir, article_id)
    assert record["image"] == "https://img.example.test/market.png"
    assert (
        record["body"] == "The night market moved into the old depot.\n\nStalls reopen on Friday."
    )
    assert record["tags"] == ["Markets", "city life"]


def test_written_date_is_accepted_by_published(run: Runner) -> None:
    article_id = _added_id(
        run, "--title", "Bridge Repainted", "--body", "Green again.", "--published", "June 6, 2024"
    )
    assert _row(run, article_id)["published"] == "2024-06-06T00:00:00Z"


def test_options_override_values_parsed_from_the_page(
    run: Runner, data_dir: Path, tmp_path: Path
) -> None:
    page = tmp_path / "otters.txt"
    page.write_text(PAGE, encoding="utf-8")

    article_id = _added_id(
        run,
        str(page),
        "--title",
        "Otters Back in Millbrook",
        "--dateline",
        "MILLBROOK, EAST",
        "--published",
        "2025-05-20",
        "--image",
        "https://img.example.test/other.jpg",
        "--tag",
        "wildlife",
    )

    row = _row(run, article_id)
    assert row["title"] == "Otters Back in Millbrook"
    assert row["dateline"] == "MILLBROOK, EAST"
    assert row["published"] == "2025-05-20T00:00:00Z"
    assert row["tags"] == ["wildlife"]
    record = _record(data_dir, article_id)
    assert record["image"] == "https://img.example.test/other.jpg"
    assert record["body"] == PAGE_BODY  # not overridden, still parsed


def test_body_option_overrides_the_parsed_body(run: Runner, data_dir: Path, tmp_path: Path) -> None:
    page = tmp_path / "otters.txt"
    page.write_text(PAGE, encoding="utf-8")

    article_id = _added_id(run, str(page), "--body", "A shorter text.")

    record = _record(data_dir, article_id)
    assert record["title"] == "River Otters Return to the Old Mill Canal"
    assert record["body"] == "A shorter text."


def test_stored_file_is_named_by_id_and_has_the_current_schema(run: Runner, data_dir: Path) -> None:
    article_id = _added_id(run, "--title", "Tide Tables Printed", "--body", "Free at the pier.")

    files = sorted(p.name for p in (data_dir / "articles").iterdir())
    assert files == [f"{article_id}.toml"]
    text = (data_dir / "articles" / f"{article_id}.toml").read_text("utf-8")
    assert re.search(r"^schema = 4$", text, re.MULTILINE)
    record = tomllib.loads(text)
    assert record["schema"] == 4
    assert record["id"] == article_id
    assert record["title"] == "Tide Tables Printed"
    assert record["body"] == "Free at the pier."
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", record["added"].isoformat())


def test_each_add_gets_a_new_id(run: Runner) -> None:
    first = _added_id(run, "--title", "One", "--body", "First.")
    second = _added_id(run, "--title", "Two", "--body", "Second.")
    assert first != second
    assert sorted(row["id"] for row in _listed(run)) == sorted([first, second])


def test_sample_article_is_added(run: Runner, data_dir: Path) -> None:
    article_id = _added_id(run, "--sample")

    row = _row(run, article_id)
    assert row["title"].startswith("Keelung Revives Its Night Ferry")
    assert row["dateline"] == "KEELUNG"
    assert row["published"] == "2024-06-06T00:00:00Z"
    record = _record(data_dir, article_id)
    assert record["schema"] == 4
    assert "Article Rating" not in record["body"]
