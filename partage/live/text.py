"""Word cloud normalisation (French): case, accents, punctuation and stop words, plus a short
profanity list. The folding is `partage.core.text.fold` so that other apps share it."""

import re

from partage.core.text import FRENCH_STOP_WORDS, fold

MAX_WORD = 40

# A short list (French and English): enough to keep a projected cloud presentable; the host can also
# delete any word from the screen.
PROFANITY = frozenset(
    fold(word)
    for word in (
        "con conne connard connasse connards conard salaud salope pute putain merde merdique encule enculé "
        "enculer bite couille couilles chier foutre nique niquer batard bâtard pd pédé tapette abruti "
        "débile cul fuck fucking shit bitch asshole dick cunt"
    ).split()
)

_SPACES = re.compile(r"[^\w'’-]+")


def normalise_word(raw: str) -> str:
    """The key a word is counted under: folded, trimmed, stop words dropped ("", if nothing is left)."""
    words = [w.strip("'’-_") for w in _SPACES.split(fold(raw))]
    kept = [w for w in words if w and w not in FRENCH_STOP_WORDS]
    return " ".join(kept)[:MAX_WORD]


def is_profane(key: str) -> bool:
    return any(part in PROFANITY for part in key.split())
