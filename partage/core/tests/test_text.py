"""core.text: the one French folding and stemming, as the search engine and similar ideas use it."""

from partage.core import text
from partage.ideas import similar
from partage.search import text as search_text


def test_fold_in_place_keeps_one_character_per_character():
    for sample in ["Élève à l'école", "ŒUVRE cœur", "Ça déçoit", "naïve Noël"]:
        assert len(text.fold_in_place(sample)) == len(sample)
    assert text.fold_in_place("Élève à l'École") == text.fold("Élève à l'École") == "eleve a l'ecole"
    assert text.fold("cœur") == "coeur" and text.fold_in_place("Cœur") == "cœur"
    assert text.fold(None) == text.fold_in_place(None) == ""


def test_stem_strips_one_french_suffix_and_light_only_plurals():
    assert text.stem("formations") == "form"
    assert text.stem("rapidement") == "rapid"
    assert text.stem("velo") == "velo"  # too short to strip
    assert text.stem("actions", light=True) == "action"
    assert text.stem("bus", light=True) == "bus"


def test_words_drop_stop_words_and_short_words():
    assert text.words("Le covoiturage entre les sites, et le vélo") == ["covoiturage", "entre", "sites", "velo"]


def test_apps_use_the_core_helpers():
    assert similar.fold is text.fold and similar.stems is text.stems
    assert search_text.fold is text.fold_in_place
    assert search_text.terms("Les Actions") == ["les", "action"]
