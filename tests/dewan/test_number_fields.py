"""Numbers typed the Indonesian way, or the English way (dewan/core/forms.py): what each
field reads, what it refuses and why, and how a saved value is shown back."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from dewan.core.forms import DecimalField, DecimalInput, PercentField, RupiahField


def decimal_field():
    return DecimalField(max_digits=14, decimal_places=2, required=False)


def error_of(field, text: str) -> tuple[str, str]:
    with pytest.raises(ValidationError) as caught:
        field.clean(text)
    return caught.value.error_list[0].code, " ".join(caught.value.messages)


@pytest.fixture(params=["id", "en"])
def language(request):
    with translation.override(request.param):
        yield request.param


@pytest.mark.parametrize(("typed", "value"), [
    ("80,5", "80.5"), ("80.5", "80.5"), ("1.250,75", "1250.75"), ("1,250.75", "1250.75"),
    ("1.250.000", "1250000"), ("1,250,000", "1250000"), ("1250", "1250"), ("0,125", "0.125"),
    ("0.25", "0.25"), (",5", "0.5"), ("-3,5", "-3.5"), (" 12 ", "12"), ("1.250.000,5", "1250000.5"),
])
def test_a_decimal_is_read_the_same_in_either_language(language, typed, value):
    field = DecimalField(max_digits=14, decimal_places=3, required=False)
    assert field.clean(typed) == Decimal(value)


@pytest.mark.parametrize(("typed", "whole", "fraction"), [
    ("1.250", "1250", {"id": "1,25", "en": "1.25"}), ("12,500", "12500", {"id": "12,5",
                                                                           "en": "12.5"}),
])
def test_one_mark_before_three_digits_is_refused_as_ambiguous_with_both_readings(
        language, typed, whole, fraction):
    code, message = error_of(decimal_field(), typed)
    assert code == "ambiguous"
    assert f"“{typed}”" in message and whole in message and fraction[language] in message


@pytest.mark.parametrize("typed", ["1 250", "1.2.3", "1.25.000", "1,250.000.5", "١٢٣", "1e3",
                                   "NaN", "inf", "12abc", ",", "-", "80,5 %"])
def test_what_is_not_a_number_is_refused_with_an_example(typed):
    code, message = error_of(decimal_field(), typed)
    assert code == "invalid" and "80,5" in message and "1.250,75" in message


def test_the_example_in_english_uses_english_separators():
    with translation.override("en"):
        assert "80.5" in error_of(decimal_field(), "abc")[1]
        assert "1,250.75" in str(decimal_field().help_text)
    assert "1.250,75" in str(decimal_field().help_text)


@pytest.mark.parametrize("typed", ["80,5", "80.5", "80,5 %", "80,5%"])
def test_80_comma_5_percent_stays_80_5(typed):
    assert PercentField().clean(typed) == Decimal("80.5")


def test_a_percentage_above_100_is_refused():
    assert error_of(PercentField(), "100,5")[0] == "max_value"


@pytest.mark.parametrize(("typed", "value"), [
    ("1250000", 1_250_000), ("1.250.000", 1_250_000), ("1,250,000", 1_250_000),
    ("Rp 1.250.000", 1_250_000), ("Rp1.250.000", 1_250_000), ("Rp. 1.250.000,-", 1_250_000),
    ("1.250.000,00", 1_250_000), ("1,250,000.00", 1_250_000), ("rp 1,250,000", 1_250_000),
    ("1.250", 1_250),
])
def test_rupiah_are_read_in_either_form(language, typed, value):
    assert RupiahField().clean(typed) == value


def test_rupiah_with_cents_are_refused():
    assert error_of(RupiahField(), "1.250,50") == ("cents", "Tulis rupiah utuh tanpa sen.")


@pytest.mark.parametrize("typed", ["satu juta", "1.250.00", "1.2.3", "12 500"])
def test_what_is_not_an_amount_is_refused_with_an_example(typed):
    code, message = error_of(RupiahField(), typed)
    assert code == "invalid" and "1.250.000" in message


def test_a_saved_value_is_shown_back_the_way_pages_write_it():
    decimal, rupiah = DecimalInput(), DecimalInput(rupiah=True)
    assert decimal.format_value(Decimal("64.00")) == "64"
    assert decimal.format_value(Decimal("80.50")) == "80,5"
    assert decimal.format_value(Decimal("1250.75")) == "1250,75"  # no grouping: reads back
    assert rupiah.format_value(259_200_000) == "259.200.000"
    with translation.override("en"):
        assert decimal.format_value(Decimal("80.50")) == "80.5"
        assert rupiah.format_value(259_200_000) == "259,200,000"


def test_what_a_box_shows_reads_back_as_the_same_number(language):
    for value in ("64.00", "80.50", "1250.75", "1250", "0.13", "-7.5", "123456789012.34"):
        shown = DecimalInput().format_value(Decimal(value))
        assert decimal_field().clean(shown) == Decimal(value), shown
    for value in (0, 1_250, 259_200_000, 9_000_000_000_000):
        assert RupiahField().clean(DecimalInput(rupiah=True).format_value(value)) == value


def test_a_typed_value_is_shown_back_as_typed_when_the_form_is_refused():
    assert DecimalInput().format_value("1.250") == "1.250"


def test_the_boxes_open_the_phones_number_keyboard():
    assert 'inputmode="decimal"' in decimal_field().widget.render("x", Decimal("1"))
    assert 'inputmode="numeric"' in RupiahField().widget.render("x", 1)
    assert 'type="text"' in PercentField().widget.render("x", None)
