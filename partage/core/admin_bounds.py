"""The bounds of partage/core/bounds.py in the Django admin.

Every ModelAdmin and inline of the apps derives from the classes here (or mixes in `BoundedAdminMixin` before
a third-party admin class): each date, datetime and integer field the admin builds from a model field gets the
years 1900–2200 and the integer range of a database column, with the same French errors as the site's forms,
and the admin's default form is a `BoundedFormMixin` ModelForm (fields added in `__init__` too).
`partage/core/tests/test_bounds.py` walks the admin site's registered ModelAdmins, their inlines and their
list-editable forms, and fails on a field without the bounds.

partage.organisation sits beside core in the base layer and may not import it: its admin has no date or
number field, and the walk fails the day one appears there.
"""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .bounds import BoundedFormMixin, bound_field


class BoundedModelForm(BoundedFormMixin, forms.ModelForm):
    """The admin's default form: the site's bounds on every field, those added in `__init__` included."""


class BoundedAdminMixin:
    """Before a ModelAdmin or an inline class: the bounds on each form field it builds from a model field."""

    form = BoundedModelForm

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]
        if formfield is not None:
            bound_field(formfield)
        return formfield


class BoundedAdmin(BoundedAdminMixin, admin.ModelAdmin):
    pass


class BoundedHistoryAdmin(BoundedAdminMixin, SimpleHistoryAdmin):
    pass


class BoundedTabularInline(BoundedAdminMixin, admin.TabularInline):
    pass


class BoundedStackedInline(BoundedAdminMixin, admin.StackedInline):
    pass
