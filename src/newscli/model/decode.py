"""Checking and decoding raw input bytes."""

from __future__ import annotations

from newscli.errors import InvalidInput


def decode_text(data: bytes, name: str) -> str:
    """Decode UTF-8 input (a BOM is dropped); refuse binary data and invalid UTF-8."""
    nul = data.find(b"\0")
    if nul != -1:
        raise InvalidInput(f"{name}: binary input (NUL byte at offset {nul}), expected text")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{name}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    return text.removeprefix("\ufeff")


def unify_newlines(text: str) -> str:
    """``text`` with CRLF and lone CR line ends turned into LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
