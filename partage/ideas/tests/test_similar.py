"""Similar ideas: same words up to accents, case and French endings (SQLite and PostgreSQL)."""

import pytest

from partage.ideas.models import Idea
from partage.ideas.similar import similar_ideas, stem, stems

from .factories import IdeaFactory


def test_the_stemmer_joins_french_forms():
    assert stem("fontaines") == stem("fontaine")
    assert stem("télétravail".replace("é", "e")) == stem("teletravail")
    assert stems("Les Réunions trop longues") == stems("réunion longue")
    assert "les" not in stems("les et des")


@pytest.mark.django_db
def test_similar_ideas_find_plurals_and_accents_and_skip_hidden_and_duplicates():
    target = IdeaFactory(title="Réduire les réunions tardives", description="Finir avant 18 heures.")
    IdeaFactory(title="Réunion tardive", status=Idea.Status.DUPLICATE)
    IdeaFactory(title="Réunions tardives cachées", hidden_at="2024-01-01T00:00:00Z")
    IdeaFactory(title="Un parking à vélos", description="Abrité.")
    found = similar_ideas("Des reunions moins tardives", "")
    assert found == [target]
    assert similar_ideas("le la les", "") == []
    assert similar_ideas("", "") == []
