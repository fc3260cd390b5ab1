"""Team mode: a coding team shares one PostgreSQL database, each member with their own login.

These are the operations behind ``annotator team ...``: setting a database up
(:func:`init_team`), adding members (:func:`add_member`), and moving a project between a file
and the server (:func:`push`, :func:`pull`, through the dataset, which both sides read and write
identically). The rules themselves live in the database (:mod:`annotator.store.security`).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import text

from annotator.errors import AnnotatorError, ProjectError, ValidationError
from annotator.opening import RiskWarning, report_risk
from annotator.project import Project
from annotator.store.security import (
    DEFAULT_PREFIX,
    TeamRoles,
    apply_team_security,
    check_role_name,
    create_member,
    team_roles,
)
from annotator.store.server import display_url, parse_url


@dataclass(frozen=True)
class InitReport:
    database: str
    owner: str
    roles: TeamRoles
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class MemberReport:
    """What ``add-coder`` / ``add-reviewer`` did, with what the new member needs to connect."""

    login: str
    role: str
    created: bool
    password: str | None
    layer_id: str | None
    url: str
    pgpass_line: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)


def _owner_project(url: str, *, password: str | None = None) -> Project:
    project = Project.open(url, password=password)
    if project.access is None or not project.access.owner:
        login = project.access.login if project.access else "?"
        project.close()
        raise ProjectError(
            f"{project.location}: {login} does not own this project's tables; run this as the project owner"
        )
    return project


def init_team(url: str, *, prefix: str = DEFAULT_PREFIX, password: str | None = None) -> InitReport:
    """Create (or upgrade) the schema with Alembic and set up the team's roles and rules.

    Safe to run again: after an upgrade it re-applies the rules to every table.
    """
    roles = TeamRoles.from_prefix(prefix)
    with _owner_project(url, password=password) as project:
        with project.engine.begin() as conn:
            existing = team_roles(conn)
            if existing is not None and existing != roles:
                raise ValidationError(
                    f"this database already uses the roles {existing.coder} and {existing.reviewer}; "
                    f"run team init with --role-prefix {existing.coder.removesuffix('_coder')}"
                )
            notes = apply_team_security(conn, roles)
            database = str(conn.execute(text("SELECT current_database()")).scalar_one())
        assert project.access is not None
        return InitReport(database=database, owner=project.access.login, roles=roles, notes=tuple(notes))


def _pgpass_field(value: str) -> str:
    return value.replace("\\", "\\\\").replace(":", "\\:")


def add_member(
    url: str,
    login: str,
    *,
    reviewer: bool = False,
    layer: str | None = None,
    display_name: str | None = None,
    with_password: bool = True,
    password: str | None = None,
) -> MemberReport:
    """Create a login for a colleague in the coder (or reviewer) group, and their coding layer.

    ``layer`` (an annotator id or name) hands an existing layer to the login, for a project pushed
    from a file; otherwise a layer named ``display_name`` (default: the login) is created. A new
    login gets a random password unless ``with_password`` is false (for servers that
    authenticate by certificate, Kerberos or LDAP). ``password`` is the owner's own, if needed.
    """
    check_role_name(login)
    new_password = secrets.token_urlsafe(15) if with_password else None
    with _owner_project(url, password=password) as project:
        with project.engine.begin() as conn:
            roles = team_roles(conn)
            if roles is None:
                raise ProjectError(
                    f"{project.location}: not a team database yet; run `annotator team init URL`"
                )
            groups = [roles.reviewer, roles.coder] if reviewer else [roles.coder]
            # a login must not be mistaken for a layer of someone else (agree --annotators, exports)
            clash = conn.execute(
                text(
                    "SELECT name FROM annotators WHERE lower(btrim(name)) = lower(:login)"
                    " AND login IS DISTINCT FROM :login AND id IS DISTINCT FROM :layer"
                    " AND name IS DISTINCT FROM :layer LIMIT 1"
                ),
                {"login": login, "layer": layer},
            ).scalar()
            if clash is not None:
                raise ValidationError(
                    f"a layer is already called “{clash}”, so {login} cannot be a member's login; rename "
                    f"that layer first, or hand it to {login} with --layer"
                )
            created = create_member(conn, login=login, groups=groups, password=new_password)
        layer_id = project.assign_layer(login=login, layer=layer, display_name=display_name)
    parsed = parse_url(url).set(username=login)
    shown = display_url(parsed)
    pgpass = None
    if created and new_password is not None:
        host = parsed.host or str(parsed.query.get("host", "localhost"))
        pgpass = ":".join(
            _pgpass_field(v)
            for v in (
                host,
                str(parsed.port or parsed.query.get("port", 5432)),
                parsed.database or "*",
                login,
                new_password,
            )
        )
    return MemberReport(
        login=login,
        role=groups[0],
        created=created,
        password=new_password if created else None,
        layer_id=layer_id,
        url=shown,
        pgpass_line=pgpass,
    )


def _read_source(source: str | Path, on_risk: RiskWarning | None = None) -> tuple[Any, str]:
    """The dataset of a project file, a dataset ``.json`` file, or a database URL."""
    from annotator.dataset import dataset_dict, read_dataset_file
    from annotator.store.server import is_database_url

    if isinstance(source, str) and is_database_url(source):
        with Project.open(source, readonly=True) as project:
            return dataset_dict(project), project.location
    path = Path(source)
    if path.suffix.lower() == ".json":
        return read_dataset_file(path), path.name
    with report_risk(Project.open(path, create=False, readonly=True), on_risk) as project:
        return dataset_dict(project), path.name


def copy_project(source: str | Path, target: str | Path, *, on_risk: RiskWarning | None = None) -> str:
    """Copy everything from ``source`` into ``target`` through the dataset; returns a summary.

    Ids are kept, so copying again adds only what is new; nothing already in the target is
    overwritten. ``on_risk`` hears about a project file in a synced or network folder. A target
    file that cannot be written is refused (``cannot write FILE: reason``) before the source is read.
    """
    from annotator import safe_write
    from annotator.dataset import import_dataset_data, write_dataset
    from annotator.store.server import is_database_url

    to_file = not (isinstance(target, str) and is_database_url(target))
    to_dataset = to_file and Path(target).suffix.lower() == ".json"
    if to_file:  # before reading the source, which may be a long download from a server
        safe_write.check_writable(Path(target), in_place=not to_dataset)
    data, name = _read_source(source, on_risk)
    if to_dataset:
        try:
            safe_write.atomic_write(Path(target), lambda fh: write_dataset(data, fh, "json"))
        except OSError as exc:
            raise AnnotatorError(f"cannot write {target}: {exc.strerror or exc}") from exc
        return f"wrote {len(data['documents'])} documents to {target}"
    with report_risk(Project.open(Path(target) if to_file else target), on_risk) as p:
        result = import_dataset_data(p, data, name=name)
    return result.summary()


def push(file: str | Path, url: str, *, on_risk: RiskWarning | None = None) -> str:
    """Put a project file (or a dataset ``.json``) into a team database."""
    return copy_project(Path(file), url, on_risk=on_risk)


def pull(url: str, file: str | Path, *, on_risk: RiskWarning | None = None) -> str:
    """Copy a team database into a project file (or a dataset ``.json``)."""
    return copy_project(url, Path(file), on_risk=on_risk)
