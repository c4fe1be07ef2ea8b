"""A small registry through which feeding modules add sections to pages they do
not own (the action page asks for "action" sections; the dashboard for "dashboard").

A module registers in its AppConfig.ready():

    register_section("action", template="ideas/partials/action_ideas.html",
                     context=lambda request, action: {"ideas": ...}, order=20)

`roadmap` only renders `{% page_sections "action" action %}` and never imports them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Section:
    template: str
    context: Callable[..., dict[str, Any]]
    order: int = 50


_registry: dict[str, list[Section]] = {}


def register_section(page: str, *, template: str, context: Callable[..., dict[str, Any]], order: int = 50) -> None:
    _registry.setdefault(page, []).append(Section(template=template, context=context, order=order))
    _registry[page].sort(key=lambda s: s.order)


def sections_for(page: str) -> list[Section]:
    return list(_registry.get(page, []))
