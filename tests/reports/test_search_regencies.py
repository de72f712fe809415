"""A regency is found by its name or by the short name people use ("Humbahas", "Labura"),
whatever the case."""

import pytest

from dewan.council.models import Regency
from reports.selectors import search_regencies
from tests.factories import RegencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def regencies():
    RegencyFactory(name="Humbang Hasundutan", short_name="Humbahas")
    RegencyFactory(name="Labuhanbatu Utara", short_name="Labura")
    RegencyFactory(name="Deli Serdang", short_name="Deli Serdang")
    RegencyFactory(name="Batang")


@pytest.mark.parametrize(("text", "found"), [
    ("humbahas", ["Humbang Hasundutan"]), ("HUMBAHAS", ["Humbang Hasundutan"]),
    ("humbang", ["Humbang Hasundutan"]), ("Labura", ["Labuhanbatu Utara"]),
    ("labuhanbatu", ["Labuhanbatu Utara"]), (" deli serdang ", ["Deli Serdang"]),
    ("bat", ["Batang", "Labuhanbatu Utara"]), ("semarang", []),
])
def test_a_regency_is_found_by_name_or_short_name(regencies, text, found):
    names = search_regencies(Regency.objects.order_by("name"), text).values_list("name",
                                                                                 flat=True)
    assert list(names) == found


def test_no_text_finds_every_regency_of_the_queryset(regencies):
    queryset = Regency.objects.exclude(name="Batang")
    assert search_regencies(queryset, "  ").count() == 3
