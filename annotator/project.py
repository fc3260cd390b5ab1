"""A project: one SQLite file holding documents, the codebook, annotators and their annotations.

:class:`Project` is the only door to the store. Each operation takes keyword arguments, runs in its
own transaction, validates before writing, and returns a record of what changed
(:class:`~annotator.domain.AnnotationChange`); callers refresh from that record alone. When an
operation returns, the change is committed to disk.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final, ParamSpec, TypeVar

from sqlalchemy import Engine, delete, func, insert, select
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from annotator.codebook import (
    check_attribute_values,
    check_variable_value,
    codebook_changes,
    codebook_nul_problem,
    rolled_up_codebook,
    root_map,
    stored_version_conflict,
    tree_to_json,
    version_setting_key,
    with_tree,
)
from annotator.domain import (
    Annotation,
    AnnotationChange,
    Annotator,
    AnnotatorKind,
    Assignment,
    Change,
    Codebook,
    CodebookChange,
    CodedValue,
    Decision,
    DecisionChange,
    Document,
    DocumentChange,
    DocumentInfo,
    DocumentStatus,
    EditStep,
    PendingSuggestion,
    ReviewDecision,
    Round,
    SettingChange,
    SuggestionChange,
    SuggestionLike,
    VariableChange,
    VariableDef,
)
from annotator.errors import PermissionRefused, ProjectError, ValidationError
from annotator.store import journal, queries, study_rows, suggestion_rows
from annotator.store.attachment import Attachment, hold_shared_lock
from annotator.store.changes import ChangeWatcher
from annotator.store.db import open_engine, open_url_engine
from annotator.store.failures import (
    check_file_unmoved,
    file_identity,
    needs_reconnect,
    read_error,
    write_error,
)
from annotator.store.guards import (
    DocumentConflict,
    check_codebook_owner,
    check_layer,
    check_layer_name,
    demote_current_codebook,
    layer_name_key,
    update_document_row,
)
from annotator.store.location import LocationRisk, location_risk
from annotator.store.mapping import (
    annotation_from_row,
    annotation_to_row,
    annotation_values,
    annotator_from_row,
    codebook_from_row,
    codebook_query,
    codebook_to_row,
    document_from_row,
    suggestion_from_row,
    suggestion_to_row,
)
from annotator.store.models import (
    AnnotationRow,
    AnnotatorRow,
    CategoryRow,
    CodebookRow,
    CodedValueRow,
    DocumentRow,
    DocumentValueRow,
    SuggestionRow,
    utcnow,
)
from annotator.store.presence import PresenceLock
from annotator.store.presence import acquire as acquire_presence
from annotator.store.queries import ExportRows, KnownIds
from annotator.store.server import Access, is_database_url, new_session_id, read_access
from annotator.text import check_span, control_character_problem, nul_problem, text_sha256


class _Unset:
    """Marks a keyword argument that was not given (``None`` can be a real value)."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset()

P = ParamSpec("P")
R = TypeVar("R")


def _replayed(operation: Callable[P, R]) -> Callable[P, R]:
    """Make an edit survive being detached from the file while it was written (see ``_write``).

    The operation runs; if its commit may have gone into a deleted log, the project has attached
    itself again by the time it returns, and the change record it returned is written once more
    if the file does not hold it (comparing states, so a commit that did reach the file is not
    doubled).
    """

    @functools.wraps(operation)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        project = args[0]
        assert isinstance(project, Project)
        outer = project._replayable
        project._replayable = True
        try:
            result = operation(*args, **kwargs)
        finally:
            project._replayable = outer
        if project._write_lost and not outer:
            project._write_lost = False
            project._replay(result)
        return result

    return run


def new_id() -> str:
    """A stable id for a new document, annotation or annotator."""
    return str(uuid.uuid4())


# How the fields that reach the store are named in messages.
_FIELD_NAMES: Final = {
    "title": "the title",
    "source": "the source",
    "author": "the author",
    "url": "the URL",
    "published": "the publication date",
    "language": "the language",
    "original_filename": "the file name",
    "original_sha256": "the file's SHA-256",
    "memo": "the memo",
}

#: How the Edit menu names an edit of each document field.
_FIELD_LABELS: Final = {
    "source": "outlet",
    "published": "publication date",
    "url": "URL",
    "body": "article body",
}


_BODY_COLUMNS: Final = ("body_start", "body_end")

# What _settle_all pairs a rejection with (it creates no annotation).
_NO_ANNOTATION: Final = Annotation(
    id="", document_id="", start=0, end=0, quote="", category="", annotator_id=""
)


def _body_of(start: int | None, end: int | None) -> tuple[int, int] | None:
    return None if start is None or end is None else (start, end)


def _document_values(field: str, value: Any) -> dict[str, Any]:
    """The columns a document field is stored in (``body`` is two of them)."""
    if field == "body":
        body = None if value is None else (int(value[0]), int(value[1]))
        return {
            "body_start": None if body is None else body[0],
            "body_end": None if body is None else body[1],
        }
    return {field: value}


def _checked_body(body: tuple[int, int] | None, length: int) -> tuple[int, int] | None:
    """A body range checked against a text's length; one covering the whole text becomes ``None``."""
    if body is None:
        return None
    start, end = body
    if isinstance(start, bool) or isinstance(end, bool) or not (0 <= start < end <= length):
        raise ValidationError(
            f"the article body [{start}, {end}) is not a range inside the text (0 to {length})"
        )
    return None if (start, end) == (0, length) else (start, end)


def _refuse_nul(fields: Mapping[str, Any]) -> None:
    """Refuse, naming the field, a value holding a NUL: SQLite's length() and C readers stop there."""
    for what, value in fields.items():
        problem = nul_problem(value) if isinstance(value, str) else None
        if problem is not None:
            raise ValidationError(f"{what} {problem}")


def _refuse_bad_rows(kind: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """The last guard before rows reach the store: no control character in a text, no NUL at all.

    Datasets and exchange formats are validated before; this catches what a caller let through.
    The loop looks at exact ``str`` and ``dict`` values (what JSON and this package produce) and
    calls nothing per value: it runs over every value of 100,000 annotations.
    """
    if kind == "document":
        for row in rows:
            text = row.get("text")
            problem = control_character_problem(text) if isinstance(text, str) else None
            if problem is not None:
                raise ValidationError(f"{kind} {row.get('id')}: the text {problem}")
    for row in rows:
        for key, value in row.items():
            if value.__class__ is str:
                if "\x00" in value:
                    what = _FIELD_NAMES.get(key, f"the {key}")
                    raise ValidationError(f"{kind} {row.get('id')}: {what} {nul_problem(value)}")
            elif value.__class__ is dict:
                for name, item in value.items():
                    if item.__class__ is str and "\x00" in item:
                        raise ValidationError(
                            f"{kind} {row.get('id')}: attribute {name!r} {nul_problem(item)}"
                        )


def _refuse_same_names(annotators: Sequence[Mapping[str, Any]]) -> None:
    """Two new layers of one name (ignoring case and outer spaces) are refused together."""
    seen: dict[str, str] = {}
    for a in annotators:
        key = layer_name_key(str(a.get("name", "")))
        if key in seen:
            raise ValidationError(f"two layers are called “{seen[key]}” and “{a['name']}”: names must differ")
        seen[key] = str(a.get("name", ""))


def _actor(changes: Sequence[Change]) -> str | None:
    """Whose edit a step is when no one said (``acting_as``): the layer it touched, or the reviewer."""
    for c in changes:
        if isinstance(c, VariableChange) and c.annotator_id is not None:
            return c.annotator_id
        if isinstance(c, AnnotationChange):
            a = c.after or c.before
            if a is not None:
                return a.annotator_id
        if isinstance(c, DecisionChange):
            d = c.after or c.before
            if d is not None:
                return d.reviewer_id
        if isinstance(c, SuggestionChange):
            p = c.after or c.before
            if p is not None:
                return p.annotator_id
    return None


def describe_changes(changes: Sequence[Change], codebook: Codebook | None) -> str:
    """A step's name, as an Undo menu entry shows it ("tag as claim", "mark as done", ...)."""

    def label(category: str) -> str:
        cat = codebook.category(category) if codebook is not None else None
        return (cat.label if cat else category).lower()

    pending = [c for c in changes if isinstance(c, SuggestionChange)]
    if pending:
        accepted = [c for c in changes if isinstance(c, AnnotationChange)]
        if all(c.before is None for c in pending):
            return "suggest 1 span" if len(pending) == 1 else f"suggest {len(pending)} spans"
        if len(pending) == 1:
            gone = pending[0].before
            assert gone is not None
            verb = "accept" if accepted else "reject"
            return f"{verb} suggested {label(gone.category)}"
        return f"accept {len(pending)} suggestions" if accepted else f"reject {len(pending)} suggestions"
    if len(changes) == 1:
        c = changes[0]
        if isinstance(c, AnnotationChange):
            if c.before is None and c.after is not None:
                return f"tag as {label(c.after.category)}"
            if c.after is None and c.before is not None:
                return f"delete {label(c.before.category)}"
            if c.before is not None and c.after is not None:
                if c.before.category != c.after.category:
                    return f"change to {label(c.after.category)}"
                if (c.before.start, c.before.end) != (c.after.start, c.after.end):
                    return "adjust span boundaries"
                if c.before.note != c.after.note:
                    return "edit note"
                return "edit attributes"
        if isinstance(c, DocumentChange):
            if c.field == "status":
                return f"mark as {DocumentStatus(c.after).label}"
            if c.field == "body":
                return "set the article body" if c.after is not None else "use the whole text as body"
            return f"edit the {_FIELD_LABELS.get(c.field, c.field)}"
        if isinstance(c, VariableChange):
            var = codebook.variable(c.variable) if codebook is not None else None
            name = var.label.lower() if var is not None else c.variable
            return f"clear {name}" if c.after is None else f"set {name}"
        if isinstance(c, SettingChange):
            return "edit the project memo" if c.key == "memo" else f"edit the {c.key}"
    documents = {c.document_id for c in changes if isinstance(c, DocumentChange)}
    if changes and len(documents) == 1 and all(isinstance(c, DocumentChange) for c in changes):
        return "edit the document's details"
    return f"{len(changes)} changes"


@dataclass(frozen=True, slots=True)
class AddedDocument:
    """The outcome of adding a document: the stored one, and whether it was new."""

    document: Document
    added: bool


class Project:
    """An open project file. Use :meth:`open`; close it (or use it as a context manager) when done."""

    def __init__(
        self,
        *,
        engine: Engine,
        path: Path | None,
        readonly: bool = False,
        url: str | None = None,
        session_id: str | None = None,
    ) -> None:
        self.engine = engine
        self.path = path
        self.readonly = readonly
        # A project on a database server: its URL (never with a password) and who we are there.
        self.url = url
        self.access: Access | None = None
        self._session_id = session_id or new_session_id()
        self._watcher: ChangeWatcher | None = None
        # Versions of shared objects as this object last saw them: an edit made from that view
        # is refused (ConflictError) when someone else changed the object in between.
        self._seen_versions: dict[str, int] = {}
        self._codebook_pk: int | None = None
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._codebook: Codebook | None = None
        self._roll_up: dict[str, str] | None = None
        self._rolled_codebook: Codebook | None = None
        self._texts: dict[str, str] = {}
        # The file this project opened: a write is refused once the path names another or none.
        self._identity = file_identity(path)
        self._reconnect = False
        # Whether the process still holds the live -wal/-shm files (see annotator.store.attachment).
        self._attachment = Attachment(path) if path is not None and not readonly else None
        self._replayable = False
        self._write_lost = False
        self._in_transaction = False
        # The edit history (annotator.history): changes of the running unit of work, whether
        # they are recorded, who is acting, and the id of the last step recorded.
        self._tx_changes: list[Change] = []
        self._tx_label: str | None = None
        self._recording = True
        #: The annotator (coder or reviewer) whose edits these are, for the edit history.
        self.acting_as: str | None = None
        #: The id of the edit history's last step this object recorded (``None``: not recorded).
        self.last_step_id: str | None = None
        #: What the last reattachment to the file was about (for the window to say), until read.
        self.reattached: str | None = None
        #: How many times this project had to attach itself to its file again.
        self.reattachments = 0
        # Why the project's folder is risky for SQLite (synced, network, FUSE), or None: the app
        # and the CLI show location_risk.message. Set by open() for files, never for a database URL.
        self.location_risk: LocationRisk | None = None
        # Held while open writable in such a folder, so a second computer is refused.
        self._presence: PresenceLock | None = None

    # -- lifecycle -------------------------------------------------------------------------------

    @classmethod
    def open(
        cls, path: str | Path, *, create: bool = True, readonly: bool = False, password: str | None = None
    ) -> Project:
        """Open the project at ``path``, creating it (with the default codebook) when missing.

        ``path`` may also be a database URL (``postgresql+psycopg://user@host/db``, no password in
        it): a team project on a server. Its password comes from libpq's usual places or from
        ``password`` (the app's login dialog); :class:`~annotator.errors.LoginRequired` says one
        is needed.

        A file in a synced, network or FUSE folder (where SQLite's locks cannot be trusted) gets
        :attr:`location_risk`, for the caller to show; a writable open there takes the presence
        lock ``<path>.lock`` (:mod:`annotator.store.presence`) and is refused with a
        :class:`ProjectError` while another computer holds it. Elsewhere nothing changes.
        """
        if isinstance(path, str) and is_database_url(path):
            from annotator.store.server import display_url, parse_url

            session_id = new_session_id()
            engine = open_url_engine(
                path, create=create, readonly=readonly, password=password, session_id=session_id
            )
            project = cls(
                engine=engine,
                path=None,
                readonly=readonly,
                url=display_url(parse_url(path)),
                session_id=session_id,
            )
            with engine.connect() as conn:
                project.access = read_access(conn)
        else:
            path = Path(path).expanduser()
            risk = location_risk(path)
            # Before SQLite touches the file: a refused open writes nothing.
            presence = acquire_presence(path) if risk is not None and not readonly else None
            try:
                engine = open_engine(path, create=create, readonly=readonly)
            except BaseException:
                if presence is not None:
                    presence.release()
                raise
            project = cls(engine=engine, path=path, readonly=readonly)
            project.location_risk = risk
            project._presence = presence
        try:
            if not readonly and project._current_codebook_row_missing():
                from annotator.codebook import default_codebook

                project.set_codebook(codebook=default_codebook())
        except BaseException:
            project.close()
            raise
        return project

    def close(self) -> None:
        """Close the connections, then give back the presence lock (if this project held one)."""
        if self._watcher is not None:
            self._watcher.close()
            self._watcher = None
        self.engine.dispose()
        if self._presence is not None:
            self._presence.release()
            self._presence = None

    @property
    def location(self) -> str:
        """Where the project is, for titles and messages: its file, or its database URL."""
        return self.url if self.url is not None else str(self.path)

    def change_token(self) -> int:
        """A number that changes when someone else may have changed the project; cheap to poll.

        Call it once right after opening (before loading views), then every second or so; when
        the number differs from the last one, call :meth:`refresh` and reload the views. On a
        server the project's own edits do not count (their change records are already in hand).
        """
        if self._watcher is None:
            from annotator.store.changes import FileWatcher, ServerWatcher

            if self.url is not None:
                self._watcher = ServerWatcher(self.engine, session_id=self._session_id)
            elif self.path is not None:
                self._watcher = FileWatcher(self.path)
            else:
                return 0
        return self._watcher.token()

    def refresh(self) -> None:
        """Forget cached shared state (the codebook), so the next read shows others' changes."""
        self._codebook = None
        self._codebook_pk = None

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _session(self) -> Iterator[Session]:
        """A session for reading; a damaged file becomes a one-line :class:`ProjectError`."""
        try:
            with self._sessions() as s:
                yield s
        except (DatabaseError, ValueError) as exc:
            raise read_error(exc) from exc

    def _writable(self) -> None:
        """Checks before any write: not read-only, the same file, attached to it, fresh connections."""
        if self.readonly:
            raise PermissionRefused("this project is open read-only")
        if self._roll_up is not None:
            raise PermissionRefused("the project is being read rolled up; it cannot be written meanwhile")
        check_file_unmoved(self.path, self._identity)
        if self._reconnect:  # pooled connections may still hold the read-only or dead file handle
            self.engine.dispose()
            self._reconnect = False
        self.check_attachment()

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """A session for one write; a database failure becomes a one-line :class:`ProjectError`.

        The caller's ``s.begin()`` block has rolled the transaction back by the time the failure
        reaches here, so nothing of the edit is stored and this object stays usable: after the
        user frees space or fixes the file, the same call succeeds. Inside :meth:`transaction`
        the session joins the unit of work, whose end does the checks after the commit.
        """
        if not self._in_transaction:
            self._writable()
            self.last_step_id = None
        try:
            with self._sessions() as s:
                yield s
        except IntegrityError:
            raise
        except DatabaseError as exc:
            self._reconnect = needs_reconnect(exc)
            raise write_error(exc) from exc
        if not self._in_transaction:
            self._after_commit()

    def _after_commit(self) -> None:
        problem = self._attachment.check() if self._attachment is not None else None
        if problem is not None:
            # The commit may have gone into a log that another program had just deleted.
            self._reattach(problem)
            if not self._replayable:
                raise ProjectError(
                    f"could not confirm the last change was written: {problem}; "
                    "the app reconnected to the file, check the change and repeat it if it is missing"
                )
            self._write_lost = True

    # -- staying attached to the file ---------------------------------------------------------------

    def check_attachment(self) -> str | None:
        """Attach again if this process lost the live files of its project; say what happened.

        Returns ``None`` while all is well, else a one-line account of the reattachment (also kept
        in :attr:`reattached` for whoever shows the project). Raises :class:`ProjectError` when the
        project cannot be attached again (then nothing is written until it can).
        """
        if self._attachment is None:
            return None
        problem = self._attachment.check()
        if problem is None:
            return None
        self._reattach(problem)
        return self.reattached

    def _reattach(self, problem: str) -> None:
        """Close the stale connections harmlessly and open the live files (see the attachment module).

        Everything committed before the files were deleted is in the database file (the program that
        deleted them checkpointed first); reads after this see other writers' changes again.
        """
        assert self.path is not None
        try:
            with hold_shared_lock(self.path):
                self.engine.dispose()
                if self._watcher is not None:  # its connection holds the stale files too
                    self._watcher.close()
                    self._watcher = None
        except OSError as exc:
            raise ProjectError(
                f"could not write to the project: {problem}, and reconnecting failed ({exc}); "
                "close the app and open the project again"
            ) from exc
        self._attachment = Attachment(self.path)
        self.refresh()
        self._texts.clear()
        still = self._attachment.check()
        if still is not None:
            raise ProjectError(f"could not write to the project: {still}; close the app and open it again")
        self.reattachments += 1
        self.reattached = f"reconnected to the project file: {problem}; nothing was lost"

    def _replay(self, result: object) -> None:
        """Write a change record again where the file lacks it (after a reattachment)."""
        changes = result if isinstance(result, list) else [result]
        for change in changes:
            if isinstance(change, AnnotationChange):
                if change.after is not None:
                    stored = self.annotation(change.after.id)
                    if stored is None:
                        self.restore_annotation(annotation=change.after)
                    elif stored != change.after:
                        self.replace_annotation(annotation=change.after)
                elif change.before is not None and self.annotation(change.before.id) is not None:
                    self.delete_annotation(annotation_id=change.before.id)
            elif isinstance(change, DocumentChange):
                value = change.after.value if isinstance(change.after, DocumentStatus) else change.after
                version = self.document_version(change.document_id)
                self._update_document(change.document_id, _document_values(change.field, value), version)
            elif isinstance(change, VariableChange):
                self._write_variable(change.document_id, change.variable, change.annotator_id, change.after)
            elif isinstance(change, SettingChange):
                self._write_setting(change.key, change.after, what="the project memo")
            elif isinstance(change, CodebookChange):
                self.restore_codebook(codebook_id=change.after[0], version=change.after[1])

    @contextmanager
    def transaction(self, *, label: str | None = None, record: bool = True) -> Iterator[Project]:
        """The unit of work: the operations run inside are stored together, or none of them.

        ::

            with project.transaction() as tx:
                tx.set_codebook(codebook=adopted)
                tx.bulk_insert(annotators=..., documents=..., annotations=...)

        ``tx`` is this project; its ordinary operations (and reads, which see the uncommitted
        changes) share one connection and one transaction, and the commit at the end of the block
        is the only one. Each operation still returns its change record. An exception rolls all of
        it back, and puts back what this object cached meanwhile (the codebook and its row, the
        document versions seen, the texts), so nothing of a rolled-back transaction outlives it: a
        cached codebook row that was never stored once made the next codebook change look like a
        colleague's conflict. Nested blocks join the outer one.

        The changes of the block become one step of the edit history, named ``label`` (or after
        what changed); ``record=False`` keeps it out (undo and redo themselves).
        """
        if self._in_transaction:
            yield self
            return
        self._writable()
        self._tx_changes, self._tx_label = [], label
        recording = self._recording
        self._recording = record
        self.last_step_id = None
        sessions = self._sessions
        codebook, codebook_pk = self._codebook, self._codebook_pk
        seen_versions, texts = dict(self._seen_versions), dict(self._texts)
        self._in_transaction = True
        try:
            with self.engine.begin() as conn:
                self._sessions = sessionmaker(bind=conn, expire_on_commit=False)
                yield self
                if record and self._tx_changes:
                    with Session(bind=conn) as s:
                        self._append_step(s, self._tx_changes, label)
                        s.flush()
        except BaseException as exc:
            self._codebook, self._codebook_pk = codebook, codebook_pk
            self._seen_versions.clear()
            self._seen_versions.update(seen_versions)
            self._texts.clear()
            self._texts.update(texts)
            if isinstance(exc, OperationalError):  # the final commit itself failed
                raise write_error(exc) from exc
            raise
        finally:
            self._sessions = sessions
            self._in_transaction = False
            self._recording = recording
            self._tx_changes, self._tx_label = [], None
        self._after_commit()

    def _note(self, s: Session, changes: Sequence[Change]) -> None:
        """Keep an operation's change records for the edit history (in its own session/commit)."""
        if not self._recording or not changes:
            return
        if self._in_transaction:
            self._tx_changes.extend(changes)
            return
        self._append_step(s, list(changes), None)

    def _append_step(self, s: Session, changes: list[Change], label: str | None) -> None:
        step_id = new_id()
        journal.append_step(
            s,
            step_id=step_id,
            annotator_id=self.acting_as or _actor(changes),
            login=self.access.login if self.access is not None else None,
            label=label or describe_changes(changes, self._codebook),
            changes=changes,
        )
        self.last_step_id = step_id

    def _current_codebook_row_missing(self) -> bool:
        with self._session() as s:
            return s.scalar(select(CodebookRow.pk).where(CodebookRow.is_current)) is None

    # -- codebook --------------------------------------------------------------------------------

    @contextmanager
    def rolled_up(self) -> Iterator[Project]:
        """Read the project with every span counted as its top-level category (``--roll-up``).

        Inside the block :attr:`codebook` holds only the top-level categories and the span reads
        (:meth:`annotations`, :meth:`span_tuples`, :meth:`layer_spans`) give each span the category
        at the root of its own; agreement, analysis and the report compute over that unchanged.
        Writes are refused meanwhile.
        """
        if self._roll_up is not None:
            yield self
            return
        full = self.codebook
        self._roll_up = root_map(full)
        self._rolled_codebook = rolled_up_codebook(full)
        try:
            yield self
        finally:
            self._roll_up = None
            self._rolled_codebook = None

    def _rolled(self, category: str) -> str:
        return category if self._roll_up is None else self._roll_up.get(category, category)

    @property
    def codebook(self) -> Codebook:
        """The current codebook (cached; replaced by :meth:`set_codebook`)."""
        if self._rolled_codebook is not None:
            return self._rolled_codebook
        if self._codebook is None:
            with self._session() as s:
                row = s.scalar(
                    select(CodebookRow)
                    .where(CodebookRow.is_current)
                    .options(
                        selectinload(CodebookRow.categories).selectinload(CategoryRow.attributes),
                        selectinload(CodebookRow.variables),
                    )
                )
                if row is None:
                    raise ProjectError("this project has no codebook")
                self._codebook = self._with_tree(s, codebook_from_row(row))
                self._codebook_pk = row.pk
        return self._codebook

    def codebook_versions(self) -> list[tuple[str, str]]:
        """``(id, version)`` of every codebook version this project has held, oldest first."""
        with self._session() as s:
            rows = s.execute(select(CodebookRow.codebook_id, CodebookRow.version).order_by(CodebookRow.pk))
            return [(r[0], r[1]) for r in rows]

    def stored_codebook(self, codebook_id: str, version: str) -> Codebook | None:
        """The codebook stored as this id and version, current or not (``None`` if there is none)."""
        with self._session() as s:
            row = s.scalar(codebook_query(codebook_id, version))
            return None if row is None else self._with_tree(s, codebook_from_row(row))

    @staticmethod
    def _with_tree(s: Session, codebook: Codebook) -> Codebook:
        """A stored version with its parents and codable flags (kept beside its rows)."""
        return with_tree(
            codebook, queries.setting(s, version_setting_key("tree", codebook.id, codebook.version))
        )

    def codebook_log(self) -> list[dict[str, Any]]:
        """The change log of the stored versions, oldest first: ``version``, ``who``, ``when``, ``what``.

        A version stored before change logs existed, or imported whole, has no entry.
        """
        import json

        entries = []
        with self._session() as s:
            rows = s.execute(
                select(CodebookRow.codebook_id, CodebookRow.version, CodebookRow.created_at).order_by(
                    CodebookRow.pk
                )
            )
            for cb_id, version, created in rows:
                raw = queries.setting(s, version_setting_key("log", cb_id, version))
                entry: dict[str, Any] = {"codebook": cb_id, "version": version, "created": created}
                if raw:
                    with suppress(ValueError):
                        entry.update(json.loads(raw))
                entries.append(entry)
        return entries

    def set_codebook(
        self, *, codebook: Codebook, who: str | None = None, what: Sequence[str] | None = None
    ) -> Codebook:
        """Make ``codebook`` current. A new version is stored beside the old ones, never over them.

        A version already in the project is made current again when ``codebook`` has the same
        content (no row is rewritten), and refused with :class:`~annotator.errors.ValidationError`
        listing the differences when it has other content: annotations made under that version
        must keep the definitions they were made under. Also refused when existing annotations use
        a category the new codebook lacks, and with :class:`~annotator.errors.ConflictError` when
        someone else changed the codebook since this project loaded it (call :meth:`refresh` and
        look again).
        """
        self._store_codebook(codebook, who=who, what=what, check_usage=True)
        return codebook

    def _store_codebook(
        self,
        codebook: Codebook,
        *,
        who: str | None = None,
        what: Sequence[str] | None = None,
        ops: Sequence[Mapping[str, Any]] = (),
        check_usage: bool,
    ) -> None:
        """Store ``codebook`` as a version (or find it stored) and make it current.

        ``what`` (the lines of a change log entry) is kept with a new version, with ``who`` and
        when, the version it was made from (``from``) and, for a refactoring, ``ops``: what it did
        as data (``{"op": "merge", "sources", "into"}``, ``{"op": "split", "category", "into",
        "move_to"}``, ``{"op": "drop-attribute", "category", "attribute"}``), which a colleague's
        dataset made under an older version is migrated by. Without ``check_usage`` the version may
        lack categories annotations use: a refactoring recodes them in the same transaction, and an
        undo puts back what was there.
        """
        import json

        check_codebook_owner(self.access)
        problem = codebook_nul_problem(codebook)
        if problem is not None:
            raise ValidationError(problem)
        author = (who or self._who()) if what else None  # read before the write session opens
        previous = self.codebook.version if what and not self._current_codebook_row_missing() else None
        with self._write() as s, s.begin():
            existing = s.scalar(codebook_query(codebook.id, codebook.version))
            if existing is not None:
                conflict = stored_version_conflict(self._with_tree(s, codebook_from_row(existing)), codebook)
                if conflict is not None:
                    raise ValidationError(conflict)
            if check_usage:
                used = set(s.scalars(select(AnnotationRow.category).distinct()))
                missing = used - set(codebook.category_ids)
                if missing:
                    raise ValidationError(
                        f"the codebook lacks categories that annotations use: {', '.join(sorted(missing))}"
                    )
            if existing is None:
                tree = tree_to_json(codebook)
                if tree is not None:
                    queries.set_setting(s, version_setting_key("tree", codebook.id, codebook.version), tree)
                if what:
                    entry: dict[str, Any] = {
                        "who": author,
                        "when": utcnow().isoformat(timespec="seconds"),
                        "what": list(what),
                    }
                    if previous is not None and previous != codebook.version:
                        entry["from"] = previous
                    if ops:
                        entry["ops"] = [dict(op) for op in ops]
                    queries.set_setting(
                        s,
                        version_setting_key("log", codebook.id, codebook.version),
                        json.dumps(entry, ensure_ascii=False),
                    )
            if existing is not None:
                if not existing.is_current:
                    demote_current_codebook(s, seen_pk=self._codebook_pk)
                    existing.is_current = True
                pk = existing.pk
            else:
                demote_current_codebook(s, seen_pk=self._codebook_pk)
                row = codebook_to_row(codebook)
                s.add(row)
                s.flush()
                pk = row.pk
        self._codebook = codebook
        self._codebook_pk = pk

    def _who(self) -> str:
        """A name for the change log: the acting coder's, else the database login, else the OS user."""
        if self.acting_as:
            found = self.annotator(self.acting_as)
            if found is not None:
                return found.name
        if self.access is not None and self.access.login:
            return self.access.login
        import getpass

        try:
            return getpass.getuser()
        except Exception:
            return "unknown"

    def edit_codebook(self, *, codebook: Codebook, who: str | None = None) -> Codebook:
        """Save an edited codebook as the next version, with a change-log entry of what changed.

        ``codebook`` keeps the current id; its version is set here (the next free one). Refused
        when nothing changed or annotations use a category it lacks (merge those first).
        """
        from dataclasses import replace

        from annotator.codebook import next_version

        current = self.codebook
        candidate = replace(codebook, id=current.id, version=current.version)
        what = codebook_changes(current, candidate)
        if not what:
            raise ValidationError("the codebook has not changed")
        used = {a.category for a in self.annotations()}
        gone = sorted(used - set(candidate.category_ids))
        if gone:
            raise ValidationError(
                f"spans still use {', '.join(gone)}; merge them into another category first "
                "(Merge Into… in the Codebook pane, or annotator codebook merge)"
            )
        for a in self.annotations():
            cat = candidate.category(a.category)
            dropped = sorted(k for k in a.attributes if cat is not None and cat.attribute(k) is None)
            if dropped:
                raise ValidationError(
                    f"spans of {a.category!r} hold values of {', '.join(dropped)}; drop the attribute with "
                    "annotator codebook drop-attribute (it takes the values off in the same step)"
                )
        taken = [v for cid, v in self.codebook_versions() if cid == current.id]
        new = replace(candidate, version=next_version(current.version, taken))
        return self.set_codebook(codebook=new, who=who, what=what)

    def restore_codebook(self, *, codebook_id: str, version: str) -> CodebookChange:
        """Make a stored version current again as it is (undo and redo of a refactoring)."""
        before = self.codebook
        stored = self.stored_codebook(codebook_id, version)
        if stored is None:
            raise ValidationError(f"codebook {codebook_id} {version} is not in the project")
        self._store_codebook(stored, check_usage=False)
        return CodebookChange(before=(before.id, before.version), after=(codebook_id, version))

    def switch_codebook(
        self,
        *,
        codebook: Codebook,
        who: str | None = None,
        what: Sequence[str] = (),
        ops: Sequence[Mapping[str, Any]] = (),
    ) -> CodebookChange:
        """Store and make current a new version inside a refactoring's unit of work (recorded).

        The annotations the refactoring recodes are recoded after this, in the same transaction;
        annotations may use categories ``codebook`` lacks only until then.
        """
        before = self.codebook
        self._store_codebook(codebook, who=who, what=what, ops=ops, check_usage=False)
        change = CodebookChange(before=(before.id, before.version), after=(codebook.id, codebook.version))
        if self._recording and self._in_transaction:
            self._tx_changes.append(change)
        return change

    # -- annotators ------------------------------------------------------------------------------

    def annotators(self) -> list[Annotator]:
        with self._session() as s:
            rows = s.scalars(select(AnnotatorRow).order_by(AnnotatorRow.created_at, AnnotatorRow.name))
            return [Annotator(id=r.id, name=r.name, kind=AnnotatorKind(r.kind)) for r in rows]

    def annotator(self, annotator_id: str) -> Annotator | None:
        with self._session() as s:
            r = s.get(AnnotatorRow, annotator_id)
            return None if r is None else Annotator(id=r.id, name=r.name, kind=AnnotatorKind(r.kind))

    def adjudicated_by(self, annotator_id: str) -> str | None:
        """The reviewer's annotator id for an adjudicated layer (``None`` for a coder)."""
        with self._session() as s:
            return s.scalar(select(AnnotatorRow.adjudicated_by).where(AnnotatorRow.id == annotator_id))

    def ensure_annotator(
        self,
        *,
        name: str,
        annotator_id: str | None = None,
        kind: AnnotatorKind = AnnotatorKind.CODER,
        adjudicated_by: str | None = None,
    ) -> Annotator:
        """The annotator with this id (or, without an id, this name), created when missing."""
        name = name.strip()
        if not name:
            raise ValidationError("an annotator needs a name")
        _refuse_nul({"the annotator name": name})
        access = self.access
        with self._write() as s, s.begin():
            if annotator_id:
                row = s.get(AnnotatorRow, annotator_id)
            elif access is not None and access.team and kind is AnnotatorKind.CODER:
                # In a team each login has one coder layer, whatever name its app was given.
                row = s.scalar(
                    select(AnnotatorRow)
                    .where(AnnotatorRow.login == access.login, AnnotatorRow.kind == kind.value)
                    .order_by(AnnotatorRow.created_at)
                    .limit(1)
                )
            else:
                # names are unique ignoring case and outer spaces (see check_layer_name)
                row = next(
                    (
                        r
                        for r in s.scalars(
                            select(AnnotatorRow)
                            .where(AnnotatorRow.kind == kind.value)
                            .order_by(AnnotatorRow.created_at)
                        )
                        if layer_name_key(r.name) == layer_name_key(name)
                    ),
                    None,
                )
            if row is None:
                check_layer_name(s, access, name=name, annotator_id=None)
                row = AnnotatorRow(
                    id=annotator_id or new_id(),
                    name=name,
                    kind=kind.value,
                    adjudicated_by=adjudicated_by,
                    login=access.login if access is not None else None,
                )
                s.add(row)
            return Annotator(id=row.id, name=row.name, kind=AnnotatorKind(row.kind))

    def rename_annotator(self, *, annotator_id: str, name: str) -> Annotator:
        name = name.strip()
        if not name:
            raise ValidationError("an annotator needs a name")
        _refuse_nul({"the annotator name": name})
        with self._write() as s, s.begin():
            row = s.get(AnnotatorRow, annotator_id)
            if row is None:
                raise ValidationError(f"no annotator {annotator_id}")
            check_layer(s, self.access, annotator_id)
            check_layer_name(s, self.access, name=name, annotator_id=annotator_id, login=row.login)
            row.name = name
            return Annotator(id=row.id, name=row.name, kind=AnnotatorKind(row.kind))

    # -- documents -------------------------------------------------------------------------------

    def documents(self) -> list[DocumentInfo]:
        """Every document in project order, with its annotation count, without its text."""
        counts = (
            select(AnnotationRow.document_id, func.count().label("n"))
            .group_by(AnnotationRow.document_id)
            .subquery()
        )
        q = (
            select(
                DocumentRow.id,
                DocumentRow.title,
                DocumentRow.source,
                DocumentRow.author,
                DocumentRow.url,
                DocumentRow.published,
                DocumentRow.language,
                DocumentRow.sha256,
                DocumentRow.status,
                DocumentRow.position,
                func.length(DocumentRow.text),
                func.coalesce(counts.c.n, 0),
                DocumentRow.version,
                DocumentRow.original_filename,
                DocumentRow.body_start,
                DocumentRow.body_end,
                DocumentRow.memo,
            )
            .outerjoin(counts, counts.c.document_id == DocumentRow.id)
            .order_by(DocumentRow.position)
        )
        with self._session() as s:
            rows = s.execute(q).all()
            self._seen_versions.update((r[0], r[12]) for r in rows)
            return [
                DocumentInfo(
                    id=r[0],
                    title=r[1],
                    source=r[2],
                    author=r[3],
                    url=r[4],
                    published=r[5],
                    language=r[6],
                    sha256=r[7],
                    status=DocumentStatus(r[8]),
                    position=r[9],
                    length=r[10],
                    annotation_count=r[11],
                    original_filename=r[13],
                    body_start=r[14],
                    body_end=r[15],
                    memo=r[16] or "",
                )
                for r in rows
            ]

    def document(self, document_id: str) -> Document:
        with self._session() as s:
            row = s.get(DocumentRow, document_id)
            if row is None:
                raise ValidationError(f"no document {document_id}")
            self._seen_versions[row.id] = row.version
            return document_from_row(row)

    def document_version(self, document_id: str) -> int:
        """The document's version now; edits from this project will expect it from here on."""
        with self._session() as s:
            version = s.scalar(select(DocumentRow.version).where(DocumentRow.id == document_id))
        if version is None:
            raise ValidationError(f"no document {document_id}")
        self._seen_versions[document_id] = version
        return version

    def document_by_sha256(self, sha256: str) -> Document | None:
        with self._session() as s:
            row = s.scalar(select(DocumentRow).where(DocumentRow.sha256 == sha256))
            return None if row is None else document_from_row(row)

    def _text(self, s: Session, document_id: str) -> str:
        text = self._texts.get(document_id)
        if text is None:
            text = s.scalar(select(DocumentRow.text).where(DocumentRow.id == document_id))
            if text is None:
                raise ValidationError(f"no document {document_id}")
            if len(self._texts) > 64:
                self._texts.clear()
            self._texts[document_id] = text
        return text

    def add_document(
        self,
        *,
        text: str,
        title: str = "",
        source: str = "",
        author: str = "",
        url: str = "",
        published: str = "",
        language: str = "",
        original_filename: str = "",
        original_sha256: str = "",
        document_id: str | None = None,
        body: tuple[int, int] | None = None,
    ) -> AddedDocument:
        """Store a document (text already normalised); an identical text is not stored twice.

        ``body`` is the article's ``(start, end)`` inside the page chrome (``None``: the whole text).

        Refused when the text holds a C0 control character other than tab and line feed (a CR
        too: line endings are normalised before this), or any field a NUL; the message names the
        character and its offset.
        """
        if not text:
            raise ValidationError("the document is empty")
        problem = control_character_problem(text)
        if problem is not None:
            raise ValidationError(f"the text {problem}")
        fields = {"title": title, "source": source, "author": author, "url": url, "published": published}
        fields |= {"language": language, "original_filename": original_filename}
        _refuse_nul({_FIELD_NAMES[k]: v for k, v in (fields | {"original_sha256": original_sha256}).items()})
        sha = text_sha256(text)
        body = _checked_body(body, len(text))
        with self._write() as s, s.begin():
            existing = s.scalar(select(DocumentRow).where(DocumentRow.sha256 == sha))
            if existing is not None:
                return AddedDocument(document=document_from_row(existing), added=False)
            position = (s.scalar(select(func.max(DocumentRow.position))) or 0) + 1
            row = DocumentRow(
                id=document_id or new_id(),
                position=position,
                title=title.strip() or "Untitled",
                source=source,
                author=author,
                url=url,
                published=published,
                language=language,
                text=text,
                sha256=sha,
                original_filename=original_filename,
                original_sha256=original_sha256,
                body_start=None if body is None else body[0],
                body_end=None if body is None else body[1],
                memo="",
            )
            s.add(row)
            s.flush()
            return AddedDocument(document=document_from_row(row), added=True)

    @_replayed
    def set_document_status(
        self, *, document_id: str, status: DocumentStatus | str, expected_version: int | None = None
    ) -> DocumentChange:
        """Set a document's status, unless someone else changed the document since this project read it.

        The version expected is ``expected_version`` or else the one this project last saw (from
        :meth:`documents`, :meth:`document` or its own edits); a mismatch raises
        :class:`~annotator.errors.ConflictError` and nothing is written.
        """
        try:
            new = DocumentStatus(status)
        except ValueError as exc:
            raise ValidationError(
                f"unknown status {status!r}; use one of {', '.join(s.value for s in DocumentStatus)}"
            ) from exc
        (change,) = self._update_document(document_id, {"status": new.value}, expected_version, always=True)
        return change

    @_replayed
    def update_document(
        self,
        *,
        document_id: str,
        title: str | _Unset = UNSET,
        source: str | _Unset = UNSET,
        author: str | _Unset = UNSET,
        url: str | _Unset = UNSET,
        published: str | _Unset = UNSET,
        language: str | _Unset = UNSET,
        memo: str | _Unset = UNSET,
        expected_version: int | None = None,
    ) -> list[DocumentChange]:
        """Change a document's metadata or memo (never its text); a change record per field changed.

        Guarded like :meth:`set_document_status` against overwriting a colleague's edit.
        """
        given = {"title": title, "source": source, "author": author, "url": url}
        given |= {"published": published, "language": language}
        values: dict[str, Any] = {
            k: " ".join(v.split()) for k, v in given.items() if not isinstance(v, _Unset)
        }
        if not isinstance(memo, _Unset):
            values["memo"] = memo.rstrip()
        if "title" in values and not values["title"]:
            raise ValidationError("a document needs a title")
        _refuse_nul({_FIELD_NAMES[k]: v for k, v in values.items()})
        if not values:
            return []
        return self._update_document(document_id, values, expected_version)

    @_replayed
    def set_document_body(
        self, *, document_id: str, body: tuple[int, int] | None, expected_version: int | None = None
    ) -> DocumentChange:
        """Set the article body, ``(start, end)`` code points of the text (``None``: the whole text).

        The text itself never changes; agreement and analysis look at the body by default. A body
        that covers the whole text is stored as ``None``.
        """
        length = len(self.document(document_id).text)
        checked = _checked_body(body, length)
        changes = self._update_document(
            document_id, _document_values("body", checked), expected_version, always=True
        )
        return changes[0]

    def _update_document(
        self,
        document_id: str,
        values: Mapping[str, Any],
        expected_version: int | None,
        *,
        always: bool = False,
    ) -> list[DocumentChange]:
        """Write ``values`` into a document; a change record per field that changed (each: ``always``)."""
        expected = expected_version if expected_version is not None else self._seen_versions.get(document_id)
        try:
            with self._write() as s, s.begin():
                before, version = update_document_row(
                    s, document_id=document_id, values=values, expected_version=expected
                )
                changes = [
                    DocumentChange(
                        document_id=document_id,
                        field=k,
                        before=DocumentStatus(before[k]) if k == "status" else before[k],
                        after=DocumentStatus(v) if k == "status" else v,
                    )
                    for k, v in values.items()
                    if (always or before[k] != v) and k not in _BODY_COLUMNS
                ]
                if "body_start" in values:
                    old = _body_of(before["body_start"], before["body_end"])
                    new = _body_of(values["body_start"], values["body_end"])
                    if always or old != new:
                        changes.append(
                            DocumentChange(document_id=document_id, field="body", before=old, after=new)
                        )
                self._note(s, [c for c in changes if c.before != c.after])
        except DocumentConflict as exc:
            # The user has been told what it is now; a deliberate second try may go ahead.
            self._seen_versions[document_id] = exc.current_version
            raise
        self._seen_versions[document_id] = version
        return changes

    # -- document variables and memos ------------------------------------------------------------

    def _variable_def(self, variable: str, *, coded: bool) -> VariableDef:
        var = self.codebook.variable(variable)
        if var is None:
            raise ValidationError(f"the codebook has no document variable {variable!r}")
        if var.coded != coded:
            kind = "a coded variable, answered by each coder" if var.coded else "a descriptive variable"
            raise ValidationError(f"{var.label!r} is {kind}")
        return var

    @_replayed
    def set_document_value(self, *, document_id: str, variable: str, value: Any) -> VariableChange:
        """Set (``None``: clear) a descriptive document variable's value for one document."""
        var = self._variable_def(variable, coded=False)
        problem = check_variable_value(var, value)
        if problem is not None:
            raise ValidationError(problem)
        return self._write_variable(document_id, variable, None, value)

    @_replayed
    def set_coded_value(
        self, *, document_id: str, annotator_id: str, variable: str, value: Any
    ) -> VariableChange:
        """Set (``None``: clear) a coder's answer to a coded document variable, in their layer."""
        var = self._variable_def(variable, coded=True)
        problem = check_variable_value(var, value)
        if problem is not None:
            raise ValidationError(problem)
        return self._write_variable(document_id, variable, annotator_id, value)

    def _write_variable(
        self, document_id: str, variable: str, annotator_id: str | None, value: Any
    ) -> VariableChange:
        with self._write() as s, s.begin():
            if annotator_id is None:
                before = queries.set_document_value(
                    s, document_id=document_id, variable=variable, value=value
                )
            else:
                check_layer(s, self.access, annotator_id)
                before = queries.set_coded_value(
                    s,
                    document_id=document_id,
                    annotator_id=annotator_id,
                    variable=variable,
                    value=value,
                    codebook_version=self.codebook.version,
                )
            change = VariableChange(
                document_id=document_id,
                variable=variable,
                annotator_id=annotator_id,
                before=before,
                after=value,
            )
            if before != value:
                self._note(s, [change])
        return change

    def document_values(self, *, document_id: str | None = None) -> dict[str, dict[str, Any]]:
        """Descriptive variables as set, by document id then variable id (derived ones not included)."""
        with self._session() as s:
            return queries.document_values(s, document_id)

    def coded_values(
        self, *, annotator_ids: Iterable[str] | None = None, document_id: str | None = None
    ) -> list[CodedValue]:
        """The coders' answers to coded variables (of some coders, or one document, if given)."""
        with self._session() as s:
            return queries.coded_values(
                s,
                annotator_ids=None if annotator_ids is None else list(annotator_ids),
                document_id=document_id,
            )

    def setting(self, key: str) -> str | None:
        """A project-wide setting (the memo, the outlet table, study options); ``None`` when unset."""
        with self._session() as s:
            return queries.setting(s, key)

    def project_memo(self) -> str:
        """The project's memo: its research questions and the decisions taken along the way."""
        return self.setting(queries.PROJECT_MEMO_KEY) or ""

    @_replayed
    def set_project_memo(self, *, text: str) -> SettingChange:
        """Replace the project memo (team projects: the owner's to write, like the codebook)."""
        text = text.rstrip()
        _refuse_nul({"the project memo": text})
        return self._write_setting(queries.PROJECT_MEMO_KEY, text or None, what="the project memo")

    def outlet_names(self) -> dict[str, str]:
        """The project's own additions to the outlet table: web domain or name -> outlet name."""
        import json

        raw = self.setting(queries.OUTLETS_KEY)
        try:
            data = json.loads(raw) if raw else {}
        except ValueError:
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    @_replayed
    def set_outlet_names(self, *, names: Mapping[str, str]) -> SettingChange:
        """Replace the project's own outlet table (see :mod:`annotator.importers.outlets`)."""
        import json

        clean = {k.strip().lower() if "." in k else k.strip(): v.strip() for k, v in names.items()}
        clean = {k: v for k, v in clean.items() if k and v}
        _refuse_nul({f"the outlet {k!r}": f"{k} {v}" for k, v in clean.items()})
        text = json.dumps(dict(sorted(clean.items())), ensure_ascii=False) if clean else None
        return self._write_setting(queries.OUTLETS_KEY, text, what="the outlet table")

    def restore_setting(self, *, key: str, value: str | None) -> SettingChange:
        """Write a setting back as a change record had it (undo and redo of the outlet table)."""
        if key not in (queries.PROJECT_MEMO_KEY, queries.OUTLETS_KEY):
            raise ValidationError(f"the setting {key!r} is not an edit that can be undone")
        return self._write_setting(
            key, value, what="the project memo" if key == "memo" else "the outlet table"
        )

    def _write_setting(self, key: str, value: str | None, *, what: str) -> SettingChange:
        check_codebook_owner(self.access, what=f"change {what}")
        with self._write() as s, s.begin():
            before = queries.set_setting(s, key, value)
            change = SettingChange(key=key, before=before, after=value)
            if before != value:
                self._note(s, [change])
        return change

    # -- annotations -----------------------------------------------------------------------------

    def annotations(
        self, *, document_id: str | None = None, annotator_ids: Iterable[str] | None = None
    ) -> list[Annotation]:
        """Annotations ordered by document, start, longest first; optionally of some annotators."""
        q = select(AnnotationRow)
        if document_id is not None:
            q = q.where(AnnotationRow.document_id == document_id)
        if annotator_ids is not None:
            q = q.where(AnnotationRow.annotator_id.in_(list(annotator_ids)))
        q = q.order_by(AnnotationRow.document_id, AnnotationRow.start, AnnotationRow.end.desc())
        with self._session() as s:
            found = [annotation_from_row(r) for r in s.scalars(q)]
        if self._roll_up is not None:
            from dataclasses import replace

            found = [replace(a, category=self._rolled(a.category)) for a in found]
        return found

    def span_tuples(
        self, *, annotator_ids: Iterable[str] | None = None, document_id: str | None = None
    ) -> list[tuple[str, str, int, int, str]]:
        """``(document, annotator, start, end, category)`` of annotations, without building objects.

        Agreement over a whole project reads hundreds of thousands of spans and needs only these
        five columns; full :class:`Annotation` objects (timestamps, JSON attributes) cost ten times more.
        """
        q = select(
            AnnotationRow.document_id,
            AnnotationRow.annotator_id,
            AnnotationRow.start,
            AnnotationRow.end,
            AnnotationRow.category,
        )
        if document_id is not None:
            q = q.where(AnnotationRow.document_id == document_id)
        if annotator_ids is not None:
            q = q.where(AnnotationRow.annotator_id.in_(list(annotator_ids)))
        with self._session() as s:
            return [(r[0], r[1], r[2], r[3], self._rolled(r[4])) for r in s.execute(q)]

    def _refuse_uncodable(self, category: str) -> None:
        cat = self.codebook.category(category)
        if cat is not None and not cat.codable:
            raise ValidationError(
                f"{cat.label!r} groups other codes and is not codable; choose one of the codes under it"
            )

    def annotation(self, annotation_id: str) -> Annotation | None:
        with self._session() as s:
            row = s.get(AnnotationRow, annotation_id)
            return None if row is None else annotation_from_row(row)

    def _validate(
        self,
        s: Session,
        *,
        document_id: str,
        start: int,
        end: int,
        quote: str | None,
        category: str,
        attributes: Mapping[str, Any],
        note: str = "",
    ) -> str:
        text = self._text(s, document_id)
        problem = check_span(text, start, end, quote)
        if problem:
            raise ValidationError(problem)
        _refuse_nul({"the note": note})
        problems = check_attribute_values(self.codebook, category, attributes)
        if problems:
            raise ValidationError("; ".join(problems))
        return text[start:end]

    @_replayed
    def add_annotation(
        self,
        *,
        document_id: str,
        start: int,
        end: int,
        category: str,
        annotator_id: str,
        quote: str | None = None,
        attributes: Mapping[str, Any] | None = None,
        note: str = "",
        annotation_id: str | None = None,
        created: datetime | None = None,
        modified: datetime | None = None,
        origin: Mapping[str, Any] | None = None,
        codebook_version: str | None = None,
    ) -> AnnotationChange:
        """Tag ``text[start:end]``; with ``annotation_id`` and timestamps it restores one exactly (undo).

        ``origin`` is where an accepted suggestion came from (see :meth:`accept_suggestion`).
        """
        attrs = {k: v for k, v in (attributes or {}).items() if v is not None and v != ""}
        if annotation_id is None:
            self._refuse_uncodable(category)
        with self._write() as s, s.begin():
            real_quote = self._validate(
                s,
                document_id=document_id,
                start=start,
                end=end,
                quote=quote,
                category=category,
                attributes=attrs,
                note=note,
            )
            # a missing annotator is caught by the foreign key at flush (a lookup here cost a
            # tenth of a key press's time on a long document)
            check_layer(s, self.access, annotator_id)
            now = utcnow()
            row = annotation_to_row(
                Annotation(
                    id=annotation_id or new_id(),
                    document_id=document_id,
                    annotator_id=annotator_id,
                    start=start,
                    end=end,
                    quote=real_quote,
                    category=category,
                    attributes=attrs,
                    note=note,
                    codebook_version=codebook_version or self.codebook.version,
                    created=created or now,
                    modified=modified or now,
                    origin=dict(origin) if origin else None,
                )
            )
            s.add(row)
            try:
                s.flush()
            except IntegrityError as exc:
                if "foreign key" in str(exc.orig).lower():
                    raise ValidationError(f"no annotator {annotator_id}") from exc
                raise ValidationError(f"annotation {row.id} already exists") from exc
            change = AnnotationChange(document_id=document_id, before=None, after=annotation_from_row(row))
            self._note(s, [change])
        return change

    def restore_annotation(self, *, annotation: Annotation) -> AnnotationChange:
        """Put back a deleted annotation exactly as it was (same id and timestamps)."""
        return self.add_annotation(
            document_id=annotation.document_id,
            start=annotation.start,
            end=annotation.end,
            category=annotation.category,
            annotator_id=annotation.annotator_id,
            quote=annotation.quote,
            attributes=annotation.attributes,
            note=annotation.note,
            annotation_id=annotation.id,
            created=annotation.created,
            modified=annotation.modified,
            origin=annotation.origin,
            codebook_version=annotation.codebook_version or None,
        )

    @_replayed
    def update_annotation(
        self,
        *,
        annotation_id: str,
        start: int | _Unset = UNSET,
        end: int | _Unset = UNSET,
        category: str | _Unset = UNSET,
        attributes: Mapping[str, Any] | _Unset = UNSET,
        note: str | _Unset = UNSET,
        modified: datetime | None = None,
        codebook_version: str | None = None,
    ) -> AnnotationChange:
        """Change an annotation's boundaries, category, attributes or note.

        Attributes the new category does not define are dropped when the category changes (the
        change record keeps them, so an undo restores them). ``codebook_version`` (undo only)
        writes back the version the snapshot was made under instead of the current one.
        """
        with self._write() as s, s.begin():
            row = s.get(AnnotationRow, annotation_id)
            if row is None:
                raise ValidationError(f"no annotation {annotation_id}")
            if codebook_version is None and not isinstance(category, _Unset) and category != row.category:
                self._refuse_uncodable(category)
            check_layer(s, self.access, row.annotator_id)
            before = annotation_from_row(row)
            new_start = before.start if isinstance(start, _Unset) else start
            new_end = before.end if isinstance(end, _Unset) else end
            new_category = before.category if isinstance(category, _Unset) else category
            if isinstance(attributes, _Unset):
                attrs = dict(before.attributes)
                cat = self.codebook.category(new_category)
                if cat is not None:
                    attrs = {k: v for k, v in attrs.items() if cat.attribute(k) is not None}
            else:
                attrs = {k: v for k, v in attributes.items() if v is not None and v != ""}
            quote = self._validate(
                s,
                document_id=before.document_id,
                start=new_start,
                end=new_end,
                quote=None,
                category=new_category,
                attributes=attrs,
                note="" if isinstance(note, _Unset) else note,
            )
            row.start, row.end, row.quote, row.category, row.attributes = (
                new_start,
                new_end,
                quote,
                new_category,
                attrs,
            )
            if not isinstance(note, _Unset):
                row.note = note
            row.codebook_version = codebook_version or self.codebook.version
            row.modified_at = modified or utcnow()
            s.flush()
            change = AnnotationChange(
                document_id=before.document_id, before=before, after=annotation_from_row(row)
            )
            self._note(s, [change])
        return change

    def replace_annotation(self, *, annotation: Annotation) -> AnnotationChange:
        """Write back a whole earlier snapshot of an annotation (undo of an update)."""
        change = self.update_annotation(
            annotation_id=annotation.id,
            start=annotation.start,
            end=annotation.end,
            category=annotation.category,
            attributes=annotation.attributes,
            note=annotation.note,
            modified=annotation.modified,
            codebook_version=annotation.codebook_version or None,
        )
        return change

    @_replayed
    def delete_annotation(self, *, annotation_id: str) -> AnnotationChange:
        with self._write() as s, s.begin():
            row = s.get(AnnotationRow, annotation_id)
            if row is None:
                raise ValidationError(f"no annotation {annotation_id}")
            check_layer(s, self.access, row.annotator_id)
            change = AnnotationChange(
                document_id=row.document_id, before=annotation_from_row(row), after=None
            )
            s.delete(row)
            self._note(s, [change])
        return change

    @_replayed
    def delete_annotations(self, *, annotation_ids: Sequence[str]) -> list[AnnotationChange]:
        """Delete several annotations in one transaction (all or none)."""
        with self._write() as s, s.begin():
            rows = list(s.scalars(select(AnnotationRow).where(AnnotationRow.id.in_(list(annotation_ids)))))
            if len(rows) != len(set(annotation_ids)):
                raise ValidationError("some annotations no longer exist")
            for layer in {r.annotator_id for r in rows}:
                check_layer(s, self.access, layer)
            changes = [
                AnnotationChange(document_id=r.document_id, before=annotation_from_row(r), after=None)
                for r in rows
            ]
            s.execute(delete(AnnotationRow).where(AnnotationRow.id.in_(list(annotation_ids))))
            self._note(s, changes)
        return changes

    # -- pending suggestions ------------------------------------------------------------------------

    def suggestions(
        self, *, document_id: str | None = None, annotator_id: str | None = None
    ) -> list[PendingSuggestion]:
        """Pending suggestions in text order (of one document, or pending for one coder, if given).

        In a team project a coder's connection sees only the suggestions pending for them.
        """
        with self._session() as s:
            return suggestion_rows.pending(s, document_id=document_id, annotator_id=annotator_id)

    def suggestion(self, suggestion_id: str) -> PendingSuggestion | None:
        with self._session() as s:
            return suggestion_rows.one(s, suggestion_id)

    def suggestion_tuples(self) -> list[tuple[str, str, int, int, str]]:
        """``(document, annotator, start, end, category)`` of pending suggestions (agreement's view)."""
        with self._session() as s:
            return suggestion_rows.tuples(s)

    @_replayed
    def add_suggestions(
        self, *, annotator_id: str, suggestions: Iterable[SuggestionLike]
    ) -> list[SuggestionChange]:
        """Store suggestions as pending for the coder ``annotator_id``; returns those stored.

        A suggestion already pending for that coder, or already coded by them (same span and
        category), is left out, so running the suggesters twice does not double anything. Each
        is checked like a manual span (inside the text, quote equal to the text under it).
        """
        with self._write() as s, s.begin():
            check_layer(s, self.access, annotator_id)
            if s.get(AnnotatorRow, annotator_id) is None:
                raise ValidationError(f"no annotator {annotator_id}")
            taken: dict[str, set[tuple[int, int, str]]] = {}
            changes: list[SuggestionChange] = []
            now = utcnow()
            for item in suggestions:
                doc = item.document_id
                if doc not in taken:
                    taken[doc] = suggestion_rows.taken_spans(s, document_id=doc, annotator_id=annotator_id)
                key = (item.start, item.end, item.category)
                if key in taken[doc]:
                    continue
                problem = check_span(self._text(s, doc), item.start, item.end, item.quote)
                if problem:
                    raise ValidationError(problem)
                cat = self.codebook.category(item.category)
                if cat is None:
                    raise ValidationError(f"{item.category!r} is not in the codebook")
                attrs = {
                    k: v
                    for k, v in dict(item.attributes).items()
                    if cat.attribute(k) is not None and v is not None and v != ""
                }
                pending = PendingSuggestion(
                    id=new_id(),
                    document_id=doc,
                    annotator_id=annotator_id,
                    start=item.start,
                    end=item.end,
                    quote=item.quote,
                    category=item.category,
                    attributes=attrs,
                    suggester=item.suggester,
                    version=item.version,
                    rule=item.rule,
                    score=float(item.score),
                    created=now,
                )
                s.add(suggestion_to_row(pending))
                taken[doc].add(key)
                changes.append(SuggestionChange(document_id=doc, before=None, after=pending))
            s.flush()
            self._note(s, changes)
        return changes

    def restore_suggestion(self, *, suggestion: PendingSuggestion) -> SuggestionChange:
        """Put a pending suggestion back exactly as it was (undo of an acceptance or rejection)."""
        with self._write() as s, s.begin():
            check_layer(s, self.access, suggestion.annotator_id)
            s.add(suggestion_to_row(suggestion))
            try:
                s.flush()
            except IntegrityError as exc:
                raise ValidationError("that suggestion is pending already") from exc
            change = SuggestionChange(document_id=suggestion.document_id, before=None, after=suggestion)
            self._note(s, [change])
        return change

    @_replayed
    def reject_suggestion(self, suggestion_id: str) -> SuggestionChange:
        """Take a pending suggestion away; nothing else changes (undo puts it back)."""
        with self._write() as s, s.begin():
            row = s.get(SuggestionRow, suggestion_id)
            if row is None:
                raise ValidationError("that suggestion is no longer pending")
            check_layer(s, self.access, row.annotator_id)
            gone = suggestion_from_row(row)
            change = SuggestionChange(document_id=row.document_id, before=gone, after=None)
            s.delete(row)
            self._note(s, [change])
        return change

    @_replayed
    def accept_suggestion(self, suggestion_id: str, *, category: str | None = None) -> Annotation:
        """Turn a pending suggestion into an annotation of its coder's layer, in one transaction.

        The annotation records where it came from (:attr:`Annotation.origin`) and the pending
        item is removed; one step of the edit history, so an undo takes the annotation away and
        makes the suggestion pending again. ``category`` accepts it under another category. When
        the coder already has that very span and category, the suggestion is only removed and the
        existing annotation returned.
        """
        with self._write() as s, s.begin():
            annotation, changes = self._accept(s, suggestion_id, category=category)
            self._note(s, changes)
        return annotation

    @_replayed
    def accept_all(
        self,
        *,
        document_id: str,
        annotator_id: str | None = None,
        within: tuple[int, int] | None = None,
    ) -> list[Annotation]:
        """Accept every suggestion pending in a document (for one coder; inside ``within``, a
        ``(start, end)`` range that must hold the whole span), all in one transaction and one step.
        """
        return [a for a, _ in self._settle_all(document_id, annotator_id, within, accept=True)]

    @_replayed
    def reject_all(
        self,
        *,
        document_id: str,
        annotator_id: str | None = None,
        within: tuple[int, int] | None = None,
    ) -> list[SuggestionChange]:
        """Reject every suggestion pending in a document (as :meth:`accept_all` chooses them)."""
        return [c for _, c in self._settle_all(document_id, annotator_id, within, accept=False)]

    def _settle_all(
        self, document_id: str, annotator_id: str | None, within: tuple[int, int] | None, *, accept: bool
    ) -> list[tuple[Annotation, SuggestionChange]]:
        with self._write() as s, s.begin():
            chosen = suggestion_rows.pending(s, document_id=document_id, annotator_id=annotator_id)
            if within is not None:
                chosen = [p for p in chosen if within[0] <= p.start and p.end <= within[1]]
            done: list[tuple[Annotation, SuggestionChange]] = []
            changes: list[Change] = []
            for p in chosen:
                if accept:
                    annotation, these = self._accept(s, p.id, category=None)
                else:
                    row = s.get(SuggestionRow, p.id)
                    assert row is not None
                    check_layer(s, self.access, row.annotator_id)
                    s.delete(row)
                    s.flush()
                    these = [SuggestionChange(document_id=p.document_id, before=p, after=None)]
                    annotation = _NO_ANNOTATION
                gone = next(c for c in these if isinstance(c, SuggestionChange))
                done.append((annotation, gone))
                changes.extend(these)
            self._note(s, changes)
        return done

    def _accept(
        self, s: Session, suggestion_id: str, *, category: str | None
    ) -> tuple[Annotation, list[Change]]:
        row = s.get(SuggestionRow, suggestion_id)
        if row is None:
            raise ValidationError("that suggestion is no longer pending (accepted or rejected elsewhere?)")
        check_layer(s, self.access, row.annotator_id)
        pending = suggestion_from_row(row)
        chosen = category or pending.category
        cat = self.codebook.category(chosen)
        if cat is None:
            raise ValidationError(f"{chosen!r} is not in the codebook")
        attrs = {k: v for k, v in pending.attributes.items() if cat.attribute(k) is not None}
        quote = self._validate(
            s,
            document_id=pending.document_id,
            start=pending.start,
            end=pending.end,
            quote=pending.quote,
            category=chosen,
            attributes=attrs,
        )
        changes: list[Change] = []
        twin = s.scalar(
            select(AnnotationRow).where(
                AnnotationRow.document_id == pending.document_id,
                AnnotationRow.annotator_id == pending.annotator_id,
                AnnotationRow.start == pending.start,
                AnnotationRow.end == pending.end,
                AnnotationRow.category == chosen,
            )
        )
        if twin is not None:
            annotation = annotation_from_row(twin)
        else:
            now = utcnow()
            new_row = annotation_to_row(
                Annotation(
                    id=new_id(),
                    document_id=pending.document_id,
                    annotator_id=pending.annotator_id,
                    start=pending.start,
                    end=pending.end,
                    quote=quote,
                    category=chosen,
                    attributes=attrs,
                    codebook_version=self.codebook.version,
                    created=now,
                    modified=now,
                    origin=pending.origin,
                )
            )
            s.add(new_row)
            s.flush()
            annotation = annotation_from_row(new_row)
            changes.append(AnnotationChange(document_id=pending.document_id, before=None, after=annotation))
        s.delete(row)
        s.flush()
        changes.append(SuggestionChange(document_id=pending.document_id, before=pending, after=None))
        return annotation, changes

    def bulk_insert(
        self,
        *,
        annotators: Sequence[Mapping[str, Any]],
        documents: Sequence[Mapping[str, Any]],
        annotations: Sequence[Annotation],
        document_values: Sequence[Mapping[str, Any]] = (),
        coded_values: Sequence[Mapping[str, Any]] = (),
    ) -> None:
        """Insert already-validated rows in one transaction (used by dataset import).

        ``document_values`` are rows of descriptive values (document_id, variable, value) and
        ``coded_values`` the coders' answers (document_id, annotator_id, variable, value,
        codebook_version); both get their timestamps here.

        Core ``Table.insert()`` executemany on the session's connection, not the ORM's bulk
        path: for 100,000 annotations the ORM bookkeeping cost more than the writing.
        """
        annotation_rows = [annotation_values(a) for a in annotations]
        _refuse_bad_rows("annotator", annotators)
        _refuse_same_names(annotators)
        _refuse_bad_rows("document", documents)
        _refuse_bad_rows("annotation", annotation_rows)
        try:
            with self._write() as s, s.begin():
                conn = s.connection()
                for a in annotators:
                    check_layer_name(s, self.access, name=str(a["name"]), annotator_id=str(a["id"]))
                if annotators:
                    conn.execute(insert(AnnotatorRow), list(annotators))
                if documents:
                    start = (s.scalar(select(func.max(DocumentRow.position))) or 0) + 1
                    rows = [dict(d, position=start + i) for i, d in enumerate(documents)]
                    conn.execute(insert(DocumentRow), rows)
                if annotation_rows:
                    conn.execute(insert(AnnotationRow), annotation_rows)
                now = utcnow()
                if document_values:
                    conn.execute(
                        insert(DocumentValueRow), [dict(v, modified_at=now) for v in document_values]
                    )
                if coded_values:
                    conn.execute(
                        insert(CodedValueRow),
                        [dict(v, created_at=now, modified_at=now) for v in coded_values],
                    )
        except OperationalError as exc:
            raise ProjectError(f"could not write to the project ({exc.orig})") from exc
        self._texts.clear()

    # -- for the services: export, import, review, team ---------------------------------------------

    def export_rows(self) -> ExportRows:
        """Every annotator, annotation and document as bare tuples, for a dataset export."""
        with self._session() as s:
            return queries.export_rows(s)

    def is_empty(self) -> bool:
        """Whether the project holds no document and no annotation yet."""
        with self._session() as s:
            return queries.is_empty(s)

    def known_ids(self) -> KnownIds:
        """The ids (and document hashes) the project already holds, for an import."""
        with self._session() as s:
            return queries.known_ids(s)

    def existing_annotation_ids(self, ids: Sequence[str]) -> set[str]:
        """Which of ``ids`` are annotations in the project now."""
        with self._session() as s:
            return queries.existing_annotation_ids(s, ids)

    def span_counts(self) -> dict[str, int]:
        """How many spans each annotator has in the whole project."""
        with self._session() as s:
            return queries.span_counts(s)

    def decisions(
        self, *, reviewer_id: str, document_id: str | None = None, group_key: str | None = None
    ) -> list[ReviewDecision]:
        """A reviewer's recorded decisions, oldest first (of one document or group, if given)."""
        with self._session() as s:
            return queries.decisions(s, reviewer_id=reviewer_id, document_id=document_id, group_key=group_key)

    def adjudicated_layer(self, *, reviewer_id: str, create: bool = False) -> Annotator | None:
        """The reviewer's adjudicated layer (made, named "Adjudicated (name)", with ``create``)."""
        if create:
            with self._write() as s, s.begin():
                return annotator_from_row(queries.ensure_adjudicated_layer(s, reviewer_id, new_id=new_id()))
        with self._session() as s:
            row = queries.adjudicated_layer_row(s, reviewer_id)
            return None if row is None else annotator_from_row(row)

    def layer_spans(
        self, *, annotator_id: str, document_id: str, start: int, end: int
    ) -> set[tuple[int, int, str]]:
        """``(start, end, category)`` of one layer's spans overlapping ``[start, end)``."""
        with self._session() as s:
            spans = queries.spans_of_layer(
                s, annotator_id=annotator_id, document_id=document_id, start=start, end=end
            )
        return {(a, b, self._rolled(c)) for a, b, c in spans}

    def record_decision(
        self,
        *,
        group_key: str,
        document_id: str,
        reviewer_id: str,
        decision: Decision,
        annotation_id: str | None = None,
        source_annotation_id: str | None = None,
    ) -> ReviewDecision:
        """Keep a reviewer's decision on a group (see :mod:`annotator.review`)."""
        with self._write() as s, s.begin():
            if s.get(AnnotatorRow, reviewer_id) is None:
                raise ValidationError(f"no annotator {reviewer_id}")
            recorded = queries.record_decision(
                s,
                decision_id=new_id(),
                group_key=group_key,
                document_id=document_id,
                reviewer_id=reviewer_id,
                decision=decision,
                annotation_id=annotation_id,
                source_annotation_id=source_annotation_id,
            )
            self._note(s, [DecisionChange(document_id=document_id, before=None, after=recorded)])
            return recorded

    def delete_decisions(self, *, decision_ids: Iterable[str]) -> list[DecisionChange]:
        with self._write() as s, s.begin():
            removed = queries.delete_decisions(s, decision_ids)
            changes = [DecisionChange(document_id=d.document_id, before=d, after=None) for d in removed]
            self._note(s, changes)
            return changes

    def restore_decision(self, *, decision: ReviewDecision) -> DecisionChange:
        """Put back a deleted decision exactly (same id and time): undo of a reopen."""
        with self._write() as s, s.begin():
            queries.restore_decision(s, decision)
            change = DecisionChange(document_id=decision.document_id, before=None, after=decision)
            self._note(s, [change])
            return change

    # -- the edit history ---------------------------------------------------------------------------

    def edit_step(self, step_id: str) -> EditStep | None:
        with self._session() as s:
            return journal.step(s, step_id)

    def last_edit_step(self, *, annotator_id: str, undone: bool = False) -> EditStep | None:
        """The annotator's newest step (``undone``: the newest one they can redo)."""
        with self._session() as s:
            return journal.last_step(s, annotator_id=annotator_id, undone=undone)

    def mark_step(self, *, step_id: str, undone: bool) -> None:
        with self._write() as s, s.begin():
            journal.mark_step(s, step_id, undone=undone)

    def assign_layer(self, *, login: str, layer: str | None = None, display_name: str | None = None) -> str:
        """Give a team login its coder layer (an existing one by id or name, or a new one); its id."""
        with self._write() as s, s.begin():
            return queries.assign_layer(
                s, login=login, layer=layer, display_name=display_name, new_id=new_id(), access=self.access
            )

    # -- the study: assignments, rounds, gold layers, settings ---------------------------------------

    def assignments(self) -> list[Assignment]:
        """Every assignment, in the order made (see :mod:`annotator.study`)."""
        with self._session() as s:
            return study_rows.assignments(s)

    def add_assignments(self, *, assignments: Sequence[Assignment]) -> list[Assignment]:
        """Store the assignments that are new (existing pairs are kept as they are); returns those."""
        check_codebook_owner(self.access, what="assign documents")
        with self._write() as s, s.begin():
            return study_rows.add_assignments(s, assignments)

    def set_assignment_status(self, *, document_id: str, coder_id: str, status: DocumentStatus | str) -> bool:
        """Record how far a coder got with an assigned document; false when it is not assigned to them."""
        new = DocumentStatus(status)
        with self._write() as s, s.begin():
            return study_rows.set_assignment_status(s, document_id=document_id, coder_id=coder_id, status=new)

    def rounds(self) -> list[Round]:
        with self._session() as s:
            return study_rows.rounds(s)

    def save_round(self, *, name: str, document_ids: Sequence[str]) -> Round:
        """Create the pilot or training round ``name``, or add documents to it."""
        name = name.strip()
        if not name:
            raise ValidationError("a round needs a name")
        check_codebook_owner(self.access, what="define rounds")
        with self._write() as s, s.begin():
            return study_rows.save_round(s, round_id=new_id(), name=name, document_ids=document_ids)

    def gold_layers(self) -> set[str]:
        """Ids of the layers marked as gold (reference coding for training)."""
        with self._session() as s:
            return study_rows.gold_layers(s)

    def set_gold(self, *, annotator_id: str, gold: bool = True) -> None:
        check_codebook_owner(self.access, what="mark gold layers")
        with self._write() as s, s.begin():
            if not study_rows.set_gold(s, annotator_id, gold):
                raise ValidationError(f"no annotator {annotator_id}")

    def set_setting(self, *, key: str, value: str) -> None:
        """Set a study option the lead chooses (read back with :meth:`setting`)."""
        check_codebook_owner(self.access, what="change the project's settings")
        with self._write() as s, s.begin():
            queries.set_setting(s, key, value)
