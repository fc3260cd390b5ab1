"""Make the User Guide's screenshots from the real app (offscreen), on the bundled sample articles.

    python -m tests.tools.make_guide_screenshots

Writes resources/guide/images/*.png. Run it after a change to what the guide shows; the
pictures are committed with the guide.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["ANNOTATOR_DATA_DIR"] = tempfile.mkdtemp(prefix="annotator-guide-")

from PySide6.QtCore import QSettings
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

IMAGES = Path(__file__).resolve().parents[2] / "resources" / "guide" / "images"
SIZE = (1280, 800)


def save(widget: QWidget, name: str) -> None:
    QApplication.processEvents()
    QTest.qWait(150)
    widget.grab().save(str(IMAGES / name))
    print(f"wrote {IMAGES / name}")


def main() -> int:
    from annotator.opening import open_project
    from ui.app import make_app
    from ui.i18n import install_translators
    from ui.window.mainwindow import MainWindow

    app = make_app()
    install_translators("en")  # the English plural forms, as the app loads them at start
    IMAGES.mkdir(parents=True, exist_ok=True)
    project = open_project(None)  # the default project, seeded with the sample articles
    doc = project.documents()[0]
    text = project.document(doc.id).text
    tess = project.ensure_annotator(name="Tess")
    cara = project.ensure_annotator(name="Cara")

    def tag(who: str, needle: str, category: str, length: int | None = None) -> None:
        start = text.index(needle)
        end = start + (length if length is not None else len(needle))
        project.add_annotation(document_id=doc.id, start=start, end=end, category=category, annotator_id=who)

    tag(tess.id, "More than 2,300 dockworkers walked off the job", "claim")
    tag(tess.id, "2,300 dockworkers", "statistic")
    tag(cara.id, "More than 2,300 dockworkers walked off the job", "claim")
    tag(cara.id, "2,300", "statistic")
    quote = text.index("“We did not choose this")
    tag(tess.id, "“We did not choose this", "quote", text.index("”", quote) + 1 - quote)
    tag(cara.id, "“We did not choose this", "opinion", text.index("”", quote) + 1 - quote)
    settings = QSettings(
        str(Path(os.environ["ANNOTATOR_DATA_DIR"]) / "guide.ini"), QSettings.Format.IniFormat
    )
    window = MainWindow(project=project, annotator_name="Tess", settings=settings)
    window.resize(*SIZE)
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.open_document(doc.id)
    first = window.ann_model.annotations()[0]
    window.view.select_annotation(first.id)
    save(window, "coding.png")

    window.act_review_mode.trigger()
    window.review_panel.set_chosen([tess.id, cara.id])
    window.review_panel.step(1)
    save(window, "review.png")
    window.act_review_mode.trigger()

    dialog = QFileDialog(window, "Export")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setNameFilters([flt for _name, flt in window.export_choices()])
    dialog.setDirectory(tempfile.gettempdir())
    dialog.resize(760, 440)
    dialog.show()
    save(dialog, "export.png")
    dialog.close()
    window.close()
    project.close()
    app.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
