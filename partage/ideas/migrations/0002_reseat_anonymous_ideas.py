"""Existing anonymous ideas got their integer key between the named ideas written just before and
after them (issue 16). Each is re-inserted after every existing idea, all of them in a random
order and dated by the day only, and whatever pointed to the old key follows it."""

import random

from django.db import migrations


def reseat(apps, schema_editor):
    Idea = apps.get_model("ideas", "Idea")
    anonymous = list(Idea.objects.filter(is_anonymous=True))
    if not anonymous:
        return
    ContentType = apps.get_model("contenttypes", "ContentType")
    idea_type = ContentType.objects.filter(app_label="ideas", model="idea").first()
    random.SystemRandom().shuffle(anonymous)
    fk_fields = [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is Idea
    ]
    generic = [
        (model, type_field, id_field)
        for model in apps.get_models()
        for type_field, id_field in (("content_type", "object_id"), ("target_content_type", "target_object_id"))
        if {f.name for f in model._meta.concrete_fields} >= {type_field, id_field}
    ]
    for old in anonymous:
        old_pk = old.pk
        old.pk = None
        old.id = None
        old.created_at = old.created_at.replace(hour=0, minute=0, second=0, microsecond=0)
        old.save(force_insert=True)
        for model, name in fk_fields:
            model._base_manager.filter(**{name: old_pk}).update(**{name: old.pk})
        if idea_type is not None:
            for model, type_field, id_field in generic:
                model._base_manager.filter(**{type_field: idea_type, id_field: old_pk}).update(**{id_field: old.pk})
        Idea.objects.filter(pk=old_pk).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0001_initial"),
        ("core", "0004_held_contribution"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(reseat, migrations.RunPython.noop)]
