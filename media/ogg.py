"""The header and length of an Ogg Opus file: to check a voice note and to tell Telegram its duration.

Ogg pages: https://www.rfc-editor.org/rfc/rfc3533 ; Opus in Ogg (OpusHead, granule at 48 kHz, pre-skip):
https://www.rfc-editor.org/rfc/rfc7845 . Only the page headers are read, never the audio itself.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

OPUS_GRANULE_RATE = 48_000
_PAGE_HEADER = struct.Struct("<4sBBqIIIB")  # capture, version, flags, granule, serial, seqno, crc, segments


class NotOggOpusError(ValueError):
    """The bytes are not a (complete) Ogg stream whose first packet is an OpusHead."""


@dataclass(frozen=True)
class OggOpusInfo:
    channels: int
    input_sample_rate: int
    pre_skip: int
    duration_s: float
    pages: int


def _pages(data: bytes):  # type: ignore[no-untyped-def]
    """Yields (granule position, header type flags, payload) per page."""
    offset = 0
    while offset < len(data):
        if len(data) - offset < _PAGE_HEADER.size:
            raise NotOggOpusError("truncated Ogg page header")
        capture, version, flags, granule, _serial, _seq, _crc, segments = _PAGE_HEADER.unpack_from(
            data, offset
        )
        if capture != b"OggS" or version != 0:
            raise NotOggOpusError("not an Ogg page")
        lacing_start = offset + _PAGE_HEADER.size
        lacing = data[lacing_start : lacing_start + segments]
        body_start = lacing_start + segments
        body_end = body_start + sum(lacing)
        if len(lacing) != segments or body_end > len(data):
            raise NotOggOpusError("truncated Ogg page")
        yield granule, flags, data[body_start:body_end]
        offset = body_end


def read_ogg_opus(data: bytes) -> OggOpusInfo:
    """Header facts and playing time (last granule minus pre-skip, at 48 kHz)."""
    pages = list(_pages(data))
    if not pages:
        raise NotOggOpusError("empty file")
    first = pages[0][2]
    if len(first) < 19 or not first.startswith(b"OpusHead"):
        raise NotOggOpusError("first packet is not OpusHead: not an Opus stream")
    channels = first[9]
    pre_skip, input_rate = struct.unpack_from("<HI", first, 10)
    if not pages[-1][1] & 0x04:
        raise NotOggOpusError("no end-of-stream page: the file is cut off")
    last_granule = max(granule for granule, _flags, _body in pages if granule >= 0)
    duration = max(0, last_granule - pre_skip) / OPUS_GRANULE_RATE
    return OggOpusInfo(channels, input_rate, pre_skip, duration, len(pages))
