"""The Ogg Opus reader against files made by the real opusenc, and against broken input."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from media.ogg import NotOggOpusError, read_ogg_opus


@pytest.fixture(scope="module")
def one_second_ogg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Exactly 1.000 s of a 440 Hz tone at 48 kHz, encoded by opusenc."""
    folder = tmp_path_factory.mktemp("ogg")
    raw = folder / "tone.raw"
    import math
    import struct

    samples = [round(8000 * math.sin(2 * math.pi * 440 * i / 48_000)) for i in range(48_000)]
    raw.write_bytes(struct.pack(f"<{len(samples)}h", *samples))
    out = folder / "tone.ogg"
    subprocess.run(
        ["opusenc", "--quiet", "--raw", "--raw-rate", "48000", "--raw-chan", "1", str(raw), str(out)],
        check=True,
        timeout=30,
    )
    return out


def test_reads_channels_rate_and_exact_duration(one_second_ogg: Path) -> None:
    info = read_ogg_opus(one_second_ogg.read_bytes())
    assert (info.channels, info.input_sample_rate) == (1, 48_000)
    assert info.duration_s == pytest.approx(1.0, abs=0.001)
    # The same length as opusinfo, the reference tool from opus-tools, reports.
    report = subprocess.run(
        ["opusinfo", str(one_second_ogg)], capture_output=True, text=True, timeout=30
    ).stdout
    minutes, seconds = re.search(r"Playback length:\s+(\d+)m:([\d.]+)s", report).groups()  # type: ignore[union-attr]
    assert info.duration_s == pytest.approx(int(minutes) * 60 + float(seconds), abs=0.002)


def test_refuses_what_is_not_a_whole_ogg_opus_stream(one_second_ogg: Path) -> None:
    data = one_second_ogg.read_bytes()
    with pytest.raises(NotOggOpusError, match="not an Ogg page"):
        read_ogg_opus(b"RIFF" + data[4:])
    with pytest.raises(NotOggOpusError, match=r"truncated|cut off"):
        read_ogg_opus(data[: len(data) // 2])
    with pytest.raises(NotOggOpusError, match="OpusHead"):
        read_ogg_opus(data.replace(b"OpusHead", b"VorbisHd", 1))
    with pytest.raises(NotOggOpusError):
        read_ogg_opus(b"")
