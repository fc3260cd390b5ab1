"""The codebook pane: every category's definition, rules, examples and key, visible while coding."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QTextBrowser, QWidget

from annotator.domain import Codebook

from ..i18n import translate
from ..theme import category_pattern, pattern_label


def codebook_html(codebook: Codebook) -> str:
    """The codebook as compact HTML (also used by the Help menu)."""
    version = translate("CodebookPane", "version")
    parts = [
        f"<h3 style='margin:0'>{html.escape(codebook.name or codebook.id)}</h3>",
        f"<p style='color:gray;margin-top:2px'>{html.escape(codebook.id)}, {version} "
        f"{html.escape(codebook.version)}</p>",
    ]
    for cat in codebook.categories:
        key = (
            f" <span style='border:1px solid gray'>&nbsp;{html.escape(cat.shortcut)}&nbsp;</span>"
            if cat.shortcut
            else ""
        )
        parts.append(
            f"<h4 style='margin-bottom:2px'>"
            f"<span style='background-color:{cat.color}'>&nbsp;&nbsp;&nbsp;</span>"
            f" {html.escape(cat.label)}{key}{_pattern_note(codebook, cat.id)}</h4>"
            f"<p style='margin-top:0'>{html.escape(cat.definition)}</p>"
        )
        for title, items in (
            (translate("CodebookPane", "Include"), cat.include),
            (translate("CodebookPane", "Exclude"), cat.exclude),
            (translate("CodebookPane", "Examples"), cat.examples),
        ):
            if items:
                li = "".join(f"<li>{html.escape(x)}</li>" for x in items)
                parts.append(
                    f"<p style='margin:4px 0 0 0'><b>{title}</b></p><ul style='margin-top:0'>{li}</ul>"
                )
        if cat.attributes:
            attrs = ", ".join(
                html.escape(a.label) + (f" ({html.escape(' / '.join(a.choices))})" if a.choices else "")
                for a in cat.attributes
            )
            attributes = translate("CodebookPane", "Attributes:")
            parts.append(f"<p style='margin-top:0'><b>{attributes}</b> {attrs}</p>")
    return "".join(parts)


def _pattern_note(codebook: Codebook, category_id: str) -> str:
    """The category's underline pattern in words, beside its colour (the legend never needs colour)."""
    words = html.escape(pattern_label(category_pattern(codebook, category_id)))
    return f" <span style='font-weight:normal;font-size:small'>({words})</span>"


class CodebookPane(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codebookPane")
        self.setOpenLinks(False)

    def set_codebook(self, codebook: Codebook) -> None:
        self.setHtml(codebook_html(codebook))
