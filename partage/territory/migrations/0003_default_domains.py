"""The usual domains of the directory; administrators add others in the admin."""

from django.db import migrations

DOMAINS = [
    ("voirie", "Voirie"),
    ("eau-et-assainissement", "Eau et assainissement"),
    ("dechets", "Déchets"),
    ("transports", "Transports"),
    ("urbanisme", "Urbanisme"),
    ("culture", "Culture"),
    ("sport", "Sport"),
]


def create_domains(apps, schema_editor):
    Domain = apps.get_model("territory", "Domain")
    for order, (slug, name) in enumerate(DOMAINS, start=1):
        Domain.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("territory", "0002_domain_correspondence_historicalinterlocutor_and_more")]

    operations = [migrations.RunPython(create_domains, migrations.RunPython.noop)]
