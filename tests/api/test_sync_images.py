"""What arrives is whole (issue 25): feature images are not shared through the repository;
after a sync, the images of the articles it brought are fetched from their address, as
`add` fetches them, and `check` reports an article whose image is not stored."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import Runner
from newscli import api
from pictures import picture_bytes
from sync_helpers import Person, bare_remote, git, isolate_git
from webserver import Page, Site, serve

pytest.importorskip("PIL.Image")
pytest.importorskip("trafilatura")


@pytest.fixture(autouse=True)
def _git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(tmp_path, monkeypatch)


@pytest.fixture
def site() -> Iterator[Site]:
    with serve({"/pics/a.png": Page(picture_bytes("PNG", (32, 18)), "image/png")}) as served:
        yield served


def _ok(run: Runner, person: Person, *args: str) -> str:
    result = run("--data-dir", str(person.data), *args)
    assert result.exit_code == 0, result.stderr
    return result.stderr


@pytest.mark.usefixtures("image_fetching")
def test_a_synced_article_comes_with_its_image(run: Runner, tmp_path: Path, site: Site) -> None:
    remote = bare_remote(tmp_path)
    mei, kai = Person("mei", tmp_path / "mei"), Person("kai", tmp_path / "kai")
    image = f"{site.base}/pics/a.png"
    article = api.add_article(mei.store, api.Draft(title="Lights", body="On.", image=image)).id
    assert [k.problem for k in api.keep_images(mei.store, [article], private=True)] == [None]
    _ok(run, mei, "sync", "init", str(remote))
    assert "media/" in (mei.data / ".gitignore").read_text()  # images are not shared
    assert "media" not in git(mei.data, "ls-files")

    said = _ok(run, kai, "sync", "init", str(remote), "--allow-private")  # the site: 127.0.0.1
    assert "Fetched 1 feature image of articles that arrived." in said
    assert (kai.data / "media" / f"{article}.png").read_bytes() == (
        mei.data / "media" / f"{article}.png"
    ).read_bytes()
    assert run("--data-dir", str(kai.data), "check").exit_code == 0


def test_check_reports_an_article_whose_image_is_not_stored(
    run: Runner, tmp_path: Path, site: Site
) -> None:
    mei, kai = Person("mei", tmp_path / "mei"), Person("kai", tmp_path / "kai")
    remote = bare_remote(tmp_path)
    article = api.add_article(
        mei.store, api.Draft(title="Lights", body="On.", image=f"{site.base}/pics/a.png")
    ).id
    _ok(run, mei, "sync", "init", str(remote))
    said = _ok(run, kai, "sync", "init", str(remote), "--no-images")  # or fetching unavailable
    assert "Fetched" not in said and not (kai.data / "media").exists()
    result = run("--data-dir", str(kai.data), "check")
    assert result.exit_code == 1
    assert result.stdout == (
        f"articles/{article}.toml: its feature image is not stored; 'newscli image {article}"
        " --fetch' fetches it\n"
    )


@pytest.mark.usefixtures("image_fetching")
def test_an_image_address_a_peer_wrote_may_not_reach_a_private_address(
    run: Runner, tmp_path: Path, site: Site
) -> None:
    remote = bare_remote(tmp_path)
    mei, kai = Person("mei", tmp_path / "mei"), Person("kai", tmp_path / "kai")
    image = f"{site.base}/pics/a.png"  # on 127.0.0.1, as a peer's could be
    article = api.add_article(mei.store, api.Draft(title="Lights", body="On.", image=image)).id
    _ok(run, mei, "sync", "init", str(remote))
    said = _ok(run, kai, "sync", "init", str(remote))
    assert f"image of {article} not kept: {image}: 127.0.0.1 is a private or local address" in said
    assert not (kai.data / "media").exists()
    assert site.agents == []  # no request reached the server
