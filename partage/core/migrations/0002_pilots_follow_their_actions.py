"""Pilots already named before the social layer existed follow their actions, as new pilots do."""

from django.db import migrations


def pilots_follow(apps, schema_editor):
    Action = apps.get_model("roadmap", "Action")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Follow = apps.get_model("core", "Follow")
    pairs = list(Action.pilots.through.objects.values_list("user_id", "action_id"))
    if not pairs:
        return
    content_type, _created = ContentType.objects.get_or_create(app_label="roadmap", model="action")
    Follow.objects.bulk_create(
        [Follow(user_id=user_id, content_type=content_type, object_id=action_id) for user_id, action_id in pairs],
        ignore_conflicts=True,
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("roadmap", "0001_initial"),
    ]

    operations = [migrations.RunPython(pilots_follow, migrations.RunPython.noop)]
