"""Existing anonymous contributions (no participant) take a random negative key and keep the day only,
as new ones do (issue 16, decision 0038). Votes and merges follow the new key. Rows are re-keyed in a
random order, so on PostgreSQL their new place in the table says nothing either."""

import random

from django.db import migrations
from django.utils import timezone


def rekey(apps, schema_editor):
    Contribution = apps.get_model("live", "Contribution")
    Vote = apps.get_model("live", "Vote")
    secure = random.SystemRandom()
    rows = list(Contribution.objects.filter(participant__isnull=True, id__gt=0).values_list("id", "created_at"))
    secure.shuffle(rows)
    taken = set()
    for old, created_at in rows:
        new = -1 - secure.randrange(2**53 - 2)
        while new in taken:
            new = -1 - secure.randrange(2**53 - 2)
        taken.add(new)
        day = timezone.localtime(created_at).replace(hour=0, minute=0, second=0, microsecond=0)
        Contribution.objects.filter(id=old).update(id=new, created_at=day, author_name="")
        Vote.objects.filter(contribution_id=old).update(contribution_id=new)
        Contribution.objects.filter(merged_into_id=old).update(merged_into_id=new)


class Migration(migrations.Migration):
    dependencies = [("live", "0001_initial")]

    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
