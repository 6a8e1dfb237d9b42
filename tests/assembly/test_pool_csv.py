import io

import pytest

from assembly import pool_csv
from assembly.pool_csv import PoolFileError, read_categories, read_pool
from assembly.selection import Quota

CATEGORIES = (
    "feature,value,min,max\nsex,female,1,2\nsex,male,1,2\nreligion,None,0,2\nreligion,Other,0,2\n"
)


def problems(people, categories=CATEGORIES, **kwargs):
    with pytest.raises(PoolFileError) as caught:
        read_pool(io.StringIO(people), io.StringIO(categories), **kwargs)
    return [str(p) for p in caught.value.problems]


def test_none_stays_a_value_and_values_match_case_insensitively():
    pool = read_pool(
        io.StringIO("id,sex,religion\n1,Female,None\n2,male,other\n"), io.StringIO(CATEGORIES)
    )
    assert [p.features for p in pool.people] == [
        {"sex": "female", "religion": "None"},
        {"sex": "male", "religion": "Other"},
    ]
    assert pool.households == {}


def test_old_category_name_header_is_accepted():
    quotas, found = read_categories(io.StringIO("category,name,min,max\nsex,female,1,2\n"))
    assert quotas == [Quota("sex", "female", 1, 2)] and found == []


def test_unknown_value_is_reported_with_row_and_known_values():
    assert problems("id,sex,religion\n1,female,None\n2,robot,None\n") == [
        "people file, row 3: "
        + pool_csv.UNKNOWN_VALUE.format(feature="sex", value="robot", known="female, male")
    ]


def test_duplicate_and_empty_ids_are_reported():
    found = problems("id,sex,religion\n1,female,None\n1,male,None\n,male,None\n")
    assert found == [
        "people file, row 3: The id '1' is used again (first on row 2).",
        "people file, row 4: The id cell is empty.",
    ]


def test_missing_people_column_is_reported():
    assert problems("id,sex\n1,female\n") == [
        "people file, row 1: The people file has no 'religion' column."
    ]
    assert problems("ref,sex,religion\n1,female,None\n") == [
        "people file, row 1: The people file has no 'id' column."
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("age,young,2,1", "The minimum 2 is above the maximum 1 for age=young."),
        ("age,young,one,3", "min must be a whole number of people, not 'one'."),
        ("age,young,1.5,3", "min must be a whole number of people, not '1.5'."),
        ("age,young,-1,3", "min must not be negative (-1)."),
        ("age,young,,3", "The min cell is empty."),
        ("sex,female,1,1", "sex=female is listed again (first on row 2)."),
    ],
)
def test_bad_category_rows_are_reported(row, message):
    with pytest.raises(PoolFileError) as caught:
        read_pool(
            io.StringIO("id,sex,age\n1,female,young\n"),
            io.StringIO(f"feature,value,min,max\nsex,female,0,1\n{row}\n"),
        )
    assert f"categories file, row 3: {message}" in [str(p) for p in caught.value.problems]


def test_categories_without_quota_columns_are_reported():
    quotas, found = read_categories(io.StringIO("feature,value\nsex,female\n"))
    assert quotas == [] and [p.message for p in found] == [
        "The categories file has no 'min' column.",
        "The categories file has no 'max' column.",
    ]


def test_every_problem_is_listed_at_once_and_nothing_returned():
    found = problems(
        "id,sex,religion\n1,alien,None\n1,female,Jedi\n", CATEGORIES + "age,young,3,1\n"
    )
    assert len(found) == 4


def test_address_columns_give_household_keys():
    pool = read_pool(
        io.StringIO(
            "id,sex,religion,street,postcode\n1,female,None,1 High St,AB1\n"
            "2,male,None,1 high st,ab1\n3,male,None,,\n"
        ),
        io.StringIO(CATEGORIES),
        address_columns=["street", "postcode"],
    )
    assert pool.households["1"] == pool.households["2"] and "3" not in pool.households
