"""Oral and visual output: voice notes (espeak-ng + opusenc, or a human recording) and picture cards (Pillow).

Everything here runs offline on this machine. `dialogs/` says *what* to speak or draw (a `Speech`, a
`Card`); this package turns that into OGG/Opus and PNG bytes that any transport can send.
"""
