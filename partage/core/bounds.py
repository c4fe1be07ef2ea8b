"""The values a form may store: years between MIN_YEAR and MAX_YEAR, integers that fit a database column, and
the database's check constraints tested in the form, even across fields the form does not show.

Why: a value the database accepts can still break every later page that shows it. A meeting in year 1
cannot be converted to UTC (`timestamp too small`), an action ending in 9999 makes the calendar draw the
year 10,000 (`ValueError`), a notice on 0001-01-01 overflows when its sending date is computed. Each form
of Partage mixes in `BoundedFormMixin`, which adds these checks to every date, datetime and number field it
has, including those added in `__init__`; `partage/core/tests/test_bounds.py` fails for a form that does not.
"""

import datetime
from collections.abc import Iterable, Mapping

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import CheckConstraint
from django.utils.translation import gettext_lazy as _

MIN_YEAR = 1900
MAX_YEAR = 2200
MIN_DATE = datetime.date(MIN_YEAR, 1, 1)
MAX_DATE = datetime.date(MAX_YEAR, 12, 31)
# PostgreSQL's `integer`, the widest column a plain form number goes to.
MIN_INTEGER = -(2**31)
MAX_INTEGER = 2**31 - 1

YEAR_MESSAGE = _("Indiquez une année entre %(min)s et %(max)s.")


def validate_year(value: datetime.date | datetime.datetime | None) -> None:
    """A date or datetime whose year lies between MIN_YEAR and MAX_YEAR (both included)."""
    if value is None:
        return
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValidationError(YEAR_MESSAGE, code="year_out_of_range", params={"min": MIN_YEAR, "max": MAX_YEAR})


def clamp_date(value: datetime.date) -> datetime.date:
    """For pages that compute from stored dates (calendars, charts): a date older than the bounds stays drawable."""
    return min(max(value, MIN_DATE), MAX_DATE)


def _widget_limits(field: forms.Field) -> dict[str, str]:
    input_type = getattr(field.widget, "input_type", "")
    if input_type == "date":
        return {"min": MIN_DATE.isoformat(), "max": MAX_DATE.isoformat()}
    if input_type == "datetime-local":
        return {"min": f"{MIN_DATE.isoformat()}T00:00", "max": f"{MAX_DATE.isoformat()}T23:59"}
    return {}


def bound_field(field: forms.Field) -> None:
    """Add the bounds to one form field (idempotent)."""
    if isinstance(field, forms.DateField | forms.DateTimeField | forms.SplitDateTimeField):
        if validate_year not in field.validators:
            field.validators.append(validate_year)
        for key, value in _widget_limits(field).items():
            field.widget.attrs.setdefault(key, value)
    elif isinstance(field, forms.IntegerField) and not isinstance(field, forms.DecimalField | forms.FloatField):
        if not any(isinstance(v, MaxValueValidator) for v in field.validators):
            field.validators.append(MaxValueValidator(MAX_INTEGER))
            field.widget.attrs.setdefault("max", MAX_INTEGER)
        if not any(isinstance(v, MinValueValidator) for v in field.validators):
            field.validators.append(MinValueValidator(MIN_INTEGER))
            field.widget.attrs.setdefault("min", MIN_INTEGER)


def bound_fields(fields: Iterable[forms.Field]) -> None:
    for field in fields:
        bound_field(field)


def is_bounded(field: forms.Field) -> bool:
    """Whether a field already carries the bounds (used by the test that every form does)."""
    if isinstance(field, forms.DateField | forms.DateTimeField | forms.SplitDateTimeField):
        return validate_year in field.validators
    if isinstance(field, forms.IntegerField) and not isinstance(field, forms.DecimalField | forms.FloatField):
        kinds = {type(v) for v in field.validators}
        return {MaxValueValidator, MinValueValidator} <= kinds
    return True


class BoundedFormMixin:
    """Mix into every Form and ModelForm (before the Django base class).

    `constraint_messages` maps the name of a database CheckConstraint to (field, French message). Django's
    ModelForm skips a constraint when one of its fields is not in the form (a poll's edit form shows its
    closing date, not its opening date), so the database refused the row with an IntegrityError: the
    constraints named here are checked on the whole instance, and shown on the field.
    """

    constraint_messages: Mapping[str, tuple[str | None, str]] = {}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        bound_fields(self.fields.values())

    def full_clean(self) -> None:
        bound_fields(self.fields.values())  # fields added after __init__ (votes, formsets)
        super().full_clean()

    def _post_clean(self) -> None:
        super()._post_clean()
        instance = getattr(self, "instance", None)
        if instance is None or not self.constraint_messages:
            return
        errored = set(self.errors) - {NON_FIELD_ERRORS}
        for model_class, constraints in instance.get_constraints():
            for constraint in constraints:
                if not isinstance(constraint, CheckConstraint) or constraint.name not in self.constraint_messages:
                    continue
                field, message = self.constraint_messages[constraint.name]
                try:
                    constraint.validate(model_class, instance, exclude=errored)
                except ValidationError:
                    if field not in errored:
                        self.add_error(field if field in self.fields else None, message)
