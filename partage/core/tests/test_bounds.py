"""The shared bounds (partage/core/bounds.py): every form of Partage that takes a date or a number carries them."""

import datetime
import importlib
import pkgutil

import pytest
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory

import partage
from partage.accounts.models import User
from partage.core import bounds
from partage.roadmap.models import Milestone


def _all_form_classes() -> set[type]:
    for module in pkgutil.walk_packages(partage.__path__, "partage."):
        # loadtest: its locustfile is locust's (gevent), run by locust only; it has no form.
        skipped = ("tests", "migrations", "browser", "testing", "bench", "loadtest")
        if any(part in module.name.split(".") for part in skipped):
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


# --- the Django admin (partage/core/admin_bounds.py) ----------------------------------------------------------


def _admin_forms(site=admin.site):
    """(where, form class) for every form the admin site builds: add and change forms, inlines, list edits."""
    request = RequestFactory().get("/admin/")
    request.user = User(email="walk@lorient-agglo.test", is_staff=True, is_superuser=True, is_active=True)
    for model, model_admin in site._registry.items():
        name = type(model_admin).__qualname__
        for obj in (None, model()):  # the add form, then the change form (UserAdmin's differ)
            yield f"{name}.get_form", model_admin.get_form(request, obj)
            for inline in model_admin.get_inline_instances(request, obj):
                yield f"{name} > {type(inline).__qualname__}", inline.get_formset(request, obj).form
        if model_admin.list_editable:
            yield f"{name}.get_changelist_form", model_admin.get_changelist_form(request)


def _unbounded(site=admin.site) -> list[str]:
    missing = set()
    for where, form_class in _admin_forms(site):
        for field_name, field in form_class.base_fields.items():
            if not bounds.is_bounded(field):
                missing.add(f"{where}: {field_name}")
    return sorted(missing)


def test_every_admin_form_bounds_its_dates_and_numbers(db):
    forms_walked = list(_admin_forms())
    assert len(forms_walked) > 60  # every registered ModelAdmin, twice, and their inlines
    assert _unbounded() == []


def test_the_walk_finds_an_admin_without_the_bounds(db):
    site = admin.AdminSite(name="unbounded")
    site.register(Milestone, admin.ModelAdmin)  # Django's own ModelAdmin: a due date in year 1 would pass
    assert _unbounded(site) == ["ModelAdmin.get_form: done_date", "ModelAdmin.get_form: due_date"]


def test_the_admin_refuses_a_date_out_of_bounds_in_french(client, administrator, action):
    client.force_login(administrator)
    response = client.post(
        "/admin/roadmap/milestone/add/",
        {"action": action.pk, "title": "Jalon de l'an 1", "due_date": "01/01/0001", "status": "planned"},
    )
    assert response.status_code == 200
    assert "Indiquez une année entre 1900 et 2200" in response.content.decode()
    assert not Milestone.objects.filter(title="Jalon de l'an 1").exists()
