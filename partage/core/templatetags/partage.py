from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from partage.core.markdown import render_markdown
from partage.core.sections import sections_for

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    return render_markdown(text)


@register.simple_tag(takes_context=True)
def page_sections(context, page: str, obj=None) -> SafeString:
    request = context.get("request")
    parts = [
        render_to_string(section.template, section.context(request, obj), request=request)
        for section in sections_for(page)
    ]
    return mark_safe("".join(parts))  # noqa: S308 — each part is a rendered, autoescaped template
