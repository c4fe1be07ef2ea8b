"""Forms of the social layer: comment, moderation, report, notification preference."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from partage.core.bounds import BoundedFormMixin

from .models import NotificationPreference

MENTION_HELP = _(
    "Markdown accepté (**gras**, *italique*, listes, liens). Pour mentionner un agent, écrivez @prenom.nom "
    "(par exemple @anne.martin) ou @ suivi de son adresse électronique (@anne.martin@lorient-agglo.fr) : "
    "il sera notifié."
)


class CommentForm(BoundedFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Votre commentaire"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
        help_text=MENTION_HELP,
        error_messages={"required": _("Écrivez un commentaire avant de l'envoyer.")},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The @mention suggestions (static/core/mentions.js) ask this address for the real handles.
        self.fields["body"].widget.attrs.update(
            {
                "data-mentions": reverse_lazy("core:mention_suggestions"),
                "data-mentions-label": _("Agents à mentionner"),
                "data-mentions-one": _("1 suggestion : flèches haut et bas pour choisir, Entrée pour insérer."),
                "data-mentions-many": _("%s suggestions : flèches haut et bas pour choisir, Entrée pour insérer."),
                "data-mentions-none": _("Aucun agent ne correspond à « %s »."),
                "data-mentions-inserted": _("%s inséré."),
            }
        )

    def clean_body(self) -> str:
        from .comments import mention_problems

        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Écrivez un commentaire avant de l'envoyer."))
        problems = mention_problems(body)
        if problems:
            raise forms.ValidationError(problems)
        return body


class HideCommentForm(BoundedFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Motif du masquage"),
        max_length=300,
        help_text=_("Visible par tous à la place du commentaire."),
        error_messages={"required": _("Indiquez le motif du masquage.")},
    )


class ReportCommentForm(BoundedFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Motif du signalement"),
        max_length=300,
        help_text=_("Les modérateurs en seront avertis."),
        error_messages={"required": _("Indiquez le motif du signalement.")},
    )


class PreferenceForm(BoundedFormMixin, forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["email_frequency"]
        widgets = {"email_frequency": forms.RadioSelect}
        labels = {"email_frequency": _("Recevoir les notifications par courriel")}
