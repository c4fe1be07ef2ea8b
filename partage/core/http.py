"""Small HTTP conventions every view follows."""

from __future__ import annotations

from typing import Any


def form_status(*forms: Any) -> int:
    """400 when a submitted form (or formset) was refused, 200 otherwise: an invalid form always answers
    400 with its errors, in every app, so that clients, htmx and tests see the refusal."""
    for form in forms:
        if form is not None and form.is_bound and not form.is_valid():
            return 400
    return 200


def posted(request: Any) -> Any:
    """The submitted data on POST — even empty, so that required fields report — and None otherwise.
    (`request.POST or None` would show an empty submission as a fresh, unbound form answered 200.)"""
    return request.POST if request.method == "POST" else None


def posted_files(request: Any) -> Any:
    return request.FILES if request.method == "POST" else None


class InvalidFormIs400:
    """For class-based form views (Django's auth views): an invalid form answers 400, as everywhere."""

    def form_invalid(self, form: Any) -> Any:
        response = super().form_invalid(form)  # type: ignore[misc]
        response.status_code = 400
        return response
