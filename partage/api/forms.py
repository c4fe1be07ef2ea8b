from django import forms
from django.utils.translation import gettext_lazy as _

from partage.core.bounds import BoundedFormMixin

from .models import ApiToken


class TokenForm(BoundedFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Nom du jeton"), max_length=100, help_text=_("À quoi il sert, par exemple « Portail intranet ».")
    )
    scopes = forms.MultipleChoiceField(
        label=_("Droits"),
        choices=ApiToken.Scope.choices,
        initial=[ApiToken.Scope.READ],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("L'écriture sert aux outils des pilotes : points d'avancement et mesures d'indicateurs."),
    )
    expires_at = forms.DateField(
        label=_("Expire le"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Vide : sans expiration."),
    )
