"""Voice-note benchmark: synthesis time per language, cache miss vs hit, beside a baseline in the same run.

What it prints, all measured now on this machine:
  1. per language espeak-ng can speak: the reminder of an appointment (the text the bot speaks for a
     reminder, in that language), its length in seconds of audio and bytes of OGG/Opus, and
     - baseline: the plain pipeline `espeak-ng -v LANG --stdout TEXT | opusenc --bitrate 24 - out.ogg`
       as two processes joined by a pipe, writing a file (the recipe in the issue);
     - miss: `VoiceMaker.speak` with an empty cache (espeak-ng + opusenc + check + write to the cache);
     - hit: the same request again (read from the cache and check the Ogg header);
     medians over --repeat runs, and for the miss also the CPU time of espeak-ng + opusenc, which does
     not grow when other work shares the machine (the wall times do).
     The target: a reminder in Arabic and in Dutch under 2 s on a miss.
  2. a broadcast: --recipients people in the nine languages (Somali and Tigrinya get the Dutch audio),
     all asking at once: how many syntheses ran, and the wall time.

Run: .venv/bin/python bench/voice.py [--repeat 5] [--recipients 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from casestore.dto import AppointmentDTO  # noqa: E402
from dialogs import listen, reminders  # noqa: E402
from dialogs.render import render_line  # noqa: E402
from locales.languages import SUPPORTED  # noqa: E402
from media.outgoing import MediaService, VoiceOut  # noqa: E402
from media.voice import ESPEAK_VOICES, VoiceMaker, speakable  # noqa: E402

APPOINTMENT = AppointmentDTO(
    1,
    1,
    "brede_intake",
    datetime(2026, 12, 3, 13, 30, tzinfo=UTC),
    None,
    "Europe/Amsterdam",
    "Gemeentehuis Weert, Wilhelminasingel 101",
    "ar",
    "planned",
    None,
)
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def reminder_text(lang: str) -> str:
    body = reminders.reminder_reply(APPOINTMENT, NOW).body
    return "\n".join(render_line(line, lang) for line in body)


def baseline(text: str, voice: str, out: Path) -> float:
    """espeak-ng | opusenc, as a shell user would run it: wall time in seconds."""
    start = time.perf_counter()
    speak = subprocess.Popen(
        ["espeak-ng", "-v", voice, "-s", "150", "-b", "1", "--stdout", speakable(text)],
        stdout=subprocess.PIPE,
    )
    subprocess.run(
        ["opusenc", "--quiet", "--ignorelength", "--bitrate", "24", "-", str(out)],
        stdin=speak.stdout,
        check=True,
        timeout=120,
    )
    speak.wait(timeout=120)
    return time.perf_counter() - start


def _child_cpu() -> float:
    """CPU seconds used by finished child processes (espeak-ng, opusenc): what the work costs, whatever
    else the machine is doing at the same time."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


async def per_language(repeat: int, work: Path) -> None:
    print(f"1. A reminder as a voice note, medians of {repeat} runs (target: ar and nl under 2 s on a miss)")
    print(
        f"{'lang':<5} {'audio s':>8} {'bytes':>7} {'baseline s':>11} {'miss s':>8} {'miss cpu s':>10} "
        f"{'hit ms':>8}  target"
    )
    for lang, voice in ESPEAK_VOICES.items():
        text = reminder_text(lang)
        base = [baseline(text, voice, work / f"base-{lang}.ogg") for _ in range(repeat)]
        misses, cpu, hits = [], [], []
        note = None
        for run in range(repeat):
            maker = VoiceMaker(work / f"cache-{lang}-{run}")
            start, used = time.perf_counter(), _child_cpu()
            note = await maker.speak(text, lang)
            misses.append(time.perf_counter() - start)
            cpu.append(_child_cpu() - used)
            assert not note.cached
            for _ in range(20):
                start = time.perf_counter()
                again = await maker.speak(text, lang)
                hits.append(time.perf_counter() - start)
                assert again.cached
            assert maker.stats.syntheses == 1
        assert note is not None
        miss = statistics.median(misses)
        verdict = ("ok" if miss < 2 else "SLOW") if lang in ("ar", "nl") else ""
        hit_ms = statistics.median(hits) * 1000
        print(
            f"{lang:<5} {note.duration_s:>8.1f} {len(note.audio):>7} {statistics.median(base):>11.3f} "
            f"{miss:>8.3f} {statistics.median(cpu):>10.3f} {hit_ms:>8.2f}  {verdict}"
        )
    print("     so, ti: no espeak-ng voice (a recording, or the Dutch audio with a notice)")


async def broadcast(recipients: int, work: Path) -> None:
    media = MediaService(VoiceMaker(work / "broadcast-cache"))
    reply = listen.with_audio(reminders.reminder_reply(APPOINTMENT, NOW))
    assert reply.speech is not None
    languages = [SUPPORTED[i % len(SUPPORTED)] for i in range(recipients)]
    start = time.perf_counter()
    results = await asyncio.gather(*(media.voice_notes(reply.speech, lang) for lang in languages))
    elapsed = time.perf_counter() - start
    notes = sum(1 for items in results for item in items if isinstance(item, VoiceOut))
    stats = media.voice.stats
    print(f"\n2. A broadcast to {recipients} people in {len(SUPPORTED)} languages, all at once")
    print(
        f"   voice notes handed out: {notes}; syntheses run: {stats.syntheses} "
        f"(one per spoken language); cache hits: {stats.cache_hits}; wall time: {elapsed:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--recipients", type=int, default=1000)
    args = parser.parse_args()
    version = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True).stdout.split("  ")[0]
    print(f"{version}; opusenc 24 kbit/s mono; speed 150 words/min\n")
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(per_language(args.repeat, Path(folder)))
        asyncio.run(broadcast(args.recipients, Path(folder)))


if __name__ == "__main__":
    main()
