"""French text folding and stemming, in one place: live's word cloud, ideas' similar ideas, the SQLite
search engine and @mentions all use it.

- `fold`: lower case, accents removed, ligatures spelt out (œ → oe, æ → ae, ß → ss), Unicode
  compatibility forms reduced: the folding for comparing words.
- `fold_in_place`: the same folding one character per character (œ stays œ), so that positions in the
  folded text map back to the original — what search highlighting needs.
- `stem`: a small French suffix stemmer ("formations" → "form"), keeping at least four letters;
  `light=True` strips only the plural -s/-x ("actions" → "action"), for substring search where a short
  stem would match too much.
- `words` / `stems`: the folded words of a text, stop words dropped.
PostgreSQL's own French configuration (`french_unaccent`) does this in the database; these serve SQLite
and Python-side matching.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "’": "'"})


@lru_cache(maxsize=8192)
def fold(text: str | None) -> str:
    """Lower case, accents removed, ligatures spelt out, Unicode compatibility forms reduced."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    folded = fold(char)
    # A ligature that folds to two letters (œ → oe) stays itself, lower-cased: one character each.
    return folded if len(folded) == 1 else char.lower()[0]


def fold_in_place(text: str | None) -> str:
    """`fold`, one character per input character (so positions map back to the original text)."""
    if not text:
        return ""
    return "".join(_fold_char(c) for c in text)


# Folded (no accents). Articles, pronouns, prepositions, conjunctions, common auxiliaries.
FRENCH_STOP_WORDS = frozenset(
    """
    a au aux avec ce ces c ca cela celle celles celui ceux cet cette d dans de des du elle elles en et eux
    il ils j je l la le les leur leurs lui m ma mais me meme mes moi mon n ne ni nos notre nous on ou par
    pas pour qu que qui s sa se ses si son sur t ta te tes toi ton tu un une vos votre vous y
    est sont etre ete etait avoir ai as avons avez ont eu fait faire plus moins tres trop aussi bien
    comme donc or car quand ici la-bas tout tous toute toutes autre autres
    """.split()
)
# For matching ideas, a few more words that say nothing about the subject.
STOP_WORDS = FRENCH_STOP_WORDS | frozenset("peut sans avant apres".split())

# Longest first: "ements" before "ement" before "ment"…
SUFFIXES = (
    "issements", "issement", "ations", "ation", "ements", "ement", "ments", "ment", "ances", "ance", "ences",
    "ence", "euses", "euse", "eaux", "ites", "ite", "ives", "ive", "ifs", "if", "ees", "ee", "es", "er", "ez",
    "e", "s", "x",
)  # fmt: skip
WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=8192)
def stem(word: str, *, light: bool = False) -> str:
    """The stem of a folded word: one common French suffix stripped, at least 4 letters kept
    (`light`: only a plural -s or -x, at least 3 letters kept)."""
    if light:
        return word[:-1] if len(word) > 3 and word[-1] in "sx" else word
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def words(text: str | None) -> list[str]:
    """The folded words of more than two letters, stop words dropped, in order."""
    return [w for w in WORD.findall(fold(text)) if len(w) > 2 and w not in STOP_WORDS]


def stems(text: str | None) -> set[str]:
    return {stem(w) for w in words(text)}
