"""The roadmap page's filter form (a GET form: axis, status, pilot direction, free text)."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from partage.core import cache
from partage.core.bounds import BoundedFormMixin
from partage.organisation.models import Direction

from .models import Action, Axis


class RoadmapFilterForm(BoundedFormMixin, forms.Form):
    axis = forms.TypedChoiceField(label=_("Axe"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(
        label=_("Statut"), required=False, choices=[("", _("Tous les statuts")), *Action.Status.choices]
    )
    direction = forms.TypedChoiceField(label=_("Direction pilote"), required=False, coerce=int, empty_value=None)
    q = forms.CharField(
        label=_("Recherche"),
        required=False,
        max_length=100,
        help_text=_("Numéro (par exemple 2.4) ou mots de l'intitulé ou de la description."),
    )

    def __init__(self, data=None, *, axes: list[Axis], directions: list[Direction]) -> None:
        super().__init__(data)
        self.fields["axis"].choices = [("", _("Tous les axes")), *((a.pk, str(a)) for a in axes)]
        self.fields["direction"].choices = [("", _("Toutes les directions")), *((d.pk, str(d)) for d in directions)]

    @property
    def is_filtering(self) -> bool:
        return self.is_bound and self.is_valid() and any(v not in (None, "") for v in self.cleaned_data.values())

    def filter(self, queryset: QuerySet[Action]) -> QuerySet[Action]:
        if not self.is_bound or not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["axis"]:
            queryset = queryset.filter(objective__axis_id=data["axis"])
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["direction"]:
            queryset = queryset.filter(pilot_direction_id=data["direction"])
        if data["q"]:
            queryset = queryset.search(data["q"])
        return queryset


def pilot_directions(programme_id: int) -> list[Direction]:
    """Directions piloting at least one action of the programme (one query)."""
    return list(Direction.objects.filter(piloted_actions__programme_id=programme_id).distinct().order_by("name"))


def filter_choices(programme) -> tuple[list[Axis], list[Direction]]:
    """The form's choices (axes, pilot directions), the same for every reader: read once per change of the
    roadmap instead of two queries on every roadmap page."""
    return cache.cached(
        f"roadmap:filter-choices:{programme.pk}",
        namespaces=["roadmap"],
        compute=lambda: (list(Axis.objects.filter(programme=programme)), pilot_directions(programme.pk)),
    )
