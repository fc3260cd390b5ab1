"""The reliability report as PDF, written by Qt's printing, so that no browser is needed.

The page is the report's own HTML in its print form (:func:`annotator.reliability.report.render_html`
with ``for_print=True``), laid out by Qt's rich text. Qt's rich text shows no inline SVG, so the
chart's SVG is drawn by QtSvg into a picture at print resolution and handed to the document under
the name the page refers to. The command line reaches :func:`write_report_pdf` through the
launcher (``annotator report --pdf FILE``), the way it reaches the app, so the core never imports
Qt; without a running application it starts a headless one (the offscreen platform), which needs
no display.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QByteArray, QMarginsF, QRectF, QSizeF, QUrl
from PySide6.QtGui import QGuiApplication, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QTextDocument
from PySide6.QtSvg import QSvgRenderer

from annotator.errors import AnnotatorError
from annotator.reliability.report import CHART_IMAGE, ReliabilityReport, chart_svg, render_html

__all__ = ["chart_image", "ensure_application", "report_document", "write_report_pdf"]

# The chart is drawn at this many pixels per SVG unit: about 300 dpi at the width it is printed.
_CHART_SCALE = 3.0
_app: QGuiApplication | None = None


def ensure_application() -> QGuiApplication:
    """The running Qt application, or a headless one started for printing (command line)."""
    global _app
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    _app = QGuiApplication([sys.argv[0] if sys.argv else "annotator"])
    return _app


def chart_image(report: ReliabilityReport) -> QImage:
    """The report's chart (its SVG) drawn into a picture at print resolution, on white."""
    renderer = QSvgRenderer(QByteArray(chart_svg(report).encode("utf-8")))
    size = renderer.defaultSize()
    image = QImage(
        round(size.width() * _CHART_SCALE), round(size.height() * _CHART_SCALE), QImage.Format.Format_RGB32
    )
    image.fill(0xFFFFFF)
    image.setDotsPerMeterX(round(96 * _CHART_SCALE / 0.0254))
    image.setDotsPerMeterY(round(96 * _CHART_SCALE / 0.0254))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    renderer.render(painter, QRectF(0, 0, image.width(), image.height()))
    painter.end()
    return image


def report_document(report: ReliabilityReport) -> QTextDocument:
    """The report as a rich-text document: what the app shows and what the PDF prints."""
    document = QTextDocument()
    image = chart_image(report)
    document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(CHART_IMAGE), image)
    document.setHtml(render_html(report, for_print=True))
    return document


def write_report_pdf(report: ReliabilityReport, path: Path) -> None:
    """Write the report to ``path`` as an A4 PDF (atomically: a half-written file never shows)."""
    ensure_application()
    path = Path(path)
    document = report_document(report)
    try:
        handle, temporary = tempfile.mkstemp(prefix=".report-", suffix=".pdf", dir=path.parent)
    except OSError as exc:
        raise AnnotatorError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    os.close(handle)
    try:
        writer = QPdfWriter(temporary)
        writer.setTitle(f"Intercoder reliability — {report.project_name}")
        writer.setCreator("annotator")
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(16, 14, 16, 14),
                QPageLayout.Unit.Millimeter,
            )
        )
        writer.setResolution(300)
        # Lay the text out on a page of the printable width at 96 dpi, as on screen; print_ scales
        # it to the writer's resolution page by page.
        printable = writer.pageLayout().paintRectPixels(96)
        document.setPageSize(QSizeF(printable.width(), printable.height()))
        document.print_(writer)
        del writer  # the file is complete once the writer is gone
        os.replace(temporary, path)
    except OSError as exc:
        raise AnnotatorError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
