"""The shared demographic categories: well formed, so both apps can rely on them."""

import pytest

from common import demographics


@pytest.mark.parametrize("category", demographics.CATEGORIES, ids=lambda c: c.key)
def test_each_category_has_distinct_keys_and_labels_and_shares_summing_to_100(category):
    keys = [b.key for b in category.bands]
    assert len(set(keys)) == len(keys) and len(set(category.labels)) == len(category.labels)
    assert sum(category.shares.values()) == pytest.approx(100, abs=0.5)


def test_age_bands_are_the_census_bands_from_16():
    assert demographics.AGE.labels == ["16 to 24", "25 to 44", "45 to 64", "65 to 74", "75 or over"]


def test_categories_are_found_by_key_and_an_unknown_key_names_the_known_ones():
    assert demographics.category("age") is demographics.AGE
    with pytest.raises(KeyError, match="carer"):
        demographics.category("gender")


def test_ethnicity_and_disability_are_special_category_data():
    special = {c.key for c in demographics.CATEGORIES if c.special}
    assert special == {"ethnicity", "disability"}
