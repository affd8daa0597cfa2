"""Time importing site exports with their discussions, and show that memory stays flat.

    .venv/bin/python benchmarks/site_exports.py [--comments 10000] [--newscli PATH]

Writes a WordPress export (WXR) and a Disqus export of made-up posts, each post with 100
comments threaded up to six deep (a tenth with wpDiscuz votes, a twentieth spam), then
times ``newscli import --quiet --no-images FILE`` into an empty store, and a second import
of the same file (which adds nothing). The issue's target: 10,000 comments in 5 s. Each
file is also imported at ten times the size, with the peak memory (maximum resident set)
of the import and of the reader alone: the reader's does not grow with the file; the
import's grows with the records made ready ahead by its worker processes, a fixed number
of records (``prepare.AHEAD`` chunks a core), each here a post with 100 comments.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

PER_POST = 100
WORDS = ("tide", "harbour", "ferry", "quay", "keeper", "bell", "fog", "gull", "rock", "fleet")


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _wxr(path: Path, comments: int, rng: random.Random) -> None:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel><title>Bench</title>'
            "<link>https://bench.example/</link>\n"
        )
        for post in range(comments // PER_POST):
            at = start + timedelta(days=post)
            out.write(
                f"<item><title>Post {post}</title><link>https://bench.example/{post}/</link>"
                f"<dc:creator>editor</dc:creator><content:encoded><![CDATA[<p>"
                f"{_text(rng, 300)}</p><p>{_text(rng, 200)}</p>]]></content:encoded>"
                f"<wp:post_id>{post}</wp:post_id><wp:post_date_gmt>{at:%Y-%m-%d %H:%M:%S}"
                "</wp:post_date_gmt><wp:status>publish</wp:status><wp:post_type>post"
                "</wp:post_type>\n"
            )
            for number in range(PER_POST):
                parent = rng.randrange(number) if number and number % 6 else 0
                when = at + timedelta(minutes=number)
                approved = "spam" if number % 20 == 19 else "1"
                meta = (
                    "<wp:commentmeta><wp:meta_key>wpdiscuz_votes_seperate</wp:meta_key>"
                    '<wp:meta_value><![CDATA[a:2:{s:4:"like";i:3;s:7:"dislike";i:1;}]]>'
                    "</wp:meta_value></wp:commentmeta>"
                    if number % 10 == 0
                    else ""
                )
                out.write(
                    f"<wp:comment><wp:comment_id>{number + 1}</wp:comment_id>"
                    f"<wp:comment_author>reader{number % 37}</wp:comment_author>"
                    f"<wp:comment_date_gmt>{when:%Y-%m-%d %H:%M:%S}</wp:comment_date_gmt>"
                    f"<wp:comment_content><![CDATA[{_text(rng, 40)}]]></wp:comment_content>"
                    f"<wp:comment_approved>{approved}</wp:comment_approved>"
                    f"<wp:comment_parent>{parent and parent + 1}</wp:comment_parent>"
                    f"{meta}</wp:comment>\n"
                )
            out.write("</item>\n")
        out.write("</channel></rss>\n")


def _disqus(path: Path, comments: int, rng: random.Random) -> None:
    threads = comments // PER_POST
    start = datetime(2024, 1, 1, tzinfo=UTC)
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="utf-8"?>\n<disqus xmlns="http://disqus.com" '
            'xmlns:dsq="http://disqus.com/disqus-internals">\n'
        )
        for thread in range(threads):
            out.write(
                f'<thread dsq:id="t{thread}"><link>https://bench.example/{thread}/</link>'
                f"<title>Thread {thread}</title><isDeleted>false</isDeleted></thread>\n"
            )
        for number in range(comments):  # posts in time order, threads interleaved
            thread, place = number % threads, number // threads
            when = start + timedelta(minutes=number)
            parent = f'<parent dsq:id="p{thread}-{rng.randrange(place)}"/>' if place % 6 else ""
            out.write(
                f'<post dsq:id="p{thread}-{place}"><message><![CDATA[<p>{_text(rng, 40)}</p>]]>'
                f"</message><createdAt>{when:%Y-%m-%dT%H:%M:%SZ}</createdAt>"
                f"<isDeleted>false</isDeleted><isSpam>{str(place % 20 == 19).lower()}</isSpam>"
                f"<author><name>reader{number % 37}</name></author>"
                f'<thread dsq:id="t{thread}"/>{parent}</post>\n'
            )
        out.write("</disqus>\n")


def _run(newscli: str, work: Path, source: Path, store: str) -> tuple[float, int]:
    """Wall time of one import, and the peak resident memory of its process in MB."""
    env = dict(os.environ, NEWSCLI_HOME=str(work / store))
    env["NEWSCLI_CACHE"] = str(work / "cache" / store)
    command = [newscli, "import", "--quiet", "--no-images", str(source)]
    # The peak of this child alone: time -v would need GNU time, so ask the kernel in a
    # fresh process whose only child is the import.
    probe = (
        "import resource, subprocess, sys, time; s = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
        "print(time.perf_counter() - s, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, *command], env=env, check=True, capture_output=True, text=True
    ).stdout.split()
    return float(out[0]), int(out[1]) // 1024


def _reader_peak(source: Path, fmt: str) -> int:
    """The peak resident memory, in MB, of a process that only reads the export."""
    code = (
        "import resource, sys; from newscli.ingest.formats.registry import reader; "
        "from newscli.ingest.input_record import ReadOptions; "
        "h = open(sys.argv[1], 'rb'); "
        "sum(1 for _ in reader(sys.argv[2]).read(h, sys.argv[1], ReadOptions())); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(source), fmt], check=True, capture_output=True, text=True
    )
    return int(done.stdout) // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--comments", type=int, default=10_000)
    parser.add_argument("--newscli", default="newscli")
    args = parser.parse_args()
    rng = random.Random(28)  # noqa: S311 - made-up text, the same every run
    with tempfile.TemporaryDirectory(prefix="newscli-exports-") as folder:
        work = Path(folder)
        for name, write in (("wxr", _wxr), ("disqus", _disqus)):
            for scale in (1, 10):
                comments = args.comments * scale
                source = work / f"{name}-{comments}.xml"
                write(source, comments, rng)
                size = source.stat().st_size / 2**20
                store = f"{name}-{comments}"
                first, peak = _run(args.newscli, work, source, store)
                again, _ = _run(args.newscli, work, source, store)
                alone = _reader_peak(source, name)
                print(
                    f"{name}: {comments:,} comments ({size:.1f} MB): import {first:.2f} s"
                    f" (peak {peak} MB; the reader alone {alone} MB), again {again:.2f} s"
                )
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"(max resident set of this script: {own} MB)")


if __name__ == "__main__":
    main()
