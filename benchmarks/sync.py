"""Time sharing a store through git: a sync with nothing to do, a merge of many articles
changed on both sides, and git's merge driver on one article.

    .venv/bin/python benchmarks/sync.py [--articles 10000] [--changed 1000] [--newscli PATH]

Builds store A of N articles, shares it through a bare remote, and takes a copy B with
``sync init``. Then: "nothing to do" is ``newscli sync`` in A with no change anywhere
(median of 5 processes); "merge" is ``newscli sync`` in B after A and B each rated the
same K articles (every one a file changed on both sides); "driver" is ``python -m
newscli.merge_driver O A B P`` (git's merge driver, with the Python beside ``--newscli``)
on one such article (median of 5). The issue's targets: 0.5 s on 10,000 articles, 10 s
for 1,000 changed on each side, 0.15 s for the driver.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from newscli import api, settings
from newscli.model import codec


def _newscli(newscli: list[str], data: Path, *args: str, env: dict[str, str]) -> float:
    """Wall time of one newscli process (and the CPU time it and its children used, printed:
    on a busy machine the wall time says more about the machine)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([*newscli, "--data-dir", str(data), *args], env=env, check=True,
                   capture_output=True)  # fmt: skip
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    print(f"  newscli {' '.join(args[:2])}: {wall:.3f} s wall, {cpu:.3f} s CPU")
    return wall


def _store(data: Path, count: int) -> None:
    store = api.open_store(data, settings.index_path(data))
    records = "\n".join(
        json.dumps({"title": f"Article {n}", "body": f"Paragraph of article {n}." * 40})
        for n in range(count)
    )
    outcomes = api.import_entries(store, api.read_input(records.encode(), "stdin", "jsonl"))
    if any(o.kind != "created" for o in outcomes):
        raise SystemExit("import failed")
    api.reindex(store)


def _rate(data: Path, ids: list[str], voter: str) -> None:
    store = api.open_store(data, settings.index_path(data))
    for article_id in ids:
        api.rate_article(store, article_id, voter, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--changed", type=int, default=1_000)
    parser.add_argument("--newscli", default=shutil.which("newscli") or "newscli")
    args = parser.parse_args()
    newscli = [args.newscli]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = {**os.environ, "HOME": tmp, "GIT_CONFIG_NOSYSTEM": "1",
               "NEWSCLI_CACHE": str(work / "cache"), "NEWSCLI_USER": "bench"}  # fmt: skip
        os.environ.update(env)
        subprocess.run(["git", "init", "-q", "--bare", str(work / "r.git")], check=True)
        a, b = work / "a", work / "b"
        _store(a, args.articles)
        _newscli(newscli, a, "sync", "init", str(work / "r.git"), env=env)
        _newscli(newscli, b, "sync", "init", str(work / "r.git"), env=env)
        _newscli(newscli, a, "sync", env=env)
        idle = statistics.median(_newscli(newscli, a, "sync", env=env) for _ in range(5))
        ids = sorted(p.stem for p in (a / "articles").glob("*.toml"))[: args.changed]
        _rate(a, ids, "ann")
        _rate(b, ids, "bo")
        _newscli(newscli, a, "sync", env=env)
        merge = _newscli(newscli, b, "sync", env=env)
        one = ids[0]
        texts = [codec.dumps(api.open_store(d).load(one)) for d in (a, b)]
        files = [work / n for n in ("o.toml", "x.toml", "y.toml")]
        for path, text in zip(files, [texts[0], *texts], strict=True):
            path.write_text(text)
        driver = []
        for _ in range(5):
            files[1].write_text(texts[0])
            start = time.perf_counter()
            driver_command = [str(Path(newscli[0]).parent / "python"), "-m", "newscli.merge_driver"]
            subprocess.run([*driver_command, *map(str, files), f"articles/{one}.toml"],
                           env=env, check=True)  # fmt: skip
            driver.append(time.perf_counter() - start)
    print(f"sync, nothing to do, {args.articles} articles: {idle:.3f} s (target 0.5 s)")
    print(
        f"sync merging {args.changed} articles changed on both sides: {merge:.3f} s (target 10 s)"
    )
    print(f"merge driver on one article: {statistics.median(driver):.3f} s (target 0.15 s)")


if __name__ == "__main__":
    main()
