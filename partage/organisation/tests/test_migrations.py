"""Moving Direction, Service and Commune into the organisation app keeps every row and every link:
a database made before the move (accounts/territory owning them) migrates forward without loss."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("organisation", None),
    ("accounts", "0002_external_identities"),
    ("territory", "0003_default_domains"),
    ("roadmap", "0002_journal_sources_measure_survey_live"),
    ("surveys", "0002_tallies"),
]
AFTER = [
    ("accounts", "0004_delete_moved_models"),
    ("territory", "0005_delete_commune"),
    ("roadmap", "0003_organisation_models"),
    ("surveys", "0003_organisation_models"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([node for node in targets if node[1] is not None]).apps


@pytest.fixture
def latest_schema_after():
    """Every app back at its latest migration after the test: going back to BEFORE unapplies the later
    migrations of every app that depends on organisation (core's site identity, live, surveys...), and
    the tests after this one (the browser tests' server among them) need their tables."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_rows_and_links_survive_the_move(latest_schema_after):
    old = migrate(BEFORE)
    Direction = old.get_model("accounts", "Direction")
    Service = old.get_model("accounts", "Service")
    Commune = old.get_model("territory", "Commune")
    User = old.get_model("accounts", "User")
    direction = Direction.objects.create(name="Direction des systèmes d'information", acronym="DSI")
    service = Service.objects.create(direction=direction, name="Études et projets")
    commune = Commune.objects.create(name="Lanester", slug="lanester", insee_code="56098")
    User.objects.create(email="agent@example.test", service=service)
    User.objects.create(email="mairie@example.test", kind="commune_contact", commune=commune)
    ContentType = old.get_model("contenttypes", "ContentType")
    # A database of that time had the old content type and not the new one.
    ContentType.objects.filter(app_label="organisation").delete()
    ContentType.objects.get_or_create(app_label="territory", model="commune")

    new = migrate(AFTER)
    User = new.get_model("accounts", "User")
    Commune = new.get_model("organisation", "Commune")
    assert new.get_model("organisation", "Direction").objects.get().acronym == "DSI"
    assert User.objects.get(email="agent@example.test").service.direction.name == "Direction des systèmes d'information"
    assert User.objects.get(email="mairie@example.test").commune.slug == "lanester"
    assert list(Commune.objects.values_list("insee_code", flat=True)) == ["56098"]
    ContentType = new.get_model("contenttypes", "ContentType")
    assert ContentType.objects.filter(app_label="organisation", model="commune").exists()
    assert not ContentType.objects.filter(app_label="territory", model="commune").exists()
