"""Similar ideas, shown before an idea is saved so that duplicates are avoided.

PostgreSQL: French full-text search (the `french_unaccent` configuration made by the
search app's migration when present, else PostgreSQL's `french`), any word matching,
ranked. SQLite: accent- and case-folded words, with stop words dropped and a small French
suffix stemmer, scored by the number of shared stems.
"""

from functools import lru_cache, reduce

from django.db import connection

from partage.core import text as core_text

from .models import Idea

LIMIT = 5
MAX_TERMS = 12
SQLITE_CANDIDATES = 2000

# Folding, stop words and the stemmer are core's (one French text helper for every app).
fold, stem, stems = core_text.fold, core_text.stem, core_text.stems
WORD = core_text.WORD


@lru_cache(maxsize=1)
def _pg_config() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent'")
        return "french_unaccent" if cursor.fetchone() else "french"


def similar_ideas(title: str, description: str = "", *, queryset=None, exclude_pk: int | None = None) -> list[Idea]:
    """Up to LIMIT visible ideas sharing words (stems) with the given title and description."""
    queryset = (queryset if queryset is not None else Idea.objects.filter(hidden_at__isnull=True)).exclude(
        status=Idea.Status.DUPLICATE
    )
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    words = core_text.words(f"{title} {description}")
    if not words:
        return []
    if connection.vendor == "postgresql":
        return _similar_postgresql(queryset, words)
    return _similar_sqlite(queryset, f"{title} {description}")


def _similar_postgresql(queryset, words: list[str]) -> list[Idea]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    config = _pg_config()
    unique = list(dict.fromkeys(words))[:MAX_TERMS]
    query = reduce(lambda a, b: a | b, [SearchQuery(w, config=config, search_type="plain") for w in unique])
    vector = SearchVector("title", weight="A", config=config) + SearchVector("description", weight="B", config=config)
    return list(
        queryset.annotate(rank=SearchRank(vector, query))
        .filter(rank__gt=0.0)
        .order_by("-rank", "-created_at")
        .only("pk", "title", "status", "created_at")[:LIMIT]
    )


def _similar_sqlite(queryset, text: str) -> list[Idea]:
    wanted = stems(text)
    if not wanted:
        return []
    scored = []
    candidates = queryset.only("pk", "title", "description", "status", "created_at").order_by("-created_at")
    # The newest ideas only: a bounded scan (PostgreSQL does the real search in production).
    for idea in candidates[:SQLITE_CANDIDATES]:
        title_stems = stems(idea.title)
        shared = len(wanted & (title_stems | stems(idea.description)))
        if shared:
            score = shared + len(wanted & title_stems)
            scored.append((score, idea.created_at, idea))
    scored.sort(key=lambda row: (row[0], row[1]), reverse=True)
    return [idea for _score, _date, idea in scored[:LIMIT]]
