from functools import lru_cache

from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from partage.core import hooks
from partage.core.fixed_urls import fixed_reverse
from partage.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def page_sections(context, page: str, obj=None) -> SafeString:
    request = context.get("request")
    user = getattr(request, "user", None)
    # Hook sections (partage.core.hooks) are checked against their permission before they run.
    parts = [hooks.render_section(section, request, obj) for section in hooks.sections_for(page, user, obj)]
    return mark_safe("".join(parts))  # noqa: S308 — each part is a rendered, autoescaped template


@register.simple_tag(takes_context=True)
def nav_entries(context) -> list[dict]:
    """The navigation entries registered in hook modules that this user may open."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return [
        {
            "label": entry.label,
            "url": entry.url(),
            "current": entry.is_current(request),
            "icon": NAV_ICONS.get(entry.url_name, ""),
        }
        for entry in hooks.nav_entries_for(user)
    ]


# The menu's icons (partage/static/partage/icons/sprite.svg), by the entry's URL name: decoration only,
# so a hook module that registers a new entry needs none (it is shown without an icon).
NAV_ICONS = {
    "roadmap:dashboard": "house",
    "roadmap:current_roadmap": "map",
    "roadmap:calendar": "calendar",
    "roadmap:values": "heart",
    "news:list": "newspaper",
    "followup:groups": "users",
    "ideas:list": "lightbulb",
    "decisions:threads": "vote",
    "live:sessions": "presentation",
    "surveys:list": "clipboard-list",
    "territory:directory": "map-pin",
    "admin:index": "settings",
}


@register.simple_tag
def fixed_url(name: str, *args) -> str:
    """`{% fixed_url "core:site_page" "aide" %}`: a link that is the same on every page (header, footer), with
    literal arguments only, reversed once per process (partage/core/fixed_urls.py); else use `{% url %}`."""
    return fixed_reverse(name, *args)


@lru_cache(maxsize=1)
def _sprite_url() -> str:
    # A dozen icons per page, the same file: its URL does not change while the process runs.
    return static("partage/icons/sprite.svg")


@register.simple_tag
def icon(name: str, css_class: str = "") -> SafeString:
    """An icon of the vendored sprite, hidden from assistive technologies: the text next to it says it."""
    classes = f"icon icon-{name} {css_class}".strip()
    href = _sprite_url() + "#" + name
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false" width="20" height="20"><use href="{}"></use></svg>',
        classes,
        href,
    )


@register.simple_tag
def help_link(slug: str) -> SafeString:
    """The link from a module's page to its help page (registered in the module's hooks.py)."""
    from django.urls import reverse
    from django.utils.translation import gettext

    from partage.core import hooks

    topic = hooks.help_topic_by_slug(slug)
    if topic is None:
        return SafeString("")
    return format_html(
        '<p><a class="help-link" href="{}">{}{}</a></p>',
        reverse("core:help", kwargs={"slug": slug}),
        icon("circle-help"),
        gettext("Aide : %(module)s") % {"module": topic.label},
    )
