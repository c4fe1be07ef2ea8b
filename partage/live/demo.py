"""The demo session `make run` seeds (called by the demo app's seed_demo_content command)."""

from django.contrib.auth import get_user_model

from .models import Activity, LiveSession

DEMO_TITLE = "Séminaire QVT — démonstration"


def seed_demo_session(host=None) -> LiveSession:
    """Idempotent: the same session (same code) at every `make run`."""
    existing = LiveSession.objects.filter(title=DEMO_TITLE, is_template=False).first()
    if existing is not None:
        return existing
    if host is None:
        host = get_user_model().objects.filter(is_superuser=True).order_by("pk").first()
    if host is None:
        raise LookupError("seed_demo must create the demo administrator first")
    session = LiveSession.objects.create(title=DEMO_TITLE, host=host, status=LiveSession.Status.OPEN)
    rows = [
        dict(
            kind=Activity.Kind.POLL,
            prompt="Quel jour préférez-vous pour le télétravail ?",
            choices=[
                {"id": "a", "label": "Lundi"},
                {"id": "b", "label": "Mercredi"},
                {"id": "c", "label": "Vendredi"},
            ],
        ),
        dict(
            kind=Activity.Kind.QUIZ,
            prompt="En quelle année le Projet d'Administration Partagé a-t-il été adopté ?",
            choices=[
                {"id": "a", "label": "2017"},
                {"id": "b", "label": "2019", "correct": True},
                {"id": "c", "label": "2021"},
            ],
        ),
        dict(kind=Activity.Kind.WORDCLOUD, prompt="Un mot pour la qualité de vie au travail ?"),
        dict(kind=Activity.Kind.QA, prompt="Vos questions à la direction", moderation=Activity.Moderation.PRE),
        dict(kind=Activity.Kind.SCALE, prompt="Comment notez-vous ce séminaire ?", scale=Activity.Scale.FIVE),
    ]
    for position, row in enumerate(rows, start=1):
        Activity.objects.create(session=session, position=position, **row)
    return session
