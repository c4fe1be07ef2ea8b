"""French text folding shared by every app: lower case without accents (œ → oe, æ → ae, ß → ss),
and a list of French stop words. Used by live's word cloud; search keeps its own position-preserving
fold for highlighting (search/text.py)."""

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
