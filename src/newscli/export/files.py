"""Exports written to disk: one file, or a directory with one file an article."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from newscli.choices import ExportFormat
from newscli.disk import atomic
from newscli.errors import NewsError
from newscli.model.article import Article


def export_text(
    articles: Sequence[Article], fmt: ExportFormat | str = "jsonl", media: Path | None = None
) -> str:
    """The articles as text: ``jsonl`` and ``json`` hold any number; ``toml``, ``markdown``,
    ``html`` and ``text`` exactly one (else ValueError). ``html`` embeds the image stored
    in ``media`` (e.g. ``store.data.media``), else links its address."""
    from newscli.export.registry import EMBEDS_IMAGES, export

    fmt = ExportFormat(fmt)
    images = None
    if media is not None and fmt in EMBEDS_IMAGES:
        images = data_uris(media, articles)
    return export(articles, fmt, images)


def export_file(
    articles: Sequence[Article], fmt: ExportFormat | str, path: Path, media: Path | None = None
) -> None:
    """Write ``export_text(articles, fmt, media)`` to ``path`` atomically."""
    write_file(path, export_text(articles, fmt, media))


def write_file(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, as UTF-8."""
    try:
        atomic.write_bytes(path, text.encode("utf-8"))
    except OSError as exc:
        raise NewsError(f"cannot write '{path}': {exc.strerror}") from None


def export_folder(
    articles: Sequence[Article],
    fmt: ExportFormat | str,
    folder: Path | str,
    media: Path | None = None,
) -> list[Path]:
    """Write each article to ``folder`` (created if missing) as ``ID.SUFFIX``; returns
    the files written. ``media``: as for ``export_text``."""
    from newscli.export.registry import SUFFIXES

    fmt = ExportFormat(fmt)
    try:
        atomic.make_dirs(Path(folder))
    except OSError as exc:
        raise NewsError(f"cannot create the directory '{folder}': {exc.strerror}") from None
    written = []
    for article in articles:
        path = Path(folder) / f"{article.id}{SUFFIXES[fmt]}"
        write_file(path, export_text([article], fmt, media))
        written.append(path)
    return written


def data_uris(folder: Path, articles: Iterable[Article]) -> dict[str, str]:
    """The stored images of ``articles`` in ``folder`` as ``data:`` URIs, by article id
    (for a page that must stand alone); read as bytes, never decoded, never through a
    symbolic link."""
    import base64

    from newscli.disk.datadir import is_link
    from newscli.store import images

    if is_link(folder):
        return {}  # never followed (``check`` reports it)
    found = {}
    for article in articles:
        path = images.image_path(folder, article.id)
        if path is not None:
            try:
                data = base64.b64encode(images.image_bytes(path, path.name)).decode("ascii")
            except images.BadImage:
                continue  # gone, unreadable or a link: the page links the address instead
            found[article.id] = f"data:{images.media_type(path)};base64,{data}"
    return found
