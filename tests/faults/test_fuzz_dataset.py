"""Hostile and broken datasets: ``annotator validate`` and the dataset import.

``annotator validate FILE`` exits 0 (valid), 1 (invalid: one line per problem) or 2 (unreadable),
and never prints a traceback. The import agrees with it: a file ``validate`` accepts goes in
whole (into an empty project); one it rejects is refused with one line and changes nothing.
"""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.cli import main
from annotator.codebook import codebook_from_dict
from annotator.dataset import dataset_dict, import_dataset, validate_file
from annotator.errors import AnnotatorError, ImportRefused
from annotator.project import Project
from tests.faults.helpers import FUZZ, HARBOUR, TEXT, fuzz, one_line, peak_rss_growth, seeded, snapshot


def build_base(tmp: Path) -> dict[str, Any]:
    """A small valid dataset: two documents, two coders, attributes, a note, nested spans."""
    project, doc_id, ada = seeded(tmp / "base.sqlite")
    bo = project.ensure_annotator(name="Bo").id
    project.add_annotation(
        document_id=doc_id,
        start=HARBOUR[0],
        end=HARBOUR[1],
        category="quote",
        annotator_id=bo,
        attributes={"speaker": "the minister"},
        note="check",
    )
    second = project.add_document(text="Prices rose 3.4\u202f% in May, the office said.\n", title="Prices")
    project.add_annotation(
        document_id=second.document.id, start=0, end=17, category="statistic", annotator_id=ada
    )
    project.add_annotation(document_id=second.document.id, start=7, end=15, category="claim", annotator_id=bo)
    data = dataset_dict(project)
    project.close()
    return data


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return build_base(tmp_path_factory.mktemp("base"))


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty project file, copied for each example (creating one runs the migrations)."""
    path = tmp_path_factory.mktemp("template") / "empty.sqlite"
    Project.open(path).close()
    return path


class EmptyProjects:
    """Empty projects for the examples: the same one until an import changes it (copying a
    template file is cheaper than creating a project, which runs the migrations)."""

    def __init__(self, template: Path, folder: Path) -> None:
        self.template, self.folder = template, folder
        self.count = 0
        self.project: Project | None = None

    def __call__(self) -> Project:
        if self.project is None:
            self.count += 1
            path = self.folder / f"p{self.count}.sqlite"
            shutil.copy(self.template, path)
            self.project = Project.open(path)
        return self.project

    def changed(self) -> None:
        if self.project is not None:
            self.project.close()
            self.project = None


@pytest.fixture
def fresh_project(template: Path, tmp_path: Path) -> Iterator[EmptyProjects]:
    projects = EmptyProjects(template, tmp_path)
    yield projects
    projects.changed()


def validate(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, list[str]]:
    """``annotator validate PATH`` through the CLI entry point: exit code and output lines."""
    code = main(["validate", str(path)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert code in (0, 1, 2), code
    lines = [line for line in (out + err).splitlines() if line.strip()]
    assert lines, "validate printed nothing"
    if code == 0:
        assert lines == [f"{path}: valid"]
    return code, lines


def check_import_agrees(projects: EmptyProjects, path: Path, code: int) -> None:
    """The import accepts exactly what ``validate`` accepts, and a refusal changes nothing.

    The one exception is the project's own: a codebook version it holds with other content.
    """
    project = projects()
    before = snapshot(project)
    try:
        result = import_dataset(project, path)
    except ImportRefused as exc:
        one_line(str(exc))
        if code == 0 and "is already in the project with other content" in str(exc):
            # validate cannot know the project: a codebook with the id and version of one the
            # (new) project holds, with other content, is refused there; check that it really is
            codebook = codebook_from_dict(json.loads(path.read_text("utf-8"))["codebook"])
            stored = project.stored_codebook(codebook.id, codebook.version)
            assert stored is not None and stored != codebook, str(exc)
        else:
            assert code != 0, f"validate said valid, the import refused: {exc} {exc.problems[:3]}"
        assert snapshot(project) == before, "a refused import changed the project"
        return
    projects.changed()
    assert code == 0, f"validate exit {code}, but the import took it: {result.summary()}"


def write_json(path: Path, data: Any) -> Path:
    # ensure_ascii keeps lone surrogates writable (as \ud800 escapes, which JSON allows)
    path.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")
    return path


# -- random and truncated bytes --------------------------------------------------------------------


@FUZZ
@given(content=st.binary(max_size=3000))
def test_random_bytes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fresh_project: EmptyProjects, content: bytes
) -> None:
    path = tmp_path / "random.json"
    path.write_bytes(content)
    code, lines = validate(capsys, path)
    assert code in (1, 2)
    if code == 2:
        assert len(lines) == 1 and one_line(lines[0])
    check_import_agrees(fresh_project, path, code)


@fuzz(25)
@given(cut=st.floats(min_value=0.0, max_value=1.0, exclude_max=True))
def test_truncated_dataset(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    fresh_project: EmptyProjects,
    base: dict[str, Any],
    cut: float,
) -> None:
    whole = json.dumps(base, ensure_ascii=False).encode("utf-8")
    path = tmp_path / "truncated.json"
    path.write_bytes(whole[: int(cut * len(whole))])
    code, lines = validate(capsys, path)
    assert code == 2 and len(lines) == 1
    check_import_agrees(fresh_project, path, code)


# -- structure-aware mutations of a valid dataset --------------------------------------------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=8,
)
ODD_STRINGS = st.sampled_from(["", "rumour", "claim ", "\ud800", "x" * 300, "1.0", "quote\nclaim", "null"])


@st.composite
def mutated(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    """The base dataset with one to three changes deep inside it: a value replaced by any JSON
    value, an integer moved (offsets out of range), a string made odd (unknown categories), a key
    or list item removed, an item duplicated."""
    data = copy.deepcopy(base)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        node: Any = data
        while True:
            keys = list(node) if isinstance(node, dict) else list(range(len(node)))
            if not keys:
                break
            key = draw(st.sampled_from(keys))
            child = node[key]
            if isinstance(child, dict | list) and child and draw(st.integers(0, 3)) > 0:
                node = child
                continue
            action = draw(st.sampled_from(["replace", "tweak", "delete", "duplicate"]))
            if action == "delete":
                del node[key]
            elif action == "duplicate" and isinstance(node, list):
                node.append(copy.deepcopy(child))
            elif action == "tweak" and isinstance(child, int) and not isinstance(child, bool):
                node[key] = draw(
                    st.sampled_from([-1, 0, child - 1, child + 1, child + 10**6, 2**63, -(2**63)])
                )
            elif action == "tweak" and isinstance(child, str):
                node[key] = draw(ODD_STRINGS)
            else:
                node[key] = draw(JSON_VALUES)
            break
    return data


@pytest.fixture(scope="module")
def base_strategy(base: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    return mutated(base)


@fuzz(80)
@given(data=st.data())
def test_mutated_dataset(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    fresh_project: EmptyProjects,
    base_strategy: st.SearchStrategy[dict[str, Any]],
    data: st.DataObject,
) -> None:
    dataset = data.draw(base_strategy)
    path = write_json(tmp_path / "mutated.json", dataset)
    code, lines = validate(capsys, path)
    if code == 1:
        assert all(line.startswith(f"{path}: ") for line in lines), lines[:3]
        assert len(lines) <= 201
    check_import_agrees(fresh_project, path, code)


# -- named hostile cases ---------------------------------------------------------------------------


def annotation(base: dict[str, Any]) -> dict[str, Any]:
    return base["documents"][0]["annotations"][0]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("change", "expect"),
    [
        ({"start": -1}, "outside the text"),
        ({"end": len(TEXT) + 1}, "outside the text"),
        ({"start": 12, "end": 4}, "outside the text"),
        ({"start": 4, "end": 4}, "outside the text"),
        ({"start": 10**30}, "outside the text"),
        ({"start": 4.0}, "expected an integer"),
        ({"start": True}, "expected an integer"),
        ({"start": "4"}, "expected an integer"),
        ({"start": None}, "expected an integer"),
        ({"quote": "somebody else"}, "does not match the text"),
        ({"category": "rumour"}, "'rumour' is not in the codebook"),
        ({"category": ["claim"]}, "expected a string"),
        ({"annotator": "nobody"}, "not listed in annotators"),
        ({"attributes": "speaker=x"}, "expected an object"),
        ({"attributes": {"hedged": "very"}}, "hedged"),
    ],
)
def test_wrong_types_and_out_of_range_offsets(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    fresh_project: EmptyProjects,
    base: dict[str, Any],
    change: dict[str, Any],
    expect: str,
) -> None:
    data = copy.deepcopy(base)
    annotation(data).update(change)
    path = write_json(tmp_path / "bad.json", data)
    code, lines = validate(capsys, path)
    assert code == 1
    assert any(expect in line and "documents[0]" in line for line in lines), lines
    check_import_agrees(fresh_project, path, code)


@pytest.mark.parametrize(
    ("content", "expect"),
    [
        (b"[" * 200_000 + b"]" * 200_000, "nested too deeply"),
        (b'{"a": ' * 50_000 + b"1" + b"}" * 50_000, "nested too deeply"),
        (b'{"format": "annotator-dataset", "version": 1' + b"0" * 6000 + b"}", "number"),
        (b'{"format": "annotator-dataset", "version": 1e999999}', "version"),
        (b'{"format": "annotator-dataset", "version": NaN}', "version"),
        ('"\ufeff\ufeff"'.encode(), "top level"),
        ("{}".encode("utf-16"), "UTF-8"),
        (b'{"format": "annotator-dataset", "documents": [{"status": []}, {"status": {}}]}', "status"),
        (b'{"format": "annotator-dataset", "annotators": [{"id": ["a"]}, {"id": {"x": 1}}]}', "annotators"),
        (b'{"format": "annotator-dataset", "documents": [{"id": {"x": 1}, "annotations": 5}]}', "documents"),
        (b'{"format": "annotator-dataset", "codebook": {"name": "ok \\ud83d\\ude00 \\udc00"}}', "half a"),
        (b'{"format": "annotator-dataset", "x": {"\\uDBFF": 1}}', "half a character"),
    ],
    ids=[
        "deep-arrays",
        "deep-objects",
        "6000-digit-number",
        "float-overflow",
        "nan",
        "bom-string",
        "utf-16",
        "unhashable-status",
        "unhashable-annotator-id",
        "object-document-id",
        "lone-surrogate",
        "surrogate-key",
    ],
)
def test_hostile_json(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    fresh_project: EmptyProjects,
    content: bytes,
    expect: str,
) -> None:
    path = tmp_path / "hostile.json"
    path.write_bytes(content)
    code, lines = validate(capsys, path)
    assert code in (1, 2)
    assert any(expect in line for line in lines), lines
    check_import_agrees(fresh_project, path, code)


def test_unknown_category_from_another_codebook_is_refused_by_the_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], base: dict[str, Any]
) -> None:
    """The dataset is valid on its own (its codebook has the category), the project lacks it."""
    data = copy.deepcopy(base)
    rumour = dict(data["codebook"]["categories"][0], id="rumour", label="Rumour", shortcut="9")
    data["codebook"]["categories"].append(rumour)
    # under 1.0 it is refused before: 1.0 is in the project; a newer version would be adopted
    data["codebook"]["version"] = "0.9"
    annotation(data)["category"] = "rumour"
    path = write_json(tmp_path / "rumour.json", data)
    assert validate(capsys, path)[0] == 0
    project, _, _ = seeded(tmp_path / "p.sqlite")  # not empty: its own codebook stays
    before = snapshot(project)
    with pytest.raises(ImportRefused, match="--migrate") as info:
        import_dataset(project, path)
    one_line(str(info.value))
    with pytest.raises(ImportRefused, match="cannot migrate 1 span") as info:
        import_dataset(project, path, migrate=True)
    one_line(str(info.value))
    assert any("'rumour'" in p and "not in this project's codebook" in p for p in info.value.problems)
    assert snapshot(project) == before
    project.close()


def test_a_huge_dataset_is_checked_in_bounded_memory(tmp_path: Path, base: dict[str, Any]) -> None:
    """15 MB: a 12-million-character text and 20,000 annotations on it."""
    data = copy.deepcopy(base)
    doc = data["documents"][0]
    text = ("The council said the budget would rise. " * 300_000)[:12_000_000]
    doc["text"] = text
    import hashlib

    doc["sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    template = doc["annotations"][0]
    doc["annotations"] = [
        dict(template, id=f"a{i}", start=i * 41, end=i * 41 + 11, quote=text[i * 41 : i * 41 + 11])
        for i in range(20_000)
    ]
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    size = path.stat().st_size
    result: list[tuple[int, list[str]]] = []
    grew, seconds = peak_rss_growth(lambda: result.append(validate_file(path)))
    del data, doc, text
    assert result[0] == (0, []), result[0][1][:3]
    assert grew < 8 * size, f"validating {size / 1e6:.0f} MB took {grew / 1e6:.0f} MB more memory"
    assert seconds < 20


def test_any_annotator_error_from_validate_exits_2_never_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for path in (tmp_path / "missing.json", tmp_path):
        code, lines = validate(capsys, path)
        assert code == 2 and len(lines) == 1
    directory_json = tmp_path / "folder.json"
    directory_json.mkdir()
    assert validate(capsys, directory_json)[0] == 2
    with Project.open(tmp_path / "p.sqlite") as project, pytest.raises(AnnotatorError):
        import_dataset(project, directory_json)
