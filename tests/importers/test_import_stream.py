"""JSON Lines is imported a record at a time: no limit on the whole input, one on each
record, and nothing read far ahead of the record being imported."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from conftest import Runner
from newscli import api
from newscli.ingest import sources as inputs


class _Counting(io.RawIOBase):
    """Bytes that remember how many of them were read."""

    def __init__(self, data: bytes) -> None:
        self.data, self.done = data, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        chunk = self.data[self.done : self.done + len(buffer)]
        buffer[: len(chunk)] = chunk
        self.done += len(chunk)
        return len(chunk)


def _line(number: int) -> bytes:
    record = {"title": f"Story {number}", "body": "word " * 200}
    return json.dumps(record).encode() + b"\n"


def test_records_are_read_as_they_are_used() -> None:
    raw = _Counting(b"".join(_line(n) for n in range(2000)))  # about 2 MB
    records = iter(api.Inputs(["-"], "auto", io.BufferedReader(raw)))
    first = next(records)
    assert first.record is not None
    assert first.record["title"] == "Story 0"
    assert raw.done < 64 * 1024
    assert sum(1 for _ in records) == 1999


def test_a_record_over_the_limit_is_bad_and_the_next_is_read(
    run: Runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(inputs, "MAX_RECORD_BYTES", 2000)
    source = tmp_path / "in.jsonl"
    long = json.dumps({"title": "Long", "body": "word " * 1000}).encode() + b"\n"
    source.write_bytes(_line(1) + long + _line(3))
    result = run("import", "--quiet", str(source))
    assert result.exit_code == 1
    assert len(result.stdout.split()) == 2
    assert result.stderr == f"{source}:2: longer than the limit of 2,000 bytes for a record\n"


def test_a_byte_order_mark_and_a_last_line_without_newline_are_read(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\xef\xbb\xbf" + _line(1) + b"\n" + _line(2).rstrip())
    entries = list(api.Inputs([str(source)]))
    assert [e.where for e in entries] == [f"{source}:1", f"{source}:3"]
    assert all(e.record is not None for e in entries)
    assert len(api.Inputs([str(source)])) == 3
