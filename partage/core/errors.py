"""The one domain error of Partage.

Every write (`<app>/writes.py`) checks its own preconditions and transitions and, when a rule
refuses, raises `RuleViolation` with a French, translatable message and, when the refusal is
about one input, the name of the form field it belongs to. Views turn it into a form error and
answer 400 (`form_error_response`), never a 500.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django import forms
    from django.http import HttpRequest, HttpResponse


class RuleViolation(Exception):
    """A business rule refused a write. `message` is user-facing (French, translatable)."""

    def __init__(self, message: Any, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


def validate(obj: Any, *, exclude: list[str] | None = None) -> None:
    """`obj.full_clean()`, its first refusal raised as one RuleViolation on its field."""
    from django.core.exceptions import ValidationError

    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            field, errors = next(iter(error.error_dict.items()))
            raise RuleViolation(errors[0].messages[0], None if field == "__all__" else field) from error
        raise RuleViolation(error.messages[0]) from error


def add_to_form(form: forms.BaseForm, error: RuleViolation) -> None:
    """Show the refusal on the form: on its field when the form has it, else as a form-wide error."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def form_error_response(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    form: forms.BaseForm | None = None,
    error: RuleViolation | None = None,
) -> HttpResponse:
    """Render an invalid form with status 400 (adding `error` to `form` first when given)."""
    from django.shortcuts import render

    if form is not None and error is not None:
        add_to_form(form, error)
    return render(request, template, context, status=400)
