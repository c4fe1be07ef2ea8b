"""The shared bounds (partage/core/bounds.py): every form of Partage that takes a date or a number carries them."""

import datetime
import importlib
import pkgutil

import pytest
from django import forms
from django.core.exceptions import ValidationError

import partage
from partage.core import bounds


def _all_form_classes() -> set[type]:
    for module in pkgutil.walk_packages(partage.__path__, "partage."):
        if any(part in module.name.split(".") for part in ("tests", "migrations", "browser", "testing", "bench")):
            continue
        importlib.import_module(module.name)
    found, todo = set(), [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("partage."):
                found.add(sub)
    return found


def _takes_dates_or_numbers(form_class: type) -> bool:
    kinds = (forms.DateField, forms.DateTimeField, forms.IntegerField, forms.SplitDateTimeField)
    return any(isinstance(field, kinds) for field in form_class.base_fields.values())


def test_every_form_with_a_date_or_a_number_mixes_in_the_bounds():
    classes = _all_form_classes()
    assert len(classes) > 20  # the walk found the project's forms
    missing = sorted(
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in classes
        if _takes_dates_or_numbers(cls) and not issubclass(cls, bounds.BoundedFormMixin)
    )
    assert missing == []


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        (datetime.date(1900, 1, 1), True),
        (datetime.date(2200, 12, 31), True),
        (datetime.date(1899, 12, 31), False),
        (datetime.date(2201, 1, 1), False),
        (datetime.date(1, 1, 1), False),
        (datetime.datetime(9999, 12, 31, 23, 59, tzinfo=datetime.UTC), False),
    ],
)
def test_validate_year(value, ok):
    if ok:
        bounds.validate_year(value)
    else:
        with pytest.raises(ValidationError, match="Indiquez une année entre 1900 et 2200"):
            bounds.validate_year(value)


class _Plain(bounds.BoundedFormMixin, forms.Form):
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    count = forms.IntegerField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["later"] = forms.IntegerField(required=False)  # added after the mixin's __init__


def test_the_mixin_bounds_dates_integers_and_fields_added_later():
    form = _Plain({"day": "0001-01-01", "count": str(2**40), "later": str(-(2**40))})
    assert not form.is_valid()
    assert set(form.errors) == {"day", "count", "later"}
    assert bounds.is_bounded(form.fields["later"])
    assert _Plain({"day": "2030-01-01", "count": "3"}).is_valid()


def test_clamp_date_keeps_calendars_drawable():
    assert bounds.clamp_date(datetime.date(9999, 12, 31)) == datetime.date(2200, 12, 31)
    assert bounds.clamp_date(datetime.date(1, 1, 1)) == datetime.date(1900, 1, 1)
    assert bounds.clamp_date(datetime.date(2030, 5, 1)) == datetime.date(2030, 5, 1)
