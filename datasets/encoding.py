"""Which encoding the text of a DBF (or CSV) is in, when the file does not say.

Shapefiles from Chinese desktop GIS write the attribute table (``.dbf``) in the system
code page, GBK (cp936), usually without a ``.cpg``; newer tools write UTF-8. The bytes
decide: valid UTF-8 with non-ASCII characters is UTF-8 (GBK text is almost never valid
UTF-8), else GBK, else its superset GB18030. The guess comes with decoded samples in each
candidate encoding, so a person can see which one reads right and correct it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

CANDIDATES = ("UTF-8", "GBK", "GB18030")
ACCEPTED = ("UTF-8", "GBK", "GB18030", "GB2312", "BIG5", "LATIN1", "CP1252", "ISO-8859-1")
SAMPLE_BYTES = 1 << 20  # the guess reads at most this much of the file
# DBF language driver ids (byte 29) that name a Chinese code page
LDID = {0x4D: "GBK", 0x7A: "GBK", 0x4F: "BIG5", 0x78: "BIG5"}
_NON_ASCII_RUN = re.compile(rb"[\x80-\xff][\x20-\xff]{1,40}")


@dataclass(frozen=True)
class EncodingGuess:
    encoding: str
    source: str  # "declared" (.cpg or chosen) | "detected" | "ascii"
    confidence: str  # "high" | "medium" | "low"
    samples: dict[str, list[str]] = field(default_factory=dict)  # encoding → decoded texts

    def to_dict(self) -> dict:
        return {"encoding": self.encoding, "source": self.source,
                "confidence": self.confidence, "samples": self.samples,
                "candidates": list(CANDIDATES)}


def normalise(name: str) -> str:
    """A canonical spelling of an accepted encoding name (raises ValueError)."""
    key = name.strip().upper().replace("_", "-")
    aliases = {"UTF8": "UTF-8", "CP936": "GBK", "936": "GBK", "GB-18030": "GB18030",
               "LATIN-1": "LATIN1", "ISO8859-1": "ISO-8859-1"}
    key = aliases.get(key, key)
    if key not in ACCEPTED:
        raise ValueError(f"encoding {name!r} is not one of {', '.join(ACCEPTED)}")
    return key


def _dbf_text(path: Path) -> tuple[bytes, int | None]:
    """The record bytes (at most :data:`SAMPLE_BYTES`) and the language driver id."""
    with path.open("rb") as fh:
        head = fh.read(32)
        if len(head) < 32:
            return b"", None
        header_len = int.from_bytes(head[8:10], "little")
        fh.seek(header_len)
        return fh.read(SAMPLE_BYTES), head[29] or None


def _samples(data: bytes) -> list[bytes]:
    runs: list[bytes] = []
    for match in _NON_ASCII_RUN.finditer(data):
        chunk = match.group(0).strip()
        if chunk and chunk not in runs:
            runs.append(chunk)
        if len(runs) >= 5:
            break
    return runs


def guess_bytes(data: bytes, ldid: int | None = None) -> EncodingGuess:
    """Guess the encoding of text bytes (see the module docstring)."""
    runs = _samples(data)
    samples = {enc: [r.decode(enc, errors="replace") for r in runs] for enc in CANDIDATES}
    if not runs:
        return EncodingGuess("UTF-8", "ascii", "high", {})
    try:
        data.decode("utf-8")
        return EncodingGuess("UTF-8", "detected", "high", samples)
    except UnicodeDecodeError as exc:
        # a sample cut in the middle of a character at the end is not a failure
        if exc.start >= len(data) - 3 and len(data) >= SAMPLE_BYTES:
            return EncodingGuess("UTF-8", "detected", "medium", samples)
    for enc in ("GBK", "GB18030"):
        try:
            data.decode(enc)
            declared = LDID.get(ldid or 0)
            return EncodingGuess(enc, "detected", "high" if declared == "GBK" else "medium",
                                 samples)
        except UnicodeDecodeError as exc:
            if exc.start >= len(data) - 3 and len(data) >= SAMPLE_BYTES:
                return EncodingGuess(enc, "detected", "medium", samples)
    return EncodingGuess("GB18030", "detected", "low", samples)


def guess_dbf(path: Path) -> EncodingGuess:
    data, ldid = _dbf_text(path)
    return guess_bytes(data, ldid)


def guess_text_file(path: Path) -> EncodingGuess:
    with path.open("rb") as fh:
        data = fh.read(SAMPLE_BYTES)
    if data.startswith(b"\xef\xbb\xbf"):
        return EncodingGuess("UTF-8", "declared", "high", {})
    return guess_bytes(data)


def read_cpg(path: Path) -> str | None:
    """The encoding a ``.cpg`` names (``UTF-8``, ``GBK``, ``936`` …), or None."""
    try:
        text = path.read_text(encoding="ascii", errors="ignore").strip()
    except OSError:
        return None
    try:
        return normalise(text) if text else None
    except ValueError:
        return None
