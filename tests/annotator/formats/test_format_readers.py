"""Our exports, read by the third-party libraries that exist on the package index.

Each test reads a file we wrote with another project's own reader and checks that it sees exactly
the project's spans (offsets in its own units, quotes, labels, coders, notes, attributes):

- UIMA CAS JSON: dkpro-cassis (``load_cas_from_json``, which turns UTF-16 offsets into Python's).
- W3C Web Annotation: pyld, a JSON-LD processor, with the official context supplied locally
  (``data/w3c-context/anno.jsonld``; no network in tests).
- Label Studio: label-studio-converter, the converter Label Studio's SDK ships (the same code,
  published alone without the SDK's image and HTTP dependencies), which tells annotators apart
  by ``completed_by.email``.
- WebAnno TSV: web-anno-tsv, a small reader with known bugs noted in its test.
- REFI-QDA: lxml validating ``project.qde`` against the REFI schema, in ``test_format_refi_qda``.

There is no reader of brat standoff (brat's own parser is not on the package index) or of
doccano JSONL (doccano's importer needs the whole doccano server) to add.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from annotator import formats
from annotator.formats.labelstudio import coder_email
from annotator.project import Project
from tests.annotator.formats.conftest import DATA, new_project

CONTEXT_URL = "http://www.w3.org/ns/anno.jsonld"


def _double(value: Any) -> Any:
    return float(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _spans(project: Project, *, doubles: bool = False) -> set[tuple[Any, ...]]:
    """Every span as (text, start, end, quote, category, coder name, note, attributes);
    ``doubles``: numbers as floats (a UIMA Double feature reads 12 back as 12.0)."""
    names = {a.id: a.name for a in project.annotators()}
    texts = {d.id: project.document(d.id).text for d in project.documents()}
    return {
        (
            texts[a.document_id],
            a.start,
            a.end,
            a.quote,
            a.category,
            names[a.annotator_id],
            a.note,
            json.dumps({k: _double(v) if doubles else v for k, v in a.attributes.items()}, sort_keys=True),
        )
        for a in project.annotations()
    }


def _members(payload: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


# -- UIMA CAS JSON: dkpro-cassis ----------------------------------------------------------------------


def test_dkpro_cassis_reads_our_cas_exactly(coded: Project) -> None:
    cassis = pytest.importorskip("cassis", reason="dkpro-cassis is a test dependency")
    codebook = coded.codebook
    attribute_ids = {attr.id for category in codebook.categories for attr in category.attributes}
    seen = set()
    for name, payload in _members(formats.export_bytes(coded, "cas")).items():
        cas = cassis.load_cas_from_json(io.BytesIO(payload))
        (meta,) = cas.select("de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData")
        document = coded.document(meta.documentId)
        assert cas.sofa_string == document.text, name
        assert meta.documentTitle == document.title
        for fs in cas.select("webanno.custom.Code"):
            attributes = {k: fs.get(k) for k in sorted(attribute_ids) if fs.get(k) is not None}
            seen.add(
                (
                    cas.sofa_string,
                    fs.begin,  # cassis counts code points, as we do (the file counts UTF-16 units)
                    fs.end,
                    fs.get_covered_text(),
                    fs.category,
                    fs.annotator,
                    fs.note or "",
                    json.dumps(attributes, sort_keys=True),
                )
            )
    assert seen == _spans(coded, doubles=True)


# -- W3C Web Annotation: pyld with the official context -------------------------------------------------

OA = "http://www.w3.org/ns/oa#"
ANN = "urn:annotator:terms#"


def _context_loader() -> Any:
    jsonld = pytest.importorskip("pyld.jsonld", reason="pyld is a test dependency")
    context = json.loads((DATA / "w3c-context" / "anno.jsonld").read_text("utf-8"))

    def load(url: str, options: Any = None) -> dict[str, Any]:
        if url.rstrip("/").removeprefix("https://").removeprefix("http://") == CONTEXT_URL[7:]:
            return {"contextUrl": None, "documentUrl": url, "document": context}
        raise jsonld.JsonLdError(f"no network in tests: {url}", "jsonld.LoadDocumentError")

    return load


def _value(node: dict[str, Any], key: str) -> Any:
    values = node.get(key, [])
    assert len(values) <= 1, (key, values)
    return values[0].get("@value", values[0].get("@id")) if values else None


def test_a_json_ld_processor_expands_our_w3c_export_without_losing_anything(coded: Project) -> None:
    jsonld = pytest.importorskip("pyld.jsonld", reason="pyld is a test dependency")
    exported = json.loads(formats.export_bytes(coded, "w3c"))
    assert exported["@context"][0] == CONTEXT_URL
    (collection,) = jsonld.expand(exported, {"documentLoader": _context_loader()})
    # the documents travel in our own terms, which expand to full IRIs
    texts = {doc["@id"]: _value(doc, f"{ANN}text") for doc in collection[f"{ANN}documents"]}
    assert sorted(texts.values()) == sorted(coded.document(d.id).text for d in coded.documents())
    (codebook,) = collection[f"{ANN}codebook"]
    assert (_value(codebook, f"{ANN}id"), _value(codebook, f"{ANN}version")) == (
        coded.codebook.id,
        coded.codebook.version,
    )
    (page,) = collection["http://www.w3.org/ns/activitystreams#first"]
    (items,) = page["http://www.w3.org/ns/activitystreams#items"]
    seen = set()
    for annotation in items["@list"]:
        assert annotation["@type"] == [f"{OA}Annotation"]
        (target,) = annotation[f"{OA}hasTarget"]
        text = texts[_value(target, f"{OA}hasSource")]
        selectors = {s["@type"][0]: s for s in target[f"{OA}hasSelector"]}
        position = selectors[f"{OA}TextPositionSelector"]
        start, end = _value(position, f"{OA}start"), _value(position, f"{OA}end")
        quote = _value(selectors[f"{OA}TextQuoteSelector"], f"{OA}exact")
        assert text[start:end] == quote  # positions are code points, as the Recommendation says
        bodies: dict[str, list[dict[str, Any]]] = {}
        for body in annotation[f"{OA}hasBody"]:
            (purpose,) = body[f"{OA}hasPurpose"]
            bodies.setdefault(purpose["@id"].removeprefix(OA), []).append(body)
        rdf_value = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"
        (tag,) = bodies["tagging"]
        notes = [_value(b, rdf_value) for b in bodies.get("commenting", [])]
        attributes = {
            _value(b, f"{ANN}attribute"): _value(b, f"{ANN}value") for b in bodies.get("describing", [])
        }
        (creator,) = annotation["http://purl.org/dc/terms/creator"]
        seen.add(
            (
                text,
                start,
                end,
                quote,
                _value(tag, rdf_value),
                _value(creator, "http://xmlns.com/foaf/0.1/name"),
                "\n".join(notes),
                json.dumps(attributes, sort_keys=True),
            )
        )
    assert seen == _spans(coded)


def test_the_context_is_never_fetched(coded: Project) -> None:
    """A document naming any other context fails to load instead of reaching the network."""
    jsonld = pytest.importorskip("pyld.jsonld", reason="pyld is a test dependency")
    with pytest.raises(jsonld.JsonLdError):
        jsonld.expand({"@context": "http://example.org/other.jsonld"}, {"documentLoader": _context_loader()})


# -- Label Studio: its SDK's converter ---------------------------------------------------------------


def _label_config(project: Project) -> str:
    labels = "".join(f'<Label value="{c.label}"/>' for c in project.codebook.categories)
    return (
        f'<View><Labels name="label" toName="text">{labels}</Labels><Text name="text" value="$text"/></View>'
    )


def test_label_studio_sees_each_coder_as_a_distinct_stable_annotator(coded: Project, tmp_path: Path) -> None:
    """Label Studio's converter names the annotator of each annotation by ``completed_by.email``;
    it used to be "" for every coder."""
    converter = pytest.importorskip(
        "label_studio_converter", reason="label-studio-converter is a test dependency"
    )
    export = tmp_path / "tasks.json"
    export.write_bytes(formats.export_bytes(coded, "labelstudio"))
    out = tmp_path / "json-min"
    converter.Converter(config=_label_config(coded), project_dir=None).convert_to_json_min(
        str(export), str(out), is_dir=False
    )
    records = json.loads((out / "result.json").read_text("utf-8"))
    coders = {a.id: a.name for a in coded.annotators()}
    emails = {coder_email(aid): name for aid, name in coders.items()}
    assert len(set(emails)) == len(coders) == 2
    labels = {c.label: c.id for c in coded.codebook.categories}
    seen = set()
    for record in records:
        assert record["annotator"] in emails, record["annotator"]
        for region in record.get("label", []):
            (label,) = region["labels"]
            seen.add(
                (
                    record["text"],
                    region["start"],
                    region["end"],
                    region["text"],
                    labels[label],
                    emails[record["annotator"]],
                )
            )
    assert seen == {span[:6] for span in _spans(coded)}
    # the identifier depends on the layer's id only: renaming a coder keeps it
    ada = next(aid for aid, name in coders.items() if name == "Ada")
    coded.rename_annotator(annotator_id=ada, name="Ada Lovelace")
    again = json.loads(formats.export_bytes(coded, "labelstudio"))
    assert {e["completed_by"]["email"] for t in again for e in t["annotations"]} == set(emails)


def test_our_label_studio_email_names_the_layer_on_import(coded: Project, tmp_path: Path) -> None:
    """The email is read back: with the names gone (or changed in Label Studio), the spans still
    go to the coders' own layers; into a new project the layers keep their ids."""
    tasks = json.loads(formats.export_bytes(coded, "labelstudio"))
    for task in tasks:
        for entry in task["annotations"]:
            entry["completed_by"]["first_name"] = "someone else"
    path = tmp_path / "renamed.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False), "utf-8")
    result = formats.import_file(coded, path)
    assert result.result.annotations_added == 0 and result.result.annotators_added == 0
    fresh = new_project(tmp_path / "fresh.sqlite")
    try:
        formats.import_file(fresh, tmp_path / "renamed.json")
        assert {a.id for a in fresh.annotators()} == {a.id for a in coded.annotators()}
        assert {(s[1], s[2], s[4]) for s in _spans(fresh)} == {(s[1], s[2], s[4]) for s in _spans(coded)}
    finally:
        fresh.close()


# -- WebAnno TSV: web-anno-tsv ------------------------------------------------------------------------

WEBANNO_TEXT = (
    "Minister Ana Kovač said: “We will not sign.” 👍\n"
    "Family 👩\u200d👩\u200d👧 posts: café vs cafe\u0301 — both count.\n"
    "Zero\u200bwidth and a tab\there.\n"
)


def test_web_anno_tsv_reads_our_sentences_tokens_and_span_extents(project: Project, tmp_path: Path) -> None:
    """web-anno-tsv checks every token's UTF-16 offsets against its sentence (they must land on
    the token's text), and gives each span's extent in the sentence.

    Its known bugs, which our files expose and INCEpTION's own reader does not have:

    - ``un_escape_text`` turns ``\\t`` back into a tab only after another backslash, so a line
      holding a tab (written ``\\t``, as the format says) keeps a literal backslash-t, its offsets
      no longer fit, and it raises ``ReadException`` ("Bad offsets") for that sentence.
    - It reads the label from the fifth column whatever the layer declares: with our layer
      (``category|note|annotator|...``) that is the note, so the notes here are empty and the
      test compares extents only.
    - It splits stacked values on every ``|``, also on one the format escaped (``\\|``) inside a
      value, so a note holding a ``|`` comes back as two labels.
    """
    web_anno_tsv = pytest.importorskip("web_anno_tsv", reason="web-anno-tsv is a test dependency")
    from web_anno_tsv.web_anno_tsv import ReadException

    doc = project.add_document(text=WEBANNO_TEXT, title="TSV").document
    ada = project.ensure_annotator(name="Ada").id
    bo = project.ensure_annotator(name="Bo").id
    lines = WEBANNO_TEXT.splitlines(keepends=True)
    line_start = [sum(len(x) for x in lines[:i]) for i in range(len(lines))]
    spans = [
        (0, "Ana Kovač", "quote", ada),
        (0, "👍", "opinion", ada),
        (0, "“We will not sign.”", "quote", bo),
        (1, "👩\u200d👩\u200d👧 posts", "quote", ada),
        (1, "café vs cafe\u0301", "claim", bo),
        (1, "café", "claim", ada),  # stacked inside Bo's
        (2, "width", "claim", ada),
    ]
    for line, needle, category, who in spans:
        start = line_start[line] + lines[line].index(needle)
        project.add_annotation(
            document_id=doc.id, start=start, end=start + len(needle), category=category, annotator_id=who
        )
    (tsv_bytes,) = _members(formats.export_bytes(project, "webanno")).values()
    tsv = tmp_path / "doc.tsv"
    tsv.write_bytes(tsv_bytes)
    with web_anno_tsv.open_web_anno_tsv(str(tsv)) as reader:
        sentences = reader.read()
        for number in (0, 1):
            sentence = next(sentences)
            assert sentence.text == lines[number].rstrip("\n")
            extents = sorted((a.start, a.stop) for a in sentence.annotations)
            expected = sorted(
                (lines[number].index(needle), lines[number].index(needle) + len(needle))
                for line, needle, _, _ in spans
                if line == number
            )
            assert extents == expected
        # the tab bug (see the docstring): the file holds "\t" escaped as the format says
        assert "#Text=Zero\u200bwidth and a tab\\there." in tsv_bytes.decode("utf-8")
        with pytest.raises(ReadException, match="Bad offsets"):
            next(sentences)
    # our own reader reads the same file exactly, tab included
    again = new_project(tmp_path / "again.sqlite")
    try:
        formats.import_file(again, tsv)
        assert {(s[0], s[1], s[2], s[4]) for s in _spans(again)} == {
            (s[0], s[1], s[2], s[4]) for s in _spans(project)
        }
    finally:
        again.close()
