"""The interlocutors directory: commune contacts keep their own commune's entries, with history."""

import csv
import io
import re

from django.urls import reverse
from openpyxl import load_workbook

from partage.territory.models import Interlocutor
from partage.testing.factories import CommuneContactFactory
from partage.testing.queries import count_queries

from .factories import InterlocutorFactory


def _data(voirie, **changes) -> dict:
    return {
        "domain": voirie.pk,
        "name": "Louise Lanester",
        "function": "Directrice des services techniques",
        "email": "dst@lanester.test",
        "phone": "02 97 76 00 00",
        **changes,
    }


def test_commune_contact_adds_and_edits_own_commune_entry_and_history_shows_it(
    client, commune_contact, lanester, voirie
):
    client.force_login(commune_contact)
    response = client.post(reverse("territory:interlocutor_create", kwargs={"slug": "lanester"}), _data(voirie))
    assert response.status_code == 302
    entry = Interlocutor.objects.get()
    assert entry.commune == lanester
    response = client.post(
        reverse("territory:interlocutor_edit", kwargs={"pk": entry.pk}), _data(voirie, phone="02 97 76 11 11")
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.phone == "02 97 76 11 11"
    page = client.get(reverse("territory:commune", kwargs={"slug": "lanester"})).content.decode()
    assert "Historique des modifications" in page
    history = page.split('id="historique"')[1]
    assert "Création" in history and "Modification" in history
    # The changed field is named, with its old and new values.
    assert "Téléphone : <del>02 97 76 00 00</del>" in history and "<ins>02 97 76 11 11</ins>" in history
    assert str(commune_contact) in page  # who changed it


def test_commune_contact_cannot_touch_another_commune(client, commune_contact, hennebont_entry, voirie):
    client.force_login(commune_contact)
    create = client.post(reverse("territory:interlocutor_create", kwargs={"slug": "hennebont"}), _data(voirie))
    assert create.status_code == 403
    edit = client.post(
        reverse("territory:interlocutor_edit", kwargs={"pk": hennebont_entry.pk}), _data(voirie, name="Forgé")
    )
    assert edit.status_code == 403
    delete = client.post(reverse("territory:interlocutor_delete", kwargs={"pk": hennebont_entry.pk}))
    assert delete.status_code == 403
    hennebont_entry.refresh_from_db()
    assert hennebont_entry.name == "Hervé Hennebont"
    assert Interlocutor.objects.count() == 1


def test_agent_reads_but_does_not_edit(client, agent, lanester_entry, voirie):
    client.force_login(agent)
    page = client.get(reverse("territory:commune", kwargs={"slug": "lanester"})).content.decode()
    assert "Louise Lanester" in page
    assert "Ajouter un interlocuteur" not in page
    response = client.post(reverse("territory:interlocutor_edit", kwargs={"pk": lanester_entry.pk}), _data(voirie))
    assert response.status_code == 403


def test_bad_email_gets_a_french_error_and_saves_nothing(client, commune_contact, lanester, voirie):
    client.force_login(commune_contact)
    response = client.post(
        reverse("territory:interlocutor_create", kwargs={"slug": "lanester"}), _data(voirie, email="pas-une-adresse")
    )
    assert response.status_code == 400
    # Django says "de courriel", Django REST framework's catalogue (installed with the API) "e-mail".
    assert re.search(r"Saisissez une adresse (de courriel|e-mail) valide\.", response.content.decode())
    assert not Interlocutor.objects.exists()


def test_search_finds_by_name_commune_and_domain(client, agent, lanester_entry, hennebont_entry):
    client.force_login(agent)
    url = reverse("territory:directory")
    body = client.get(url, {"q": "hervé"}).content.decode()
    assert "Hervé Hennebont" in body and "Louise Lanester" not in body
    body = client.get(url, {"q": "lanester voirie"}).content.decode()
    assert "Louise Lanester" in body and "Hervé Hennebont" not in body
    body = client.get(url, {"commune": hennebont_entry.commune_id}).content.decode()
    assert "Hervé Hennebont" in body and "Louise Lanester" not in body


def test_exports_neutralise_formulas(client, agent, lanester, voirie):
    InterlocutorFactory(commune=lanester, domain=voirie, name='=HYPERLINK("http://evil")', email="x@lanester.test")
    client.force_login(agent)
    content = client.get(reverse("territory:export_csv")).getvalue().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0][0] == "Commune"
    assert rows[1][2] == '\'=HYPERLINK("http://evil")'
    workbook = load_workbook(io.BytesIO(client.get(reverse("territory:export_xlsx")).getvalue()))
    assert workbook.active["C2"].value == '\'=HYPERLINK("http://evil")'


def test_commune_contact_cannot_export(client, commune_contact):
    client.force_login(commune_contact)
    assert client.get(reverse("territory:export_csv")).status_code == 403


def test_directory_query_count_is_constant(client, agent, voirie):
    client.force_login(agent)
    counts = []
    for n in (2, 12):
        for i in range(n):
            contact = CommuneContactFactory()
            InterlocutorFactory(commune=contact.commune, domain=voirie, user=contact, agglo_agent=agent)
        counts.append(count_queries(client, reverse("territory:directory")))
    assert counts[0] == counts[1]
