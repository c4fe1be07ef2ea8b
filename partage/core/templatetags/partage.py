from django import template
from django.utils.safestring import SafeString, mark_safe

from partage.core import hooks
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
        {"label": entry.label, "url": entry.url(), "current": entry.is_current(request)}
        for entry in hooks.nav_entries_for(user)
    ]
