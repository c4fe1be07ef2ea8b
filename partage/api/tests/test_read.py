"""Reading the roadmap through the API: public level, readers' level, the 2019 data, filters, ETag."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from partage.testing import factories


def get(client, name, **kwargs):
    query = kwargs.pop("query", None)
    return client.get(reverse(f"api:{name}", kwargs={"version": "v1", **kwargs}), query or {})


@pytest.mark.django_db
def test_lists_the_44_actions_of_pap_2019_with_their_numbers_and_titles(client):
    call_command("load_roadmap", "data/pap2019.json", stdout=StringIO())
    data = json.loads(open("data/pap2019.json", encoding="utf-8").read())
    expected = [
        (action["number"], action["title"])
        for axis in data["axes"]
        for objective in axis["objectives"]
        for action in objective["actions"]
    ]
    assert len(expected) == 44
    slug = data["programme"]["slug"] if "programme" in data else data["slug"]
    response = get(client, "actions", programme=slug, query={"page_size": 100})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 44
    assert [(row["number"], row["title"]) for row in body["results"]] == expected


def test_public_action_shows_no_person_and_no_internal_note(client, action, pilot):
    action.source_note = "Intitulé reconstitué d'après la brochure"
    action.contributors.add(factories.UserFactory(first_name="Claire", last_name="Contributrice"))
    action.save()
    response = get(client, "action", programme=action.programme.slug, number=action.number)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Pilote" not in text and "Contributrice" not in text and "reconstitué" not in text
    assert response.json()["title"] == "Mettre en place le télétravail"


def test_reader_sees_pilots(client, action, pilot, agent):
    client.force_login(agent)
    response = get(client, "action", programme=action.programme.slug, number=action.number)
    assert response.json()["pilots"] == [str(pilot)]


def test_filters_and_french_errors(client, action):
    other = factories.ActionFactory(programme=action.programme, status="done")
    slug = action.programme.slug
    numbers = lambda **q: [r["number"] for r in get(client, "actions", programme=slug, query=q).json()["results"]]  # noqa: E731
    assert numbers(status="done") == [other.number]
    assert numbers(axis=2) == ["2.4.1"]
    assert numbers(updated_since="2999-01-01") == []
    bad = get(client, "actions", programme=slug, query={"status": "fini"})
    assert bad.status_code == 400
    assert "Statut inconnu" in bad.json()["errors"]["status"][0]
    assert (
        "Date invalide"
        in get(client, "actions", programme=slug, query={"updated_since": "hier"}).json()["errors"]["updated_since"][0]
    )
    missing = get(client, "action", programme=slug, number="9.9.9")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Introuvable.", "code": "not_found"}


def test_etag_gives_304(client, action):
    url = reverse("api:actions", kwargs={"version": "v1", "programme": action.programme.slug})
    first = client.get(url)
    etag = first["ETag"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    action.progress = 40
    action.save()
    assert client.get(url, headers={"if-none-match": etag}).status_code == 200


def test_refused_requests_and_unknown_addresses_answer_json_under_api(client, db):
    nul = client.get("/api/v1/programmes/", {"q": "\x00"})
    assert nul.status_code == 400
    assert nul.json() == {"detail": "Requête invalide.", "code": "bad_request"}
    unknown = client.get("/api/v1/inconnu/")
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"
    assert "text/html" in client.get("/page-inconnue/").headers["content-type"]
