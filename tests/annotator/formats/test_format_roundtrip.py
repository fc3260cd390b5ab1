"""Every format round-trips our own export: export, import into a new project, compare.

What each format keeps is spelled out in ``KEEPS``; everything else must come back exactly
(texts, offsets, quotes, categories, coders), and importing the same file again, or into the
project it came from, must add nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from annotator import formats
from annotator.project import Project
from tests.annotator.formats.conftest import new_project, quotes_match, snapshot

# What survives the trip, per format ("note1": notes with line breaks as spaces).
KEEPS: dict[str, set[str]] = {
    "json": {"note", "attributes", "times", "title", "metadata"},
    "qdpx": {"note", "attributes", "times", "title", "metadata"},
    "w3c": {"note", "attributes", "times", "title", "metadata"},
    "labelstudio": {"note", "attributes", "title", "metadata"},
    "cas": {"note", "attributes", "title"},
    "webanno": {"note", "attributes"},
    "brat": {"note1", "attributes"},
    "doccano": {"title"},
}


def expected(row: dict[str, Any], keeps: set[str]) -> dict[str, Any]:
    row = dict(row)
    if "note1" in keeps:
        row["note"] = " ".join(row["note"].split("\n"))
    elif "note" not in keeps:
        row["note"] = ""
    if "attributes" not in keeps:
        row["attributes"] = {}
    if "times" not in keeps:
        row.pop("created")
        row.pop("modified")
    return row


def export_import(coded: Project, tmp_path: Path, fmt: str, **options: str) -> tuple[Project, Path]:
    out = tmp_path / f"export-{fmt}{formats.FORMATS[fmt].suffix}"
    formats.export_file(coded, out, fmt, **options)
    assert formats.detect_format(out) == (None if fmt == "json" else fmt)
    fresh = new_project(tmp_path / f"fresh-{fmt}.sqlite")
    if fmt == "json":
        from annotator.dataset import import_dataset

        import_dataset(fresh, out)
    else:
        result = formats.import_file(fresh, out)
        assert result.format == fmt
        assert result.result.annotations_added == len(coded.annotations())
    return fresh, out


@pytest.mark.parametrize("fmt", sorted(KEEPS))
def test_round_trip_keeps_what_the_format_can_hold(coded: Project, tmp_path: Path, fmt: str) -> None:
    keeps = KEEPS[fmt]
    fresh, out = export_import(coded, tmp_path, fmt)
    with fresh:
        quotes_match(fresh)
        before = [expected(r, keeps) for r in snapshot(coded)]
        after = [expected(r, keeps) for r in snapshot(fresh)]
        assert after == before
        # the texts come back exactly (CRLF-imported, emoji, ZWJ, NBSP, RTL, blank and space-only lines)
        assert sorted(coded.document(d.id).text for d in coded.documents()) == sorted(
            fresh.document(d.id).text for d in fresh.documents()
        )
        by_text = {fresh.document(d.id).text: d for d in fresh.documents()}
        for d in coded.documents():
            other = by_text[coded.document(d.id).text]
            if "title" in keeps:
                assert other.title == d.title
            if "metadata" in keeps:
                assert (other.source, other.author, other.url, other.published, other.language) == (
                    d.source,
                    d.author,
                    d.url,
                    d.published,
                    d.language,
                )
        if fmt == "json":
            return
        # idempotent: the same file again, and back into the project it came from, add nothing
        again = formats.import_file(fresh, out)
        assert (again.result.documents_added, again.result.annotations_added) == (0, 0)
        back = formats.import_file(coded, out)
        assert (back.result.documents_added, back.result.annotations_added, back.result.annotators_added) == (
            0,
            0,
            0,
        )
        assert back.already_there == len(coded.annotations())


@pytest.mark.parametrize("fmt", sorted(set(KEEPS) - {"json"}))
def test_exporting_twice_gives_the_same_bytes(coded: Project, fmt: str) -> None:
    assert formats.export_bytes(coded, fmt) == formats.export_bytes(coded, fmt)
