"""A text with everything other annotation tools have got wrong, and spans placed on it."""

from __future__ import annotations

HARD_LINES = [
    "Minister Ana\u00a0Kovač said: “We will not sign.” 👍",  # NBSP, curly quotes, emoji
    "Family 👩\u200d👩\u200d👧 posts: café vs cafe\u0301 — both count.",  # ZWJ sequence, combining acute
    "شعار: ميزانية للجميع (Arabic, right-to-left)",
    "Лозунг: «Порт — это мы!» said 12\u00a0km away.",  # Cyrillic, NBSP before the unit
    "Zero\u200bwidth and\ttab stay; 3.4\u202f% rose.",  # ZWSP, tab, narrow NBSP
]
HARD_TEXT = "\n".join(HARD_LINES) + "\n"
HARD_CRLF_BYTES = HARD_TEXT.replace("\n", "\r\n").encode("utf-8")


def find(text: str, needle: str) -> tuple[int, int]:
    """Code-point span of the first occurrence of ``needle``."""
    start = text.index(needle)
    return start, start + len(needle)
