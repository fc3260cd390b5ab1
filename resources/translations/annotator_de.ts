<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name></name>
    <message>
        <location filename="../../ui/panes/review.py" line="+423"/>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Decide</source>
        <translation>Entscheiden</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Agreement: Krippendorff&apos;s α&lt;sub&gt;U&lt;/sub&gt; and span F1</source>
        <translation>Übereinstimmung: Krippendorffs α&lt;sub&gt;U&lt;/sub&gt; und Span-F1</translation>
    </message>
    <message>
        <location line="+982"/>
        <source>&amp;Next Disagreement</source>
        <translation>&amp;Nächster Dissens</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Previous Disagreement</source>
        <translation>&amp;Vorheriger Dissens</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Accept All &amp;Agreed</source>
        <translation>Alle &amp;übereinstimmenden annehmen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Reject Unit</source>
        <translation>Einheit &amp;verwerfen</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../ui/dialogs/about.py" line="+29"/>
        <source>About Annotator</source>
        <translation>Über Annotator</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Copy for a Bug Report</source>
        <translation>Für einen Fehlerbericht kopieren</translation>
    </message>
</context>
<context>
    <name>Accessibility</name>
    <message>
        <location filename="../../ui/window/accessible.py" line="+34"/>
        <source>Document text</source>
        <extracomment>A quote longer than this is cut (with an ellipsis) when said aloud.</extracomment>
        <translation>Dokumenttext</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The article being coded. Select with Shift and the arrow keys, then press a category key.</source>
        <translation>Der Artikel, der codiert wird. Mit Umschalt und den Pfeiltasten auswählen, dann eine Kategorietaste drücken.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Filter documents</source>
        <translation>Dokumente filtern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shows only the documents whose title or outlet match</source>
        <translation>Zeigt nur die Dokumente, deren Titel oder Medium passt</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Documents</source>
        <translation>Dokumente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The project&apos;s documents; Enter opens one</source>
        <translation>Die Dokumente des Projekts; die Eingabetaste öffnet eines</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Annotations</source>
        <translation>Annotationen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The spans shown in the text; Enter selects one in the text</source>
        <translation>Die im Text gezeigten Spans; die Eingabetaste wählt einen im Text aus</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show category</source>
        <translation>Kategorie zeigen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show annotator</source>
        <translation>Codierende/n zeigen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Codebook</source>
        <translation>Codebuch</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Every category&apos;s definition, rules, examples and key</source>
        <translation>Definition, Regeln, Beispiele und Taste jeder Kategorie</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Filter codes</source>
        <translation>Codes filtern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shows only the codes whose label, id or definition match</source>
        <translation>Zeigt nur die Codes, deren Bezeichnung, ID oder Definition passt</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Codes</source>
        <translation>Codes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The codebook&apos;s categories as a tree; Enter tags the selection</source>
        <translation>Die Kategorien des Codebuchs als Baum; Eingabe codiert die Auswahl</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Code definition</source>
        <translation>Code-Definition</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The chosen category&apos;s definition, rules, examples and attributes</source>
        <translation>Definition, Regeln, Beispiele und Attribute der gewählten Kategorie</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Category of the suggestions</source>
        <translation>Kategorie der Vorschläge</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The category every match is suggested as</source>
        <translation>Die Kategorie, als die jeder Treffer vorgeschlagen wird</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Find in document</source>
        <translation>Im Dokument suchen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter: next match, Shift+Enter: previous, Escape: close</source>
        <translation>Eingabe: nächster Treffer, Umschalt+Eingabe: vorheriger, Esc: schließen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Where the project is</source>
        <translation>Wo das Projekt liegt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category of the selected span</source>
        <translation>Kategorie des ausgewählten Spans</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note on the selected span</source>
        <translation>Notiz zum ausgewählten Span</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Document memo</source>
        <translation>Dokumentmemo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Layer to analyse</source>
        <translation>Auszuwertende Ebene</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Group by</source>
        <translation>Gruppieren nach</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Within</source>
        <translation>Innerhalb</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category counts</source>
        <translation>Anzahl je Kategorie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Co-occurrence of categories</source>
        <translation>Gemeinsames Auftreten der Kategorien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category to retrieve</source>
        <translation>Gesuchte Kategorie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Group to retrieve</source>
        <translation>Gesuchte Gruppe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retrieved spans in context</source>
        <translation>Gefundene Spans im Kontext</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Coders compared</source>
        <translation>Verglichene Codierende</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the coders whose layers review compares</source>
        <translation>Haken Sie die Codierenden an, deren Ebenen die Prüfung vergleicht</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Units to review</source>
        <translation>Zu prüfende Einheiten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Each unit with its state: agreed, disagreed or decided</source>
        <translation>Jede Einheit mit ihrem Stand: übereinstimmend, im Dissens oder entschieden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Category to accept the selection as</source>
        <translation>Kategorie, als die die Auswahl angenommen wird</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Agreement</source>
        <translation>Übereinstimmung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unitizing alpha and F1 for this document and the project</source>
        <translation>Unitizing-Alpha und F1 für dieses Dokument und das Projekt</translation>
    </message>
</context>
<context>
    <name>AnalysisPane</name>
    <message>
        <location filename="../../ui/panes/analysis.py" line="+83"/>
        <source>Outlet</source>
        <extracomment>The retrieval&apos;s group choices beside the groups&apos; own values: every group, and documents without one.</extracomment>
        <translation>Medium</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Year</source>
        <translation>Jahr</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Month</source>
        <translation>Monat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Author</source>
        <translation>Autor/in</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All documents</source>
        <translation>Alle Dokumente</translation>
    </message>
    <message>
        <location line="+183"/>
        <source>Whose spans: the adjudicated layer where there is one, else your own</source>
        <extracomment>What was drawn last, for tests and tooltips: (kind, category, group value, rectangle or point).</extracomment>
        <translation>Wessen Spans: die entschiedene Ebene, wo es eine gibt, sonst Ihre eigene</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Whole text</source>
        <translation>Ganzer Text</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Count the page chrome too (by default only the article body counts)</source>
        <translation>Auch das Seitenbeiwerk zählen (standardmäßig zählt nur der Artikeltext)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Co-occurring: overlapping</source>
        <translation>Gemeinsames Auftreten: überlappend</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Co-occurring: same paragraph</source>
        <translation>Gemeinsames Auftreten: gleicher Absatz</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save…</source>
        <translation>Speichern …</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Figures as CSV…</source>
        <translation>Zahlen als CSV …</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Document × category matrix (CSV)…</source>
        <translation>Matrix Dokument × Kategorie (CSV) …</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Report (web page)…</source>
        <translation>Bericht (Webseite) …</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Layer</source>
        <translation>Ebene</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>By</source>
        <translation>Nach</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Export CSV…</source>
        <translation>CSV exportieren …</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Before</source>
        <translation>Davor</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Span</source>
        <translation>Span</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>After</source>
        <translation>Danach</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Figures</source>
        <translation>Zahlen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Co-occurrence</source>
        <translation>Gemeinsames Auftreten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retrieval</source>
        <translation>Fundstellen</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Automatic</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>All groups</source>
        <translation>Alle Gruppen</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Docs</source>
        <translation>Dok.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Words</source>
        <translation>Wörter</translation>
    </message>
    <message>
        <location line="+82"/>
        <source>Nothing to save: no figures yet</source>
        <translation>Nichts zu speichern: noch keine Zahlen</translation>
    </message>
</context>
<context>
    <name>AnnotationTextView</name>
    <message>
        <location filename="../../ui/textview/view.py" line="+549"/>
        <source>{category} by {annotator}</source>
        <extracomment>Reading fonts in order of preference; Qt falls back to its serif default if none is installed. The selected annotation&apos;s id, or ``&quot;&quot;`` when the selection is cleared. Emitted on change only. The user dragged an edge of the selected span: (annotation id, new start, new end) in code points. A key for pending suggestions: &quot;accept&quot; (Enter), &quot;reject&quot; (Backspace), &quot;next&quot; (Tab), &quot;previous&quot; (Shift+Tab). Sent only while a suggestion is pending (and, for the first two, current); otherwise the keys do what they always did. The current pending suggestion&apos;s id (``&quot;&quot;``: none), after a click or a Tab. Width (px) of a pending suggestion&apos;s dashed outline; the current one&apos;s is PENDING_CURRENT_WIDTH. The cursor moved onto other spans: their description in words (&quot;&quot; off every span), which is also the view&apos;s accessible description (what a screen reader reads on request). The text column is kept to about this many characters when the widget is wider. At most this many underlines are stacked under a segment (the spans nearest its innermost). More search matches than this are not all marked. Opacity (0-255) of a search match&apos;s hatch, in the palette&apos;s text colour. Width (px) of a search match&apos;s outline. Opacity (0-255) of the veil over the page chrome outside the article body. The same in the high-contrast theme. Whether the caller should snap selections to whole words (``selection_range(snap=...)``). The underline pattern of each category colour in ``_colors`` (how its marks are drawn). How close (in pixels) to a selected span&apos;s edge a press grabs that edge for resizing.</extracomment>
        <translation>{category} von {annotator}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>, note: {note}</source>
        <translation>, Notiz: {note}</translation>
    </message>
</context>
<context>
    <name>AnnotationsPane</name>
    <message>
        <location filename="../../ui/panes/annotations.py" line="+38"/>
        <source>Older codebook</source>
        <translation>Älteres Codebuch</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Only spans coded under an earlier codebook version (the category column names their version)</source>
        <translation>Nur Spannen, die unter einer früheren Codebuch-Version codiert wurden (die Kategorienspalte nennt ihre Version)</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>All categories</source>
        <translation>Alle Kategorien</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>All annotators</source>
        <translation>Alle Codierenden</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../ui/app.py" line="+99"/>
        <source>Welcome to Annotator</source>
        <extracomment>For tests and packaging checks: start, show the window on the project, print one line saying what it shows, and quit (no first-start question is asked).</extracomment>
        <translation>Willkommen bei Annotator</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your name as annotator (shown to colleagues and in exports):</source>
        <translation>Ihr Name als Codierende/r (für Kolleginnen und Kollegen und in Exporten sichtbar):</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Annotator</source>
        <translation>Annotator</translation>
    </message>
</context>
<context>
    <name>ChangeMessage</name>
    <message>
        <location filename="../../ui/window/accessible.py" line="+29"/>
        <source>{category} added: &apos;{quote}&apos;</source>
        <translation>{category} hinzugefügt: „{quote}“</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{category} deleted: &apos;{quote}&apos;</source>
        <translation>{category} gelöscht: „{quote}“</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Changed to {category}: &apos;{quote}&apos;</source>
        <translation>Geändert in {category}: „{quote}“</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Span now: &apos;{quote}&apos;</source>
        <translation>Span jetzt: „{quote}“</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Note saved</source>
        <translation>Notiz gespeichert</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Note removed</source>
        <translation>Notiz entfernt</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Attributes saved</source>
        <translation>Attribute gespeichert</translation>
    </message>
</context>
<context>
    <name>CodePicker</name>
    <message>
        <location filename="../../ui/dialogs/code_picker.py" line="+44"/>
        <source>Type to find a code; Enter applies it</source>
        <translation>Tippen, um einen Code zu finden; Eingabe wendet ihn an</translation>
    </message>
</context>
<context>
    <name>CodebookEditor</name>
    <message>
        <location filename="../../ui/dialogs/codebook_editor.py" line="+132"/>
        <source>Find a category (label or id)</source>
        <translation>Kategorie suchen (Bezeichnung oder ID)</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Codable (unchecked: a group that only holds other codes)</source>
        <translation>Codierbar (nicht angehakt: eine Gruppe, die nur andere Codes enthält)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>One per line</source>
        <translation>Eins pro Zeile</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+20"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>Label</source>
        <translation>Bezeichnung</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Choices</source>
        <translation>Auswahl</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>For a choice attribute: the choices, separated by commas</source>
        <translation>Für ein Auswahlattribut: die Auswahlwerte, durch Kommas getrennt</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&amp;Label</source>
        <translation>&amp;Bezeichnung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Colour</source>
        <translation>Farbe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Key</source>
        <translation>&amp;Taste</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Definition</source>
        <translation>&amp;Definition</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Include</source>
        <translation>Einschließen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exclude</source>
        <translation>Ausschließen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Examples</source>
        <translation>Beispiele</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attributes</source>
        <translation>Attribute</translation>
    </message>
    <message>
        <location line="+218"/>
        <source>Move or remove the categories under it first.</source>
        <translation>Verschieben oder entfernen Sie zuerst die Kategorien darunter.</translation>
    </message>
    <message>
        <location line="+151"/>
        <source>No changes yet. Saving stores a new codebook version; the old one is kept.</source>
        <translation>Noch keine Änderungen. Speichern legt eine neue Codebuch-Version an; die alte bleibt erhalten.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Nothing has changed.</source>
        <translation>Nichts wurde geändert.</translation>
    </message>
</context>
<context>
    <name>CodebookPane</name>
    <message>
        <location filename="../../ui/panes/codebook.py" line="+91"/>
        <source>version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>Include</source>
        <translation>Dazu gehört</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>under {path}</source>
        <translation>unter {path}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A group: code with the codes under it.</source>
        <translation>Eine Gruppe: Codieren Sie mit den Codes darunter.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Exclude</source>
        <translation>Nicht dazu gehört</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Examples</source>
        <translation>Beispiele</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Attributes:</source>
        <translation>Attribute:</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Filter codes (label, id, definition)</source>
        <translation>Codes filtern (Bezeichnung, ID, Definition)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Key</source>
        <translation>Taste</translation>
    </message>
    <message>
        <location line="+151"/>
        <source>Merge Into Another Category…</source>
        <translation>In eine andere Kategorie zusammenführen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Split Into New Categories…</source>
        <translation>In neue Kategorien aufteilen…</translation>
    </message>
</context>
<context>
    <name>Columns</name>
    <message>
        <location filename="../../ui/dialogs/properties.py" line="+39"/>
        <location filename="../../ui/panes/models.py" line="+87"/>
        <source>Title</source>
        <extracomment>(field name as ``annotator meta`` takes it, label, the DocumentInfo attribute)
----------
Added to the Title column&apos;s sort key of documents not assigned to the coder, so they follow theirs.</extracomment>
        <translation>Titel</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../ui/panes/models.py" line="+1"/>
        <source>Outlet</source>
        <translation>Medium</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../ui/panes/models.py" line="+1"/>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <location filename="../../ui/panes/models.py" line="+1"/>
        <source>Spans</source>
        <translation>Spans</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Stand</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs/properties.py" line="+1"/>
        <location filename="../../ui/panes/models.py" line="+1"/>
        <source>Author</source>
        <translation>Autor/in</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../ui/panes/models.py" line="+1"/>
        <source>URL</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../ui/panes/models.py" line="+1"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location filename="../../ui/panes/models.py" line="+1"/>
        <source>Mine</source>
        <translation>Meins</translation>
    </message>
    <message>
        <location line="+210"/>
        <source>Start</source>
        <extracomment>The document field each column edits (``None``: not editable). The column that says whether a document is assigned to the coder (a study&apos;s &quot;My documents&quot;).</extracomment>
        <translation>Anfang</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>End</source>
        <translation>Ende</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quote</source>
        <translation>Zitat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Annotator</source>
        <translation>Codierende/r</translation>
    </message>
</context>
<context>
    <name>DatasetImport</name>
    <message>
        <location filename="../../ui/dialogs/dataset_import.py" line="+94"/>
        <source>Import dataset</source>
        <translation>Datensatz importieren</translation>
    </message>
</context>
<context>
    <name>DatasetMigrationDialog</name>
    <message>
        <location line="-66"/>
        <source>Migrate and Import</source>
        <translation>Migrieren und importieren</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Different codebook version</source>
        <translation>Andere Codebuch-Version</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{name} was {how}.
It adds: {summary}.</source>
        <translation>{name}: {how}.
Es fügt hinzu: {summary}.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Some spans cannot be migrated: recode them in the colleague&apos;s project (or split with a default category here) and import again.</source>
        <translation>Einige Spannen lassen sich nicht migrieren: Codieren Sie sie im Projekt der Kollegin oder des Kollegen neu (oder teilen Sie hier mit einer Standardkategorie auf) und importieren Sie erneut.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Migrate and Import makes the dataset&apos;s codebook version {theirs} this project&apos;s current version (from {ours}), then imports it.</source>
        <translation>„Migrieren und importieren“ macht die Codebuch-Version {theirs} des Datensatzes zur aktuellen Version dieses Projekts (statt {ours}) und importiert ihn dann.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Migrate and Import applies the plan and imports the dataset, all or nothing.</source>
        <translation>„Migrieren und importieren“ wendet den Plan an und importiert den Datensatz – ganz oder gar nicht.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An import is not an edit step: Undo does not take it back.</source>
        <translation>Ein Import ist kein Bearbeitungsschritt: Rückgängig macht ihn nicht rückgängig.</translation>
    </message>
</context>
<context>
    <name>DocumentPane</name>
    <message>
        <location filename="../../ui/panes/document.py" line="+57"/>
        <source>Open a document to see its details.</source>
        <extracomment>A coded variable answered in your layer: (variable id, value or None). A descriptive variable set for the document: (variable id, value or None). The memo left with new text.</extracomment>
        <translation>Öffnen Sie ein Dokument, um seine Angaben zu sehen.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Use Whole Text</source>
        <translation>Ganzen Text verwenden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Make the whole text the article body (nothing dimmed)</source>
        <translation>Den ganzen Text zum Artikeltext machen (nichts abgeblendet)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Properties…</source>
        <translation>Eigenschaften …</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Your coding of this document</source>
        <translation>Ihre Codierung dieses Dokuments</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Document variables</source>
        <translation>Dokumentvariablen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Memo about this document (free text, shared with the team)</source>
        <translation>Memo zu diesem Dokument (freier Text, mit dem Team geteilt)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Memo</source>
        <translation>Memo</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Article body: the whole text</source>
        <translation>Artikeltext: der ganze Text</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Article body: characters {start}–{end} of {length}; the dimmed text around it is page chrome.</source>
        <translation>Artikeltext: Zeichen {start}–{end} von {length}; der abgeblendete Text darum ist Seitenbeiwerk.</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>a number</source>
        <translation>eine Zahl</translation>
    </message>
</context>
<context>
    <name>DocumentStatus</name>
    <message>
        <location filename="../../ui/panes/models.py" line="-249"/>
        <source>not started</source>
        <extracomment>The id an item stands for (a document, an annotation, an annotator, an aligned group): one role for every list and table of the app, so an id is always found the same way. What kind of thing the item is, where a list mixes kinds (coders and adjudicated layers). The document states as the list shows them (``DocumentStatus.label``), marked for translation.</extracomment>
        <translation>nicht begonnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>in progress</source>
        <translation>in Arbeit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>done</source>
        <translation>fertig</translation>
    </message>
</context>
<context>
    <name>DocumentTools</name>
    <message>
        <location filename="../../ui/window/doctools.py" line="+61"/>
        <source>Document</source>
        <extracomment>Field names of the Documents pane&apos;s columns -&gt; the names ``annotator meta`` takes.</extracomment>
        <translation>Dokument</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Analysis</source>
        <translation>Auswertung</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Document &amp;Properties…</source>
        <translation>Dokument&amp;eigenschaften …</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Set Selection as Article &amp;Body</source>
        <translation>Auswahl als &amp;Artikeltext festlegen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The selected text is the article; the rest is page chrome, left out of figures</source>
        <translation>Der ausgewählte Text ist der Artikel; der Rest ist Seitenbeiwerk und zählt in den Zahlen nicht mit</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Use &amp;Whole Text as Body</source>
        <translation>&amp;Ganzen Text als Artikeltext verwenden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Project &amp;Memo…</source>
        <translation>Projekt&amp;memo …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Analysis</source>
        <translation>Aus&amp;wertung</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Document</source>
        <translation>&amp;Dokument</translation>
    </message>
    <message>
        <location line="+189"/>
        <source>Select the article&apos;s text first, then set it as the article body</source>
        <translation>Wählen Sie zuerst den Text des Artikels aus und legen Sie ihn dann als Artikeltext fest</translation>
    </message>
</context>
<context>
    <name>DocumentsPane</name>
    <message>
        <location filename="../../ui/panes/documents.py" line="+53"/>
        <source>Filter documents</source>
        <extracomment>A metadata cell was edited: (document id, field, the text typed). The visible documents changed (the filter): what the Analysis pane follows.</extracomment>
        <translation>Dokumente filtern</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Only my documents</source>
        <translation>Nur meine Dokumente</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hide the documents not assigned to you</source>
        <translation>Dokumente ausblenden, die Ihnen nicht zugewiesen sind</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>{done} of {total} done</source>
        <translation>{done} von {total} fertig</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, {started} started</source>
        <translation>, {started} begonnen</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <location filename="../../ui/window/findbar.py" line="+53"/>
        <source>Find in document (Enter: next, Shift+Enter: previous, Esc: close)</source>
        <extracomment>More hits than this are not marked (a one-letter search in a long document).</extracomment>
        <translation>Im Dokument suchen (Eingabe: nächster, Umschalt+Eingabe: vorheriger Treffer, Esc: schließen)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Make every match a pending suggestion you accept or reject one by one</source>
        <extracomment>Gives the categories to offer, as (id, label) pairs; set by the window.</extracomment>
        <translation>Jeden Treffer zu einem offenen Vorschlag machen, den Sie einzeln annehmen oder ablehnen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The category the suggestions get</source>
        <translation>Die Kategorie, die die Vorschläge erhalten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find:</source>
        <translation>Suchen:</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>Suggest the match as</source>
        <translation>Den Treffer vorschlagen als</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Suggest all {n} matches as</source>
        <translation>Alle {n} Treffer vorschlagen als</translation>
    </message>
</context>
<context>
    <name>GoldComparison</name>
    <message>
        <location filename="../../ui/panes/gold.py" line="+119"/>
        <source>&amp;Previous</source>
        <extracomment>Show this place in the text: (document id, start, end) in code points.</extracomment>
        <translation>&amp;Zurück</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Next</source>
        <translation>&amp;Weiter</translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <location filename="../../ui/dialogs/guide.py" line="+19"/>
        <source>Annotator — User Guide</source>
        <translation>Annotator – Benutzerhandbuch</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>User guide</source>
        <translation>Benutzerhandbuch</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <location filename="../../ui/panes/inspector.py" line="+47"/>
        <source>Tag a selection: pick any code with Ctrl+K.</source>
        <translation>Auswahl codieren: einen beliebigen Code mit Strg+K wählen.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Tag a selection with keys {first}–{last}, or pick any code with Ctrl+K.</source>
        <translation>Auswahl mit den Tasten {first}–{last} codieren oder einen beliebigen Code mit Strg+K wählen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Tag a selection with key {key}, or pick any code with Ctrl+K.</source>
        <translation>Auswahl mit der Taste {key} codieren oder einen beliebigen Code mit Strg+K wählen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tag a selection with keys {keys}, or pick any code with Ctrl+K.</source>
        <translation>Auswahl mit den Tasten {keys} codieren oder einen beliebigen Code mit Strg+K wählen.</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+52"/>
        <source>Select a span to see and edit it.</source>
        <translation>Wählen Sie eine Spanne aus, um sie zu sehen und zu bearbeiten.</translation>
    </message>
    <message>
        <location line="-37"/>
        <source>Note (free text)</source>
        <translation>Notiz (freier Text)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quote</source>
        <translation>Zitat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offsets</source>
        <translation>Position</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Annotator</source>
        <translation>Codierende/r</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
</context>
<context>
    <name>LocationBar</name>
    <message>
        <location filename="../../ui/window/locationbar.py" line="+27"/>
        <source>Dismiss</source>
        <translation>Ausblenden</translation>
    </message>
</context>
<context>
    <name>Login</name>
    <message>
        <location filename="../../ui/dialogs/login.py" line="+82"/>
        <source>Open team project</source>
        <translation>Teamprojekt öffnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Database URL (no password), for example
postgresql+psycopg://you@server.example.org/project</source>
        <translation>Datenbankadresse (ohne Passwort), zum Beispiel
postgresql+psycopg://sie@server.example.org/projekt</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location line="-43"/>
        <source>Team project login</source>
        <translation>Anmeldung beim Teamprojekt</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>That password was not accepted; try again.</source>
        <translation>Dieses Passwort wurde nicht angenommen; bitte erneut versuchen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The server asks for your password.</source>
        <translation>Der Server fragt nach Ihrem Passwort.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Project:</source>
        <translation>Projekt:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Password:</source>
        <translation>Passwort:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remember in the system keyring</source>
        <translation>Im Schlüsselbund des Systems merken</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Install the &apos;keyring&apos; package to remember passwords</source>
        <translation>Installieren Sie das Paket „keyring“, um Passwörter zu merken</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/window/mainwindow.py" line="+94"/>
        <source>Mark as Not Started</source>
        <extracomment>Document &gt; Mark as ... (translated where the actions are made).</extracomment>
        <translation>Als nicht begonnen markieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mark as In Progress</source>
        <translation>Als in Arbeit markieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mark as Done</source>
        <translation>Als fertig markieren</translation>
    </message>
    <message>
        <location line="+123"/>
        <source>Documents</source>
        <extracomment>More changed annotations than this reload the open document in one go instead of one by one. While an edit refreshes the views, the spans under the cursor are not said (the edit is).</extracomment>
        <translation>Dokumente</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Annotations</source>
        <translation>Annotationen</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Inspector</source>
        <translation>Details</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Codebook</source>
        <translation>Codebuch</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>&amp;New Project…</source>
        <translation>&amp;Neues Projekt …</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Open Project…</source>
        <translation>Projekt ö&amp;ffnen …</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open Project &amp;Read-Only…</source>
        <translation>Projekt &amp;schreibgeschützt öffnen …</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open &amp;Team Project…</source>
        <translation>&amp;Teamprojekt öffnen …</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Import Files…</source>
        <translation>Dateien &amp;importieren …</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Export Dataset…</source>
        <translation>Datensatz &amp;exportieren …</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import &amp;Codebook…</source>
        <translation>&amp;Codebuch importieren …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Edit Codebook…</source>
        <translation>Codebuch &amp;bearbeiten…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add, rename, recolour, reorder and nest categories; each save is a new codebook version</source>
        <translation>Kategorien hinzufügen, umbenennen, umfärben, umordnen und verschachteln; jedes Speichern ist eine neue Codebuch-Version</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Pick a Code…</source>
        <translation>Code &amp;wählen…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Find a code by typing and tag the selection with it</source>
        <translation>Einen Code durch Tippen finden und die Auswahl damit codieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export Code&amp;book…</source>
        <translation>Code&amp;buch exportieren …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reliability &amp;Report…</source>
        <translation>&amp;Reliabilitätsbericht …</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Write the reliability report (PDF or HTML) of the coders&apos; agreement</source>
        <translation>Den Reliabilitätsbericht (PDF oder HTML) über die Übereinstimmung der Codierenden schreiben</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reliability &amp;Report</source>
        <translation>&amp;Reliabilitätsbericht</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Show the reliability report (intervals, coder pairs, methods paragraph); save it from there</source>
        <translation>Den Reliabilitätsbericht zeigen (Intervalle, Codiererpaare, Methodenabsatz); von dort speichern</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+2"/>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <location line="-1"/>
        <location line="+2"/>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Delete Span</source>
        <translation>Span &amp;löschen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Find in Document…</source>
        <translation>Im Dokument &amp;suchen …</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find &amp;Next</source>
        <translation>&amp;Nächster Treffer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find &amp;Previous</source>
        <translation>&amp;Vorheriger Treffer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Search Annotations…</source>
        <translation>&amp;Annotationen durchsuchen …</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen …</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Zoom &amp;In</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Zoom &amp;Out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show &amp;Other Coders</source>
        <translation>&amp;Andere Codierende zeigen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Show colleagues&apos; layers while coding (blind coding shows only yours; Review mode compares)</source>
        <translation>Beim Codieren die Ebenen der Kolleginnen und Kollegen zeigen (blindes Codieren zeigt nur Ihre; der Prüfmodus vergleicht)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Snap Selection to &amp;Words</source>
        <translation>Auswahl an &amp;Wörtern ausrichten</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Next Document</source>
        <translation>&amp;Nächstes Dokument</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Previous Document</source>
        <translation>&amp;Vorheriges Dokument</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next &amp;Span</source>
        <translation>Nächster &amp;Span</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Previous S&amp;pan</source>
        <translation>Vorheriger S&amp;pan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Focus &amp;Text</source>
        <translation>Zum &amp;Text</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Edit &amp;Note</source>
        <translation>&amp;Notiz bearbeiten</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Write a note on the selected span (F6 goes back to the text and keeps it)</source>
        <translation>Eine Notiz zum ausgewählten Span schreiben (F6 kehrt zum Text zurück und behält sie)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Extend Span End</source>
        <translation>Span-Ende verlängern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shrink Span End</source>
        <translation>Span-Ende verkürzen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Extend Span Start</source>
        <translation>Span-Anfang verlängern</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Shrink Span Start</source>
        <translation>Span-Anfang verkürzen</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>User &amp;Guide</source>
        <translation>&amp;Benutzerhandbuch</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About</source>
        <translation>&amp;Über</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Code</source>
        <translation>&amp;Codieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Code&amp;book</source>
        <translation>Code&amp;buch</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Colours</source>
        <translation>&amp;Farben</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Go</source>
        <translation>&amp;Gehe zu</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Main</source>
        <translation>Haupt</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+609"/>
        <source>All changes saved</source>
        <translation>Alle Änderungen gespeichert</translation>
    </message>
    <message>
        <location line="-591"/>
        <source>{title} (read-only) — Annotator</source>
        <translation>{title} (schreibgeschützt) — Annotator</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+1320"/>
        <source>Coding as {name}</source>
        <translation>Codiert als {name}</translation>
    </message>
    <message>
        <location line="-1225"/>
        <source>&amp;All Codes</source>
        <extracomment>At most this many categories get a toolbar button (the favourites); the rest are a Ctrl+K away. A large codebook nobody has starred codes of yet shows its first keyed codes, this many.</extracomment>
        <translation>&amp;Alle Codes</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Open a document first</source>
        <translation>Öffnen Sie zuerst ein Dokument</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>Merge category</source>
        <translation>Kategorie zusammenführen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Split category</source>
        <translation>Kategorie aufteilen</translation>
    </message>
    <message>
        <location line="+183"/>
        <source>{title} · {length} characters</source>
        <translation>{title} · {length} Zeichen</translation>
    </message>
    <message>
        <location line="+113"/>
        <source>Not saved: </source>
        <translation>Nicht gespeichert: </translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Could not write to the project: {error}</source>
        <translation>Konnte nicht ins Projekt schreiben: {error}</translation>
    </message>
    <message>
        <location line="+170"/>
        <source>The study&apos;s lead keeps colleagues&apos; layers hidden while coding (blind coding)</source>
        <translation>Die Studienleitung hält die Ebenen der Kolleginnen und Kollegen beim Codieren verborgen (blindes Codieren)</translation>
    </message>
    <message>
        <location line="-591"/>
        <location line="+40"/>
        <location line="+609"/>
        <source>This project is open read-only</source>
        <translation>Dieses Projekt ist schreibgeschützt geöffnet</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+93"/>
        <source>change to {category}</source>
        <translation>ändern in {category}</translation>
    </message>
    <message>
        <location line="-84"/>
        <source>Select some text first, then press a category key</source>
        <translation>Wählen Sie zuerst Text aus und drücken Sie dann eine Kategorietaste</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>tag as {category}</source>
        <translation>als {category} codieren</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Select a span to delete (click it)</source>
        <translation>Wählen Sie den zu löschenden Span aus (anklicken)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>delete {category}</source>
        <translation>{category} löschen</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Select a span to adjust (click it)</source>
        <translation>Wählen Sie den anzupassenden Span aus (anklicken)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>A span cannot be shorter than one character</source>
        <translation>Ein Span kann nicht kürzer als ein Zeichen sein</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>adjust span boundaries</source>
        <translation>Span-Grenzen anpassen</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>resize span</source>
        <translation>Span-Größe ändern</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>edit note</source>
        <translation>Notiz bearbeiten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>edit attributes</source>
        <translation>Attribute bearbeiten</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>All Codes</source>
        <translation>Alle Codes</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Select a span first (Go &gt; Next Span), then edit its note</source>
        <translation>Wählen Sie zuerst einen Span aus (Gehe zu &gt; Nächster Span) und bearbeiten Sie dann seine Notiz</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>That span is in a colleague&apos;s layer, hidden while coding blind</source>
        <translation>Diese Spanne liegt in der Ebene einer Kollegin oder eines Kollegen und ist beim blinden Codieren verborgen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Showing other coders&apos; layers to open that span (View &gt; Show Other Coders)</source>
        <translation>Die Ebenen der anderen Codierenden werden angezeigt, um diese Spanne zu öffnen (Ansicht &gt; Andere Codierende zeigen)</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>Importing…</source>
        <translation>Importieren …</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+38"/>
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <location line="-31"/>
        <source>Importing {name}</source>
        <translation>Importiere {name}</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>{imported} imported, {skipped} skipped, {failed} failed</source>
        <translation>{imported} importiert, {skipped} übersprungen, {failed} fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>skipped {name}: {reason}</source>
        <translation>übersprungen {name}: {reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>failed {name}: {reason}</source>
        <translation>fehlgeschlagen {name}: {reason}</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Exported {documents} documents, {annotations} annotations to {path}</source>
        <translation>{documents} Dokumente, {annotations} Annotationen nach {path} exportiert</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Exporting to {path}…</source>
        <translation>Exportiere nach {path}…</translation>
    </message>
    <message>
        <location line="+139"/>
        <source>The new language shows the next time Annotator starts</source>
        <translation>Die neue Sprache erscheint beim nächsten Start von Annotator</translation>
    </message>
</context>
<context>
    <name>Pattern</name>
    <message>
        <location filename="../../ui/theme.py" line="+36"/>
        <source>solid underline</source>
        <extracomment>Underline patterns, given to the categories in codebook order: besides its colour each category has a line style of its own under its spans, in the text, the legend and the menus.</extracomment>
        <translation>durchgehend unterstrichen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dashed underline</source>
        <translation>gestrichelt unterstrichen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dotted underline</source>
        <translation>gepunktet unterstrichen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>wavy underline</source>
        <translation>gewellt unterstrichen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dash-dot underline</source>
        <translation>strichpunktiert unterstrichen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dash-dot-dot underline</source>
        <translation>strich-zweipunktiert unterstrichen</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <location filename="../../ui/dialogs/preferences.py" line="+31"/>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>System</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Takes effect the next time Annotator starts</source>
        <translation>Gilt ab dem nächsten Start von Annotator</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your &amp;name as annotator</source>
        <translation>Ihr &amp;Name als Codierende/r</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Colours</source>
        <translation>&amp;Farben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
</context>
<context>
    <name>ProgressDialog</name>
    <message>
        <location filename="../../ui/dialogs/progress.py" line="+59"/>
        <source>Study progress</source>
        <translation>Studienfortschritt</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>No documents are assigned yet. Assign them from the command line, for example
annotator assign --coders Ada Bo --overlap 0.2</source>
        <translation>Noch sind keine Dokumente zugewiesen. Weisen Sie sie über die Kommandozeile zu, zum Beispiel
annotator assign --coders Ada Bo --overlap 0.2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
</context>
<context>
    <name>ProjectMemoDialog</name>
    <message>
        <location filename="../../ui/dialogs/memo.py" line="+16"/>
        <source>Project Memo</source>
        <translation>Projektmemo</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The project&apos;s research questions and the decisions taken while coding. It goes into the dataset and the reports.</source>
        <translation>Die Forschungsfragen des Projekts und die beim Codieren getroffenen Entscheidungen. Es geht in den Datensatz und die Berichte ein.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Project memo</source>
        <translation>Projektmemo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>RQ1: …
Decision (date): …</source>
        <translation>FF1: …
Entscheidung (Datum): …</translation>
    </message>
</context>
<context>
    <name>PropertiesDialog</name>
    <message>
        <location filename="../../ui/dialogs/properties.py" line="+19"/>
        <source>Document Properties</source>
        <translation>Dokumenteigenschaften</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The news outlet; the names used in this project are offered</source>
        <translation>Das Nachrichtenmedium; die in diesem Projekt verwendeten Namen werden angeboten</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>YYYY-MM-DD (or 04.11.2023, 4 November 2023; YYYY-MM)</source>
        <translation>JJJJ-MM-TT (oder 04.11.2023, 4. November 2023; JJJJ-MM)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>; {words} words</source>
        <translation>; {words} Wörter</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the whole text</source>
        <translation>der ganze Text</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>characters {start}–{end} of {length}{counted}; the dimmed text around it is page chrome (select text and use Document &gt; Set Selection as Article Body to change it)</source>
        <translation>Zeichen {start}–{end} von {length}{counted}; der abgeblendete Text darum ist Seitenbeiwerk (zum Ändern Text auswählen und Dokument &gt; Auswahl als Artikeltext festlegen verwenden)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Use the whole text as the article body</source>
        <translation>Den ganzen Text als Artikeltext verwenden</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Article body</source>
        <translation>Artikeltext</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Memo: what to remember about this document (free text)</source>
        <translation>Memo: was zu diesem Dokument festzuhalten ist (freier Text)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Memo</source>
        <translation>Memo</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{source} · {length} characters · id {id}</source>
        <translation>{source} · {length} Zeichen · Kennung {id}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>A document needs a title.</source>
        <translation>Ein Dokument braucht einen Titel.</translation>
    </message>
</context>
<context>
    <name>ReliabilityReportDialog</name>
    <message>
        <location filename="../../ui/dialogs/reliability.py" line="+49"/>
        <source>Reliability report — {project}</source>
        <translation>Reliabilitätsbericht — {project}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Reliability report</source>
        <translation>Reliabilitätsbericht</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Save as &amp;PDF…</source>
        <translation>Als &amp;PDF speichern …</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save as &amp;HTML…</source>
        <translation>Als &amp;HTML speichern …</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save &amp;Tables (CSV)…</source>
        <translation>&amp;Tabellen speichern (CSV) …</translation>
    </message>
</context>
<context>
    <name>Review</name>
    <message>
        <location filename="../../ui/panes/review.py" line="-49"/>
        <source>Review</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Versions</source>
        <translation>Fassungen</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Review &amp;Mode</source>
        <translation>Prüf&amp;modus</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Compare coders&apos; layers in the open document and settle them</source>
        <translation>Die Ebenen der Codierenden im offenen Dokument vergleichen und entscheiden</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>&amp;Review</source>
        <translation>&amp;Prüfen</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Show &amp;Versions</source>
        <translation>&amp;Fassungen zeigen</translation>
    </message>
</context>
<context>
    <name>ReviewMessage</name>
    <message>
        <location filename="../../ui/window/accessible.py" line="+13"/>
        <source>Review unit: {description}</source>
        <translation>Prüfeinheit: {description}</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <location filename="../../ui/panes/review.py" line="-1154"/>
        <source>A settled unit&apos;s marker is faded, and its row in the list has a ✓</source>
        <extracomment>Width the review dock asks for when review mode starts, at least (the user can drag it after); more when the panel&apos;s font needs it (see :meth:`ReviewPanel.preferred_width`). Height the Versions dock grows to, at least, when review mode starts: three coders&apos; lines and the adjudicated layer&apos;s, for a unit of a sentence or two. The number keys that pick a coder&apos;s version, in coder order. A unit was made current: its state and text in words (for the status bar and screen readers).</extracomment>
        <translation>Die Markierung einer entschiedenen Einheit ist blass, und ihre Zeile in der Liste hat ein ✓</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Faded, ✓: settled</source>
        <translation>Blass, ✓: entschieden</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>State</source>
        <translation>Stand</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Text</source>
        <translation>Wortlaut</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>No unit selected</source>
        <translation>Keine Einheit ausgewählt</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Accept &amp;selection as</source>
        <translation>&amp;Auswahl annehmen als</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Adjust the selection in the text (Shift+arrows), pick a category, then accept it (Alt+S)</source>
        <translation>Die Auswahl im Text anpassen (Umschalt+Pfeile), eine Kategorie wählen, dann annehmen (Alt+S)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Re&amp;ject all</source>
        <translation>Alle &amp;verwerfen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep none of these spans; the unit counts as settled (Alt+J)</source>
        <translation>Keinen dieser Spans behalten; die Einheit gilt als entschieden (Alt+J)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Re&amp;open</source>
        <translation>&amp;Wieder öffnen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Take back the decisions on this unit (and the spans they added; Alt+O)</source>
        <translation>Die Entscheidungen zu dieser Einheit zurücknehmen (samt den dadurch hinzugefügten Spans; Alt+O)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Accept all agree&amp;d</source>
        <translation>Alle über&amp;einstimmenden annehmen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy every agreed, unsettled unit of this document at once (Alt+D)</source>
        <translation>Alle übereinstimmenden, noch offenen Einheiten dieses Dokuments auf einmal übernehmen (Alt+D)</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Doc α_U</source>
        <translation>Dok. α_U</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Doc F1</source>
        <translation>Dok. F1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Project α_U</source>
        <translation>Projekt α_U</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Project F1</source>
        <translation>Projekt F1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Span F1, exact matches (overlap in the tooltip)</source>
        <translation>Span-F1, genaue Treffer (Überlappung im Tooltip)</translation>
    </message>
    <message>
        <location line="+182"/>
        <source>There is no coder {number}: {count} are compared</source>
        <translation>Es gibt keine/n Codierende/n {number}: {count} werden verglichen</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{coder} marked nothing in this unit</source>
        <translation>{coder} hat in dieser Einheit nichts markiert</translation>
    </message>
    <message numerus="yes">
        <location line="+242"/>
        <source>&lt;b&gt;%n open disagreement(s)&lt;/b&gt;</source>
        <translation>
            <numerusform>&lt;b&gt;%n offener Dissens&lt;/b&gt;</numerusform>
            <numerusform>&lt;b&gt;%n offene Dissense&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source> in {units} units · F8 next</source>
        <translation> in {units} Einheiten · F8 nächster</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>F8 steps to the next open disagreement, Shift+F8 to the previous one. A unit holds at most one span of each coder; a span nested in another is a unit of its own.</source>
        <translation>F8 springt zum nächsten offenen Dissens, Umschalt+F8 zum vorherigen. Eine Einheit enthält höchstens einen Span je Codierender/m; ein in einen anderen geschachtelter Span ist eine eigene Einheit.</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>Project: counting every document…</source>
        <translation>Projekt: alle Dokumente werden gezählt…</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Project: %n document(s).</source>
        <translation>
            <numerusform>Projekt: %n Dokument.</numerusform>
            <numerusform>Projekt: %n Dokumente.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source> Hover a figure for what it means; intervals: Review &gt; Reliability Report.</source>
        <translation> Zeigen Sie auf eine Zahl, um zu sehen, was sie bedeutet; Intervalle: Prüfen &gt; Reliabilitätsbericht.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Krippendorff&apos;s unitizing alpha and span F1 (exact) of the ticked coders, for this document and for the whole project. Adjudications do not change them.</source>
        <translation>Krippendorffs Unitizing-Alpha und Span-F1 (genau) der angehakten Codierenden, für dieses Dokument und das ganze Projekt. Entscheidungen ändern sie nicht.</translation>
    </message>
    <message>
        <location line="+93"/>
        <location line="+265"/>
        <source>Choose two or more coders and open a document to review</source>
        <translation>Wählen Sie zwei oder mehr Codierende und öffnen Sie ein Dokument zum Prüfen</translation>
    </message>
    <message>
        <location line="-261"/>
        <source>No open disagreements in this document</source>
        <translation>Kein offener Dissens in diesem Dokument</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>No unit selected: press F8 or pick one in the list</source>
        <translation>Keine Einheit ausgewählt: F8 drücken oder eine in der Liste wählen</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Accept {coder}: {category} {quote}</source>
        <translation>{coder} annehmen: {category} {quote}</translation>
    </message>
    <message>
        <location line="+134"/>
        <source>Pick a unit first (F8 steps to the next disagreement)</source>
        <translation>Wählen Sie zuerst eine Einheit (F8 springt zum nächsten Dissens)</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Select the text to accept (adjust it with Shift+arrows), then accept</source>
        <translation>Wählen Sie den anzunehmenden Text aus (mit Umschalt+Pfeilen anpassen) und nehmen Sie ihn dann an</translation>
    </message>
</context>
<context>
    <name>ReviewState</name>
    <message>
        <location filename="../../ui/textview/review_overlay.py" line="+82"/>
        <source>Agreed</source>
        <extracomment>Okabe–Ito and ColorBrewer hues, chosen away from the default category fills (blue, orange, green, pink), each paired with a shape, a glyph and an outline pattern of its own. Short names for the legend and the group list (the state&apos;s ``label`` is the long form).</extracomment>
        <translation>Übereinstimmend</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Category differs</source>
        <translation>Kategorie verschieden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Boundaries differ</source>
        <translation>Grenzen verschieden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only one coder</source>
        <translation>Nur eine/r codiert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Some coders only</source>
        <translation>Nur einige codiert</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Agreed: same boundaries and category for every coder</source>
        <translation>Übereinstimmend: gleiche Grenzen und Kategorie bei allen Codierenden</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Category disagreement: overlapping spans, different categories</source>
        <translation>Kategoriedissens: überlappende Spans, verschiedene Kategorien</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Boundary disagreement: same category, different boundaries</source>
        <translation>Grenzdissens: gleiche Kategorie, verschiedene Grenzen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Only one coder marked this</source>
        <translation>Nur eine/r hat dies markiert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Some coders marked this identically, others nothing</source>
        <translation>Einige haben dies gleich markiert, andere nichts</translation>
    </message>
</context>
<context>
    <name>SearchDialog</name>
    <message>
        <location filename="../../ui/dialogs/search.py" line="+39"/>
        <source>Search annotations</source>
        <translation>Annotationen durchsuchen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Search text</source>
        <translation>Suchtext</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+1"/>
        <source>Text in the quote or note</source>
        <translation>Text im Zitat oder in der Notiz</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All categories</source>
        <translation>Alle Kategorien</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+14"/>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>All annotators</source>
        <translation>Alle Codierenden</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+9"/>
        <source>Annotator</source>
        <translation>Codierende/r</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>Search results</source>
        <translation>Suchergebnisse</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Enter jumps to the span in its document</source>
        <translation>Die Eingabetaste springt zum Span in seinem Dokument</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Quote</source>
        <translation>Zitat</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../ui/dialogs/shortcuts.py" line="+46"/>
        <location line="+3"/>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
</context>
<context>
    <name>StudyTools</name>
    <message>
        <location filename="../../ui/window/study.py" line="+48"/>
        <source>Compare with Gold</source>
        <translation>Mit Gold vergleichen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Study &gt; Compare with Gold… lists your differences from the gold coding</source>
        <translation>Studie &gt; Mit Gold vergleichen… listet Ihre Abweichungen von der Gold-Codierung auf</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Only &amp;My Documents</source>
        <translation>Nur &amp;meine Dokumente</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Progress…</source>
        <translation>&amp;Fortschritt…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Each coder&apos;s documents done, in progress and not started</source>
        <translation>Die Dokumente jeder codierenden Person: fertig, in Arbeit und nicht begonnen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Compare with &amp;Gold…</source>
        <translation>Mit &amp;Gold vergleichen…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Step through the places where your coding differs from the gold coding</source>
        <translation>Die Stellen durchgehen, an denen Ihre Codierung von der Gold-Codierung abweicht</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Study</source>
        <translation>S&amp;tudie</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>Comparing with gold needs your own layer (this project is open read-only)</source>
        <translation>Der Vergleich mit Gold braucht Ihre eigene Ebene (dieses Projekt ist schreibgeschützt geöffnet)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>No layer is marked gold, and the study&apos;s lead keeps colleagues&apos; coding hidden (blind coding); the lead can mark a gold layer with annotator gold LAYER</source>
        <translation>Keine Ebene ist als Gold markiert, und die Studienleitung hält die Codierung der anderen verborgen (blindes Codieren); die Leitung kann mit annotator gold EBENE eine Gold-Ebene markieren</translation>
    </message>
</context>
<context>
    <name>Suggestions</name>
    <message>
        <location filename="../../ui/window/suggestions.py" line="+84"/>
        <source>&amp;Suggest in This Document</source>
        <extracomment>What Suggest in This Document runs (the rule suggesters; the learner needs training first).</extracomment>
        <translation>In diesem Dokument &amp;vorschlagen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Run the quote and statistic suggesters over the open document</source>
        <translation>Die Vorschlagsregeln für Zitate und Statistiken auf das offene Dokument anwenden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Next Suggestion	Tab</source>
        <translation>&amp;Nächster Vorschlag	Tab</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tab in the text</source>
        <translation>Tab im Text</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Previous Suggestion	Shift+Tab</source>
        <translation>&amp;Vorheriger Vorschlag	Shift+Tab</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Shift+Tab in the text</source>
        <translation>Shift+Tab im Text</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Accept Suggestion	Enter</source>
        <translation>Vorschlag &amp;annehmen	Enter</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Enter in the text</source>
        <translation>Enter im Text</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Reject Suggestion	Backspace</source>
        <translation>Vorschlag a&amp;blehnen	Backspace</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Backspace in the text</source>
        <translation>Backspace im Text</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+121"/>
        <source>Accept A&amp;ll in Document…</source>
        <translation>A&amp;lle im Dokument annehmen…</translation>
    </message>
    <message>
        <location line="-118"/>
        <location line="+119"/>
        <source>Re&amp;ject All in Document…</source>
        <translation>Alle im Dokument abl&amp;ehnen…</translation>
    </message>
    <message>
        <location line="-117"/>
        <source>S&amp;uggestions</source>
        <translation>&amp;Vorschläge</translation>
    </message>
    <message>
        <location line="+71"/>
        <location line="+267"/>
        <source>Pending suggestions: {n} (Tab: next, Enter: accept, Backspace: reject)</source>
        <translation>Offene Vorschläge: {n} (Tab: nächster, Enter: annehmen, Backspace: ablehnen)</translation>
    </message>
    <message>
        <location line="-250"/>
        <source>Done: the pending suggestions are shown: {n} (Tab: next, Enter: accept)</source>
        <translation>Fertig: die offenen Vorschläge werden gezeigt: {n} (Tab: nächster, Enter: annehmen)</translation>
    </message>
    <message>
        <location line="+157"/>
        <source>pending: {n}</source>
        <translation>offen: {n}</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>Suggestions stored for the document you left: {n}</source>
        <extracomment>Documents longer than this (code points) are searched in a worker thread; the rule suggesters take about 0.15 s for a 3,000-character article and 6 s for 128,000 characters.</extracomment>
        <translation>Gespeicherte Vorschläge für das verlassene Dokument: {n}</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Suggestions stored: {n}; they show once you mark the document done</source>
        <translation>Gespeicherte Vorschläge: {n}; sie erscheinen, sobald Sie das Dokument als fertig markieren</translation>
    </message>
    <message>
        <location line="-252"/>
        <source>Suggestions for this document show once you mark it done</source>
        <translation>Vorschläge für dieses Dokument erscheinen, sobald Sie es als fertig markieren</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Accept A&amp;ll in Selection…</source>
        <translation>A&amp;lle in der Auswahl annehmen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;ject All in Selection…</source>
        <translation>Alle in der Auswahl abl&amp;ehnen…</translation>
    </message>
    <message>
        <location line="+41"/>
        <source> — Enter: accept, Backspace: reject, Tab: next</source>
        <translation> — Enter: annehmen, Backspace: ablehnen, Tab: nächster</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Suggested {what} ({suggester} {version}{rule}; score {score})</source>
        <translation>Vorgeschlagen: {what} ({suggester} {version}{rule}; Wert {score})</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No suggestions pending here</source>
        <translation>Hier sind keine Vorschläge offen</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+28"/>
        <source>Tab to a suggestion first (or click one)</source>
        <translation>Springen Sie zuerst mit Tab zu einem Vorschlag (oder klicken Sie einen an)</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>{label} accepted · {pending}</source>
        <translation>{label} angenommen · {pending}</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Suggested {what} rejected · {pending}</source>
        <translation>Vorschlag {what} abgelehnt · {pending}</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>no suggestions left</source>
        <translation>keine Vorschläge mehr</translation>
    </message>
    <message>
        <location line="+82"/>
        <source>No new suggestions in this document</source>
        <translation>Keine neuen Vorschläge in diesem Dokument</translation>
    </message>
</context>
<context>
    <name>Theme</name>
    <message>
        <location filename="../../ui/theme.py" line="-21"/>
        <source>System</source>
        <extracomment>What Preferences and View &gt; Colours call the themes (translated where shown).</extracomment>
        <translation>Wie das System</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>High Contrast</source>
        <translation>Hoher Kontrast</translation>
    </message>
</context>
</TS>
