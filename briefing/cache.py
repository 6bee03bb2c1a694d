"""Cache entries that carry a checksum of their own bytes, so that a cache can never change output.

Every file the build keeps under ``.cache/`` (the YAML values of ``load.KnownFiles``, the charts' SVG,
Vega and Vega-Lite specs and the vega-embed bundle of ``charts``, the page templates' compiled bytecode
(``CheckedBytecode`` of ``briefing/mkdocs/events.py``), the preview's pages of its last start) is written by ``write`` as one
header line, ``briefing-cache sha256=<hex>``, then the payload. The digest covers the file's own
name (which holds its cache key) and the payload, so ``read`` returns the payload only when the entry
is exactly what was written under that name: an entry edited, flipped, truncated, or copied from
another entry's file is discarded (``None``), and the caller rebuilds it and writes it again.
Writes are atomic (a temporary file, then ``os.replace``): a concurrent build never reads half a file.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

HEADER = b"briefing-cache sha256="


def _digest(path: Path, payload: bytes | memoryview) -> bytes:
    digest = hashlib.sha256(path.name.encode() + b"\0")
    digest.update(payload)
    return digest.hexdigest().encode("ascii")


def read(path: Path) -> memoryview | None:
    """The payload of the entry at ``path`` (a view of the file's bytes, not a copy of its megabytes);
    None when it is missing, unreadable or not exactly as written."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    end = data.find(b"\n", 0, 128)
    payload = memoryview(data)[end + 1 :]  # hashed where it lies (a YAML store can be 12 MB: 9 ms)
    if end < 0 or data[:end] != HEADER + _digest(path, payload):
        return None
    return payload


def read_text(path: Path) -> str | None:
    payload = read(path)
    return None if payload is None else str(payload, "utf-8")


def write(path: Path, payload: bytes) -> None:
    """Write an entry atomically, with its checksum; a cache that cannot be written is left as it is."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
        partial.write_bytes(HEADER + _digest(path, payload) + b"\n" + payload)
        partial.replace(path)
    except OSError:
        pass


def write_text(path: Path, text: str) -> None:
    write(path, text.encode("utf-8"))
