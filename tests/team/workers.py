"""Coder processes for the concurrency test (a module of its own so spawned processes import it).

Each worker is one coder at their own machine: their own login, their own ``Project``. After a
barrier they all edit at once; the edits follow a fixed script, so the test can say exactly what
the database must hold afterwards. A transaction the database rolls back because of a collision
(:class:`~annotator.store.server.TransientConflict`) stored nothing, so it is retried and counted.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

from annotator.errors import ConflictError
from annotator.project import Project
from annotator.store.server import TransientConflict

NAMESPACE = uuid.UUID("6f1c3f8e-0a4e-4f61-9a55-2b7d9f1f5a11")


def annotation_id(login: str, i: int) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{login}/{i}"))


@dataclass(frozen=True)
class Script:
    """What edit ``i`` of a coder does: per five edits, three adds, one update, one delete."""

    edits: int

    def step(self, i: int) -> tuple[str, int]:
        """``(kind, index of the annotation it touches)``."""
        phase = i % 5
        if phase < 3:
            return "add", i
        if phase == 3:
            return "update", i - 3  # the first add of this group of five
        return "delete", i - 3  # the second add

    def expected(self, login: str, length: int) -> dict[str, tuple[int, int, str]]:
        """Annotation id -> (start, end, note) that must be stored when the script has run."""
        kept: dict[str, tuple[int, int, str]] = {}
        for i in range(self.edits):
            kind, target = self.step(i)
            if kind == "add":
                start = i % (length - 10)
                kept[annotation_id(login, i)] = (start, start + 5, "")
            elif kind == "update":
                start, end, _ = kept[annotation_id(login, target)]
                kept[annotation_id(login, target)] = (start, end, f"edit {i}")
            else:
                del kept[annotation_id(login, target)]
        return kept


def _retrying(call: Any, counters: dict[str, int]) -> Any:
    while True:
        try:
            return call()
        except TransientConflict:
            counters["retries"] += 1
            time.sleep(0.01)


def coder(
    url: str,
    password: str,
    document_id: str,
    length: int,
    edits: int,
    start_barrier: Any,
    status_barrier: Any,
    results: Any,
) -> None:
    counters = {"retries": 0}
    outcome: dict[str, Any] = {"url": url}
    try:
        with Project.open(url, password=password) as project:
            assert project.access is not None
            login = project.access.login
            layer = project.ensure_annotator(name=login).id
            project.codebook  # noqa: B018 - loaded before the clock starts, as the app does at open
            script = Script(edits)
            start_barrier.wait(timeout=120)
            began = time.perf_counter()
            for i in range(edits):
                kind, target = script.step(i)
                if kind == "add":
                    start = i % (length - 10)
                    _retrying(
                        lambda i=i, start=start: project.add_annotation(
                            document_id=document_id,
                            start=start,
                            end=start + 5,
                            category="claim",
                            annotator_id=layer,
                            annotation_id=annotation_id(login, i),
                        ),
                        counters,
                    )
                elif kind == "update":
                    _retrying(
                        lambda i=i, target=target: project.update_annotation(
                            annotation_id=annotation_id(login, target), note=f"edit {i}"
                        ),
                        counters,
                    )
                else:
                    _retrying(
                        lambda target=target: project.delete_annotation(
                            annotation_id=annotation_id(login, target)
                        ),
                        counters,
                    )
            finished = time.perf_counter()
            outcome.update(login=login, layer=layer, began=began, finished=finished, **counters)
            # Then everyone changes the one shared document's status, from the same version.
            project.document_version(document_id)
            status_barrier.wait(timeout=120)
            try:
                project.set_document_status(document_id=document_id, status="done")
                outcome["status"] = "won"
            except ConflictError as exc:
                outcome["status"] = "conflict"
                outcome["message"] = str(exc)
    except BaseException as exc:  # reported to the test, which fails with it
        outcome["error"] = f"{type(exc).__name__}: {exc}"
        start_barrier.abort()
        status_barrier.abort()
    results.put(outcome)
