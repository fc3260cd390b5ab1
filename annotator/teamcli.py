"""The ``annotator team`` sub-commands: their arguments and their output.

Kept apart from :mod:`annotator.team` so that building the CLI's parser (on every start of the
app) imports nothing heavy; the work is imported when a team command runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from annotator.opening import RiskWarning

DEFAULT_PREFIX = "annotator"  # the same as annotator.store.security.DEFAULT_PREFIX


def add_team_parser(sub: Any) -> None:
    """Register ``annotator team ...`` on the CLI's sub-command parsers."""
    p = sub.add_parser("team", help="share a project on a PostgreSQL server (see README: Working as a team)")
    team = p.add_subparsers(dest="team_command", metavar="ACTION", required=True)
    q = team.add_parser("init", help="create the schema, roles and rules in a database (as its owner)")
    q.add_argument("url", help="postgresql+psycopg://OWNER@HOST/DB (no password in it)")
    q.add_argument(
        "--role-prefix",
        default=DEFAULT_PREFIX,
        help="group roles are PREFIX_coder and PREFIX_reviewer (default: %(default)s)",
    )
    for action, what in (("add-coder", "a coder"), ("add-reviewer", "a reviewer (who also codes)")):
        q = team.add_parser(action, help=f"create a login for {what} and print how they connect")
        q.add_argument("url", help="the owner's URL of the team database")
        q.add_argument("name", help="the new login (lower-case letters, digits, _)")
        q.add_argument("--layer", metavar="ID_OR_NAME", help="give them this existing coder layer")
        q.add_argument("--display-name", help="the name of their new layer (default: the login)")
        q.add_argument(
            "--no-password", action="store_true", help="no password (the server authenticates otherwise)"
        )
    q = team.add_parser("push", help="copy a project file (or dataset .json) into a team database")
    q.add_argument("file", type=Path)
    q.add_argument("url")
    q = team.add_parser("pull", help="copy a team database into a project file (or dataset .json)")
    q.add_argument("url")
    q.add_argument("file", type=Path)


def run_team_command(args: argparse.Namespace, *, on_risk: RiskWarning | None = None) -> int:
    """Run ``annotator team ACTION``; ``on_risk`` hears about a project file in a risky folder."""
    from annotator.redaction import redact_url
    from annotator.team import add_member, init_team, pull, push

    action = args.team_command
    if action == "init":
        report = init_team(args.url, prefix=args.role_prefix)
        print(
            f"team database {report.database} is ready; owner {report.owner}, "
            f"group roles {report.roles.coder} and {report.roles.reviewer}"
        )
        for note in report.notes:
            print(f"note: {note}")
        print(f"next: annotator team add-coder {redact_url(args.url)} LOGIN")
        return 0
    if action in ("add-coder", "add-reviewer"):
        member = add_member(
            args.url,
            args.name,
            reviewer=action == "add-reviewer",
            layer=args.layer,
            display_name=args.display_name,
            with_password=not args.no_password,
        )
        verb = "created login" if member.created else "added existing login"
        print(f"{verb} {member.login} to {member.role}; their layer is {member.layer_id}")
        if member.password is not None:
            print(f"password (shown once; send it privately): {member.password}")
        print(f"they open the project with:  annotator --project '{member.url}'")
        if member.pgpass_line is not None:
            print(f"and can keep the password in ~/.pgpass (chmod 600), one line:  {member.pgpass_line}")
        return 0
    if action == "push":
        print(push(args.file, args.url, on_risk=on_risk))
        return 0
    print(pull(args.url, args.file, on_risk=on_risk))
    return 0


def ask_password_on_terminal(message: str) -> bool:
    """For the CLI: ask for the password a server wants (only at a terminal, once per run).

    The answer goes where libpq looks for one (``PGPASSWORD``, this process only).
    """
    import getpass
    import os
    import sys

    if "PGPASSWORD" in os.environ or not (sys.stdin.isatty() and sys.stderr.isatty()):
        return False
    print(message, file=sys.stderr)
    try:
        answer = getpass.getpass("password: ")
    except (EOFError, KeyboardInterrupt):
        return False
    if not answer:
        return False
    os.environ["PGPASSWORD"] = answer
    return True
