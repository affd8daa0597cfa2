"""The discussion commands end to end: vote, comment --edit/--delete, rate --clear,
subscribe, unsubscribe, inbox, show's new parts and list --unread (issue 13)."""

from __future__ import annotations

import json
import re
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from conftest import SAMPLE_PAGE, Runner, snapshot
from newscli import api
from newscli.discussion.state import file_name
from newscli.model.article import Article, Comment
from newscli.model.tally import ImportedVotes


def _ok(run: Runner, *args: str, input: str = "") -> str:
    result = run(*args, input=input)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _stored(data_dir: Path, article_id: str) -> dict[str, object]:
    return tomllib.loads((data_dir / "articles" / f"{article_id}.toml").read_text("utf-8"))


def _comments(data_dir: Path, article_id: str) -> list[dict[str, object]]:
    comments = _stored(data_dir, article_id).get("comments", [])
    assert isinstance(comments, list)
    return comments


def _head(out: str, comment_id: str) -> str:
    lines = [line for line in out.splitlines() if re.search(rf"\b{comment_id}\b", line)]
    assert len(lines) == 1, out
    return lines[0].strip()


@pytest.fixture
def talk(add: object, run: Runner) -> dict[str, str]:
    """An article with mei's comment, kai's reply to it and kai's comment."""
    article = _ok(run, "add", "--title", "Ferry Times", "--body", "Every twenty minutes.").strip()
    mei = _ok(run, "comment", article, "Good news.", "--as", "mei").strip()
    reply = _ok(run, "comment", article, "Cheaper too?", "--as", "kai", "--reply-to", mei).strip()
    kai = _ok(run, "comment", article, "Still slow.", "--as", "kai").strip()
    return {"article": article, "mei": mei, "reply": reply, "kai": kai}


# vote


def test_a_vote_on_an_imported_comment_says_what_its_page_shows(
    run: Runner, data_dir: Path
) -> None:
    store = api.open_store(data_dir)
    at = datetime(2025, 1, 2, tzinfo=UTC)
    tally = ImportedVotes(14, 2)
    comment = Comment(id="c00000", text="Old.", at=at, author="lin", imported_votes=tally)
    store.create(Article("art00001", "Ferry", "Body.", at, at, comments=[comment]))
    result = run("vote", "art00001", "c00000", "up", "--as", "mei")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "Voted up as mei: comment c00000 now stands at +12 (imported) +1.\n"
    assert "c00000  +12 (imported)  +1" in _ok(run, "show", "art00001")
    cleared = run("vote", "art00001", "c00000", "clear", "--as", "mei")
    assert (cleared.exit_code, cleared.stdout) == (0, "")
    assert cleared.stderr == (
        "Took back your vote as mei: comment c00000 now stands at +12 (imported).\n"
    )


def test_votes_are_stored_replaced_cleared_and_totalled(
    talk: dict[str, str], run: Runner, data_dir: Path
) -> None:
    article, kai = talk["article"], talk["kai"]
    result = run("vote", article, kai, "up", "--as", "mei")
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"Voted up as mei: comment {kai} now stands at +1.\n"
    _ok(run, "vote", article, kai, "down", "--as", "ana")
    _ok(run, "vote", article, kai, "down", "--as", "bo")
    stored = next(c for c in _comments(data_dir, article) if c["id"] == kai)
    assert [(v["voter"], v["value"]) for v in stored["votes"]] == [  # type: ignore[index, union-attr]
        ("mei", 1),
        ("ana", -1),
        ("bo", -1),
    ]
    assert _head(_ok(run, "show", article), kai).endswith(f"{kai}  -1")
    _ok(run, "vote", article, kai, "up", "--as", "ana")  # replaces ana's vote
    _ok(run, "vote", article, kai, "clear", "--as", "bo")
    assert _head(_ok(run, "show", article), kai).endswith(f"{kai}  +2")
    _ok(run, "vote", article, kai, "clear", "--as", "mei")
    cleared = run("vote", article, kai, "clear", "--as", "ana")
    assert cleared.stderr == f"Took back your vote as ana: comment {kai} now stands at 0.\n"
    assert _head(_ok(run, "show", article), kai).endswith(kai)  # nothing at 0


def test_a_missing_vote_lists_the_choices_in_one_plain_line(
    talk: dict[str, str], run: Runner
) -> None:
    result = run("vote", talk["article"], talk["kai"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "newscli: error: Missing argument 'up|down|clear'. Choose from: up, down, clear"
        " (see 'newscli vote --help')\n"
    )


def test_an_ambiguous_comment_id_is_refused(run: Runner, data_dir: Path) -> None:
    store = api.open_store(data_dir)
    at = datetime(2025, 1, 2, tzinfo=UTC)
    article = Article(
        id="amb12345",
        title="Twins",
        body="Two.",
        added=at,
        updated=at,
        comments=[Comment(id="abcd12", text="A", at=at), Comment(id="abcd34", text="B", at=at)],
    )
    store.create(article)
    _ok(run, "vote", "amb12345", "abcd12", "up", "--as", "kai")  # takes the article's lock once
    before = snapshot(data_dir)
    result = run("vote", "amb12345", "abcd", "up", "--as", "mei")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "abcd12" in result.stderr and "abcd34" in result.stderr
    assert snapshot(data_dir) == before


# comment --edit, --delete


def test_edit_replaces_the_text_and_the_page_says_edited(
    talk: dict[str, str], run: Runner, data_dir: Path
) -> None:
    article, mei = talk["article"], talk["mei"]
    assert _ok(run, "comment", article, "--edit", mei, "Good news, mostly.", "--as", "mei") == (
        f"{mei}\n"
    )
    stored = next(c for c in _comments(data_dir, article) if c["id"] == mei)
    assert stored["text"] == "Good news, mostly."
    assert "edited" in stored
    out = _ok(run, "show", article)
    assert re.search(rf"mei  \S+ \S+  {mei}  edited \d{{4}}-\d\d-\d\d \d\d:\d\d$", _head(out, mei))
    assert "Good news, mostly." in out
    plain = _ok(run, "show", article, "--plain")
    assert f"{mei}  edited " in plain


def test_edit_reads_standard_input_and_opens_the_editor_with_the_text(
    talk: dict[str, str], run: Runner, data_dir: Path, tmp_path: Path, monkeypatch: object
) -> None:
    article, mei = talk["article"], talk["mei"]
    _ok(run, "comment", article, "--edit", mei, "-", "--as", "mei", input="From a pipe.\n")
    assert next(c for c in _comments(data_dir, article) if c["id"] == mei)["text"] == (
        "From a pipe."
    )
    editor = tmp_path / "editor.sh"
    seen = tmp_path / "seen.txt"
    editor.write_text(f'#!/bin/sh\ncp "$1" {seen}\nprintf "Edited in vi.\\n" > "$1"\n')
    editor.chmod(0o755)
    pytest.MonkeyPatch.setenv(monkeypatch, "EDITOR", str(editor))  # type: ignore[arg-type]
    _ok(run, "comment", article, "--edit", mei, "--as", "mei")
    opened = seen.read_text("utf-8")
    assert opened.startswith("From a pipe.\n\n# ---")  # the text, then the template
    assert "# Edit your comment above it, on “Ferry Times”" in opened
    assert next(c for c in _comments(data_dir, article) if c["id"] == mei)["text"] == (
        "Edited in vi."
    )


def _editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, written: str) -> Path:
    """$EDITOR: a script that keeps what it was given (returned) and writes ``written``
    above it."""
    seen = tmp_path / "seen.txt"
    editor = tmp_path / "editor.sh"
    editor.write_text(f'#!/bin/sh\ncp "$1" {seen}\n{{ printf "{written}"; cat {seen}; }} > "$1"\n')
    editor.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(editor))
    return seen


def test_the_editor_opens_on_a_template_that_is_cut_off(
    talk: dict[str, str],
    run: Runner,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    article = talk["article"]
    seen = _editor(tmp_path, monkeypatch, "# Not a heading\\nFair point.")
    made = _ok(run, "comment", article, "--reply-to", talk["mei"], "--as", "ana").strip()
    opened = seen.read_text("utf-8")
    assert "# Write your reply above it, on “Ferry Times”" in opened
    assert f"# In reply to mei ({talk['mei']}):\n#   Good news." in opened
    assert "# To give up, leave the text above empty and save: nothing is kept." in opened
    stored = next(c for c in _comments(data_dir, article) if c["id"] == made)
    assert stored["text"] == "# Not a heading\nFair point."  # only the template is cut


def test_saving_the_template_alone_gives_up(
    talk: dict[str, str],
    run: Runner,
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = _stored(data_dir, talk["article"])
    _editor(tmp_path, monkeypatch, "")
    result = run("comment", talk["article"], "--as", "ana")
    assert (result.exit_code, result.stdout) == (1, "")
    assert "the comment is empty; nothing was saved" in result.stderr
    assert _stored(data_dir, talk["article"]) == before


def test_delete_with_replies_leaves_a_placeholder_and_without_disappears(
    talk: dict[str, str], run: Runner, data_dir: Path
) -> None:
    article = talk["article"]
    result = run("comment", article, "--delete", talk["mei"], "--as", "mei")
    assert (result.exit_code, result.stdout) == (0, "")
    assert "kept as a placeholder" in result.stderr
    _ok(run, "comment", article, "--delete", talk["kai"], "--as", "kai")
    stored = _comments(data_dir, article)
    # Both stay in the file as dated tombstones, so that a merge deletes them everywhere.
    by_id = {c["id"]: c for c in stored}
    assert sorted(by_id) == sorted([talk["mei"], talk["kai"], talk["reply"]])
    assert sorted(by_id[talk["mei"]]) == sorted(by_id[talk["kai"]]) == ["at", "deleted", "id"]
    assert "Good news." not in str(stored) and "Still slow." not in str(stored)
    out = _ok(run, "show", article)
    assert "This comment was deleted." in out
    assert "Still slow." not in out
    assert talk["kai"] not in out
    lines = out.splitlines()
    placeholder = lines.index(next(line for line in lines if talk["mei"] in line))
    assert lines[placeholder + 1].strip() == "This comment was deleted."
    assert "↳ kai" in lines[placeholder + 3]
    assert "This comment was deleted." in _ok(run, "show", article, "--plain")


def test_a_deleted_comment_takes_no_votes_and_no_replies(
    talk: dict[str, str], run: Runner, data_dir: Path
) -> None:
    article = talk["article"]
    _ok(run, "comment", article, "--delete", talk["mei"], "--as", "mei")  # kept: it has a reply
    before = _stored(data_dir, article)
    for args in (
        ("vote", article, talk["mei"], "up"),
        ("comment", article, "--reply-to", talk["mei"], "Hello?"),
    ):
        refused = run(*args, "--as", "ana")
        assert (refused.exit_code, refused.stdout) == (1, "")
        assert f"comment {talk['mei']} was deleted: it takes no votes or replies" in refused.stderr
    assert _stored(data_dir, article) == before
    assert "2 Comments" in _ok(run, "show", article)  # three in the file: one a placeholder


def test_force_changes_an_anonymous_comment(talk: dict[str, str], run: Runner) -> None:
    article = talk["article"]
    anonymous = _ok(run, "comment", article, "Who wrote this?", "--anonymous").strip()
    refused = run("comment", article, "--delete", anonymous)
    assert refused.exit_code == 1
    assert "--force" in refused.stderr
    _ok(run, "comment", article, "--delete", anonymous, "--force")
    assert anonymous not in _ok(run, "show", article)


# rate --clear


def test_rate_clear_takes_the_rating_back(talk: dict[str, str], run: Runner) -> None:
    article = talk["article"]
    run("rate", article, "4", "--as", "mei")
    result = run("rate", article, "--clear", "--as", "mei")
    assert result.exit_code == 0
    assert result.stderr == f"Took back the vote of 4 stars as mei.\n{article}: 0 from 0 votes\n"


# subscribe, unsubscribe, inbox


def test_each_person_sees_their_own_inbox(talk: dict[str, str], run: Runner) -> None:
    article = talk["article"]
    assert run("subscribe", article, "--as", "ana").stderr == (
        f"Subscribed ana to new follow-up comments on {article}.\n"
    )
    later = _ok(run, "comment", article, "Later on.", "--as", "kai").strip()
    mention = _ok(run, "comment", article, "Ask @ana about it.", "--as", "bo").strip()

    mei = json.loads(_ok(run, "inbox", "--as", "mei", "--format", "json"))
    assert [(i["comment"], i["why"], i["author"]) for i in mei] == [(talk["reply"], "reply", "kai")]
    ana = [
        json.loads(line) for line in _ok(run, "inbox", "--as", "ana", "-f", "jsonl").splitlines()
    ]
    # What was there before ana subscribed is not a follow-up: subscribing starts now.
    assert [(i["comment"], i["why"], i["title"]) for i in ana] == [
        (mention, "mention", "Ferry Times"),
        (later, "follow-up", "Ferry Times"),
    ]
    assert next(i for i in ana if i["why"] == "mention")["line"] == "Ask @ana about it."
    assert _ok(run, "inbox", "--as", "kai", "--format", "ids") == ""
    assert (
        f"{article} {mention}" in _ok(run, "inbox", "--as", "ana", "--format", "ids").splitlines()
    )


def test_inbox_read_marks_it_read_and_all_shows_everything(
    talk: dict[str, str], run: Runner, data_dir: Path
) -> None:
    table = _ok(run, "inbox", "--as", "mei", "--read", "--format", "table")
    assert talk["reply"] in table and "reply" in table and "Cheaper too?" in table
    assert "Ferry Times" in table and "kai" in table
    assert not (data_dir / "state").exists()  # where one looked is this copy's, not shared
    again = run("inbox", "--as", "mei")
    assert (again.exit_code, again.stdout) == (0, "")
    assert again.stderr == "Nothing new in your inbox.\n"
    assert talk["reply"] in _ok(run, "inbox", "--as", "mei", "--all")
    empty = run("inbox", "--as", "kai")
    assert (empty.exit_code, empty.stdout, empty.stderr) == (0, "", "Your inbox is empty.\n")


def test_unsubscribe_and_replies_only(talk: dict[str, str], run: Runner) -> None:
    article = talk["article"]
    _ok(run, "subscribe", article, "--as", "mei", "--replies-only")
    page = _ok(run, "show", article, "--as", "mei")
    assert f"mei: subscribed to new replies to my comments · newscli unsubscribe {article}" in (
        " ".join(page.split())
    )
    assert run("unsubscribe", article, "--as", "mei").stderr == (
        f"Unsubscribed mei from {article}.\n"
    )
    page = _ok(run, "show", article, "--as", "mei")
    assert f"mei: not subscribed · newscli subscribe {article} [--replies-only]" in (
        " ".join(page.split())
    )


def test_state_is_kept_per_person_outside_the_articles(
    talk: dict[str, str], run: Runner, data_dir: Path
) -> None:
    _ok(run, "subscribe", talk["article"], "--as", "mei")
    _ok(run, "subscribe", talk["article"], "--as", "kai")
    _ok(run, "show", talk["article"], "--as", "ana")  # a visit is noted in this copy only
    names = sorted(p.name for p in (data_dir / "state").glob("*.toml"))
    assert names == sorted([file_name("mei"), file_name("kai")])


# show: new, sort, feedback only, form, image placeholder


def test_show_marks_comments_new_since_the_last_visit(talk: dict[str, str], run: Runner) -> None:
    article = talk["article"]
    first = _ok(run, "show", article, "--as", "mei")
    assert not re.search(r"  new$", first, re.M)  # a first visit marks nothing
    fresh = _ok(run, "comment", article, "One more.", "--as", "kai").strip()
    mine = _ok(run, "comment", article, "And mine.", "--as", "mei").strip()
    second = _ok(run, "show", article, "--as", "mei")
    assert _head(second, fresh).endswith(f"{fresh}  new")
    assert not _head(second, mine).endswith("new")  # one's own comment is not news
    assert not re.search(r"  new$", _ok(run, "show", article, "--as", "mei"), re.M)  # seen
    third = _ok(run, "comment", article, "A third.", "--as", "kai").strip()
    plain = _ok(run, "show", article, "--as", "mei", "--plain")
    assert _head(plain, third).endswith(f"{third}  new")
    assert not _head(plain, fresh).endswith("new")


def test_show_sorts_threads_and_says_how(talk: dict[str, str], run: Runner) -> None:
    article = talk["article"]
    _ok(run, "vote", article, talk["kai"], "up", "--as", "mei")
    out = _ok(run, "show", article, "--sort", "votes")
    assert "Most voted first · --sort oldest|newest" in out
    assert out.index("Still slow.") < out.index("Good news.")
    newest = _ok(run, "show", article, "--sort", "newest", "--plain")
    assert "Newest first · --sort oldest|votes" in newest
    assert newest.index("Good news.") < newest.index("Cheaper")  # replies stay under
    assert "Oldest first · --sort newest|votes" in _ok(run, "show", article)


def test_feedback_only_shows_the_inline_feedback(talk: dict[str, str], run: Runner) -> None:
    article = talk["article"]
    note = _ok(run, "comment", article, "--quote", "twenty minutes", "Too long.").strip()
    out = _ok(run, "show", article, "--feedback-only")
    assert note in out and "Too long." in out
    assert "Good news." not in out and "Still slow." not in out
    assert f"all comments: newscli show {article}" in " ".join(out.split())
    full = " ".join(_ok(run, "show", article).split())
    assert f"inline feedbacks only: newscli show {article} --feedback-only" in full


def test_the_comment_form_names_the_commenter(talk: dict[str, str], run: Runner) -> None:
    article = talk["article"]
    form = f"Join the discussion: newscli comment {article} [TEXT]"
    assert f"mei  {form}" in _ok(run, "show", article, "--as", "mei")
    # Without --as, the page names one person throughout: whoever whoami says you are.
    me = _ok(run, "whoami").strip()
    page = " ".join(_ok(run, "show", article).split())
    assert f"{me}: not subscribed" in page and f"{me} {form}" in page
    assert f"guest {form}" not in page


def test_a_bare_feature_image_line_keeps_a_placeholder(run: Runner) -> None:
    article = _ok(run, "add", "-", input=SAMPLE_PAGE).strip()
    out = _ok(run, "show", article)
    assert re.search(r"^│\s+▣ feature image\s+│$", out, re.M)
    plain = _ok(run, "show", article, "--plain")
    assert plain.startswith("feature image\n\nTramway Extension Opens")


# list --unread and the JSON read fields


def test_list_unread_and_json_read_fields(run: Runner, data_dir: Path) -> None:
    # Comments of an earlier day: what is opened now has no comment of the same second.
    at = datetime(2025, 1, 2, tzinfo=UTC)
    store = api.open_store(data_dir)
    for article_id, count in (("art00001", 2), ("art00002", 0)):
        comments = [Comment(id=f"c{n:05d}", text="Old.", at=at, author="kai") for n in range(count)]
        store.create(
            Article(id=article_id, title="T", body="B.", added=at, updated=at, comments=comments)
        )
    store.close()
    unread = _ok(run, "list", "--unread", "--as", "mei", "-f", "ids")
    assert set(unread.split()) == {"art00001", "art00002"}
    rows = {r["id"]: r for r in json.loads(_ok(run, "list", "--as", "mei", "-f", "json"))}
    assert (rows["art00001"]["read"], rows["art00001"]["new_comments"]) == (False, 2)
    _ok(run, "show", "art00001", "--as", "mei")
    _ok(run, "show", "art00002", "--as", "mei")
    assert _ok(run, "list", "--unread", "--as", "mei", "-f", "ids") == ""
    assert _ok(run, "list", "--unread", "--as", "kai", "-n", "1", "-f", "ids") == "art00002\n"
    _ok(run, "comment", "art00001", "Later.", "--as", "kai")
    assert _ok(run, "list", "--unread", "--as", "mei", "-f", "ids") == "art00001\n"
    rows = {r["id"]: r for r in json.loads(_ok(run, "list", "--as", "mei", "-f", "json"))}
    assert (rows["art00001"]["read"], rows["art00001"]["new_comments"]) == (True, 1)
    assert (rows["art00002"]["read"], rows["art00002"]["new_comments"]) == (True, 0)
    kai = json.loads(_ok(run, "list", "--as", "kai", "-f", "jsonl").splitlines()[0])
    assert set(kai) >= {"read", "new_comments"}
    anonymous = json.loads(_ok(run, "list", "-f", "json"))
    assert "read" not in anonymous[0]


def test_listings_never_open_the_state(talk: dict[str, str], run: Runner, data_dir: Path) -> None:
    state = data_dir / "state"
    state.mkdir()
    (state / file_name("mei")).write_text("not toml at all [", "utf-8")
    article = talk["article"]
    # Read marks are this copy's (local/), so even they need no shared state file.
    for args in (
        ("list", "--as", "mei"),
        ("list", "-f", "csv", "--as", "mei"),
        ("list", "-f", "ids", "--as", "mei"),
        ("list", "-f", "json"),
        ("list", "-f", "json", "--as", "mei"),
        ("list", "--unread", "--as", "mei"),
        ("search", "ferry"),
    ):
        result = run(*args)
        assert (result.exit_code, result.stderr) == (0, ""), args
        assert article in result.stdout, args
