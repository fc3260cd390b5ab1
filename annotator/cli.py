"""The ``annotator`` command: the desktop app by default, and sub-commands for pipelines.

Every sub-command takes ``--project PATH`` (created when missing; default: the project in the
user data dir); PATH may also be a team database's URL (``postgresql+psycopg://user@host/db``).
A user's mistake ends in one line on stderr and a non-zero exit, never a traceback: everything
the core raises for bad input is an :class:`AnnotatorError`. Anything else is a bug: it too ends in
one line, with the traceback written to a log file in the data dir for the bug report, and exit
status :data:`UNEXPECTED_ERROR_EXIT`. A project file in a synced, network or FUSE folder gets one
``annotator: warning: ...`` line on stderr, and the command carries on.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.errors import AnnotatorError, ImportRefused, LoginRequired
from annotator.teamcli import add_team_parser, ask_password_on_terminal, run_team_command

if TYPE_CHECKING:
    from annotator.agreement.intervals import BootstrapSettings
    from annotator.reliability.report import ReliabilityReport
    from annotator.store.location import LocationRisk

# The names of annotator.formats.FORMATS, spelled out so that parsing arguments stays cheap (a test
# keeps the two in step).
EXPORT_FORMAT_NAMES: tuple[str, ...] = ("json", "jsonl", "csv", "qdpx", "w3c", "brat")
EXPORT_FORMAT_NAMES += ("labelstudio", "doccano", "webanno", "cas")

#: Exit status after an unexpected error (a bug, not the user's input): sysexits.h's EX_SOFTWARE,
#: apart from 1 (refused input), 2 (validate: unreadable file) and 130 (interrupted).
UNEXPECTED_ERROR_EXIT = 70


class _ImportHelp(argparse.Action):
    """``annotator import --help``: the usage, then every file type import takes.

    The file types come from the importers and the format registry
    (:func:`annotator.importers.batch.accepted_suffixes`), which are slow to import; they are
    looked up when this help is shown, not each time the parser is built.
    """

    def __init__(self, option_strings: Sequence[str], dest: str, **_: Any) -> None:
        super().__init__(
            option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="show this help message and exit"
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        from annotator.importers.batch import accepted_suffixes

        parser.epilog = (
            f"file types: {' '.join(accepted_suffixes())} (a .json file is a dataset, or another "
            "tool's annotations when its content says so: Label Studio, W3C, doccano, UIMA CAS)"
        )
        parser.print_help()
        parser.exit()


def _add_project(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--project",
        "-p",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="project file (created when missing) or team database URL (postgresql+psycopg://user@host/db); "
        "default: the project in the user data dir",
    )


class _VersionAction(argparse.Action):
    """``--version``: everything a bug report needs (computed only when asked)."""

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kwargs: object) -> None:
        from annotator.about import version_report

        print(version_report())
        parser.exit()


# annotator.agreement.intervals.DEFAULT_DRAWS and DEFAULT_SEED, spelled out so that parsing
# arguments stays cheap (a test keeps them in step).
BOOTSTRAP_DRAWS = 1000
BOOTSTRAP_SEED = 20070401


def _draws(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("the number of draws must not be negative")
    return value


def _add_bootstrap(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--bootstrap",
        type=_draws,
        default=BOOTSTRAP_DRAWS,
        metavar="N",
        help=f"bootstrap draws (documents resampled) for the 95%% intervals (default {BOOTSTRAP_DRAWS}; "
        "0: no intervals)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=BOOTSTRAP_SEED,
        help=f"seed of the resampling, for the same intervals every time (default {BOOTSTRAP_SEED})",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Code news articles against a shared codebook.",
    )
    parser.add_argument(
        "--version",
        action=_VersionAction,
        nargs=0,
        help="show the versions of the app, Python, Qt and SQLite, and the data dir, and exit",
    )
    desktop = parser.add_mutually_exclusive_group()
    desktop.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help="Linux: add the app to the desktop's application menu (XDG, in your data dir) and exit",
    )
    desktop.add_argument(
        "--uninstall-desktop-entry",
        action="store_true",
        help="remove that menu entry and its icons, and exit",
    )
    _add_project(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("gui", help="start the desktop app (the default)")
    _add_project(p)

    p = sub.add_parser(
        "import",
        add_help=False,
        help="import articles, datasets and annotations from other tools "
        "('annotator import --help' lists the file types)",
    )
    p.add_argument("-h", "--help", action=_ImportHelp)
    _add_project(p)
    p.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help="files or folders (searched recursively)"
    )
    p.add_argument("--quiet", "-q", action="store_true", help="print only problems and the summary")
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="LABEL=CATEGORY",
        help="import a tool's label as this category (repeatable; LABEL=- leaves that label out)",
    )
    p.add_argument(
        "--migrate",
        action="store_true",
        help="a dataset made with another version of the project's codebook: apply the migration plan "
        "(recode merged categories, drop dropped attributes; adopt a newer version first)",
    )
    p.add_argument(
        "--dry-run",
        action="store_true",
        help="print the differences and migration plan of such datasets, and import nothing",
    )

    p = sub.add_parser("export", help="export the dataset, or the annotations for another tool")
    _add_project(p)
    p.add_argument(
        "--format",
        "-f",
        choices=EXPORT_FORMAT_NAMES,
        default=None,
        help="default: from the output file's suffix (.json .jsonl .csv .qdpx .jsonld), else json",
    )
    p.add_argument("-o", "--output", type=Path, default=None, help="output file (default: standard output)")
    p.add_argument(
        "--line-endings",
        choices=("lf", "crlf"),
        default="lf",
        help="qdpx only: sources with CRLF line endings, positions counting the CR (some Windows tools)",
    )

    p = sub.add_parser("validate", help="check a dataset file; exit 0 valid, 1 invalid, 2 unreadable")
    p.add_argument("file", type=Path)

    p = sub.add_parser("documents", help="list the project's documents")
    _add_project(p)

    p = sub.add_parser("codebook", help="export, import or refactor the codebook (json, REFI-QDA .qdc/.qdpx)")
    _add_project(p)
    cb = p.add_subparsers(dest="codebook_command", metavar="ACTION", required=True)
    q = cb.add_parser("export", help="write the project's codebook")
    _add_project(q)
    q.add_argument(
        "--format",
        "-f",
        choices=("json", "qdc"),
        default=None,
        help="default: from the output file's suffix, else json",
    )
    q.add_argument("-o", "--output", type=Path, required=True)
    q = cb.add_parser(
        "import",
        help="make a codebook file the project's codebook (.json, .qdc, or the codebook of a .qdpx/.qde)",
    )
    _add_project(q)
    q.add_argument("file", type=Path)
    refactor_help = "one undoable edit (annotator undo); the new codebook version keeps a change-log entry"
    q = cb.add_parser(
        "merge", help="merge categories into one, recoding their spans", description=refactor_help
    )
    _add_project(q)
    q.add_argument("sources", nargs="+", metavar="CATEGORY")
    q.add_argument("--into", required=True, metavar="CATEGORY", help="an existing category or a new id")
    q.add_argument("--label", default=None, help="the merged category's label (default: as it is, or the id)")
    q.add_argument("--annotator", metavar="NAME", default=None, help="whose edit it is (default: your login)")
    q = cb.add_parser(
        "split",
        help="split a category into new ones under it; lists its spans for recoding",
        description=refactor_help,
    )
    _add_project(q)
    q.add_argument("category", metavar="CATEGORY")
    q.add_argument(
        "--into", nargs="+", required=True, metavar="ID[=LABEL]", help="the new categories (two or more)"
    )
    q.add_argument("--move-to", default=None, metavar="ID", help="recode the spans to this new category now")
    q.add_argument("--annotator", metavar="NAME", default=None, help="whose edit it is (default: your login)")
    q.add_argument("--json", action="store_true", help="print the spans to recode as JSON")
    q = cb.add_parser(
        "drop-attribute", help="take an attribute off a category and its spans", description=refactor_help
    )
    _add_project(q)
    q.add_argument("category", metavar="CATEGORY")
    q.add_argument("attribute", metavar="ATTRIBUTE")
    q.add_argument("--annotator", metavar="NAME", default=None, help="whose edit it is (default: your login)")
    q = cb.add_parser("log", help="the codebook's versions and their change log")
    _add_project(q)

    for verb, what in (("undo", "take back your last edit"), ("redo", "put back the edit you last undid")):
        p = sub.add_parser(verb, help=f"{what} in the project (made in the app or here)")
        _add_project(p)
        p.add_argument(
            "--annotator",
            metavar="NAME",
            default=None,
            help="whose edit (default: the name the app codes as on this computer, else your login)",
        )

    p = sub.add_parser(
        "assign", help="a study: each document to one coder, a reliability sample to every coder"
    )
    _add_project(p)
    p.add_argument("--coders", nargs="+", metavar="CODER", help="coders by name or id (new names are added)")
    share = p.add_mutually_exclusive_group()
    share.add_argument(
        "--overlap", type=float, metavar="FRACTION", help="reliability sample as a share (0.2)"
    )
    share.add_argument("--overlap-count", type=int, metavar="N", help="reliability sample of N documents")
    p.add_argument(
        "--stratify", metavar="KEY", help="draw the sample in proportion to source, published:year or :month"
    )
    p.add_argument("--seed", type=int, default=1, help="the random seed (the same seed gives the same draw)")
    p.add_argument(
        "--suggest-size",
        action="store_true",
        help="print the reliability sample size Lacy and Riffe's method suggests, and assign nothing",
    )
    p.add_argument(
        "--expected", type=float, default=0.90, help="with --suggest-size: agreement expected (.90)"
    )
    p.add_argument("--minimum", type=float, default=0.85, help="with --suggest-size: lowest acceptable (.85)")
    p.add_argument("--confidence", type=float, default=0.95, help="with --suggest-size: one-tailed (.95)")

    p = sub.add_parser("assignments", help="list the study's assignments")
    _add_project(p)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("progress", help="each coder's progress: documents done, in progress, not started")
    _add_project(p)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser(
        "package", help="a project file for one coder: their documents, the codebook, their own layer"
    )
    _add_project(p)
    p.add_argument("--coder", required=True, metavar="CODER", help="the coder, by name or id")
    p.add_argument("-o", "--output", type=Path, required=True, help="the new project file to write")

    p = sub.add_parser("gold", help="mark a layer as gold (the reference coders are trained against)")
    _add_project(p)
    p.add_argument("layer", metavar="LAYER", help="the layer's annotator name or id")
    p.add_argument("--unset", action="store_true", help="no longer gold")

    p = sub.add_parser("study", help="the study's options for coders (shown, or set with the options)")
    _add_project(p)
    p.add_argument(
        "--show-sample",
        choices=("yes", "no"),
        help="whether coders see which of their documents are in the reliability sample (default no)",
    )
    p.add_argument(
        "--other-layers",
        choices=("yes", "no"),
        help="whether coders may show colleagues' layers while coding (no: blind coding; default yes)",
    )

    p = sub.add_parser(
        "round", help="name a pilot or training round: a set of documents, reported on its own"
    )
    _add_project(p)
    p.add_argument("name", metavar="NAME")
    p.add_argument("documents", nargs="*", metavar="DOCUMENT", help="document ids to add to the round")
    p.add_argument("--sample", action="store_true", help="add the reliability sample's documents")

    p = sub.add_parser("agree", help="intercoder agreement (alpha_U, position alpha and kappa, span F1)")
    _add_project(p)
    p.add_argument(
        "--annotators",
        nargs="+",
        metavar="A",
        help="annotator ids or names (default: all coders); 'assistant' names the pending suggestions, "
        "scored with precision and recall against the other layer",
    )
    p.add_argument("--document", metavar="ID", help="only this document")
    p.add_argument("--json", action="store_true", help="print JSON")
    _add_bootstrap(p)
    p.add_argument("--whole-text", action="store_true", help="compare whole texts, page chrome included")
    p.add_argument(
        "--against",
        metavar="LAYER",
        help="each coder against a reference: 'gold' (the layers marked gold, else the adjudicated "
        "layers) or any layer's name or id",
    )
    p.add_argument("--round", metavar="NAME", help="only the documents of this round (annotator round)")
    _add_roll_up(p)

    p = sub.add_parser(
        "disagreements", help="the units the Review panel shows (agreed ones too), with their state"
    )
    _add_project(p)
    p.add_argument("--document", metavar="ID", help="only this document")
    p.add_argument(
        "--annotators",
        nargs="+",
        metavar="A",
        help="coders to compare, by id or name, in this order (default: every coder with a span)",
    )
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser(
        "report", help="reliability report: HTML (or PDF) with a chart and intervals, CSV tables"
    )
    _add_project(p)
    p.add_argument(
        "--annotators", nargs="+", metavar="A", help="annotator ids or names (default: all coders)"
    )
    p.add_argument("-o", "--output", type=Path, default=None, metavar="HTML", help="the HTML report")
    p.add_argument(
        "--pdf", type=Path, default=None, metavar="FILE", help="the same report as PDF (needs the app's Qt)"
    )
    p.add_argument("--csv", type=Path, default=None, metavar="FILE", help="agreement per category (CSV)")
    p.add_argument(
        "--documents-csv", type=Path, default=None, metavar="FILE", help="agreement per document (CSV)"
    )
    _add_bootstrap(p)
    p.add_argument("--whole-text", action="store_true", help="compare whole texts, page chrome included")
    p.add_argument("--round", metavar="NAME", help="only the documents of this round (annotator round)")
    _add_roll_up(p)

    p = sub.add_parser(
        "meta",
        help="show or set documents' metadata, body, memo and variables (one document, several, or a CSV)",
        description="FIELD is title, outlet, author, date, url, language, memo, body (START:END or whole), "
        "or a document variable of the codebook. A CSV has one row per document, named by an 'id' or "
        "'filename' column; an empty cell leaves a field as it is. Every call is one undoable edit.",
    )
    _add_project(p)
    p.add_argument(
        "documents", nargs="*", metavar="DOCUMENT", help="document id, imported file name or title"
    )
    p.add_argument(
        "--set", action="append", default=[], metavar="FIELD=VALUE", help="set a field (repeatable)"
    )
    p.add_argument("--from", dest="csv", type=Path, default=None, metavar="CSV", help="set fields from a CSV")
    p.add_argument(
        "--detect",
        action="store_true",
        help="read the metadata and body again from the stored text (fills empty fields; all documents "
        "when none is named)",
    )
    p.add_argument("--overwrite", action="store_true", help="with --detect: replace fields that are set")
    p.add_argument(
        "--annotator",
        metavar="NAME",
        default=None,
        help="whose answers coded variables are (default: the name the app codes as, else your login)",
    )
    p.add_argument("--json", action="store_true", help="print the document's metadata as JSON")

    p = sub.add_parser("memo", help="show or write the project's memo, or a document's")
    _add_project(p)
    p.add_argument("document", nargs="?", metavar="DOCUMENT", help="a document (default: the project's memo)")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--set", dest="text", metavar="TEXT", default=None, help="the memo's new text")
    group.add_argument("--file", type=Path, default=None, help="read the memo's new text from a file")

    p = sub.add_parser("outlets", help="the outlet table: web domains and names of news outlets")
    _add_project(p)
    p.add_argument(
        "--add",
        action="append",
        default=[],
        metavar="KEY=NAME",
        help="add to the project's table: a web domain (coastdaily.example=Coast Daily) or a name as "
        "articles write it (AP=Associated Press); repeatable",
    )
    p.add_argument("--remove", action="append", default=[], metavar="KEY", help="take a project entry out")
    p.add_argument("--all", action="store_true", help="list the shipped table too")

    p = sub.add_parser(
        "analyze",
        aliases=["analyse"],
        help="figures by outlet and over time: documents, words, spans per category, co-occurrence",
    )
    _add_project(p)
    p.add_argument(
        "--layer",
        metavar="LAYER",
        default=None,
        help="a coder's name or id, or 'adjudicated' (default: the adjudicated layer if any, else yours)",
    )
    p.add_argument(
        "--by",
        default="source",
        metavar="GROUP",
        help="source (the outlet), published:year, published:month, author, language, all, or a "
        "document variable (default: source)",
    )
    p.add_argument(
        "--within",
        choices=("overlap", "paragraph"),
        default="overlap",
        help="co-occurrence of spans that overlap (default) or share a paragraph",
    )
    p.add_argument("--whole-text", action="store_true", help="count whole texts, page chrome included")
    _add_roll_up(p)
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the figures as JSON")
    out.add_argument(
        "--csv",
        type=Path,
        default=None,
        metavar="FILE",
        help="the figures as CSV (one row per group and category)",
    )
    out.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        metavar="HTML",
        help="the figures as a web page with a chart",
    )
    p.add_argument(
        "--matrix", type=Path, default=None, metavar="FILE", help="a document x category matrix (CSV)"
    )

    p = sub.add_parser(
        "suggest",
        help="suggest quotes, statistics and more for a coder to confirm in the app",
        description="Run suggesters over documents and store their suggestions as pending for a coder "
        "(--annotator; default: the name the app codes as on this computer), who accepts or rejects "
        "each in the app. Pending suggestions are not annotations: they are never exported nor "
        "counted in agreement. --json only prints them and stores nothing; --evaluate scores each "
        "suggester against a layer; --timing sets when coders see them.",
    )
    _add_project(p)
    p.add_argument("--document", nargs="+", metavar="ID", help="only these documents (default: all)")
    p.add_argument(
        "--suggester",
        nargs="+",
        metavar="NAME",
        help="which suggesters (default: quotes statistics; --list shows every one)",
    )
    p.add_argument("--text", metavar="TEXT", help="occurrences: the text to find")
    p.add_argument("--category", metavar="ID", help="occurrences: the category to suggest")
    p.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="an option for a suggester (repeatable), e.g. level=clause for the learner",
    )
    p.add_argument("--json", action="store_true", help="print JSON and store nothing")
    p.add_argument(
        "--annotator",
        metavar="NAME",
        default=None,
        help="the coder they are pending for (default: the name the app codes as on this computer)",
    )
    p.add_argument(
        "--timing",
        choices=("right_away", "after_done"),
        default=None,
        help="set when coders see pending suggestions (after_done: only once they marked the "
        "document done, so their first coding is blind) and exit",
    )
    p.add_argument("--list", action="store_true", help="list the suggesters and exit")
    p.add_argument(
        "--evaluate",
        action="store_true",
        help="print each suggester's precision, recall and F1 (exact and overlap) against a layer",
    )
    p.add_argument(
        "--layer",
        metavar="NAME",
        help="the reference layer, and the learner's (default: the adjudicated one)",
    )
    p.add_argument("--folds", type=int, default=5, help="the learner's cross-validation folds (5)")

    add_team_parser(sub)
    return parser


# Warnings already printed in this run (a retry after a password prompt opens projects again).
_warned: set[str] = set()


def warn_location(risk: LocationRisk) -> None:
    """Print a project's risky-folder warning on stderr, once per run, and carry on."""
    if risk.message not in _warned:
        _warned.add(risk.message)
        print(f"annotator: warning: {risk.message}", file=sys.stderr, flush=True)


def _fmt_from(path: Path | None, given: str | None, allowed: Sequence[str], default: str) -> str:
    if given:
        return given
    if path is not None and path.suffix.lstrip(".").lower() in allowed:
        return path.suffix.lstrip(".").lower()
    return default


def _cmd_import(args: argparse.Namespace) -> int:
    from annotator.formats.common import parse_mapping
    from annotator.importers.batch import import_articles
    from annotator.opening import open_project

    label_map = parse_mapping(args.map)
    with open_project(getattr(args, "project", None), on_risk=warn_location) as project:
        _print_migration_plans(project, list(args.paths), migrate=args.migrate or args.dry_run)
        if args.dry_run:
            return 0

        def progress(done: int, total: int, name: str) -> bool:
            if not args.quiet and total > 20 and sys.stderr.isatty():
                print(f"\r{done}/{total} {name[:60]:<60}", end="", file=sys.stderr, flush=True)
            return True

        report = import_articles(
            project, list(args.paths), on_progress=progress, label_map=label_map, migrate=args.migrate
        )
    for name, doc_id in report.imported:
        head, *warnings = doc_id.split("\n")  # exchange formats add warning lines
        if not args.quiet:
            print(f"imported {name} ({head})")
            for line in warnings:
                print(line)
        elif "migrated from codebook version" in head:  # what a migration changed is always said
            print(f"imported {name} ({head})")
    for name, reason in report.skipped:
        print(f"skipped {name}: {reason}")
    for name, reason in report.failed:
        print(f"failed {name}: {reason}", file=sys.stderr)
    print(f"{len(report.imported)} imported, {len(report.skipped)} skipped, {len(report.failed)} failed")
    return 1 if report.failed else 0


def _print_migration_plans(project: Any, paths: list[Path], *, migrate: bool) -> None:
    """For each dataset made with another version of the project's codebook: the differences and plan."""
    from annotator.dataset import dataset_migration_plan
    from annotator.importers.batch import DATASET_SUFFIX, iter_input_files

    for path in iter_input_files(paths):
        if path.suffix.lower() != DATASET_SUFFIX:
            continue
        try:
            plan = dataset_migration_plan(project, path)
        except AnnotatorError:
            continue  # the import says why
        if plan is None:
            continue
        print(f"{path}: {plan.heading()}")
        for line in plan.lines():
            print(f"  {line}")
        if not migrate and not plan.can_migrate:
            print("  (some spans cannot be migrated: recode them in the colleague's project first)")


def _cmd_export(args: argparse.Namespace) -> int:
    from annotator.dataset import dataset_dict, export_dataset, write_dataset
    from annotator.opening import open_project

    fmt = _fmt_from(args.output, args.format, ("json", "jsonl", "csv", "qdpx"), "json")
    if args.format is None and args.output is not None and args.output.suffix.lower() == ".jsonld":
        fmt = "w3c"
    if args.line_endings == "crlf":  # refused before the project is opened, not ignored
        from annotator.formats import check_line_endings

        check_line_endings(fmt, args.line_endings)
    if fmt not in ("json", "jsonl", "csv"):
        return _export_exchange(args, fmt)
    with open_project(getattr(args, "project", None), on_risk=warn_location) as project:
        if args.output is None:
            write_dataset(dataset_dict(project), sys.stdout, fmt)
            return 0
        counts = export_dataset(project, args.output, fmt=fmt)
    print(f"exported {counts['documents']} documents, {counts['annotations']} annotations to {args.output}")
    return 0


def _export_exchange(args: argparse.Namespace, fmt: str) -> int:
    """Export for another tool (annotator.formats); zipped formats need an output file."""
    from annotator.formats import FORMATS, export_bytes, export_file
    from annotator.opening import open_project

    if args.output is None and FORMATS[fmt].binary:
        raise AnnotatorError(f"--format {fmt} writes a zip archive; name the output file with -o")
    with open_project(getattr(args, "project", None), on_risk=warn_location) as project:
        if args.output is None:
            sys.stdout.write(export_bytes(project, fmt, line_endings=args.line_endings).decode("utf-8"))
            return 0
        counts = export_file(project, args.output, fmt, line_endings=args.line_endings)
    print(f"exported {counts['documents']} documents, {counts['annotations']} annotations to {args.output}")
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from annotator.dataset import validate_file

    status, problems = validate_file(args.file)
    for line in problems:
        print(f"{args.file}: {line}" if status == 1 else line)
    if status == 0:
        print(f"{args.file}: valid")
    return status


def _cmd_documents(args: argparse.Namespace) -> int:
    listed = _quick_document_list(getattr(args, "project", None))
    if listed is not None:
        for doc_id, status, count, title in listed:
            print(f"{doc_id}\t{status.replace('_', ' ')}\t{count}\t{title}")
        return 0
    from annotator.opening import open_project

    with open_project(getattr(args, "project", None), on_risk=warn_location) as project:
        for d in project.documents():
            print(f"{d.id}\t{d.status.label}\t{d.annotation_count}\t{d.title}")
    return 0


def _quick_document_list(project: str | None) -> list[tuple[str, str, int, str]] | None:
    """The list read with plain sqlite3 when the project is an up-to-date local file in a safe place.

    Saves importing SQLAlchemy (most of the command's time); anything else (a server, a missing
    or older file, a synced folder to warn about) returns ``None`` for the full open.
    """
    from annotator.paths import default_project_path
    from annotator.store.location import location_risk
    from annotator.store.plain import document_list

    if project is not None and "://" in project:  # a team server's URL
        return None
    path = Path(project).expanduser() if project is not None else default_project_path()
    if location_risk(path) is not None:
        return None
    return document_list(path)


def _cmd_codebook(args: argparse.Namespace) -> int:
    from annotator.formats.qdc import read_codebook_file, write_codebook_file
    from annotator.opening import open_project

    if args.codebook_command in ("merge", "split", "drop-attribute"):
        return _cmd_codebook_refactor(args)
    with open_project(getattr(args, "project", None), on_risk=warn_location) as project:
        if args.codebook_command == "log":
            for entry in project.codebook_log():
                when = entry.get("when") or (
                    entry["created"].isoformat(timespec="seconds") if entry["created"] else ""
                )
                who = entry.get("who") or ""
                print(f"{entry['codebook']} {entry['version']}\t{when}\t{who}")
                for line in entry.get("what") or []:
                    print(f"  {line}")
            return 0
        if args.codebook_command == "export":
            fmt = _fmt_from(args.output, args.format, ("json", "qdc"), "json")
            write_codebook_file(project.codebook, args.output, fmt)
            print(f"wrote codebook {project.codebook.id} {project.codebook.version} to {args.output}")
        else:
            codebook = read_codebook_file(args.file)
            project.set_codebook(codebook=codebook)
            print(
                f"codebook {codebook.id} {codebook.version} is now current "
                f"({len(codebook.categories)} categories)"
            )
    return 0


def _cmd_codebook_refactor(args: argparse.Namespace) -> int:
    from annotator.opening import open_project
    from annotator.refactor import drop_attribute, merge_categories, split_category

    with open_project(getattr(args, "project", None), on_risk=warn_location) as project:
        me = _acting(project, args.annotator)
        acting = project.annotator(me) if me else None
        who = acting.name if acting is not None else None
        if args.codebook_command == "merge":
            result = merge_categories(
                project, sources=args.sources, into=args.into, label=args.label, who=who
            )
            print(
                f"merged {', '.join(args.sources)} into {args.into}: {_count(len(result.changed), 'span')} "
                f"recoded; codebook {result.codebook.id} {result.codebook.version} is now current"
            )
        elif args.codebook_command == "split":
            into = [(item.partition("=")[0], item.partition("=")[2]) for item in args.into]
            result = split_category(project, category=args.category, into=into, move_to=args.move_to, who=who)
            if args.json:
                rows = [
                    {
                        "annotation": a.id,
                        "document": a.document_id,
                        "start": a.start,
                        "end": a.end,
                        "quote": a.quote,
                    }
                    for a in result.to_recode
                ]
                print(json.dumps({"to_recode": rows, "version": result.codebook.version}, ensure_ascii=False))
                return 0
            print(
                f"split {args.category} into {', '.join(i for i, _ in into)}; codebook "
                f"{result.codebook.id} {result.codebook.version} is now current; "
                f"{_count(len(result.to_recode), 'span')} to recode"
                + (f" (moved to {args.move_to})" if args.move_to else "")
            )
            for a in result.to_recode:
                quote = " ".join(a.quote.split())
                print(f"  {a.document_id}\t{a.start}-{a.end}\t{quote[:60]}")
        else:
            result = drop_attribute(project, category=args.category, attribute=args.attribute, who=who)
            print(
                f"dropped {args.attribute} of {args.category} "
                f"({_count(len(result.changed), 'span')} changed); "
                f"codebook {result.codebook.id} {result.codebook.version} is now current"
            )
    return 0


def _cmd_history(args: argparse.Namespace) -> int:
    from annotator import history
    from annotator.opening import default_annotator_name, open_project

    name = (args.annotator or default_annotator_name()).strip()
    with open_project(getattr(args, "project", None), on_risk=warn_location) as project:
        me = next((a for a in project.annotators() if a.name == name), None)
        if me is None:
            raise AnnotatorError(f"no annotator called {name!r} in this project (use --annotator NAME)")
        step = history.undo if args.command == "undo" else history.redo
        result = step(project, annotator_id=me.id)
    when = result.step.created.astimezone().strftime("%Y-%m-%d %H:%M") if result.step.created else "?"
    verb = "undid" if args.command == "undo" else "redid"
    print(f"{verb} “{result.step.label}” by {name} ({when})")
    return 0


def _desktop_entry(*, install: bool) -> int:
    from annotator import desktop

    if install:
        written = desktop.install_desktop_entry()
        print(f"added Annotator to the application menu: {written[0]} (and {len(written) - 1} icon files)")
    else:
        removed = desktop.uninstall_desktop_entry()
        print(f"removed {len(removed)} files" if removed else "no desktop entry was installed")
    return 0


def _cmd_assign(args: argparse.Namespace) -> int:
    from annotator import study
    from annotator.opening import open_project

    with open_project(getattr(args, "project", None), on_risk=warn_location) as project:
        if args.suggest_size:
            n = len(project.documents())
            size = study.suggested_sample_size(
                n, expected=args.expected, minimum=args.minimum, confidence=args.confidence
            )
            print(
                f"{size} of {n} documents (Lacy and Riffe: expected agreement {args.expected:.2f}, "
                f"minimum {args.minimum:.2f}, {args.confidence:.0%} one-tailed)"
            )
            return 0
        if not args.coders:
            raise AnnotatorError("name the coders: --coders A B ...")
        result = study.assign(
            project,
            coders=args.coders,
            overlap=args.overlap,
            overlap_count=args.overlap_count,
            stratify=args.stratify,
            seed=args.seed,
        )
        names = {a.id: a.name for a in project.annotators()}
    per = ", ".join(
        f"{names.get(c, c)} {n}"
        for c, n in sorted(result.per_coder.items(), key=lambda x: names.get(x[0], ""))
    )
    print(
        f"{len(result.added)} assignments added; reliability sample of {len(result.sample)} documents; {per}"
    )
    return 0


def _cmd_assignments(args: argparse.Namespace) -> int:
    from annotator.opening import open_project

    with open_project(getattr(args, "project", None), on_risk=warn_location) as project:
        rows = project.assignments()
        names = {a.id: a.name for a in project.annotators()}
    if args.json:
        print(
            json.dumps(
                {
                    "assignments": [
                        {"document": a.document_id, "coder": a.coder_id, "reliability": a.reliability}
                        for a in rows
                    ]
                }
            )
        )
    else:
        for a in rows:
            mark = "reliability" if a.reliability else ""
            print(f"{a.document_id}\t{names.get(a.coder_id, a.coder_id)}\t{a.status.label}\t{mark}".rstrip())
    return 0


def _cmd_progress(args: argparse.Namespace) -> int:
    from annotator import study
    from annotator.opening import open_project

    with open_project(getattr(args, "project", None), on_risk=warn_location) as project:
        rows = study.progress(project)
    if args.json:
        print(
            json.dumps(
                {
                    "coders": [
                        {
                            "coder": p.coder_id,
                            "name": p.name,
                            "assigned": p.assigned,
                            "done": p.done,
                            "in_progress": p.in_progress,
                            "not_started": p.not_started,
                            "spans": p.spans,
                            "last_edit": p.last_edit.isoformat() if p.last_edit else None,
                        }
                        for p in rows
                    ]
                }
            )
        )
        return 0
    for p in rows:
        last = p.last_edit.astimezone().strftime("%Y-%m-%d %H:%M") if p.last_edit else "never"
        print(
            f"{p.name}: {p.done} done, {p.in_progress} in progress, {p.not_started} not started "
            f"of {p.assigned}; {p.spans} spans; last edit {last}"
        )
    return 0


def _cmd_package(args: argparse.Namespace) -> int:
    from annotator import study
    from annotator.opening import open_project

    with open_project(getattr(args, "project", None), on_risk=warn_location) as project:
        documents, annotations = study.package_for(project, coder=args.coder, output=args.output)
    print(f"wrote {args.output}: {documents} documents, {annotations} annotations for {args.coder}")
    return 0


def _cmd_gold(args: argparse.Namespace) -> int:
    from annotator.opening import open_project

    with open_project(getattr(args, "project", None), on_risk=warn_location) as project:
        match = [a for a in project.annotators() if args.layer in (a.id, a.name)]
        if len(match) != 1:
            raise AnnotatorError(f"{'no' if not match else len(match)} layers are called {args.layer!r}")
        project.set_gold(annotator_id=match[0].id, gold=not args.unset)
    print(f"{match[0].name} is {'no longer ' if args.unset else ''}a gold layer")
    return 0


def _cmd_study(args: argparse.Namespace) -> int:
    from annotator import study
    from annotator.opening import open_project

    with open_project(getattr(args, "project", None), on_risk=warn_location) as project:
        if args.show_sample is not None:
            project.set_setting(key=study.SHOW_RELIABILITY_SETTING, value=args.show_sample)
        if args.other_layers is not None:
            project.set_setting(key=study.ALLOW_OTHER_LAYERS_SETTING, value=args.other_layers)
        sample = project.setting(study.SHOW_RELIABILITY_SETTING) == "yes"
        others = project.setting(study.ALLOW_OTHER_LAYERS_SETTING) != "no"
    print(f"coders see the reliability sample: {'yes' if sample else 'no'}")
    print(f"coders may show colleagues' layers: {'yes' if others else 'no (blind coding)'}")
    return 0


def _cmd_round(args: argparse.Namespace) -> int:
    from annotator.opening import open_project

    with open_project(getattr(args, "project", None), on_risk=warn_location) as project:
        ids = list(args.documents)
        if args.sample:
            ids += sorted({a.document_id for a in project.assignments() if a.reliability})
        known = {d.id for d in project.documents()}
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise AnnotatorError(f"no document {unknown[0]}")
        saved = project.save_round(name=args.name, document_ids=ids)
    print(f"round {saved.name!r}: {len(saved.document_ids)} documents")
    return 0


def _settings(args: argparse.Namespace) -> BootstrapSettings | None:
    from annotator.agreement.intervals import BootstrapSettings

    return BootstrapSettings(draws=args.bootstrap, seed=args.seed) if args.bootstrap else None


def _add_roll_up(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--roll-up",
        action="store_true",
        help="count every span as the top-level category it sits under (hierarchical codebooks)",
    )


def _reading(project: Any, args: argparse.Namespace) -> Any:
    """The project as a read-only command reads it: rolled up with ``--roll-up``, else as it is."""
    return project.rolled_up() if getattr(args, "roll_up", False) else contextlib.nullcontext(project)


def _cmd_agree(args: argparse.Namespace) -> int:
    from annotator.opening import open_project
    from annotator.reliability import (
        agreement_for_project,
        agreement_json,
        document_variables,
        format_table,
        resolve_annotators,
        variable_agreement,
    )
    from annotator.reliability.gold import find_round, format_gold_table, gold_agreement, gold_json

    settings = _settings(args)
    with (
        open_project(getattr(args, "project", None), on_risk=warn_location) as opened,
        _reading(opened, args) as project,
    ):
        round_ids: set[str] | None = None
        round_name = None
        if args.round is not None:
            found = find_round(project, args.round)
            round_name, round_ids = found.name, set(found.document_ids)
        if args.document is not None:
            round_ids = {args.document} if round_ids is None else round_ids & {args.document}
        if args.against is not None:
            result = gold_agreement(
                project,
                against=args.against,
                annotators=args.annotators,
                document_ids=round_ids,
                round_name=round_name,
                whole_text=args.whole_text,
            )
            if args.json:
                print(json.dumps(gold_json(result), ensure_ascii=False, allow_nan=False))
            else:
                print(format_gold_table(result))
            return 0
        report = agreement_for_project(
            project,
            annotators=args.annotators,
            document_id=args.document,
            bootstrap=settings,
            whole_text=args.whole_text,
            document_ids=round_ids,
        )
        chosen = resolve_annotators(project, args.annotators)
        # document variables are answered once per document: one document alone says nothing
        variables = (
            []
            if args.document
            else [
                variable_agreement(data, settings=settings)
                for data in document_variables(project, chosen, document_ids=round_ids)
            ]
        )
    if args.json and round_name is not None:
        print(json.dumps({"round": round_name} | agreement_json(report, variables), ensure_ascii=False))
        return 0
    if args.json:
        print(json.dumps(agreement_json(report, variables), ensure_ascii=False, allow_nan=False))
    else:
        if round_name is not None:
            plural = "" if report.documents == 1 else "s"
            print(f"Round {round_name!r}: {report.documents} document{plural}\n")
        print(format_table(report, variables))
        scope = "whole texts" if args.whole_text else "article bodies"
        print(f"\nover the {scope}" + ("" if args.whole_text else " (--whole-text includes the page chrome)"))
    return 0


def _cmd_disagreements(args: argparse.Namespace) -> int:
    from annotator.opening import open_project
    from annotator.review import align_document, resolve_coders

    with open_project(getattr(args, "project", None), on_risk=warn_location) as project:
        coders = resolve_coders(project, args.annotators)
        docs = project.documents()
        if args.document is not None:
            docs = [d for d in docs if d.id == args.document]
            if not docs:
                raise AnnotatorError(f"no document {args.document}")
        groups = [g for d in docs for g in align_document(project, document_id=d.id, annotator_ids=coders)]
        names = {a.id: a.name for a in project.annotators()}
        titles = {d.id: d.title for d in docs}
        texts = {d.id: project.document(d.id).text for d in docs if not args.json}
    if args.json:
        out = {
            "groups": [
                {
                    "document": g.document_id,
                    "state": g.state.value,
                    "start": g.start,
                    "end": g.end,
                    "members": [
                        {
                            "annotation": m.id,
                            "annotator": m.annotator_id,
                            "start": m.start,
                            "end": m.end,
                            "category": m.category,
                        }
                        for m in g.members
                    ],
                }
                for g in groups
            ]
        }
        print(json.dumps(out, ensure_ascii=False))
        return 0
    shown = None
    for g in groups:
        if g.document_id != shown:
            shown = g.document_id
            print(f"{titles[shown]} ({shown})")
        who = " | ".join(
            f"{names.get(m.annotator_id, m.annotator_id)} {m.category} {m.start}-{m.end}" for m in g.members
        )
        text = " ".join(texts[g.document_id][g.start : g.end].split())
        text = text if len(text) <= 40 else text[:39] + "…"
        quoted = text if text[:1] in "“”\"'‘’«»„" else f"“{text}”"
        print(f"  {g.start}-{g.end}\t{g.state.value}\t{who}\t{quoted}")
    open_n = sum(g.state.is_disagreement for g in groups)
    print(f"{len(groups)} units, {open_n} not agreed ({', '.join(names.get(c, c) for c in coders)})")
    return 0


def _cmd_report(args: argparse.Namespace, pdf: PdfWriter) -> int:
    from annotator.opening import open_project
    from annotator.reliability.report import build_report, category_rows, document_rows, write_csv, write_html

    if args.output is None and args.pdf is None and args.csv is None and args.documents_csv is None:
        raise AnnotatorError(
            "say where to write it: -o report.html, --pdf report.pdf, --csv FILE or --documents-csv FILE"
        )
    with (
        open_project(getattr(args, "project", None), on_risk=warn_location) as opened,
        _reading(opened, args) as project,
    ):
        report = build_report(
            project,
            annotators=args.annotators,
            bootstrap=_settings(args),
            whole_text=args.whole_text,
            round_name=args.round,
        )
    written = []
    if args.output is not None:
        write_html(report, args.output)
        written.append(str(args.output))
    if args.pdf is not None:
        pdf(report, args.pdf)
        written.append(str(args.pdf))
    if args.csv is not None:
        write_csv(category_rows(report), args.csv)
        written.append(str(args.csv))
    if args.documents_csv is not None:
        write_csv(document_rows(report), args.documents_csv)
        written.append(str(args.documents_csv))
    print(
        (f"round {report.round!r}: " if report.round else "")
        + f"{len(report.coders)} coders, {len(report.documents)} documents, {report.units} units; "
        f"wrote {', '.join(written)}"
    )
    return 0


def _cmd_suggest(args: argparse.Namespace) -> int:
    from annotator.opening import open_project
    from annotator.suggest.cli import list_suggesters, suggest_command

    if args.list:
        print(list_suggesters())
        return 0
    with open_project(getattr(args, "project", None), on_risk=warn_location) as project:
        if args.timing is not None:
            from annotator.domain import SUGGESTION_TIMING_SETTING

            project.set_setting(key=SUGGESTION_TIMING_SETTING, value=args.timing)
            when = "right away" if args.timing == "right_away" else "once they marked a document done"
            print(f"coders now see pending suggestions {when}")
            return 0
        stored_for = None if args.json or args.evaluate else _acting(project, args.annotator)
        print(suggest_command(project, args, annotator_id=stored_for))
    return 0


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _acting(project: Any, name: str | None) -> str | None:
    """The annotator a command's edits are made as (created when missing, as the app does)."""
    from annotator.opening import default_annotator_name

    if project.readonly:
        return None
    me = project.ensure_annotator(name=(name or default_annotator_name()).strip())
    project.acting_as = me.id
    return str(me.id)


def _cmd_meta(args: argparse.Namespace) -> int:
    from annotator.metadata import (
        apply_metadata,
        apply_metadata_csv,
        describe_document,
        detect_metadata,
        find_document,
        parse_assignments,
    )
    from annotator.opening import open_project

    if args.csv is not None and (args.documents or args.set or args.detect):
        raise AnnotatorError("--from takes a CSV of its own: name no document and no --set with it")
    if args.set and not args.documents:
        raise AnnotatorError("say which document(s) to --set (an id, an imported file name or a title)")
    with open_project(getattr(args, "project", None), on_risk=warn_location) as project:
        docs = project.documents()
        targets = [find_document(project, key, docs) for key in args.documents]
        if args.csv is not None:
            me = _acting(project, args.annotator)
            report = apply_metadata_csv(project, args.csv, annotator_id=me)
            for line in report.unmatched:
                print(f"annotator: warning: {line}: no such document", file=sys.stderr)
            print(report.summary())
            return 0
        if args.detect:
            _acting(project, args.annotator)
            changes = detect_metadata(
                project, document_ids=[d.id for d in targets] or None, overwrite=args.overwrite
            )
            touched = {getattr(c, "document_id", "") for c in changes}
            print(f"{_count(len(changes), 'change')} in {_count(len(touched), 'document')}")
            return 0
        if args.set:
            me = _acting(project, args.annotator)
            changes = apply_metadata(
                project,
                document_ids=[d.id for d in targets],
                values=parse_assignments(args.set),
                annotator_id=me,
            )
            print(_count(len(changes), "change") if changes else "nothing changed")
            return 0
        if not targets:
            raise AnnotatorError("name a document to show, --set fields, --from a CSV or --detect")
        described = [describe_document(project, d) for d in targets]
    if args.json:
        print(json.dumps(described if len(described) > 1 else described[0], ensure_ascii=False, indent=1))
        return 0
    for n, item in enumerate(described):
        if n:
            print()
        body = item["body"]
        for key in ("id", "title", "outlet", "author", "date", "url", "language", "file"):
            print(f"{key + ':':<10}{item[key]}")
        whole = " (the whole text)" if body["whole_text"] else ""
        print(f"{'body:':<10}{body['start']}:{body['end']}{whole}")
        for key, value in item["variables"].items():
            print(f"{key + ':':<10}{value}")
        for answer in item["coded_variables"]:
            print(f"{answer['variable'] + ':':<10}{answer['value']} ({answer['annotator']})")
        if item["memo"]:
            print("memo:")
            print("  " + item["memo"].replace("\n", "\n  "))
    return 0


def _cmd_memo(args: argparse.Namespace) -> int:
    from annotator.metadata import find_document
    from annotator.opening import open_project

    text = args.text
    if args.file is not None:
        try:
            text = args.file.read_text("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise AnnotatorError(f"{args.file}: cannot read ({exc})") from exc
    with open_project(getattr(args, "project", None), on_risk=warn_location) as project:
        doc = find_document(project, args.document) if args.document else None
        if text is None:
            print(doc.memo if doc is not None else project.project_memo())
            return 0
        _acting(project, None)
        if doc is not None:
            project.update_document(document_id=doc.id, memo=text)
            print(f"wrote the memo of “{doc.title}”")
        else:
            project.set_project_memo(text=text)
            print("wrote the project memo")
    return 0


def _cmd_outlets(args: argparse.Namespace) -> int:
    from annotator.importers.outlets import default_outlets
    from annotator.metadata import parse_assignments
    from annotator.opening import open_project

    with open_project(getattr(args, "project", None), on_risk=warn_location) as project:
        mine = project.outlet_names()
        if args.add or args.remove:
            added = parse_assignments(args.add)
            missing = [k for k in args.remove if k not in mine]
            if missing:
                raise AnnotatorError(f"the project's outlet table has no {', '.join(map(repr, missing))}")
            _acting(project, None)
            table = {k: v for k, v in mine.items() if k not in args.remove}
            table.update({k.strip(): v.strip() for k, v in added.items()})
            project.set_outlet_names(names=table)
            mine = project.outlet_names()
            print(
                f"the project's outlet table has {len(mine)} entries "
                "(`annotator meta --detect` reads the documents again)"
            )
    shipped = default_outlets()
    for key, name in sorted(mine.items()):
        print(f"{key}\t{name}\t(this project)")
    if args.all:
        for key, name in sorted({**shipped.domains, **shipped.aliases}.items()):
            if key not in mine:
                print(f"{key}\t{name}")
    elif not (args.add or args.remove):
        print(
            f"and {len(shipped.domains)} domains, {len(shipped.aliases)} names shipped with annotator "
            "(--all lists them)"
        )
    return 0


def _cmd_analyze(args: argparse.Namespace) -> int:
    from annotator.analysis import analyse, figure_rows, format_table, matrix_rows, write_rows_csv
    from annotator.analysis.report import render_html, write_html
    from annotator.opening import default_annotator_name, open_project

    with (
        open_project(getattr(args, "project", None), on_risk=warn_location) as opened,
        _reading(opened, args) as project,
    ):
        analysis = analyse(
            project,
            layer=args.layer,
            me=default_annotator_name(),
            by=args.by,
            whole_text=args.whole_text,
            within=args.within,
        )
        page = None
        if args.output is not None:
            memos = [(d.title, d.memo) for d in project.documents() if d.memo]
            page = render_html(
                analysis,
                codebook=project.codebook,
                project_name=project.path.name if project.path else project.location,
                project_memo=project.project_memo(),
                document_memos=memos,
            )
    said = f"layer {analysis.layer.name} ({analysis.layer_reason}), over {analysis.scope}"
    written = []
    if args.matrix is not None:
        write_rows_csv(matrix_rows(analysis), args.matrix)
        written.append(str(args.matrix))
    if args.json:
        print(json.dumps(analysis.to_json(), ensure_ascii=False, indent=1))
        print(f"annotator: {said}", file=sys.stderr)
        return 0
    if args.csv is not None:
        write_rows_csv(figure_rows(analysis), args.csv)
        written.append(str(args.csv))
    if page is not None and args.output is not None:
        write_html(page, args.output)
        written.append(str(args.output))
    if written:
        print(f"{said}; wrote {', '.join(written)}")
    else:
        print(format_table(analysis))
    return 0


def _cmd_team(args: argparse.Namespace) -> int:
    return run_team_command(args, on_risk=warn_location)


GuiLauncher = Callable[[str | None], int]
PdfWriter = Callable[["ReliabilityReport", Path], None]
"""Writes the reliability report as PDF: Qt's printing, so the app plugs it in (ui/launcher.py)."""


def _no_gui(project: str | None) -> int:
    raise AnnotatorError("the desktop app is not installed here; use a sub-command (see --help)")


def _no_pdf(report: ReliabilityReport, path: Path) -> None:
    raise AnnotatorError(
        "writing PDF needs the desktop app's Qt, which is not installed here; use -o report.html"
    )


COMMANDS = {
    "import": _cmd_import,
    "export": _cmd_export,
    "validate": _cmd_validate,
    "documents": _cmd_documents,
    "codebook": _cmd_codebook,
    "undo": _cmd_history,
    "redo": _cmd_history,
    "assign": _cmd_assign,
    "assignments": _cmd_assignments,
    "progress": _cmd_progress,
    "package": _cmd_package,
    "gold": _cmd_gold,
    "round": _cmd_round,
    "study": _cmd_study,
    "agree": _cmd_agree,
    "disagreements": _cmd_disagreements,
    "meta": _cmd_meta,
    "memo": _cmd_memo,
    "outlets": _cmd_outlets,
    "analyze": _cmd_analyze,
    "analyse": _cmd_analyze,
    "suggest": _cmd_suggest,
    "team": _cmd_team,
}


def main(
    argv: Sequence[str] | None = None,
    *,
    gui: GuiLauncher = _no_gui,
    pdf: PdfWriter = _no_pdf,
    _again: bool = False,
) -> int:
    """Run the command line; ``gui`` starts the desktop app and ``pdf`` writes a report as PDF
    (both come from the app: the core never imports Qt itself)."""
    if not _again:
        _warned.clear()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.install_desktop_entry or args.uninstall_desktop_entry:
            return _desktop_entry(install=args.install_desktop_entry)
        if args.command in (None, "gui"):
            return gui(getattr(args, "project", None))
        if args.command == "report":
            return _cmd_report(args, pdf)
        return COMMANDS[args.command](args)
    except LoginRequired as exc:
        # Raised while opening, before any work: asking and starting over repeats nothing.
        if ask_password_on_terminal(str(exc)):
            return main(argv, gui=gui, pdf=pdf, _again=True)
        print(f"annotator: {exc}", file=sys.stderr)
        return 1
    except ImportRefused as exc:
        print(f"annotator: {exc}", file=sys.stderr)
        for problem in exc.problems[:50]:
            print(f"  {problem}", file=sys.stderr)
        return 1
    except AnnotatorError as exc:
        print(f"annotator: {exc}", file=sys.stderr)
        return 1 if args.command != "validate" else 2
    except KeyboardInterrupt:
        print("annotator: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: one line here, the whole traceback in the log
        return _unexpected(exc, args.command)


def _unexpected(exc: Exception, command: str | None) -> int:
    """Say in one line that something went wrong, and keep the traceback for a bug report."""
    from annotator.errorlog import describe, log_unexpected

    where = log_unexpected(exc, context=f"command {command or 'gui'}")
    print(f"annotator: unexpected error: {describe(exc)} ({where})", file=sys.stderr)
    return UNEXPECTED_ERROR_EXIT


if __name__ == "__main__":
    sys.exit(main())
