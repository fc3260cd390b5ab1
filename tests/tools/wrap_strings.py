"""Wrap the app's visible string literals in Qt's translation calls, so that lupdate finds them.

    python -m tests.tools.wrap_strings ui/panes/review.py ui/dialogs/*.py   # edits in place
    python -m tests.tools.wrap_strings --check ui                            # lists, edits nothing

A string literal passed where Qt shows text (``QLabel("...")``, ``setToolTip("...")``,
``addRow("...", ...)``, ``setHorizontalHeaderLabels([...])``, a message box's title and text...)
becomes ``self.tr("...")`` inside a method of a Qt class, and ``translate("Context", "...")``
elsewhere (the context is the enclosing class, else the module's name), with the import of
:func:`ui.i18n.translate` added where needed. Literals already wrapped, empty ones and ones without
a letter are left alone; f-strings are listed (they need a ``.format`` with named fields, by hand).

Run it after new strings arrive, then update the .ts files (README: Adding a language).
"""

from __future__ import annotations

import argparse
import ast
import sys
from dataclasses import dataclass
from pathlib import Path

#: callee name -> positions of the text arguments (``None``: every string in a list argument 0)
TEXT_ARGS: dict[str, tuple[int, ...] | None] = {
    "QLabel": (0,),
    "QMenu": (0,),
    "QPushButton": (0,),
    "QCheckBox": (0,),
    "QRadioButton": (0,),
    "QGroupBox": (0,),
    "QAction": (0,),
    "QToolBar": (0,),
    "QDockWidget": (0,),
    "QProgressDialog": (0, 1),
    "setPlaceholderText": (0,),
    "setWindowTitle": (0,),
    "setText": (0,),
    "setToolTip": (0,),
    "setStatusTip": (0,),
    "setWhatsThis": (0,),
    "setTitle": (0,),
    "setLabelText": (0,),
    "setIconText": (0,),
    "addRow": (0,),
    "addTab": (1,),
    "addMenu": (0,),
    "addAction": (0,),
    "addItem": (0,),
    "showMessage": (0,),
    "show_message": (0,),
    "report": (0,),
    "say": (0,),
    "information": (1, 2),
    "warning": (1, 2),
    "critical": (1, 2),
    "question": (1, 2),
    "getText": (1, 2),
    "getItem": (1, 2),
    "setHorizontalHeaderLabels": None,
    "setHeaderLabels": None,
}
#: Calls whose first argument is already a translation.
WRAPPERS = {"tr", "translate", "QT_TR_NOOP", "QT_TRANSLATE_NOOP"}


@dataclass
class Edit:
    start: int  # byte offsets into the file
    end: int
    text: str


def _callee(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _is_text(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and any(c.isalpha() for c in node.value)
    )


class _Finder(ast.NodeVisitor):
    def __init__(self, module: str, offsets: list[int], source: bytes) -> None:
        self.module = module
        self.offsets = offsets
        self.source = source
        self.classes: list[tuple[str, bool]] = []  # (name, is a Qt class)
        self.functions: list[bool] = []  # whether each enclosing def has ``self``
        self.edits: list[Edit] = []
        self.fstrings: list[int] = []
        self.needs_translate = False

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        qt = any(
            (isinstance(b, ast.Name) and b.id.startswith("Q"))
            or (isinstance(b, ast.Attribute) and b.attr.startswith("Q"))
            for b in node.bases
        )
        self.classes.append((node.name, qt))
        self.generic_visit(node)
        self.classes.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        args = node.args.args
        self.functions.append(bool(args) and args[0].arg == "self")
        self.generic_visit(node)
        self.functions.pop()

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def _offset(self, line: int, col: int) -> int:
        return self.offsets[line - 1] + col

    def _wrap(self, node: ast.expr) -> None:
        assert node.end_lineno is not None and node.end_col_offset is not None
        start = self._offset(node.lineno, node.col_offset)
        end = self._offset(node.end_lineno, node.end_col_offset)
        literal = self.source[start:end].decode("utf-8")
        in_class = bool(self.classes) and self.classes[-1][1]
        in_qt_method = in_class and bool(self.functions) and self.functions[-1]
        if in_qt_method and len(self.functions) == 1:
            self.edits.append(Edit(start, end, f"self.tr({literal})"))
            return
        context = self.classes[-1][0] if self.classes else self.module
        self.needs_translate = True
        self.edits.append(Edit(start, end, f'translate("{context}", {literal})'))

    def visit_Call(self, node: ast.Call) -> None:
        name = _callee(node)
        if name in TEXT_ARGS and name not in WRAPPERS:
            positions = TEXT_ARGS[name]
            if positions is None:
                if node.args and isinstance(node.args[0], ast.List):
                    for element in node.args[0].elts:
                        if _is_text(element):
                            self._wrap(element)
            else:
                for i in positions:
                    if i < len(node.args):
                        arg = node.args[i]
                        if _is_text(arg):
                            self._wrap(arg)
                        elif isinstance(arg, ast.JoinedStr):
                            self.fstrings.append(arg.lineno)
        self.generic_visit(node)


def wrap_file(path: Path, *, write: bool) -> tuple[int, list[int]]:
    """Wrap the texts of one file; returns (how many were wrapped, lines of f-strings left)."""
    source = path.read_bytes()
    tree = ast.parse(source)
    offsets = [0]
    for line in source.splitlines(keepends=True):
        offsets.append(offsets[-1] + len(line))
    finder = _Finder(path.stem.title().replace("_", ""), offsets, source)
    finder.visit(tree)
    if write and finder.edits:
        out = source
        for edit in sorted(finder.edits, key=lambda e: e.start, reverse=True):
            out = out[: edit.start] + edit.text.encode("utf-8") + out[edit.end :]
        text = out.decode("utf-8")
        if finder.needs_translate and "import translate" not in text and "def translate" not in text:
            text = _add_import(text, path)
        path.write_text(text, "utf-8")
    return len(finder.edits), finder.fstrings


def _add_import(text: str, path: Path) -> str:
    """``from ..i18n import translate`` (relative, as the app imports itself) after the imports."""
    depth = len(path.resolve().relative_to(_ui_root(path)).parts) - 1
    line = f"from {'.' * (depth + 1)}i18n import translate\n"
    lines = text.splitlines(keepends=True)
    tree = ast.parse(text)
    last = 0
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            last = node.end_lineno or node.lineno
        elif last:
            break
    lines.insert(last, line)
    return "".join(lines)


def _ui_root(path: Path) -> Path:
    for parent in path.resolve().parents:
        if parent.name == "ui":
            return parent
    raise SystemExit(f"{path} is not inside the ui package")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="list what would be wrapped, edit nothing")
    args = parser.parse_args(argv)
    files = [f for p in args.paths for f in (sorted(p.rglob("*.py")) if p.is_dir() else [p])]
    total = 0
    for f in files:
        n, fstrings = wrap_file(f, write=not args.check)
        total += n
        if n or fstrings:
            print(f"{f}: {n} wrapped" + (f"; f-strings on lines {fstrings}" if fstrings else ""))
    print(f"{total} strings {'to wrap' if args.check else 'wrapped'}")
    return 1 if args.check and total else 0


if __name__ == "__main__":
    sys.exit(main())
