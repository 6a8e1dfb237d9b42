"""Bands of number answers for filtering results: boundaries and labels."""

import pandas as pd

from consultations.result_dimensions import band_labels, band_of, number_bands


def test_bands_sit_at_rounded_quartiles():
    assert number_bands(pd.Series([0, 5, 10, 10, 15, 20, 20, 30, 40, 50])) == [10, 20, 30]
    assert number_bands(pd.Series(range(1000, 2001))) == [1300, 1500, 1800]
    assert number_bands(pd.Series([0.1, 0.2, 0.3, 0.4, 0.5])) == [0.2, 0.3, 0.4]


def test_too_few_distinct_answers_give_no_bands():
    assert number_bands(pd.Series([1, 1, 2, 3, None])) == []
    assert band_labels([], whole=True) == []


def test_band_labels_for_whole_and_decimal_numbers():
    assert band_labels([10, 20, 30], whole=True) == [
        "Under 10",
        "10 to 19",
        "20 to 29",
        "30 or more",
    ]
    assert band_labels([2.5, 5], whole=False) == ["Under 2.5", "2.5 to under 5", "5 or more"]


def test_each_value_falls_in_the_band_whose_lower_bound_it_reaches():
    labels = band_labels([10, 20], whole=True)
    values = pd.Series([0, 9.5, 10, 19, 20, 100])
    assert list(band_of(values, [10, 20], labels)) == [
        "Under 10",
        "Under 10",
        "10 to 19",
        "10 to 19",
        "20 or more",
        "20 or more",
    ]
