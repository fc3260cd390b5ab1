"""The codebook pane: a searchable tree of the categories, and the chosen one's definition, rules and key.

A codebook of four codes and one of three hundred from MAXQDA both fit: the filter line keeps the
categories whose label, id or definition holds what is typed (with their parents, so the path
stays visible); the text below shows the selected category, or the whole codebook when none is.
Double-clicking a codable category (or Enter on it) tags the selection with it; the context
menu stars a category as a favourite for the toolbar.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QLineEdit,
    QMenu,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.domain import Category, Codebook

from ..i18n import translate
from ..icons import swatch
from ..theme import category_pattern, pattern_label

ID_ROLE = Qt.ItemDataRole.UserRole


def _kids(parent: QTreeWidget | QTreeWidgetItem) -> list[QTreeWidgetItem]:
    """The items directly under a tree's top or an item, in order."""
    if isinstance(parent, QTreeWidget):
        found = [parent.topLevelItem(i) for i in range(parent.topLevelItemCount())]
    else:
        found = [parent.child(i) for i in range(parent.childCount())]
    return [item for item in found if item is not None]


def category_html(cat: Category, codebook: Codebook | None = None) -> str:
    """One category as compact HTML: swatch, label, key, path, definition, rules, examples, attributes."""
    key = (
        f" <span style='border:1px solid gray'>&nbsp;{html.escape(cat.shortcut)}&nbsp;</span>"
        if cat.shortcut
        else ""
    )
    parts = [
        f"<h4 style='margin-bottom:2px'>"
        f"<span style='background-color:{cat.color}'>&nbsp;&nbsp;&nbsp;</span>"
        f" {html.escape(cat.label)}{key}{_pattern_note(codebook, cat.id) if codebook else ''}</h4>"
    ]
    if codebook is not None and cat.parent:
        path = " › ".join(html.escape(c.label) for c in codebook.path(cat.id)[:-1])
        under = translate("CodebookPane", "under {path}").format(path=path)
        parts.append(f"<p style='color:gray;margin:0'>{under}</p>")
    if not cat.codable:
        group = translate("CodebookPane", "A group: code with the codes under it.")
        parts.append(f"<p style='color:gray;margin:0'><i>{group}</i></p>")
    parts.append(f"<p style='margin-top:0'>{html.escape(cat.definition)}</p>")
    for title, items in (
        (translate("CodebookPane", "Include"), cat.include),
        (translate("CodebookPane", "Exclude"), cat.exclude),
        (translate("CodebookPane", "Examples"), cat.examples),
    ):
        if items:
            li = "".join(f"<li>{html.escape(x)}</li>" for x in items)
            parts.append(f"<p style='margin:4px 0 0 0'><b>{title}</b></p><ul style='margin-top:0'>{li}</ul>")
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


def codebook_html(codebook: Codebook) -> str:
    """The codebook as compact HTML (also used by the Help menu)."""
    version = translate("CodebookPane", "version")
    parts = [
        f"<h3 style='margin:0'>{html.escape(codebook.name or codebook.id)}</h3>",
        f"<p style='color:gray;margin-top:2px'>{html.escape(codebook.id)}, {version} "
        f"{html.escape(codebook.version)}</p>",
    ]
    parts.extend(category_html(cat, codebook) for cat in codebook.categories)
    return "".join(parts)


def matches(cat: Category, text: str) -> bool:
    """Whether the filter ``text`` (case-insensitive, every word) is in the label, id or definition."""
    hay = f"{cat.label} {cat.id} {cat.definition}".casefold()
    return all(word in hay for word in text.casefold().split())


class CodebookPane(QWidget):
    """The codebook as a filterable tree above the selected category's text."""

    category_activated = Signal(str)
    """A category chosen to tag with (double-click or Enter on a codable one)."""
    favourite_toggled = Signal(str, bool)
    """A category starred (``True``) or unstarred as a favourite for the toolbar."""
    merge_requested = Signal(str)
    """Merge this category into another (the window asks which)."""
    split_requested = Signal(str)
    """Split this category into new ones under it (the window asks for their names)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codebookPane")
        self._codebook: Codebook | None = None
        self._items: dict[str, QTreeWidgetItem] = {}
        self._favourites: set[str] = set()
        self.filter = QLineEdit()
        self.filter.setObjectName("codebookFilter")
        self.filter.setPlaceholderText(self.tr("Filter codes (label, id, definition)"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.apply_filter)
        self.filter.returnPressed.connect(self._on_filter_enter)
        self.tree = QTreeWidget()
        self.tree.setObjectName("codebookTree")
        self.tree.setHeaderLabels([self.tr("Code"), self.tr("Key")])
        self.tree.setColumnCount(2)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, self.tree.header().ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, self.tree.header().ResizeMode.ResizeToContents)
        self.tree.currentItemChanged.connect(self._on_current)
        self.tree.itemActivated.connect(self._on_activated)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._on_menu)
        self.details = QTextBrowser()
        self.details.setObjectName("codebookDetails")
        self.details.setOpenLinks(False)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tree)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        # small minimums: the dock shares its column with the Inspector and, in Review mode, the
        # Review panel, which must fit without scrolling at the first start's window size
        self.tree.setMinimumHeight(30)
        self.details.setMinimumHeight(1)
        split.setCollapsible(1, True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(split)

    # -- content ------------------------------------------------------------------------------------

    def set_codebook(self, codebook: Codebook, favourites: set[str] | None = None) -> None:
        self._codebook = codebook
        if favourites is not None:
            self._favourites = set(favourites)
        current = self.current_category()
        self.tree.clear()
        self._items = {}
        for cat in codebook.categories:  # a parent comes before its children in a valid order
            parent_item = self._items.get(cat.parent) if cat.parent else None
            item = QTreeWidgetItem(parent_item) if parent_item is not None else QTreeWidgetItem(self.tree)
            self._items[cat.id] = item
            self._fill(item, cat)
        # a parent listed after its child: place such children now
        for cat in codebook.categories:
            item = self._items[cat.id]
            if cat.parent and item.parent() is None and self.tree.indexOfTopLevelItem(item) >= 0:
                self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(item))
                self._items[cat.parent].addChild(item)
        self.tree.expandToDepth(0 if len(codebook.categories) > 40 else 5)
        self.apply_filter(self.filter.text())
        if current is not None and current in self._items:
            self.tree.setCurrentItem(self._items[current])
        else:
            self.details.setHtml(codebook_html(codebook))

    def _fill(self, item: QTreeWidgetItem, cat: Category) -> None:
        star = " ★" if cat.id in self._favourites else ""
        item.setText(0, cat.label + star)
        item.setText(1, cat.shortcut)
        item.setIcon(0, swatch(cat.color))
        item.setData(0, ID_ROLE, cat.id)
        tip = cat.definition or cat.label
        item.setToolTip(0, f"{cat.id}: {tip}" if cat.codable else f"{cat.id} (a group, not codable): {tip}")
        if not cat.codable:
            font = QFont(item.font(0))
            font.setItalic(True)
            item.setFont(0, font)
            item.setForeground(0, self.palette().placeholderText())

    def toPlainText(self) -> str:
        """The text the pane shows below the tree."""
        return self.details.toPlainText()

    def current_category(self) -> str | None:
        item = self.tree.currentItem()
        return None if item is None else str(item.data(0, ID_ROLE))

    def select_category(self, category_id: str) -> None:
        item = self._items.get(category_id)
        if item is not None:
            self.tree.setCurrentItem(item)
            self.tree.scrollToItem(item)

    def visible_categories(self) -> list[str]:
        """The ids the tree shows now (in tree order), for tests and the filter's Enter."""
        shown = []
        stack = list(reversed(_kids(self.tree)))
        while stack:
            item = stack.pop()
            if not item.isHidden():
                shown.append(str(item.data(0, ID_ROLE)))
                stack.extend(reversed(_kids(item)))
        return shown

    # -- filtering -------------------------------------------------------------------------------------

    def apply_filter(self, text: str) -> None:
        codebook = self._codebook
        if codebook is None:
            return
        text = text.strip()
        if not text:
            for item in self._items.values():
                item.setHidden(False)
            return
        keep: set[str] = set()
        for cat in codebook.categories:
            if matches(cat, text):
                keep.update(c.id for c in codebook.path(cat.id))
        for cid, item in self._items.items():
            item.setHidden(cid not in keep)
            if cid in keep:
                item.setExpanded(True)
        first = next((cid for cid in self.visible_categories() if self._is_match(cid, text)), None)
        if first is not None:
            self.tree.setCurrentItem(self._items[first])

    def _is_match(self, category_id: str, text: str) -> bool:
        cat = self._codebook.category(category_id) if self._codebook is not None else None
        return cat is not None and matches(cat, text)

    # -- slots -----------------------------------------------------------------------------------------

    def _on_current(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        codebook = self._codebook
        if codebook is None:
            return
        cat = codebook.category(str(item.data(0, ID_ROLE))) if item is not None else None
        self.details.setHtml(category_html(cat, codebook) if cat is not None else codebook_html(codebook))

    def _on_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        cat = self._codebook.category(str(item.data(0, ID_ROLE))) if self._codebook is not None else None
        if cat is not None and cat.codable:
            self.category_activated.emit(cat.id)

    def _on_filter_enter(self) -> None:
        item = self.tree.currentItem()
        if item is not None and not item.isHidden():
            self._on_activated(item, 0)

    def _on_menu(self, pos: object) -> None:
        item = self.tree.itemAt(pos)  # type: ignore[call-overload]
        if item is None:
            return
        cid = str(item.data(0, ID_ROLE))
        menu = QMenu(self)
        starred = cid in self._favourites
        act = QAction("Remove from the Toolbar" if starred else "Show on the Toolbar (Favourite)", menu)
        act.triggered.connect(lambda _checked=False: self.favourite_toggled.emit(cid, not starred))
        menu.addAction(act)
        menu.addSeparator()
        merge = QAction(self.tr("Merge Into Another Category…"), menu)
        merge.triggered.connect(lambda _checked=False: self.merge_requested.emit(cid))
        split = QAction(self.tr("Split Into New Categories…"), menu)
        split.triggered.connect(lambda _checked=False: self.split_requested.emit(cid))
        menu.addActions([merge, split])
        menu.exec(self.tree.viewport().mapToGlobal(pos))  # type: ignore[call-overload]
