"""One search across the platform's content, grouped by kind.

Each kind is a `Source`: which rows the user may see, which fields to match and
how to show a hit. On PostgreSQL, matching is French full-text search with the
`french_unaccent` configuration (stemming and accents, see migrations); on
SQLite, folded substring matching (partage/search/text.py).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import nh3
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, QuerySet, TextField, Value
from django.db.models.functions import Coalesce, Concat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import text

PG_CONFIG = "french_unaccent"
# Markers PostgreSQL puts around matches; unlikely in real text, and whatever
# the text holds is escaped before they become <mark>.
START_SEL, STOP_SEL = "\ue000", "\ue001"
MAX_QUERY_LENGTH = 200
# Rows read when visibility is decided in Python: the newest matches, a bounded set.
POST_FILTER_CANDIDATES = 200


@dataclass
class Hit:
    title: SafeString
    url: str
    snippet: SafeString
    meta: str = ""


@dataclass
class Group:
    kind: str
    label: str
    count: int = 0
    hits: list[Hit] = field(default_factory=list)


@dataclass
class Source:
    kind: str
    label: str
    queryset: Callable[[Any], QuerySet | None]  # rows the user may see, or None when the kind is not for them
    title_field: str | None  # matched with more weight, and shown highlighted as the hit's title
    text_fields: list[str]
    url: Callable[[Any], str]
    meta: Callable[[Any], str] = lambda obj: ""
    title: Callable[[Any], str] | None = None  # the hit's title when there is no title field
    exact: Callable[[str], Q] | None = None  # an extra exact match (an action's number)
    # For rows whose visibility only Python can decide (comments on objects of several kinds).
    post_filter: Callable[[Any, list], list] | None = None


def local_date(value) -> str:
    """A hit's date as French readers write it ("2 décembre 2026"), or nothing."""
    return date_format(timezone.localtime(value), "j F Y") if value else ""


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def sanitise_headline(headline: str | None) -> SafeString:
    """PostgreSQL's headline, escaped, with only our markers turned into <mark>."""
    html = escape(headline or "").replace(START_SEL, "<mark>").replace(STOP_SEL, "</mark>")
    return mark_safe(nh3.clean(html, tags={"mark"}, attributes={}))  # noqa: S308 — cleaned by nh3


def _text_expression(fields: list[str]):
    if len(fields) == 1:
        return Coalesce(F(fields[0]), Value(""), output_field=TextField())
    parts: list[Any] = []
    for name in fields:
        if parts:
            parts.append(Value(" — "))
        parts.append(Coalesce(F(name), Value(""), output_field=TextField()))
    return Concat(*parts, output_field=TextField())


def _match_postgresql(source: Source, qs: QuerySet, query: str) -> QuerySet:
    search_query = SearchQuery(query, config=PG_CONFIG, search_type="websearch")
    vector = SearchVector(*source.text_fields, weight="B", config=PG_CONFIG)
    if source.title_field:
        vector = SearchVector(source.title_field, weight="A", config=PG_CONFIG) + vector
    condition = Q(search_document=search_query)
    if source.exact:
        condition |= source.exact(query)
    return (
        qs.annotate(search_document=vector)
        .filter(condition)
        .annotate(
            search_rank=SearchRank(F("search_document"), search_query),
            title_headline=SearchHeadline(
                source.title_field,
                search_query,
                config=PG_CONFIG,
                start_sel=START_SEL,
                stop_sel=STOP_SEL,
                highlight_all=True,
            )
            if source.title_field
            else Value(""),
            snippet_headline=SearchHeadline(
                _text_expression(source.text_fields),
                search_query,
                config=PG_CONFIG,
                start_sel=START_SEL,
                stop_sel=STOP_SEL,
                max_words=35,
                min_words=15,
            ),
        )
        .order_by("-search_rank", "pk")
    )


def _match_sqlite(source: Source, qs: QuerySet, words: list[str], query: str) -> QuerySet:
    fields = [name for name in [source.title_field, *source.text_fields] if name]
    aliases = {f"fold_{name.replace('__', '_')}": text.Fold(F(name)) for name in fields}
    condition = Q()
    for word in words:
        any_field = Q()
        for alias in aliases:
            any_field |= Q(**{f"{alias}__contains": word})
        condition &= any_field
    if source.exact:
        condition |= source.exact(query)
    return qs.alias(**aliases).filter(condition)


def _field_value(obj: Any, name: str) -> str:
    value: Any = obj
    for part in name.split("__"):
        value = getattr(value, part, "") if value is not None else ""
    return str(value or "")


def _hit(source: Source, obj: Any, words: list[str]) -> Hit:
    if is_postgresql():
        title = sanitise_headline(obj.title_headline)
        snippet = sanitise_headline(text.strip_markdown(obj.snippet_headline))
    else:
        title = text.highlight(_field_value(obj, source.title_field), words) if source.title_field else escape("")
        body = " — ".join(v for v in (_field_value(obj, name) for name in source.text_fields) if v)
        snippet = text.highlight(text.strip_markdown(body), words, snippet=True)
    if source.title is not None:
        title = escape(source.title(obj))
    return Hit(title=title, url=source.url(obj), snippet=snippet, meta=source.meta(obj))


def search_source(source: Source, user, query: str, *, limit: int) -> Group | None:
    qs = source.queryset(user)
    if qs is None:
        return None
    group = Group(kind=source.kind, label=str(source.label))
    words = text.terms(query)
    if not words and not source.exact:
        return group
    matched = _match_postgresql(source, qs, query) if is_postgresql() else _match_sqlite(source, qs, words, query)
    if source.post_filter is not None:
        rows = source.post_filter(user, list(matched[:POST_FILTER_CANDIDATES]))
        group.count = len(rows)
        rows = rows[:limit]
    else:
        group.count = matched.count()
        rows = list(matched[:limit]) if group.count else []
    group.hits = [_hit(source, obj, words) for obj in rows]
    return group


def sources_for(user) -> list[Source]:
    """The kinds of content this user may search: each app registers its own in its hook module
    (`hooks.search_source`, naming the permission that shows it); this engine knows none of them."""
    from partage.core import hooks

    return hooks.search_sources_for(user)


def search(user, query: str, *, kind: str | None = None, limit: int = 10) -> list[Group]:
    # NUL characters cannot reach PostgreSQL (DataError): they are dropped like any other noise.
    query = (query or "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    if not query:
        return []
    groups = []
    for source in sources_for(user):
        if kind and source.kind != kind:
            continue
        group = search_source(source, user, query, limit=limit)
        if group is not None:
            groups.append(group)
    return groups
