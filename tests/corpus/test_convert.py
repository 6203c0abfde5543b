"""Converting added documents (PDF, HTML, DOCX, Markdown, text) to normalised text.

The real documents are written at test time by real writers (an HTML page, Chromium's
``--print-to-pdf``, python-docx) from a text of ``shared/corpus-extra``, read then: nothing
of those texts is copied into the repository. The odd files of the error cases are made here
too (see ``tests/data/README.md``).
"""

from __future__ import annotations

import html
import io
import itertools
import re
import textwrap
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from conftest import RUNNING_HEADER, Source
from s3kg.corpus.convert import FORMATS, Converted, convert, convert_bytes
from s3kg.corpus.convert.pdf_blocks import join_text
from s3kg.errors import InputError


@pytest.fixture(scope="session")
def pdf(pdf_file: Path) -> Converted:
    return convert(pdf_file)


def lines_of(converted: Converted) -> list[str]:
    return converted.text.split("\n")


def assert_normalised(converted: Converted, suffix: str) -> None:
    """The text conventions every converter promises (and the result's other fields)."""
    text = converted.text
    assert converted.media_type == FORMATS[suffix]
    assert text.endswith("\n") and not text.endswith("\n\n") and not text.startswith("\n")
    assert unicodedata.is_normalized("NFC", text)
    assert "\n\n\n" not in text
    assert all(ch == "\n" or unicodedata.category(ch) != "Cc" for ch in text)
    for line in text.split("\n"):
        assert line == line.strip() and "  " not in line, repr(line)
    assert len(re.findall(r"\w+", text)) >= 5
    if suffix == ".pdf":
        assert_pages_cover(converted)
    else:
        assert converted.pages == ()


def assert_pages_cover(converted: Converted) -> None:
    """Page ranges follow each other, page 1 first, from 0 to the end of the text."""
    pages = converted.pages
    assert pages and pages[0][0] == 0 and pages[-1][1] == len(converted.text)
    for (_, end), (start, _) in itertools.pairwise(pages):
        assert end == start
    assert all(start <= end for start, end in pages)


# --- PDF ------------------------------------------------------------------------------------


@pytest.mark.browser
def test_pdf_headings_paragraphs_and_lists(pdf: Converted, source: Source) -> None:
    lines = lines_of(pdf)
    assert lines[0] == source.title
    assert pdf.title == source.title
    for heading in source.headings:
        assert heading in lines
    for paragraph in source.paragraphs:
        assert paragraph in lines  # whole: hard-wrapped lines joined, nothing lost
    for item in source.items[:2]:
        assert f"- {item}" in lines
    assert f"1. {source.items[2]}" in lines
    assert f"2. {source.items[3]}" in lines
    assert_normalised(pdf, ".pdf")


@pytest.mark.browser
def test_pdf_reads_the_first_column_before_the_second(pdf: Converted, source: Source) -> None:
    first, second = source.paragraphs[2], source.paragraphs[3]
    start = pdf.text.index(first)
    assert start + len(first) < pdf.text.index(second)


@pytest.mark.browser
def test_pdf_table_rows_and_caption_replace_its_words(pdf: Converted, source: Source) -> None:
    lines = lines_of(pdf)
    at = lines.index(f"Table: {source.caption}")
    assert lines[at + 1 : at + 1 + len(source.rows)] == [" | ".join(r) for r in source.rows]
    # the table's words are not also running text
    assert pdf.text.count(source.rows[1][0]) == 1


@pytest.mark.browser
def test_pdf_drops_running_headers_and_page_numbers(pdf: Converted) -> None:
    assert RUNNING_HEADER not in pdf.text
    assert not any(re.fullmatch(r"\d+", line) for line in lines_of(pdf))


@pytest.mark.browser
def test_pdf_pages_cover_the_text_in_order(pdf: Converted, source: Source) -> None:
    assert len(pdf.pages) == 3
    assert_pages_cover(pdf)
    page1, page2, page3 = (pdf.text[a:b] for a, b in pdf.pages)
    assert page1.startswith(source.title) and source.paragraphs[1] in page1
    assert page2.startswith(source.headings[1])
    assert source.paragraphs[2] in page2 and source.paragraphs[3] in page2
    assert page3.startswith(source.headings[2]) and source.paragraphs[4] in page3


# --- HTML, DOCX, Markdown, text --------------------------------------------------------------


def test_html_keeps_structure_and_drops_navigation(html_page: bytes, source: Source) -> None:
    converted = convert_bytes(html_page, ".html", "page.html")
    lines = lines_of(converted)
    assert converted.title == source.title and lines[0] == source.title
    assert "Home" not in converted.text
    for text in (*source.headings, *source.paragraphs):
        assert text in lines
    assert f"- {source.items[0]}" in lines and f"2. {source.items[3]}" in lines
    at = lines.index(f"Table: {source.caption}")
    assert lines[at + 1 : at + 1 + len(source.rows)] == [" | ".join(r) for r in source.rows]
    assert_normalised(converted, ".html")


def test_html_title_goes_first_when_the_body_does_not_start_with_it(source: Source) -> None:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in source.paragraphs[:2])
    page = f"<html><head><title>{source.headings[0]}</title></head><body>{body}</body></html>"
    converted = convert_bytes(page.encode(), ".htm")
    assert lines_of(converted)[:3] == [source.headings[0], "", source.paragraphs[0]]
    fragment = convert_bytes(f"<p>{html.escape(source.paragraphs[0])}</p>".encode(), ".html")
    assert fragment.text == source.paragraphs[0] + "\n"


def test_docx_headings_lists_and_captioned_table(docx_bytes: bytes, source: Source) -> None:
    converted = convert_bytes(docx_bytes, ".docx", "report.docx")
    lines = lines_of(converted)
    assert converted.title == source.title and lines[0] == source.title
    assert source.headings[0] in lines and source.headings[1] in lines
    assert source.paragraphs[0] in lines and source.paragraphs[2] in lines
    assert lines[8:12] == [
        f"- {source.items[0]}", f"- {source.items[1]}",
        f"1. {source.items[2]}", f"2. {source.items[3]}",
    ]  # fmt: skip
    at = lines.index(f"Table: {source.caption}")
    assert lines[at + 1 : at + 1 + len(source.rows)] == [" | ".join(r) for r in source.rows]
    assert_normalised(converted, ".docx")


def test_markdown_syntax_is_stripped(source: Source) -> None:
    first, second = source.paragraphs[0], source.paragraphs[1]
    words = second.split()
    marked = " ".join([f"**{words[0]}**", f"[{words[1]}](https://example.org/x)", *words[2:]])
    header = " | ".join(source.rows[0])
    table = "\n".join([f"| {header} |", "|" + "---|" * len(source.rows[0])] +
                      [f"| {' | '.join(r)} |" for r in source.rows[1:]])  # fmt: skip
    text = "\n\n".join([
        f"---\ntitle: {source.title}\n---", f"## {source.headings[0]}", textwrap.fill(first, 72),
        marked, f"* {source.items[0]}\n* {source.items[1]}", f"3) {source.items[2]}",
        f"Table: {source.caption}", table,
    ])  # fmt: skip
    converted = convert_bytes(text.encode(), ".md")
    lines = lines_of(converted)
    assert lines[:3] == [source.title, "", source.headings[0]]
    assert converted.title == source.title
    assert first in lines and second in lines
    assert f"- {source.items[1]}" in lines and f"3) {source.items[2]}" in lines
    at = lines.index(f"Table: {source.caption}")
    assert lines[at + 1 : at + 1 + len(source.rows)] == [" | ".join(r) for r in source.rows]
    assert_normalised(converted, ".md")


def test_plain_text_joins_hard_wrapped_paragraphs(source: Source) -> None:
    wrapped = [textwrap.fill(p, 70) for p in source.paragraphs[:3]]
    rows = "\n".join("\t".join(r) for r in source.rows)
    text = "\r\n".join([source.title, "", *wrapped[:1], "", "- " + source.items[0], "", rows])
    text += "\r\n\r\n\r\n" + "\n\n".join(wrapped[1:]) + "  \n"
    converted = convert_bytes(("\ufeff" + text).encode(), ".txt")
    lines = lines_of(converted)
    assert lines[0] == source.title
    for paragraph in source.paragraphs[:3]:
        assert paragraph in lines
    assert f"- {source.items[0]}" in lines and " | ".join(source.rows[1]) in lines
    assert_normalised(converted, ".txt")


def test_text_is_nfc_without_controls_or_invisible_characters() -> None:
    text = "Cafe\u0301 \u00adsoft\u200bhyphens\x07 and  spaces\t here.\u2028Next line  \n"
    converted = convert_bytes(text.encode(), ".txt")
    assert converted.text == "Café softhyphens and spaces here.\nNext line\n"


@pytest.mark.parametrize(
    ("left", "right", "vocabulary", "joined"),
    [
        ("the inno-", "vation agency", set(), "the innovation agency"),
        ("a high-", "tech cluster", {"high", "tech"}, "a high-tech cluster"),
        ("the best-", "known park", {"best-known"}, "the best-known park"),
        ("a co-", "operation", {"co", "operation", "cooperation"}, "a cooperation"),
        ("COVID-", "19 rules", set(), "COVID-19 rules"),
        ("Anglo-", "Saxon", set(), "Anglo-Saxon"),
        ("growth -", "and more", set(), "growth - and more"),
        ("plain", "line", set(), "plain line"),
    ],
)
def test_end_of_line_hyphens(left: str, right: str, vocabulary: set[str], joined: str) -> None:
    text, start = join_text(left, right, vocabulary)
    assert text == joined
    assert text[start:] == right[len(right) - len(text[start:]) :]


# --- errors ---------------------------------------------------------------------------------


def minimal_pdf(content: bytes) -> bytes:
    """A one-page PDF drawing ``content`` (with font /F1 and a 2x2 grey image /Im1)."""
    image = b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray"
    image += b" /BitsPerComponent 8 /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        image,
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    size = len(objects) + 1
    trailer = b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
    return out + b"xref\n0 %d\n0000000000 65535 f \n" % size + xref + trailer % (size, len(out))


SCANNED_PDF = minimal_pdf(b"q 400 0 0 500 100 150 cm /Im1 Do Q")
SHORT_PDF = minimal_pdf(b"BT /F1 12 Tf 72 720 Td (Cluster report) Tj ET")
TEXT_PDF = minimal_pdf(
    b"BT /F1 12 Tf 72 720 Td (Regional clusters gather firms, universities and) Tj"
    b" 0 -16 Td (public agencies around one industry in one place.) Tj ET"
)


def error_of(data: bytes, suffix: str, name: str = "doc") -> str:
    with pytest.raises(InputError) as caught:
        convert_bytes(data, suffix, name)
    message = str(caught.value)
    assert caught.value.exit_code == 2
    assert "\n" not in message and message.startswith(f"{name}: "), message
    return message


@pytest.mark.parametrize("suffix", [".rtf", ".doc", "", ".pdf.gz"])
def test_unsupported_suffix_lists_the_supported_ones(suffix: str) -> None:
    message = error_of(b"some text here", suffix)
    assert "unsupported file type" in message
    assert ".docx, .htm, .html, .md, .pdf, .txt" in message


def test_suffix_is_case_insensitive() -> None:
    assert convert_bytes(b"Five words are enough here.", "TXT").media_type == "text/plain"


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_empty_file(suffix: str) -> None:
    assert "empty file" in error_of(b"", suffix)
    assert "empty file" in error_of(b" \n\t\r\n", suffix)


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_text_that_is_not_utf8(suffix: str) -> None:
    message = error_of("Le café est très bon ici.".encode("latin-1"), suffix)
    assert "not UTF-8 text (byte 0xe9 at offset 6)" in message and "save it as UTF-8" in message
    assert "UTF-16" in error_of("Some words in UTF-16 text".encode("utf-16"), suffix)


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".htm"])
def test_binary_data_with_a_text_suffix(suffix: str) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(64))
    assert "binary data, not text (NUL bytes)" in error_of(png, suffix)
    controls = bytes([1, 2, 3, 27, 127, 65, 66]) * 40
    assert "binary data, not text (mostly control characters)" in error_of(controls, suffix)


def test_pdf_without_a_text_layer() -> None:
    assert "no text layer (scanned pages?); run OCR first" in error_of(SCANNED_PDF, ".pdf")


def test_short_documents(docx_bytes: bytes) -> None:
    assert "too little text (only 2 words; at least 5 needed)" in error_of(SHORT_PDF, ".pdf")
    assert "only 3 words" in error_of(b"Hello there world\n", ".txt")
    assert "only 1 word;" in error_of(b"# Title\n\n![](picture.png)\n", ".md")
    assert convert_bytes(TEXT_PDF, ".pdf").text.startswith("Regional clusters gather firms")


@pytest.mark.browser
@pytest.mark.parametrize("cut", [0.1, 0.5, 0.9])
def test_truncated_pdf(pdf_file: Path, cut: float) -> None:
    data = pdf_file.read_bytes()
    message = error_of(data[: int(len(data) * cut)], ".pdf", "cut.pdf")
    assert "not a readable PDF (truncated or corrupt" in message
    assert "not a readable PDF (truncated or corrupt" in error_of(b"%PDF-1.7\n1 0 obj\n<<", ".pdf")
    assert "not a readable PDF" in error_of(b"This is not a PDF at all, it is text.", ".pdf")


def test_broken_docx(docx_bytes: bytes) -> None:
    message = error_of(docx_bytes[: len(docx_bytes) // 2], ".docx", "report.docx")
    assert "not a readable DOCX (truncated or corrupt" in message
    assert "not a readable DOCX" in error_of(b"just some text, not a zip package", ".docx")
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    assert "not a readable DOCX" in error_of(other_zip.getvalue(), ".docx")
    old_word = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    assert "old binary Word file (.doc)" in error_of(old_word, ".docx")


def test_html_without_text() -> None:
    page = b"<html><head><title>T</title><script>var x = 1;</script></head><body></body></html>"
    assert "no text found in the HTML" in error_of(page, ".html")
    assert "no text found in the HTML" in error_of(b"<html><body><img src=x></body></html>", ".htm")


def test_unreadable_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing\.txt: cannot read the file"):
        convert(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="unsupported file type"):
        convert(tmp_path / "notes.odt")


# --- any bytes: a valid result or an InputError ------------------------------------------------


def _check_any(data: bytes, suffix: str) -> None:
    try:
        converted = convert_bytes(data, suffix, "fuzz")
    except InputError as err:
        assert "\n" not in str(err) and str(err).startswith("fuzz: ")
        event(f"{suffix} refused: {str(err).split(':')[1].split('(')[0].strip()}")
    else:
        assert_normalised(converted, suffix)
        event(f"{suffix} converted")


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=2048), suffix=st.sampled_from(sorted(FORMATS)))
def test_any_bytes_convert_or_raise_input_error(data: bytes, suffix: str) -> None:
    _check_any(data, suffix)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_damaged_documents_convert_or_raise_input_error(
    data: st.DataObject, docx_bytes: bytes, html_page: bytes, source: Source
) -> None:
    """Real documents of every format, cut short or with bytes overwritten."""
    documents = {
        ".pdf": TEXT_PDF, ".docx": docx_bytes, ".html": html_page,
        ".md": f"# {source.title}\n\n{source.paragraphs[0]}\n".encode(),
        ".txt": f"{source.title}\n\n{source.paragraphs[0]}\n".encode(),
    }  # fmt: skip
    suffix = data.draw(st.sampled_from(sorted(documents)))
    document = bytearray(documents[suffix])
    for _ in range(data.draw(st.integers(0, 4))):
        at = data.draw(st.integers(0, len(document) - 1))
        document[at : at + 4] = data.draw(st.binary(min_size=1, max_size=4))
    cut = data.draw(st.none() | st.integers(1, len(document)))
    _check_any(bytes(document[:cut]), suffix)


def test_a_word_file_without_lists_is_read() -> None:
    """Regression: Word writes word/numbering.xml only for documents with lists; without it
    python-docx raised NotImplementedError and the file was refused as corrupt."""
    document = docx.Document()
    document.add_heading("Clusters without lists", 0)
    document.add_paragraph("Firms, universities and public agencies in one region can "
                           "share suppliers, skilled people and ideas over many years.")
    source = io.BytesIO()
    document.save(source)
    stripped = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(stripped, "w") as zout:
        for item in zin.infolist():
            if item.filename == "word/numbering.xml":
                continue
            data = zin.read(item.filename)
            if item.filename in ("word/_rels/document.xml.rels", "[Content_Types].xml"):
                data = re.sub(rb"<(Relationship|Override) [^>]*numbering[^>]*/>", b"", data)
            zout.writestr(item, data)
    text = convert_bytes(stripped.getvalue(), ".docx").text
    assert text.startswith("Clusters without lists\n") and "skilled people" in text


@pytest.mark.parametrize("front", ["date: 2020-13-45", "title: " + "[" * 5000])
def test_odd_markdown_front_matter_is_ignored(front: str) -> None:
    """Regression: a bad date or deeply nested value in the front matter was a traceback."""
    body = "# Clusters\n\nRegional clusters share suppliers, people and ideas over years.\n"
    converted = convert_bytes(f"---\n{front}\n---\n{body}".encode(), ".md")
    assert converted.text.startswith("Clusters\n")
