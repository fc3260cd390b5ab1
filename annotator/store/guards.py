"""Rules for what several people edit at once: layer ownership and optimistic concurrency.

In a team database the row-level security policies are what actually protects a layer; the
checks here run first so that the app can name the layer and the rule in its message, instead of
reporting "0 rows updated" (which is all an UPDATE that a policy filtered out tells the client).

Shared objects (a document's metadata and status, the codebook) are edited optimistically: an
edit names the version it was made from, and the UPDATE only matches that version. Under
concurrency the first writer wins; PostgreSQL makes the second UPDATE wait for the first to
commit, then re-checks the row and finds another version, so the loser learns of the conflict
instead of overwriting silently. On SQLite writers are serialised by the file lock, with the
same outcome.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from annotator.errors import ConflictError, PermissionRefused, ValidationError
from annotator.store.models import AnnotatorRow, CodebookRow, DocumentRow
from annotator.store.server import TEAM_CODER_ROLE_KEY, TEAM_REVIEWER_ROLE_KEY, Access


def check_layer(s: Session, access: Access | None, annotator_id: str) -> None:
    """Refuse, naming the layer, an edit the team rules forbid (the database would refuse it too)."""
    if access is None or not access.team or access.owner:
        return
    row = s.get(AnnotatorRow, annotator_id)
    if row is None or access.may_write_layer(kind=row.kind, layer_login=row.login):
        return
    if row.kind == "adjudicated":
        raise PermissionRefused(f"only reviewers can change the adjudicated layer “{row.name}”")
    raise PermissionRefused(
        f"“{row.name}” is another coder's layer; in a team project each coder changes only their own"
    )


def layer_name_key(name: str) -> str:
    """What two layer names are compared by: case and outer spaces do not count."""
    return name.strip().lower()


def check_layer_name(
    s: Session, access: Access | None, *, name: str, annotator_id: str | None, login: str | None = None
) -> None:
    """Refuse a layer name another layer has, or (in a team) another member's login.

    Layers are told apart by name wherever people meet them (``agree --annotators``, exports,
    the app's lists), so a coder calling their layer after a colleague would pass their spans off
    as the colleague's. ``annotator_id`` is the layer being named (``None`` for a new one),
    ``login`` its owner's login. A team database enforces the same rule (see
    :mod:`annotator.store.security`); this check only names the clash first.
    """
    wanted = layer_name_key(name)
    for other_id, other_name in s.execute(select(AnnotatorRow.id, AnnotatorRow.name)):
        if other_id != annotator_id and layer_name_key(other_name) == wanted:
            raise ValidationError(
                f"the name “{name.strip()}” is taken: another layer is called “{other_name}”"
            )
    if access is None or not access.team:
        return
    owner = login if login is not None else access.login
    taken = s.execute(
        text(
            "SELECT r.rolname FROM pg_roles r, settings c, settings v"
            " WHERE c.key = :c AND v.key = :v AND lower(r.rolname) = :wanted"
            " AND r.rolname IS DISTINCT FROM :owner"
            " AND (r.oid = (SELECT relowner FROM pg_class WHERE oid = to_regclass('annotators'))"
            " OR pg_has_role(r.oid, to_regrole(c.value), 'MEMBER')"
            " OR pg_has_role(r.oid, to_regrole(v.value), 'MEMBER'))"
            " LIMIT 1"
        ),
        {"c": TEAM_CODER_ROLE_KEY, "v": TEAM_REVIEWER_ROLE_KEY, "wanted": wanted, "owner": owner},
    ).first()
    if taken is not None:
        raise ValidationError(f"the name “{name.strip()}” is the login of another member of the team")


def check_codebook_owner(access: Access | None, *, what: str = "change the codebook") -> None:
    """Refuse a change that only the team project's owner (the study's lead) may make."""
    if access is not None and access.team and not access.owner:
        raise PermissionRefused(f"only the project owner can {what}")


def current_codebook_pk(s: Session) -> int | None:
    return s.scalar(select(CodebookRow.pk).where(CodebookRow.is_current))


def demote_current_codebook(s: Session, *, seen_pk: int | None) -> None:
    """Make no codebook current, provided the current one is still the one this edit started from.

    ``seen_pk`` is the row the caller's view of the codebook came from (every codebook change
    stores a new row, so the row identifies the version); ``None`` means the caller never looked,
    and then whatever is current when this transaction starts counts.
    """
    expected = seen_pk if seen_pk is not None else current_codebook_pk(s)
    if expected is None:  # a new project: nothing to demote
        return
    demoted = s.execute(
        update(CodebookRow)
        .where(CodebookRow.pk == expected, CodebookRow.is_current)
        .values(is_current=False)
        .returning(CodebookRow.pk)
        .execution_options(synchronize_session=False)
    ).first()
    if demoted is not None:
        return
    now = s.execute(
        select(CodebookRow.codebook_id, CodebookRow.version).where(CodebookRow.is_current)
    ).first()
    where = f" (it is now {now[0]} {now[1]})" if now else ""
    raise ConflictError(
        f"someone else changed the codebook since you loaded it{where}; reload it and make your change again"
    )


DOCUMENT_FIELDS = (
    "title",
    "source",
    "author",
    "url",
    "published",
    "language",
    "status",
    "memo",
    "body_start",
    "body_end",
)


class DocumentConflict(ConflictError):
    """A document changed since the caller's view of it; ``current_version`` is what it is now."""

    def __init__(self, message: str, *, current_version: int) -> None:
        super().__init__(message)
        self.current_version = current_version


def update_document_row(
    s: Session, *, document_id: str, values: Mapping[str, Any], expected_version: int | None
) -> tuple[dict[str, Any], int]:
    """Apply ``values`` to a document if it is still at ``expected_version``, and bump its version.

    Returns the document's fields as they were before and its new version. Raises
    :class:`DocumentConflict` saying what its status is now when someone else changed it in
    between; ``expected_version=None`` updates whatever version is there.
    """
    columns = [getattr(DocumentRow, f) for f in DOCUMENT_FIELDS]
    row = s.execute(select(*columns).where(DocumentRow.id == document_id)).first()
    if row is None:
        raise ValidationError(f"no document {document_id}")
    before = dict(zip(DOCUMENT_FIELDS, row, strict=True))
    q = update(DocumentRow).where(DocumentRow.id == document_id)
    if expected_version is not None:
        q = q.where(DocumentRow.version == expected_version)
    new_version = s.execute(
        q.values(**values, version=DocumentRow.version + 1)
        .returning(DocumentRow.version)
        .execution_options(synchronize_session=False)
    ).scalar()
    if new_version is not None:
        return before, new_version
    # A new statement: under READ COMMITTED it sees the colleague's committed change.
    now = s.execute(
        select(DocumentRow.status, DocumentRow.version).where(DocumentRow.id == document_id)
    ).one()
    raise DocumentConflict(
        f"someone else changed the document “{before['title']}” since you loaded it (its status is now "
        f"“{now[0].replace('_', ' ')}”); reload it and make your change again",
        current_version=now[1],
    )
