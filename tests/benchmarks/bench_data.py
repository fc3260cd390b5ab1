"""Datasets in and out: import 2,000 articles with 100,000 annotations, export them as JSON and CSV.

Floors: the import's is ``json.load`` and the same rows inserted with plain sqlite3
(``executemany``, one transaction) into the same schema; the exports' are the same rows read
with plain sqlite3 and written with ``json.dump`` / ``csv.writer``. The app does more on top
(validation of every offset and quote against the text and the codebook, ids, timestamps,
atomic writes); the ratio says how much that costs.
"""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.benchmarks.common import Result, dataset, median, timed

DOCUMENTS = 2000
ANNOTATORS = 2
SPANS = 25  # per annotator and document: 2,000 x 2 x 25 = 100,000 annotations


def _empty_project(folder: Path) -> Path:
    from annotator.project import Project

    path = folder / "empty.sqlite"
    Project.open(path).close()
    return path


def _plain_import(dataset_path: Path, project_path: Path) -> None:
    """The floor: parse the file, insert the rows the app stores, one transaction."""
    with dataset_path.open(encoding="utf-8") as fh:
        data = json.load(fh)
    now = datetime.now(UTC).isoformat(sep=" ")
    con = sqlite3.connect(project_path)
    try:
        with con:
            con.executemany(
                "INSERT INTO annotators (id, name, kind, adjudicated_by, created_at) VALUES (?, ?, ?, ?, ?)",
                [(a["id"], a["name"], a["kind"], None, now) for a in data["annotators"]],
            )
            con.executemany(
                "INSERT INTO documents (id, position, title, source, author, url, published, language,"
                " text, sha256, original_filename, original_sha256, status, imported_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        d["id"],
                        i + 1,
                        d["title"],
                        d["source"],
                        d["author"],
                        d["url"],
                        d["published"],
                        d["language"],
                        d["text"],
                        d["sha256"],
                        d["provenance"]["filename"],
                        d["provenance"]["sha256"],
                        d["status"],
                        now,
                    )
                    for i, d in enumerate(data["documents"])
                ],
            )
            con.executemany(
                'INSERT INTO annotations (id, document_id, annotator_id, start, "end", quote, category,'
                " attributes, note, codebook_version, created_at, modified_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        a["id"],
                        d["id"],
                        a["annotator"],
                        a["start"],
                        a["end"],
                        a["quote"],
                        a["category"],
                        json.dumps(a["attributes"]),
                        a["note"],
                        a["codebook_version"],
                        a["created"],
                        a["modified"],
                    )
                    for d in data["documents"]
                    for a in d["annotations"]
                ],
            )
    finally:
        con.close()


def _plain_rows(project_path: Path) -> tuple[list[Any], list[Any], list[Any]]:
    """The rows an export needs, read with plain sqlite3 in the export's order."""
    con = sqlite3.connect(project_path)
    try:
        annotators = con.execute("SELECT id, name, kind FROM annotators ORDER BY name, id").fetchall()
        documents = con.execute(
            "SELECT id, title, source, author, url, published, language, text, sha256, status,"
            " original_filename, original_sha256 FROM documents ORDER BY position"
        ).fetchall()
        annotations = con.execute(
            'SELECT document_id, id, start, "end", quote, category, annotator_id, attributes, note,'
            " codebook_version, created_at, modified_at FROM annotations"
            ' ORDER BY document_id, start, "end", id'
        ).fetchall()
    finally:
        con.close()
    return annotators, documents, annotations


DOC_KEYS = ("id", "title", "source", "author", "url", "published", "language", "text", "sha256", "status")
ANN_KEYS = ("id", "start", "end", "quote", "category", "annotator", "attributes", "note", "codebook_version")


def _plain_json(project_path: Path, out: Path, codebook: dict[str, Any]) -> None:
    """The same JSON document the app writes (same fields, same indent), built from plain rows."""
    annotators, documents, annotations = _plain_rows(project_path)
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for r in annotations:
        item = dict(zip(ANN_KEYS, r[1:10], strict=True))
        item["attributes"] = json.loads(r[7])
        item["created"], item["modified"] = r[10], r[11]
        by_doc.setdefault(r[0], []).append(item)
    data = {
        "format": "annotator-dataset",
        "version": 1,
        "exported": datetime.now(UTC).isoformat(),
        "codebook": codebook,
        "annotators": [{"id": a[0], "name": a[1], "kind": a[2]} for a in annotators],
        "documents": [
            dict(
                zip(DOC_KEYS, d[:10], strict=True),
                provenance={"filename": d[10], "sha256": d[11]},
                annotations=by_doc.get(d[0], []),
            )
            for d in documents
        ],
    }
    with out.open("w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)


def _plain_jsonl(project_path: Path, out: Path, codebook: dict[str, Any]) -> None:
    """The same JSON Lines the app writes (one document per line, its annotations inside), from plain rows."""
    annotators, documents, annotations = _plain_rows(project_path)
    names = {a[0]: a[1] for a in annotators}
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for r in annotations:
        item = dict(zip(ANN_KEYS, r[1:10], strict=True))
        item["attributes"] = json.loads(r[7])
        item["created"], item["modified"] = r[10], r[11]
        item["annotator_name"] = names[r[6]]
        by_doc.setdefault(r[0], []).append(item)
    head = {"format": "annotator-dataset", "version": 1, "exported": datetime.now(UTC).isoformat()}
    short = {"id": codebook["id"], "version": codebook["version"]}
    with out.open("w", encoding="utf-8") as fh:
        for d in documents:
            document = dict(
                zip(DOC_KEYS, d[:10], strict=True),
                provenance={"filename": d[10], "sha256": d[11]},
                annotations=by_doc.get(d[0], []),
            )
            fh.write(json.dumps(dict(head, codebook=short, document=document), ensure_ascii=False))
            fh.write("\n")


def _plain_csv(project_path: Path, out: Path, attribute_columns: list[str]) -> None:
    """The same columns the app writes, one row per annotation, from plain rows."""
    annotators, documents, annotations = _plain_rows(project_path)
    names = {a[0]: a[1] for a in annotators}
    docs = {d[0]: d for d in documents}
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(
            [
                *("document_id", "document_title", "source", "published", "category", "start", "end"),
                *("quote", "annotator_id", "annotator_name", *attribute_columns, "note", "annotation_id"),
                *("codebook_version", "created", "modified"),
            ]
        )
        for r in annotations:
            d = docs[r[0]]
            attributes = json.loads(r[7])
            writer.writerow(
                [r[0], d[1], d[2], d[5], r[5], r[2], r[3], r[4], r[6], names[r[6]]]
                + [attributes.get(c[5:], "") for c in attribute_columns]
                + [r[8], r[1], r[9], r[10], r[11]]
            )


def _repeat(fn: Callable[[], object], times: int) -> float:
    return median(timed(fn) for _ in range(times))


def run_all(repeat: int = 3) -> list[Result]:
    from annotator.codebook import codebook_to_dict
    from annotator.dataset import csv_columns, export_dataset, import_dataset
    from annotator.project import Project

    folder = Path(tempfile.mkdtemp(prefix="annotator-bench-data-"))
    data = dataset(documents=DOCUMENTS, annotators=ANNOTATORS, spans_per_annotator=SPANS, drop=0.0)
    count = sum(len(d["annotations"]) for d in data["documents"])
    source = folder / "dataset.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    del data
    empty = _empty_project(folder)

    ours, floor = [], []
    for i in range(repeat):
        target = folder / f"ours-{i}.sqlite"
        shutil.copy(empty, target)
        with Project.open(target) as project:
            ours.append(timed(lambda p=project: import_dataset(p, source)))
        plain = folder / f"plain-{i}.sqlite"
        shutil.copy(empty, plain)
        floor.append(timed(lambda p=plain: _plain_import(source, p)))
    imported = folder / "ours-0.sqlite"
    results = [
        Result(
            case=f"import {DOCUMENTS:,} articles with {count:,} annotations from a dataset file",
            ours=median(ours),
            floor=median(floor),
            unit="ms",
            aim="≤ 2× floor",
            met=median(ours) <= 2 * median(floor),
            note="json.load + plain sqlite3 executemany, one transaction",
        )
    ]
    with Project.open(imported) as project:
        codebook = codebook_to_dict(project.codebook)
        columns = [c for c in csv_columns(project.codebook) if c.startswith("attr_")]
        floors: dict[str, Callable[[Path], None]] = {
            "json": lambda o: _plain_json(imported, o, codebook),
            "jsonl": lambda o: _plain_jsonl(imported, o, codebook),
            "csv": lambda o: _plain_csv(imported, o, columns),
        }
        for fmt, plain_export in floors.items():
            out = folder / f"out.{fmt}"
            ours_ms = _repeat(lambda p=project, o=out, f=fmt: export_dataset(p, o, fmt=f), repeat)
            floor_ms = _repeat(lambda o=out, e=plain_export: e(o), repeat)
            results.append(
                Result(
                    case=f"export {count:,} annotations of {DOCUMENTS:,} articles to {fmt.upper()}",
                    ours=ours_ms,
                    floor=floor_ms,
                    unit="ms",
                    aim="≤ 1.5× floor",
                    met=ours_ms <= 1.5 * floor_ms,
                    note="the rows read with plain sqlite3, then "
                    + {"json": "json.dump", "jsonl": "json.dumps per document", "csv": "csv.writer"}[fmt],
                )
            )
    shutil.rmtree(folder, ignore_errors=True)
    return results


if __name__ == "__main__":
    for result in run_all():
        print(result)
