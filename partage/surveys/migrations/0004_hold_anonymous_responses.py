"""Existing rows of anonymous surveys (issue 16, decision 0038): drafts move to core's holding table
(as new drafts are kept between requests); sent responses and their answers are re-inserted in a
random order, so the table's physical order no longer follows the order in which agents answered.
Running totals are not touched: the same answers are counted."""

import datetime
import random

from django.conf import settings
from django.db import migrations
from django.utils import timezone

ANSWER_FIELDS = ("question_id", "row", "choice", "number", "text", "file")


def _slot() -> datetime.datetime:
    hours = max(1, int(getattr(settings, "ANONYMOUS_RELEASE_HOURS", 3)))
    now = timezone.now().astimezone(datetime.UTC).replace(minute=0, second=0, microsecond=0)
    return now.replace(hour=now.hour - now.hour % hours)


def hold_and_reseat(apps, schema_editor):
    Response = apps.get_model("surveys", "Response")
    Answer = apps.get_model("surveys", "Answer")
    Held = apps.get_model("core", "HeldContribution")
    secure = random.SystemRandom()
    for survey_id in apps.get_model("surveys", "Survey").objects.filter(is_anonymous=True).values_list("pk", flat=True):
        responses = list(Response.objects.filter(survey_id=survey_id, respondent__isnull=True))
        if not responses:
            continue
        answers: dict = {}
        for answer in Answer.objects.filter(response__survey_id=survey_id).values("response_id", *ANSWER_FIELDS):
            answers.setdefault(answer["response_id"], []).append([answer[f] for f in ANSWER_FIELDS])
        secure.shuffle(responses)
        Response.objects.filter(pk__in=[r.pk for r in responses]).delete()
        drafts = [r for r in responses if r.status == "draft"]
        sent = [r for r in responses if r.status != "draft"]
        Held.objects.bulk_create(
            [
                Held(
                    kind="surveys.draft",
                    group=f"survey-{survey_id}",
                    token_hash=r.resume_token_hash,
                    slot=_slot(),
                    payload={"id": str(r.pk), "survey": survey_id, "last_page": r.last_page, "answers": answers.get(r.pk, [])},
                )
                for r in drafts
            ]
        )
        Response.objects.bulk_create(sent)
        Answer.objects.bulk_create(
            [
                Answer(response_id=r.pk, **dict(zip(ANSWER_FIELDS, values, strict=True)))
                for r in sent
                for values in answers.get(r.pk, [])
            ],
            batch_size=500,
        )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0003_organisation_models"), ("core", "0004_held_contribution")]

    operations = [migrations.RunPython(hold_and_reseat, migrations.RunPython.noop)]
