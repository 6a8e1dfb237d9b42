"""Reading a CSV as text: encodings, line endings, caps and the errors they give."""

import codecs

import pytest

from common.csvtext import CsvTextError, decode, read_table


@pytest.mark.parametrize(
    "data",
    [
        b"id,town\n1,Caf\xc3\xa9\n",
        codecs.BOM_UTF8 + b"id,town\r\n1,Caf\xc3\xa9\r\n",
        "id,town\r\n1,Café\r\n".encode("utf-16"),
        codecs.BOM_UTF16_BE + "id,town\r1,Café\r".encode("utf-16-be"),
    ],
)
def test_utf8_and_marked_utf16_read_to_the_same_text(data):
    assert decode(data) == "id,town\n1,Café\n"


def test_windows_1252_is_refused_not_misread():
    with pytest.raises(CsvTextError) as caught:
        decode("id,town\n1,Café\n".encode("cp1252"))
    assert caught.value.kind == "not_utf8" and "CSV UTF-8" in str(caught.value)


def test_size_cap_refuses_before_decoding():
    with pytest.raises(CsvTextError) as caught:
        decode(b"x" * 11, max_bytes=10)
    assert caught.value.kind == "too_big"


def test_every_cell_is_text_and_short_rows_are_padded():
    table = read_table("id,answer,note\n1,None\n\n2,n/a,  kept  \n")
    assert table.records() == [
        {"id": "1", "answer": "None", "note": ""},
        {"id": "2", "answer": "n/a", "note": "kept"},
    ]


def test_newlines_inside_quoted_cells_survive():
    table = read_table('id,text\n1,"two\nlines"\n', strip=False)
    assert table.column("text") == ["two\nlines"]


@pytest.mark.parametrize(
    ("text", "kind", "options"),
    [
        ("", "empty", {}),
        ("\n\n", "empty", {}),
        ("a,b,c\n", "too_wide", {"max_columns": 2}),
        ("a,a\n1,2\n", "duplicate_column", {}),
        ("a,b\n1,2,3\n", "long_row", {}),
        ("a\n1\n2\n3\n", "too_many_rows", {"max_rows": 2}),
        ('a,b\n"1,2\n', "not_csv", {}),
    ],
)
def test_files_that_are_not_tables_say_why(text, kind, options):
    with pytest.raises(CsvTextError) as caught:
        read_table(text, **options)
    assert caught.value.kind == kind and str(caught.value)
