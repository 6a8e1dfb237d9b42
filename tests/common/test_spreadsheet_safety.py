import datetime

import pandas as pd
import pytest

from common.spreadsheet_safety import neutralise, neutralise_frame, neutralise_row

DANGEROUS = ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)", "\tfoo", "\rfoo", "＝1+1"]


@pytest.mark.parametrize("text", DANGEROUS)
def test_text_that_a_spreadsheet_would_run_gets_a_leading_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["", "Hello", "a=b", "care 24/7", "'quoted", " =spaced", "1-2"])
def test_ordinary_text_is_untouched(text):
    assert neutralise(text) == text


@pytest.mark.parametrize(
    "value", [-2, -2.5, 0, None, True, datetime.date(2024, 1, 2), pd.NA, float("nan")]
)
def test_numbers_and_other_non_text_values_are_untouched(value):
    assert neutralise(value) is value


def test_a_row_is_neutralised_cell_by_cell():
    row = ["=1+1", -3, "plain", "@cmd"]
    assert neutralise_row(row) == ["'=1+1", -3, "plain", "'@cmd"]
    assert neutralise_row(iter(["+x"])) == ["'+x"]


def test_a_frame_is_neutralised_without_touching_numbers_or_the_original():
    text = pd.Series(["=SUM(A1)", "fine", None], dtype=object)
    frame = pd.DataFrame({"text": text, "number": [-1, 2, 3]})
    out = neutralise_frame(frame)
    assert out["text"].tolist() == ["'=SUM(A1)", "fine", None]
    assert out["number"].tolist() == [-1, 2, 3]
    assert frame.loc[0, "text"] == "=SUM(A1)"


def test_a_frame_with_pandas_string_dtype_is_neutralised():
    frame = pd.DataFrame({"text": pd.array(["-2+3", "ok", pd.NA], dtype="string")})
    assert neutralise_frame(frame)["text"].tolist()[:2] == ["'-2+3", "ok"]
