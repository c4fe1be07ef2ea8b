"""factory_boy factories and a helper to make polls with their options, for the decisions tests."""

import datetime

import factory
from django.utils import timezone

from partage.decisions import writes
from partage.decisions.models import Poll, Thread
from partage.testing.factories import UserFactory


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thread

    title = factory.Sequence(lambda n: f"Discussion {n}")
    context = "Le **contexte** de la discussion."
    author = factory.SubFactory(UserFactory)


def make_poll(*, thread=None, author=None, kind=Poll.Kind.PROPOSAL, options=(), voters=(), **fields) -> Poll:
    """A poll created through `writes.create_poll` (fixed options of its kind, or `options`)."""
    author = author or (thread.author if thread else UserFactory())
    now = timezone.now()
    fields.setdefault("opening_at", now - datetime.timedelta(hours=1))
    fields.setdefault("closing_at", now + datetime.timedelta(days=3))
    fields.setdefault("title", f"Consultation {kind}")
    poll = Poll(thread=thread, author=author, kind=kind, **fields)
    return writes.create_poll(poll=poll, options=options, voters=voters)


def option(poll: Poll, key_or_text: str):
    return poll.options.get(**({"key": key_or_text} if poll.has_fixed_options else {"text": key_or_text}))
