"""The ``annotator`` command: the desktop app by default, and sub-commands for pipelines.

Every sub-command takes ``--project PATH`` (created when missing; default: the project in the
user data dir). A user's mistake ends in one line on stderr and a non-zero exit, never a
traceback: everything the core raises for bad input is an :class:`AnnotatorError`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from annotator import __version__
from annotator.errors import AnnotatorError, ImportRefused


def _add_project(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--project",
        "-p",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="project file (created when missing); default: the project in the user data dir",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description="Code news articles against a shared codebook.",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    _add_project(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("gui", help="start the desktop app (the default)")
    _add_project(p)

    p = sub.add_parser("import", help="import articles (.txt .md .html .docx) and datasets (.json)")
    _add_project(p)
    p.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help="files or folders (searched recursively)"
    )
    p.add_argument("--quiet", "-q", action="store_true", help="print only problems and the summary")

    p = sub.add_parser("export", help="export the dataset (json, jsonl or csv)")
    _add_project(p)
    p.add_argument(
        "--format",
        "-f",
        choices=("json", "jsonl", "csv"),
        default=None,
        help="default: from the output file's suffix, else json",
    )
    p.add_argument("-o", "--output", type=Path, default=None, help="output file (default: standard output)")

    p = sub.add_parser("validate", help="check a dataset file; exit 0 valid, 1 invalid, 2 unreadable")
    p.add_argument("file", type=Path)

    p = sub.add_parser("documents", help="list the project's documents")
    _add_project(p)

    p = sub.add_parser("codebook", help="export or import the codebook (json or REFI-QDA .qdc)")
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
    q = cb.add_parser("import", help="make a codebook file the project's codebook")
    _add_project(q)
    q.add_argument("file", type=Path)

    p = sub.add_parser("agree", help="intercoder agreement (alpha_U, position alpha and kappa, span F1)")
    _add_project(p)
    p.add_argument(
        "--annotators", nargs="+", metavar="A", help="annotator ids or names (default: all coders)"
    )
    p.add_argument("--document", metavar="ID", help="only this document")
    p.add_argument("--json", action="store_true", help="print JSON")
    return parser


def _fmt_from(path: Path | None, given: str | None, allowed: Sequence[str], default: str) -> str:
    if given:
        return given
    if path is not None and path.suffix.lstrip(".").lower() in allowed:
        return path.suffix.lstrip(".").lower()
    return default


def _cmd_import(args: argparse.Namespace) -> int:
    from annotator.importers.articles import import_articles
    from annotator.workspace import open_project

    with open_project(getattr(args, "project", None)) as project:

        def progress(done: int, total: int, name: str) -> bool:
            if not args.quiet and total > 20 and sys.stderr.isatty():
                print(f"\r{done}/{total} {name[:60]:<60}", end="", file=sys.stderr, flush=True)
            return True

        report = import_articles(project, list(args.paths), on_progress=progress)
    if not args.quiet:
        for name, doc_id in report.imported:
            print(f"imported {name} ({doc_id})")
    for name, reason in report.skipped:
        print(f"skipped {name}: {reason}")
    for name, reason in report.failed:
        print(f"failed {name}: {reason}", file=sys.stderr)
    print(f"{len(report.imported)} imported, {len(report.skipped)} skipped, {len(report.failed)} failed")
    return 1 if report.failed else 0


def _cmd_export(args: argparse.Namespace) -> int:
    from annotator.dataset import dataset_dict, export_dataset, write_dataset
    from annotator.workspace import open_project

    fmt = _fmt_from(args.output, args.format, ("json", "jsonl", "csv"), "json")
    with open_project(getattr(args, "project", None)) as project:
        if args.output is None:
            write_dataset(dataset_dict(project), sys.stdout, fmt)
            return 0
        counts = export_dataset(project, args.output, fmt=fmt)
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
    from annotator.workspace import open_project

    with open_project(getattr(args, "project", None)) as project:
        for d in project.documents():
            print(f"{d.id}\t{d.status.label}\t{d.annotation_count}\t{d.title}")
    return 0


def _cmd_codebook(args: argparse.Namespace) -> int:
    from annotator.qdc import read_codebook_file, write_codebook_file
    from annotator.workspace import open_project

    with open_project(getattr(args, "project", None)) as project:
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


def _cmd_agree(args: argparse.Namespace) -> int:
    from annotator.reliability import agreement_for_project, format_table
    from annotator.workspace import open_project

    with open_project(getattr(args, "project", None), readonly=False) as project:
        report = agreement_for_project(project, annotators=args.annotators, document_id=args.document)
    if args.json:
        print(json.dumps(report.to_json_dict(), ensure_ascii=False))
    else:
        print(format_table(report))
    return 0


GuiLauncher = Callable[[str | None], int]


def _no_gui(project: str | None) -> int:
    raise AnnotatorError("the desktop app is not installed here; use a sub-command (see --help)")


COMMANDS = {
    "import": _cmd_import,
    "export": _cmd_export,
    "validate": _cmd_validate,
    "documents": _cmd_documents,
    "codebook": _cmd_codebook,
    "agree": _cmd_agree,
}


def main(argv: Sequence[str] | None = None, *, gui: GuiLauncher = _no_gui) -> int:
    """Run the command line; ``gui`` starts the desktop app (the core never imports it itself)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command in (None, "gui"):
            return gui(getattr(args, "project", None))
        return COMMANDS[args.command](args)
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


if __name__ == "__main__":
    sys.exit(main())
