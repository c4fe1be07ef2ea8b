import factory

from partage.live.models import Activity, LiveSession
from partage.testing.factories import UserFactory


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LiveSession

    title = "Séminaire QVT"
    host = factory.SubFactory(UserFactory)
    status = LiveSession.Status.OPEN


def poll(session, position=1, **kwargs):
    defaults = dict(
        kind=Activity.Kind.POLL,
        prompt="Quel jour pour le télétravail ?",
        choices=[{"id": "a", "label": "Lundi"}, {"id": "b", "label": "Vendredi"}],
    )
    return Activity.objects.create(session=session, position=position, **{**defaults, **kwargs})


def quiz(session, position=2, **kwargs):
    defaults = dict(
        kind=Activity.Kind.QUIZ,
        prompt="En quelle année le PAP a-t-il été adopté ?",
        choices=[{"id": "a", "label": "2017"}, {"id": "b", "label": "2019", "correct": True}],
    )
    return Activity.objects.create(session=session, position=position, **{**defaults, **kwargs})


def wordcloud(session, position=3, **kwargs):
    defaults = dict(kind=Activity.Kind.WORDCLOUD, prompt="Un mot pour le télétravail ?", max_words=3)
    return Activity.objects.create(session=session, position=position, **{**defaults, **kwargs})
