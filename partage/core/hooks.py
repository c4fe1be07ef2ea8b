"""The hook registry: how an app adds to pages and lists it does not own.

Each app that contributes elsewhere writes one module, `<app>/hooks.py`, imported at start-up by
`CoreConfig.ready()` (Django's `autodiscover_modules("hooks")`, as the admin finds `admin.py` and
Wagtail finds `wagtail_hooks.py`). The host page only asks this registry; it never imports the app.

    # partage/ideas/hooks.py
    from partage.core import hooks

    @hooks.section("action", template="ideas/partials/action_ideas.html", permission="ideas.view_ideas", order=20)
    def action_ideas(request, action):
        return {"action_ideas": ...}

    hooks.nav_entry(label=_("Boîte à idées"), url_name="ideas:list", permission="ideas.view_ideas", order=60)

A section that is the same for many readers says so, and core renders it once per change instead of on
every request (partage/core/cache.py):

    @hooks.section("action", template=..., permission=..., cache=["ideas"])                # same for all
    @hooks.section("action", template=..., permission=..., cache=["followup"], vary=staff)  # per role flag
    @hooks.section("dashboard", template=..., permission=..., cache=["news"], until=next_publication)

`cache` names the namespaces whose writes change it (the app registers them with `cache.bump_on_writes`);
`vary(request, obj) -> str` is what makes it differ between readers (a role or a flag; never leave out
something the context function reads from the request); `until(context, obj)` is the moment it stops
being true by itself (a scheduled post appears). A cached section's template is rendered without the
request: it sees its context only (no `user`, no `csrf_token`), so it cannot show one reader's data to
another. Sections with forms leave `cache` out. A block of the reader's own things ("dashboard_mine")
may be cached for that reader only, with `vary=hooks.per_user` and the namespaces of everything it reads
(its rows, and the user's roles and groups): it is then read in no query until one of those changes.

Every registration names the permission that shows it, and the registry checks it before calling
the context function or listing the entry: a section cannot forget its permission check, and a
role never sees a link to a page it may not open. Permissions are django-rules / Django permission
names, checked with `user.has_perm(permission)` (or `user.has_perm(permission, obj)` for a section
registered with `object_permission=True`).

Kinds of hooks:
- `section(page, ...)`: a block on a page of another app. Pages today: "action" (the action page,
  obj = the Action), "dashboard" (a dashboard block; obj = the Programme or None) and "dashboard_mine"
  (a block of the reader's own things at the top of the dashboard — "Mes actions", "En attente de mon
  vote"…; obj = the Programme or None). A "dashboard_mine" block is per user: never cache it shared
  (cache it with `vary=per_user`, or not at all).
- `nav_entry(...)`: an entry of the main navigation.
- `search_source(...)`: a kind of content the search page looks in (a `partage.search.engine.Source`
  factory; the source's own queryset still filters rows per user).
- `export(...)`: a download listed on the exports page.
- `report_figure(...)`: a figure of the yearly report ("bilan annuel", partage/api/report.py): what the
  app produced for a programme in a period (ideas accepted, polls closed…), counted by the app itself.
- `origin_links(source)`: who may open the pages an app's journal entries link to ("voir l'origine" on
  an action's journal: minutes, a poll, an idea…). `fn(user, urls) -> set of the urls the user may open`,
  for many entries at once (one query, not one per entry). An entry whose source nobody registered shows
  no link: a link the registry cannot check is a link that may answer 403.
- `help_topic(...)`: a module's help page ("Aide — Boîte à idées"), its French text in the app's own
  template; listed on the footer's "Aide" page (for a signed-in reader, the modules their `permission`
  opens; every module for a visitor signed out) and linked from the module's pages ({% help_link %}).
  The help pages themselves are public, like the other footer pages: a help link never answers 403.
- `provide(name, fn)` / `capability(name)`: a function one app offers and another calls by name
  (live turns a Q&A question into an idea with `capability("ideas.submit_idea")`, and appends its
  results to a meeting's minutes with `capability("followup.append_to_minutes")`), so that feeding
  apps never import each other. The provider checks its own permissions (it receives the user).
- Social targets (comments, follows) are registered from the same module with
  `partage.core.comments.register_commentable` / `register_followable`.

There is no other way in: no registration in `AppConfig.ready()`, no legacy registry. A new app attaches
to the action page, the dashboard and the navigation by writing only its hooks.py (shown by
partage/core/tests/test_navigation.py with a stand-in app).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.urls import NoReverseMatch

from .fixed_urls import fixed_reverse

if TYPE_CHECKING:
    from django.http import HttpRequest

ContextFunction = Callable[["HttpRequest", Any], dict[str, Any]]


def user_may(user: Any, permission: str, obj: Any = None) -> bool:
    """The one permission check of the registry: anonymous users and missing users get nothing."""
    if user is None:
        return False
    return bool(user.has_perm(permission, obj) if obj is not None else user.has_perm(permission))


@dataclass(frozen=True)
class Section:
    page: str
    template: str
    context: ContextFunction
    permission: str
    order: int = 50
    object_permission: bool = False
    name: str = ""
    cache: tuple[str, ...] = ()
    vary: Callable[[HttpRequest, Any], str] | None = None
    until: Callable[[dict[str, Any], Any], Any] | None = None

    def visible_to(self, user: Any, obj: Any = None) -> bool:
        return user_may(user, self.permission, obj if self.object_permission else None)


@dataclass(frozen=True)
class NavEntry:
    label: Any  # a lazy translation
    url_name: str
    permission: str
    order: int = 50
    # The URL namespaces (app_name) or URL names that mark the entry as the current page.
    active_for: tuple[str, ...] = ()

    def url(self) -> str:
        return fixed_reverse(self.url_name)  # the navigation is on every page: reversed once per process

    def is_current(self, request: HttpRequest) -> bool:
        match = getattr(request, "resolver_match", None)
        if match is None:
            return False
        if self.active_for:
            return match.app_name in self.active_for or match.view_name in self.active_for
        try:
            return request.path == self.url()
        except NoReverseMatch:
            return False


@dataclass(frozen=True)
class SearchSource:
    factory: Callable[[], Any]  # returns a partage.search.engine.Source (built lazily: labels are lazy)
    permission: str
    order: int = 50


@dataclass(frozen=True)
class Export:
    label: Any
    url_name: str
    permission: str
    order: int = 50
    formats: tuple[str, ...] = ("csv", "xlsx")


@dataclass(frozen=True)
class ReportFigure:
    label: Any
    # (programme, first day, last day) -> a number; the app counts its own rows.
    count: Callable[[Any, Any, Any], int]
    permission: str
    order: int = 50
    name: str = ""


@dataclass(frozen=True)
class OriginLinks:
    source: str  # a roadmap ProgressUpdate.Source value
    # (user, urls) -> the urls among them that the user may open
    check: Callable[[Any, list[str]], set[str]]
    order: int = 50


@dataclass(frozen=True)
class HelpTopic:
    slug: str  # its address: /aide/<slug>/
    label: Any  # the module's name, a lazy translation
    template: str  # the help text, in the app's templates
    permission: str  # who finds it listed on the "Aide" page (the module's own reading permission)
    order: int = 50
    summary: Any = ""  # one line shown in the list


@dataclass
class Registry:
    sections: list[Section] = field(default_factory=list)
    nav_entries: list[NavEntry] = field(default_factory=list)
    search_sources: list[SearchSource] = field(default_factory=list)
    exports: list[Export] = field(default_factory=list)
    report_figures: list[ReportFigure] = field(default_factory=list)
    origin_links: list[OriginLinks] = field(default_factory=list)
    help_topics: list[HelpTopic] = field(default_factory=list)
    capabilities: dict[str, Callable[..., Any]] = field(default_factory=dict)

    def clear(self) -> None:
        self.report_figures.clear()
        self.origin_links.clear()
        self.help_topics.clear()
        self.sections.clear()
        self.nav_entries.clear()
        self.search_sources.clear()
        self.exports.clear()
        self.capabilities.clear()


registry = Registry()


def _add_once(items: list, item: Any) -> None:
    # Hook modules can be imported twice (autoreload, tests re-running ready()): keep one copy.
    if item not in items:
        items.append(item)
        items.sort(key=lambda entry: entry.order)


# --- registration -----------------------------------------------------------------------------


def section(
    page: str,
    *,
    template: str,
    permission: str,
    order: int = 50,
    object_permission: bool = False,
    cache: Iterable[str] = (),
    vary: Callable[[HttpRequest, Any], str] | None = None,
    until: Callable[[dict[str, Any], Any], Any] | None = None,
) -> Callable[[ContextFunction], ContextFunction]:
    """Decorator: `fn(request, obj) -> context` renders `template` on `page` for users with `permission`;
    with `cache`, once per change of those namespaces (and per `vary`, until `until`: see above)."""

    def decorator(fn: ContextFunction) -> ContextFunction:
        _add_once(
            registry.sections,
            Section(
                page=page,
                template=template,
                context=fn,
                permission=permission,
                order=order,
                object_permission=object_permission,
                name=f"{fn.__module__}.{fn.__qualname__}",
                cache=tuple(cache),
                vary=vary,
                until=until,
            ),
        )
        return fn

    return decorator


def per_user(request: HttpRequest, obj: Any = None) -> str:
    """`vary` of a section cached for each reader apart (a "dashboard_mine" block): keyed by the user."""
    return f"user:{request.user.pk}"


def nav_entry(*, label: Any, url_name: str, permission: str, order: int = 50, active_for: Iterable[str] = ()) -> None:
    _add_once(
        registry.nav_entries,
        NavEntry(label=label, url_name=url_name, permission=permission, order=order, active_for=tuple(active_for)),
    )


def search_source(*, permission: str, order: int = 50) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    """Decorator over a function returning a `partage.search.engine.Source`."""

    def decorator(factory: Callable[[], Any]) -> Callable[[], Any]:
        _add_once(registry.search_sources, SearchSource(factory=factory, permission=permission, order=order))
        return factory

    return decorator


def export(
    *, label: Any, url_name: str, permission: str, order: int = 50, formats: Iterable[str] = ("csv", "xlsx")
) -> None:
    _add_once(
        registry.exports,
        Export(label=label, url_name=url_name, permission=permission, order=order, formats=tuple(formats)),
    )


def report_figure(*, label: Any, permission: str, order: int = 50) -> Callable[[Callable], Callable]:
    """Decorator over `fn(programme, start, end) -> int`, a figure of the yearly report."""

    def decorator(fn: Callable) -> Callable:
        name = f"{fn.__module__}.{fn.__qualname__}"
        _add_once(
            registry.report_figures, ReportFigure(label=label, count=fn, permission=permission, order=order, name=name)
        )
        return fn

    return decorator


def origin_links(source: str) -> Callable[[Callable], Callable]:
    """Decorator over `fn(user, urls) -> set[str]`: which of the journal links of `source` the user may open."""

    def decorator(fn: Callable) -> Callable:
        _add_once(registry.origin_links, OriginLinks(source=source, check=fn))
        return fn

    return decorator


def help_topic(*, slug: str, label: Any, template: str, permission: str, order: int = 50, summary: Any = "") -> None:
    _add_once(
        registry.help_topics,
        HelpTopic(slug=slug, label=label, template=template, permission=permission, order=order, summary=summary),
    )


def help_topic_by_slug(slug: str) -> HelpTopic | None:
    return next((topic for topic in registry.help_topics if topic.slug == slug), None)


def help_topics_for(user: Any) -> list[HelpTopic]:
    """The topics listed on the "Aide" page: the reader's modules, or all of them for a visitor signed out."""
    if user is None or not getattr(user, "is_authenticated", False):
        return list(registry.help_topics)
    return [topic for topic in registry.help_topics if user_may(user, topic.permission)]


def provide(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    """Offer `fn` under `name` (e.g. "ideas.submit_idea"); the last registration wins (re-imports)."""
    registry.capabilities[name] = fn
    return fn


def capability(name: str) -> Callable[..., Any] | None:
    """The function another app provides under `name`, or None when that app is not installed."""
    return registry.capabilities.get(name)


# --- lookup (what host pages call) ------------------------------------------------------------


def sections_for(page: str, user: Any, obj: Any = None) -> list[Section]:
    return [s for s in registry.sections if s.page == page and s.visible_to(user, obj)]


def render_section(section: Section, request: HttpRequest | None, obj: Any = None) -> str:
    """The section's HTML for this request: from the cache when the section is cached (rendered without the
    request, keyed by its object, `vary` and the language), else rendered for the request."""
    from django.template.loader import render_to_string

    if not section.cache:
        return render_to_string(section.template, section.context(request, obj), request=request)  # type: ignore[arg-type]
    from django.utils.translation import get_language

    from . import cache

    target = f"{obj._meta.label_lower}:{obj.pk}" if obj is not None else "-"
    vary = section.vary(request, obj) if section.vary is not None else ""  # type: ignore[arg-type]
    key = f"section:{section.name}:{target}:{vary}:{get_language()}"

    def compute() -> tuple[str, Any]:
        context = section.context(request, obj)  # type: ignore[arg-type]
        until = section.until(context, obj) if section.until is not None else None
        return render_to_string(section.template, context), until

    html, _until = cache.cached(key, namespaces=section.cache, compute=compute, until=lambda value: value[1])
    return html


def nav_entries_for(user: Any) -> list[NavEntry]:
    return [entry for entry in registry.nav_entries if user_may(user, entry.permission)]


def search_sources_for(user: Any) -> list[Any]:
    return [source.factory() for source in registry.search_sources if user_may(user, source.permission)]


def all_search_sources() -> list[Any]:
    return [source.factory() for source in registry.search_sources]


def exports_for(user: Any) -> list[Export]:
    return [item for item in registry.exports if user_may(user, item.permission)]


def report_figures_for(user: Any, programme: Any, start: Any, end: Any) -> list[tuple[Any, int]]:
    return [
        (figure.label, figure.count(programme, start, end))
        for figure in registry.report_figures
        if user_may(user, figure.permission)
    ]


def ids_in_urls(urls: Iterable[str], view_name: str, kwarg: str = "pk") -> dict[int, list[str]]:
    """{object id: [urls]} for the urls that resolve to `view_name` (an origin check's first step)."""
    from django.urls import Resolver404, resolve

    found: dict[int, list[str]] = {}
    for url in urls:
        try:
            match = resolve(url.split("?", 1)[0].split("#", 1)[0])
        except Resolver404:
            continue
        if match.view_name == view_name and kwarg in match.kwargs:
            found.setdefault(int(match.kwargs[kwarg]), []).append(url)
    return found


def urls_of(found: dict[int, list[str]], ids: Iterable[int]) -> set[str]:
    return {url for pk in ids for url in found.get(pk, [])}


def openable_origins(user: Any, entries: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Of these (source, url) pairs, those the user may open: each app answers for its own source, once."""
    by_source: dict[str, list[str]] = {}
    for source, url in entries:
        if url:
            by_source.setdefault(source, []).append(url)
    if user is None or not getattr(user, "is_authenticated", False) or not by_source:
        return set()
    openable: set[tuple[str, str]] = set()
    for item in registry.origin_links:
        urls = by_source.get(item.source)
        if urls:
            openable.update((item.source, url) for url in item.check(user, sorted(set(urls))))
    return openable


def autodiscover() -> None:
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("hooks")
