import pytest

from analysis.redaction import nhs_number_valid, redact


@pytest.mark.parametrize(
    ("text", "kind", "secret"),
    [
        (
            "Contact me at jane.doe+care@example.co.uk please",
            "email",
            "jane.doe+care@example.co.uk",
        ),
        ("My mobile is 07700 900123 if needed", "phone", "07700 900123"),
        ("Ring +44 20 7946 0958 any time", "phone", "+44 20 7946 0958"),
        ("call (01245) 123456 after six", "phone", "(01245) 123456"),
        ("I live at CM1 1AA near the park", "postcode", "CM1 1AA"),
        ("postcode sw1a 2aa is mine", "postcode", "sw1a 2aa"),
        ("NHS number 943 476 5919 was wrong", "nhs_number", "943 476 5919"),
        ("NHS number 9434765919 was wrong", "nhs_number", "9434765919"),
        ("Mrs Smith was very kind", "name", "Smith"),
        ("Dr. Patel listened", "name", "Patel"),
        ("my neighbour John helps me", "name", "John"),
        ("her husband, Dave Jones, drives", "name", "Dave Jones"),
        ("Sarah on reception was lovely", "name", "Sarah"),
        ("a nurse called Bernadette helped", "name", "Bernadette"),
    ],
)
def test_redaction_removes_each_kind_of_personal_data(text, kind, secret):
    result = redact(text)
    assert secret not in result.text
    assert kind in {span.kind for span in result.spans}
    assert any(text[s.start : s.end] == secret for s in result.spans)


@pytest.mark.parametrize(
    "text",
    [
        "I waited 10 days for an appointment",
        "The A12 road is always jammed",
        "Parking costs £5.50 for 2 hours",
        "Open 9am to 5pm, 7 days a week",
        "Will the new centre open in May?",
        "The 1st and 2nd floors need lifts",
        "Ward 12 staff were brilliant",
        "Number 1234567890 is not a valid NHS number",
    ],
)
def test_redaction_leaves_ordinary_text_alone(text):
    result = redact(text)
    assert result.text == text
    assert result.spans == []


def test_nhs_number_check_digit_is_checked():
    assert nhs_number_valid("9434765919")
    assert not nhs_number_valid("9434765918")
    assert not nhs_number_valid("943476591")


def test_redaction_spans_point_into_the_original_text():
    text = "Email a@b.com and 07700 900123"
    result = redact(text)
    assert [text[s.start : s.end] for s in result.spans] == ["a@b.com", "07700 900123"]
    assert result.text == "Email [EMAIL] and [PHONE]"
