"""Demo content of surveys, called by `manage.py seed_demo_content`: the satisfaction survey of action
1.1.3 (the reception-desk template, public, linked to 1.1.3 and 1.2.2 when present), with a few
responses so its results page and charts show something. Idempotent (looked up by title)."""

import random

from django.db import transaction

from partage.core import anonymity

from . import writes
from .answering import PageForm
from .models import HELD_KIND, Survey, held_group
from .templates_lib import reception_satisfaction

TITLE = "Enquête de satisfaction des usagers — accueil (1.1.3)"


@transaction.atomic
def seed(*, by, actions) -> tuple[Survey, bool]:
    existing = Survey.objects.filter(title=TITLE).first()
    if existing is not None:
        return existing, False
    spec = reception_satisfaction()
    spec.update(title=TITLE, show_results=True)
    survey = writes.create_survey(spec=spec, by=by)
    survey.actions.set(actions)
    writes.set_published(survey=survey, published=True)
    rng = random.Random(113)
    pages = list(survey.pages.all())
    for _ in range(12):
        response, _token = writes.start_response(survey=survey)
        for number, page in enumerate(pages, start=1):
            questions = list(page.questions.order_by("position"))
            data = {}
            for q in questions:
                if q.kind == "single":
                    data[q.field_name] = rng.choice(q.choices)
                elif q.kind == "rating":
                    data[q.field_name] = str(rng.choice([3, 4, 4, 5, 5, 2]))
                elif q.kind == "yes_no":
                    data[q.field_name] = rng.choice(["oui", "oui", "non"])
                elif q.kind == "nps":
                    data[q.field_name] = str(rng.randint(5, 10))
            form = PageForm(data, questions=questions, shown={q.pk for q in questions})
            if form.is_valid():
                writes.save_page(response=response, page_number=number, form=form)
        writes.submit(response=response)
    # Demo responses need not wait for the next release of anonymous responses.
    anonymity.release(kind=HELD_KIND, group=held_group(survey.pk), force=True)
    return survey, True
