"""Accent- and case-insensitive matching and highlighting, for SQLite.

PostgreSQL does this in the database (French stemming, `unaccent`); on SQLite we
register `partage_fold(text)` (lower case, accents removed, same length as the
input) and match folded words, with a light plural stripping, then highlight
in Python.
"""

import re

from django.db.models import Func, TextField
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from partage.core import text as core_text

MAX_TERMS = 8
SNIPPET_CHARS = 220


fold = core_text.fold_in_place  # core's folding, one character per character (positions map back)


def _stem(word: str) -> str:
    # A light stem (plural only): terms are matched as substrings, a short stem would match too much.
    return core_text.stem(word, light=True)


def terms(query: str) -> list[str]:
    words = [w.strip(".,;:!?«»\"'()[]") for w in fold(query).split()]
    unique: list[str] = []
    for word in words:
        stemmed = _stem(word)
        if len(stemmed) >= 2 and stemmed not in unique:
            unique.append(stemmed)
    return unique[:MAX_TERMS]


class Fold(Func):
    """partage_fold(expression): only on SQLite, where register_sqlite_functions made it."""

    function = "partage_fold"
    output_field = TextField()


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("partage_fold", 1, fold, deterministic=True)


_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_MARKS = re.compile(r"(\*\*|__|\*|`+|^#{1,6}\s+|^>\s?)", re.MULTILINE)


def strip_markdown(text: str) -> str:
    """Snippets read as plain text: "**gras**" becomes "gras", "[lien](url)" becomes "lien"."""
    return _MARKDOWN_MARKS.sub("", _MARKDOWN_LINK.sub(r"\1", text or ""))


def _spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    folded = fold(text)
    spans: list[tuple[int, int]] = []
    for word in words:
        for match in re.finditer(re.escape(word), folded):
            # Mark the whole word ("horaire" marks "horaires").
            start, end = match.start(), match.end()
            while start > 0 and folded[start - 1].isalnum():
                start -= 1
            while end < len(folded) and folded[end].isalnum():
                end += 1
            spans.append((start, end))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str | None, words: list[str], *, snippet: bool = False) -> SafeString:
    """`text` escaped, with each matched word in <mark>; a window around the first match when `snippet`."""
    text = text or ""
    spans = _spans(text, words)
    start, end = 0, len(text)
    if snippet and len(text) > SNIPPET_CHARS:
        first = spans[0][0] if spans else 0
        start = max(0, first - SNIPPET_CHARS // 3)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < first else start
        end = min(len(text), start + SNIPPET_CHARS)
    parts: list[str] = ["… " if start else ""]
    cursor = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        parts.append(escape(text[cursor:s]))
        parts.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    parts.append(escape(text[cursor:end]))
    if end < len(text):
        parts.append(" …")
    return mark_safe("".join(parts))  # noqa: S308 — every piece of text is escaped above
