"""Eight coders, each in their own process with their own login, editing at the same moment.

Every edit must be stored, none lost and none applied twice: the database must end up holding
exactly what each coder's script says. Then all eight change one shared document's status from
the same version: one wins, and each of the other seven is told of the conflict.

The measured rate and retries are printed (run with ``-s`` to see them).
"""

from __future__ import annotations

import multiprocessing
import time

import pytest
from sqlalchemy import select

from annotator.project import Project
from annotator.store.models import AnnotationRow, AnnotatorRow
from annotator.team import add_member
from tests.annotator.hard_text import HARD_TEXT
from tests.team import workers
from tests.team.conftest import Team

CODERS = 8
EDITS = 500


@pytest.mark.slow
def test_eight_coders_at_once_lose_nothing_and_conflicts_reach_the_loser(team: Team) -> None:
    with Project.open(team.owner_url) as owner:
        doc = owner.add_document(text=HARD_TEXT * 4, title="Shared").document
    logins = [team.login(f"c{n}") for n in range(CODERS)]
    passwords = {login: add_member(team.owner_url, login).password for login in logins}

    ctx = multiprocessing.get_context("spawn")
    start_barrier = ctx.Barrier(CODERS)
    status_barrier = ctx.Barrier(CODERS)
    results = ctx.Queue()
    processes = [
        ctx.Process(
            target=workers.coder,
            args=(
                team.admin.tcp_url(login, team.database),
                passwords[login],
                doc.id,
                len(doc.text),
                EDITS,
                start_barrier,
                status_barrier,
                results,
            ),
        )
        for login in logins
    ]
    for p in processes:
        p.start()
    outcomes = [results.get(timeout=300) for _ in processes]
    for p in processes:
        p.join(timeout=60)
        assert p.exitcode == 0
    errors = [o["error"] for o in outcomes if "error" in o]
    assert not errors, errors

    # every coder's layer holds exactly what their script says: nothing lost, nothing twice
    script = workers.Script(EDITS)
    with Project.open(team.owner_url) as owner, owner._session() as s:
        layers = {o["login"]: o["layer"] for o in outcomes}
        assert set(layers) == set(logins)
        logins_of_layers = {i: login for i, login in s.execute(select(AnnotatorRow.id, AnnotatorRow.login))}
        for login, layer in layers.items():
            assert logins_of_layers[layer] == login
            stored = {
                r.id: (r.start, r.end, r.note)
                for r in s.scalars(select(AnnotationRow).where(AnnotationRow.annotator_id == layer))
            }
            assert stored == script.expected(login, len(doc.text))
        assert owner.documents()[0].annotation_count == CODERS * EDITS * 2 // 5

    # one shared object, eight writers from the same version: one winner, seven told
    statuses = sorted(o["status"] for o in outcomes)
    assert statuses == ["conflict"] * (CODERS - 1) + ["won"]
    for o in outcomes:
        if o["status"] == "conflict":
            assert "someone else changed the document “Shared” since you loaded it" in o["message"]
    with Project.open(team.owner_url) as owner:
        assert owner.document(doc.id).status.value == "done"
        assert owner.document_version(doc.id) == 2

    began = min(o["began"] for o in outcomes)
    finished = max(o["finished"] for o in outcomes)
    retries = sum(o["retries"] for o in outcomes)
    rate = CODERS * EDITS / (finished - began)
    print(
        f"\n{CODERS} coders x {EDITS} edits in {finished - began:.2f} s: {rate:.0f} edits/s, "
        f"{retries} retries ({time.strftime('%H:%M:%S')})"
    )
