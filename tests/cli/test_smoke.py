"""The first minute of a new user: add the sample, list it, show it."""

from conftest import Runner


def test_sample_article_can_be_added_listed_and_shown(run: Runner) -> None:
    added = run("add", "--sample")
    assert added.exit_code == 0, added.stderr
    article_id = added.stdout.strip()
    assert len(article_id) == 8
    assert added.stderr == ""

    listed = run("list", "--format", "ids")
    assert (listed.exit_code, listed.stdout, listed.stderr) == (0, f"{article_id}\n", "")

    shown = run("show")
    assert shown.exit_code == 0
    assert "Keelung Revives Its Night Ferry" in shown.stdout
    assert "KEELUNG — Thursday, June 6, 2024" in shown.stdout
    assert "Article Rating" in shown.stdout
    assert "\x1b" not in shown.stdout
    assert shown.stderr == ""
