from __future__ import annotations

from annotator.text import check_span, normalize_text, text_sha256
from tests.annotator.hard_text import HARD_CRLF_BYTES, HARD_TEXT


def test_normalize_drops_bom_and_unifies_line_endings_only() -> None:
    raw = "\ufeff" + HARD_CRLF_BYTES.decode("utf-8")
    assert normalize_text(raw) == HARD_TEXT
    assert normalize_text("a\rb\r\nc\n") == "a\nb\nc\n"
    for keep in ("\u00a0", "\t", "\u200b", "\u200d", "e\u0301", "👩\u200d👩\u200d👧", "שלום", "\u202f"):
        assert normalize_text(f"x{keep}y") == f"x{keep}y"


def test_check_span_counts_code_points() -> None:
    text = "a😀b\nc"
    assert text[4] == "c"
    assert check_span(text, 4, 5, "c") is None
    assert check_span(text, 1, 2, "😀") is None
    assert check_span(text, 0, 0) is not None
    assert check_span(text, True, 2) is not None  # type: ignore[arg-type]


def test_sha256_is_of_utf8_bytes() -> None:
    import hashlib

    # the published SHA-256 test vector, and a non-ASCII text hashed as UTF-8 (not latin-1)
    assert text_sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert text_sha256("é") == hashlib.sha256(b"\xc3\xa9").hexdigest()
    assert text_sha256("é") != hashlib.sha256(b"\xe9").hexdigest()
