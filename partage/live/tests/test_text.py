from partage.core.text import fold
from partage.live.text import is_profane, normalise_word


def test_fold_removes_case_accents_and_ligatures():
    assert fold("Télétravail À ŒUVRE") == "teletravail a oeuvre"


def test_word_cloud_key_drops_stop_words_and_punctuation():
    assert normalise_word("  La Confiance ! ") == "confiance"
    assert normalise_word("Télé-travail") == "tele-travail"
    assert normalise_word("le télétravail") == normalise_word("TELETRAVAIL")
    assert normalise_word("de la") == ""


def test_profanity_is_found_in_any_word():
    assert is_profane(normalise_word("vraiment Merde"))
    assert not is_profane(normalise_word("confiance"))
