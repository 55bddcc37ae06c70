"""A reply's card and voice notes outside Telegram (the console chat): written to a folder, paths shown."""

from __future__ import annotations

import asyncio
from pathlib import Path

from dialogs.reply import Reply
from media.outgoing import MediaService, NoticeOut


async def preview(media: MediaService, reply: Reply, lang: str, mode: str, folder: Path) -> list[str]:
    """One line per card or voice note, e.g. `[🔊 voice note ar, 6 s: data/console/ar-1a2b3c.ogg]`."""
    lines: list[str] = []
    await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
    if reply.picture is not None:
        photo = await media.photo(reply.picture, lang, mode)
        if photo is not None:
            path = folder / photo.filename
            await asyncio.to_thread(path.write_bytes, photo.png)
            lines.append(f"[🖼️ card {photo.width}×{photo.height}: {path}]")
    if reply.speech is not None:
        for item in await media.voice_notes(reply.speech, lang, mode):
            if isinstance(item, NoticeOut):
                lines.append(item.text)
                continue
            path = folder / f"{item.lang}-{item.key[-12:]}.ogg"
            await asyncio.to_thread(path.write_bytes, item.audio)
            lines.append(f"[🔊 voice note {item.lang}, {item.duration} s: {path}]")
    return lines
