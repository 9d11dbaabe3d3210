"""Read and write the user's text files byte-faithfully (CRLF, no final newline, BOM)."""

from __future__ import annotations

from pathlib import Path

from roadmap_bot.errors import InputFileError, Problem, RoadmapBotError


def decode_utf8(data: bytes, filename: str, error: type[InputFileError] = InputFileError) -> str:
    """The text of data, or an error naming the line and column (in characters) of the
    first byte that is not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as fault:
        line_start = data.rfind(b"\n", 0, fault.start) + 1
        before = data[line_start : fault.start].decode("utf-8").removeprefix("\ufeff")
        line = data.count(b"\n", 0, fault.start) + 1
        message = f"not UTF-8 text (byte 0x{data[fault.start]:02x}); save the file as UTF-8"
        raise error([Problem(filename, line, len(before) + 1, "", message)]) from None


def read_bytes(path: Path | str) -> bytes:
    """The file's bytes, or an error that names it and says what is wrong."""
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise RoadmapBotError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise RoadmapBotError(f"{path}: is a directory, not a file") from None
    except OSError as error:
        raise RoadmapBotError(f"{path}: cannot read: {error.strerror}") from None


def read_text(path: Path | str) -> str:
    return decode_utf8(read_bytes(path), str(path))


def write_text(path: Path | str, text: str) -> None:
    """Write text as it is: no newline translation, so a CRLF file stays CRLF."""
    Path(path).write_bytes(text.encode("utf-8"))
