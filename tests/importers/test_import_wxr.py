"""WordPress exports (WXR): posts with their whole discussions, once; what is not
published or not approved is counted and left out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import TESTS, Runner, snapshot

WXR = TESTS / "data" / "wordpress-export.xml"
KEEPERS = "https://harbour.example/2024/05/lighthouse-keepers-return/"
NOTE = (
    f"{WXR}: left out 1 draft, 1 page (--pages imports them), 1 pingback, 1 private post, "
    "1 spam comment, 1 trackback, 1 trashed comment, 1 trashed post, 1 unapproved comment"
)


def _records(run: Runner) -> dict[str, dict[str, Any]]:
    lines = run("export").stdout.splitlines()
    return {r["title"]: r for r in (json.loads(x) for x in lines)}


def _keepers(run: Runner) -> dict[str, Any]:
    return _records(run)["Lighthouse Keepers Return to Gull Rock"]


def test_posts_become_articles_and_the_rest_is_counted(run: Runner) -> None:
    result = run("import", "--format", "wxr", str(WXR))
    assert result.exit_code == 1  # one post has a comment without a readable date
    assert len(result.stdout.split()) == 2
    assert result.stderr.splitlines() == [
        f"{WXR}:224: comment 120 has no date",
        NOTE,
        "newscli: imported 2 articles (0 duplicates, 1 bad)",
    ]
    assert sorted(_records(run)) == [
        "Harbour Master Retires",
        "Lighthouse Keepers Return to Gull Rock",
    ]


def test_a_post_keeps_its_fields_and_its_body_loses_the_page_furniture(run: Runner) -> None:
    run("import", str(WXR))
    keepers = _keepers(run)
    assert keepers["url"] == KEEPERS
    assert keepers["source"] == "Harbour Weekly"
    assert keepers["author"] == "Pei-Ling Kwan"  # the display name of the login
    assert keepers["published"] == "2024-05-20T07:30:00Z"  # post_date_gmt
    assert keepers["tags"] == ["Coast", "lighthouses"]  # no Uncategorized, no post format
    assert keepers["image"] == "https://harbour.example/wp-content/uploads/gull-rock.jpg"
    assert keepers["body"] == (
        "Two keepers moved back into the tower on Gull Rock on Sunday, the first to live "
        "there since the light was automated in 1987.\n\n"
        "They will log the weather every three hours and look after the & restored fog "
        "bell, which rings again for the first time in decades.\n\n"
        "Visitors may land on calm days from June."
    )
    assert keepers["imported_rating"] == {"average": 4.3, "votes": 17}


def test_an_item_without_status_or_type_is_a_published_post_read_as_wordpress_shows_it(
    run: Runner,
) -> None:
    run("import", str(WXR))
    older = _records(run)["Harbour Master Retires"]
    assert older["author"] == "Tomás Ferreira"
    assert older["published"] == "2019-03-15T16:00:00Z"  # from pubDate: no post_date_gmt
    assert older["body"] == (
        "After thirty-one years, the harbour master hands over the keys on Friday.\n\n"
        "She said the quays had changed\n\nbut the tides had not.\n\n"
        "A party is planned at the fish market."
    )


def test_comments_are_threaded_and_a_held_parent_keeps_its_replies_place(run: Runner) -> None:
    run("import", str(WXR))
    comments = _keepers(run)["comments"]
    by_author = {c.get("author", "(tombstone)"): c for c in comments}
    assert [c.get("author") for c in comments] == ["Marta", "Jonas", "Marta", None, "Oskar"]
    first, jonas, answer, stone, oskar = comments
    assert "parent" not in first
    assert jonas["parent"] == first["id"] and answer["parent"] == jonas["id"]
    assert (
        first["text"]
        == "My grandfather kept that light.\n\nHe would be glad to hear the bell again."
    )
    assert jonas["text"] == "Which keeper was he? The archive lists six."
    assert first["email"] == "marta@example.org"
    assert first["edited"] == "2024-05-20T08:40:00Z"  # wpdiscuz_last_edited_at
    assert (first["imported_up"], first["imported_down"]) == (14, 2)
    assert (jonas["imported_up"], jonas["imported_down"]) == (0, 1)  # net -1 only
    assert stone["deleted"] and "text" not in stone and "Ines" not in json.dumps(stone)
    assert oskar["parent"] == stone["id"]
    assert "cheap-pills" not in by_author and "Coastal Diary" not in by_author


def test_the_page_shows_the_imported_tallies_beside_the_votes_cast_here(run: Runner) -> None:
    run("import", str(WXR))
    keepers = _keepers(run)
    first = keepers["comments"][0]["id"]
    assert run("vote", keepers["id"], first, "up", "--as", "mei").exit_code == 0
    assert run("rate", keepers["id"], "5", "--as", "mei").exit_code == 0
    page = run("show", keepers["id"], "--plain").stdout
    assert f"Marta  2024-05-20 08:02  {first}  +12 (imported)  +1" in page
    assert "4.3 18 votes (17 imported)" in page  # (4.3 x 17 + 5) / 18 = 4.34


def test_a_second_import_adds_nothing_and_changes_no_byte(run: Runner, data_dir: Path) -> None:
    run("import", str(WXR))
    before = snapshot(data_dir / "articles")
    again = run("import", str(WXR))
    assert again.stdout == ""
    assert "imported 0 articles (2 duplicates, 1 bad)" in again.stderr
    assert snapshot(data_dir / "articles") == before


def _later_export(tmp_path: Path) -> Path:
    """The same site exported later: one comment edited, one written since."""
    text = WXR.read_text(encoding="utf-8")
    text = text.replace("The last one, from 1979 until they left.", "The last one, 1979 to 1987.")
    newer = """<wp:comment>
			<wp:comment_id>110</wp:comment_id>
			<wp:comment_author><![CDATA[Pau]]></wp:comment_author>
			<wp:comment_date_gmt><![CDATA[2024-05-25 10:00:00]]></wp:comment_date_gmt>
			<wp:comment_content>Went out on Saturday: the bell is loud.</wp:comment_content>
			<wp:comment_approved><![CDATA[1]]></wp:comment_approved>
			<wp:comment_parent>101</wp:comment_parent>
		</wp:comment>
	</item>"""
    text = text.replace("</wp:comment>\n\t</item>", f"</wp:comment>\n\t\t{newer}", 1)
    later = tmp_path / "later.xml"
    later.write_text(text, encoding="utf-8")
    return later


def test_a_later_export_brings_new_comments_and_update_refreshes_the_others(
    run: Runner, tmp_path: Path
) -> None:
    run("import", str(WXR))
    keepers = _keepers(run)
    ids = [c["id"] for c in keepers["comments"]]
    run("vote", keepers["id"], ids[0], "up", "--as", "mei")
    later = _later_export(tmp_path)

    plain = run("import", str(later))
    assert plain.stdout == ""
    assert f"{later}:22: {keepers['id']} updated (1 comment added)" in plain.stderr
    comments = _keepers(run)["comments"]
    assert [c["id"] for c in comments][:5] == ids  # the ids the first import gave
    assert (
        comments[-1]["text"] == "Went out on Saturday: the bell is loud."
        and comments[-1]["parent"] == ids[0]
    )
    assert comments[2]["text"] == "The last one, from 1979 until they left."  # not refreshed

    update = run("import", "--update", str(later))
    assert f"{keepers['id']} updated (1 comment refreshed)" in update.stderr
    comments = _keepers(run)["comments"]
    assert comments[2]["text"] == "The last one, 1979 to 1987."
    assert comments[0]["votes"][0]["voter"] == "mei"  # votes cast here are kept
    again = run("import", "--update", str(later))
    assert f"{keepers['id']} unchanged" in again.stderr


def test_comment_ids_are_the_same_in_every_store(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("import", str(WXR))
    first = [c["id"] for c in _keepers(run)["comments"]]
    monkeypatch.setenv("NEWSCLI_HOME", str(tmp_path / "other"))
    run("import", str(WXR))
    assert [c["id"] for c in _keepers(run)["comments"]] == first


def test_status_pages_and_unapproved_comments_are_chosen(run: Runner) -> None:
    result = run(
        "import",
        "--status",
        "publish",
        "--status",
        "draft",
        "--pages",
        "--keep-unapproved",
        str(WXR),
    )
    assert len(result.stdout.split()) == 4
    assert "1 draft" not in result.stderr and "page" not in result.stderr
    records = _records(run)
    assert "Ferry Timetable for the Summer (draft)" in records
    assert "published" not in records["Ferry Timetable for the Summer (draft)"]  # no date yet
    assert "About the Harbour Weekly" in records
    held = records["Lighthouse Keepers Return to Gull Rock"]["extra"]["held_comments"]
    assert [(h["author"], h["status"]) for h in held] == [
        ("cheap-pills", "spam"),
        ("Ines", "unapproved"),
        ("Ines", "trash"),
    ]
    assert (
        "Buy now" not in run("show", records["Lighthouse Keepers Return to Gull Rock"]["id"]).stdout
    )


def test_the_format_is_known_by_the_namespace_whatever_the_name(
    run: Runner, tmp_path: Path
) -> None:
    named = tmp_path / "site-export.xml"  # .xml is a feed's extension too
    named.write_bytes(WXR.read_bytes())
    piped = run("import", "-", input=WXR.read_bytes())
    assert len(piped.stdout.split()) == 2, piped.stderr
    result = run("import", str(named))
    assert result.stdout == ""
    assert "imported 0 articles (2 duplicates, 1 bad)" in result.stderr


def test_an_export_imports_back_into_an_empty_store_as_the_same_pages(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("import", str(WXR))
    ids = run("list", "--format", "ids").stdout.split()
    pages = [run("show", i, "--plain", "--all-comments").stdout for i in ids]
    backup = tmp_path / "backup.jsonl"
    backup.write_text(run("export").stdout, encoding="utf-8")
    monkeypatch.setenv("NEWSCLI_HOME", str(tmp_path / "empty"))
    result = run("import", str(backup))
    assert result.exit_code == 0, result.stderr
    assert [run("show", i, "--plain", "--all-comments").stdout for i in ids] == pages


def test_an_export_counts_no_lines_as_records_for_the_progress_bar() -> None:
    from newscli import api

    assert len(api.Inputs([str(WXR)])) == 0  # its lines are no records
    assert len(api.Inputs([str(WXR)], "wxr")) == 0


def test_the_web_page_shows_the_imported_tallies(run: Runner) -> None:
    run("import", str(WXR))
    page = run("export", _keepers(run)["id"], "--format", "html").stdout
    assert 'title="votes imported with the comment">+12 (imported)</span>' in page
    assert 'title="votes imported with the comment">-1 (imported)</span>' in page
    assert "<strong>4.3</strong> 17 votes (17 imported)" in page


def test_update_refreshes_the_post_itself_and_its_rating(run: Runner, tmp_path: Path) -> None:
    run("import", str(WXR))
    text = WXR.read_text(encoding="utf-8").replace(
        "Lighthouse Keepers Return to Gull Rock", "Keepers Back on Gull Rock"
    )
    text = text.replace("<![CDATA[17]]>", "<![CDATA[18]]>")
    later = tmp_path / "later.xml"
    later.write_text(text, encoding="utf-8")
    plain = run("import", str(later))
    assert "already stored as" in plain.stderr  # a plain import adds only comments
    update = run("import", "--update", str(later))
    assert "updated" in update.stderr
    record = _records(run)["Keepers Back on Gull Rock"]
    assert record["imported_rating"] == {"average": 4.3, "votes": 18}
