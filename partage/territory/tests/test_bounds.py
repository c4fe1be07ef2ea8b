"""Dates at the edges of the works notice form (issue 15): a notice dated 0001-01-01 raised
`OverflowError: date value out of range` on the pages that showed it."""

import pytest
from django.urls import reverse

from partage.territory.models import WorksNotice


def _notice_post(lanester, voirie, **overrides) -> dict:
    return {
        "title": "Fuite sur le réseau",
        "nature": "water_cut",
        "domain": voirie.pk,
        "communes": [lanester.pk],
        "place": "Quai",
        "starts_at": "2030-03-21T08:00",
        "ends_at": "2030-03-21T12:00",
        "public_message": "Coupure d'eau de 8 h à 12 h.",
    } | overrides


@pytest.mark.django_db
@pytest.mark.parametrize("starts_at", ["0001-01-01T00:00", "0001-01-01T08:00", "9999-12-31T23:59", "1899-06-01T08:00"])
def test_a_notice_outside_the_sane_years_is_a_french_form_error(
    client, lanester, lanester_entry, service_agent, voirie, starts_at
):
    client.force_login(service_agent)
    data = _notice_post(lanester, voirie, starts_at=starts_at, ends_at=starts_at)
    response = client.post(reverse("territory:notice_create"), data)
    assert response.status_code in (200, 400)
    assert "Indiquez une année entre 1900 et 2200" in response.content.decode()
    assert not WorksNotice.objects.exists()
