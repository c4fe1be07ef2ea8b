"""Forms of the territory module: directory entries, notices, correspondence, directory search."""

from pathlib import Path

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from partage.core.bounds import BoundedFormMixin
from partage.organisation.models import Commune, Service

from .models import Correspondence, Domain, Interlocutor, WorksNotice

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_TYPES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


class DirectorySearchForm(BoundedFormMixin, forms.Form):
    q = forms.CharField(label=_("Rechercher"), required=False, max_length=100)
    commune = forms.ModelChoiceField(
        label=_("Commune"), queryset=Commune.objects.all(), required=False, empty_label=_("Toutes")
    )
    domain = forms.ModelChoiceField(
        label=_("Domaine"), queryset=Domain.objects.all(), required=False, empty_label=_("Tous")
    )


class InterlocutorForm(BoundedFormMixin, forms.ModelForm):
    class Meta:
        model = Interlocutor
        fields = [
            "domain",
            "name",
            "function",
            "email",
            "phone",
            "user",
            "agglo_agent",
            "agglo_service",
            "agglo_contact",
        ]

    def __init__(self, *args, commune: Commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.commune = commune
        User = get_user_model()
        self.fields["user"].queryset = User.objects.filter(kind=User.Kind.COMMUNE_CONTACT, commune=commune)
        self.fields["user"].help_text = _(
            "Si l'interlocuteur a un compte sur Partage, il est aussi prévenu dans l'application."
        )
        self.fields["agglo_agent"].queryset = User.objects.filter(kind=User.Kind.AGENT, is_active=True)
        self.fields["agglo_service"].queryset = Service.objects.select_related("direction")


class NoticeForm(BoundedFormMixin, forms.ModelForm):
    class Meta:
        model = WorksNotice
        fields = [
            "title",
            "nature",
            "service",
            "domain",
            "communes",
            "place",
            "starts_at",
            "ends_at",
            "status",
            "is_urgent",
            "impact",
            "public_message",
        ]
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "communes": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "impact": _("Pour les communes seulement : n'apparaît pas sur les pages publiques."),
            "starts_at": _("Date et heure, par exemple 14/03/2030 08:00."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            self.fields[name].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]
        if user.is_superuser:
            self.fields["service"].queryset = Service.objects.select_related("direction")
        else:
            # An agent writes notices for their own service (docs/decisions/0006-territory-notices.md).
            del self.fields["service"]
            if not self.instance.pk:
                self.instance.service_id = user.service_id
        if not self.instance.pk:
            del self.fields["status"]

    def clean(self):
        cleaned = super().clean()
        starts_at, ends_at = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts_at and ends_at and ends_at < starts_at:
            self.add_error("ends_at", _("La fin doit suivre le début."))
        return cleaned


class CorrespondenceForm(BoundedFormMixin, forms.ModelForm):
    class Meta:
        model = Correspondence
        fields = ["received_on", "sender", "subject", "summary", "communes", "attachment"]
        widgets = {
            "received_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "communes": forms.CheckboxSelectMultiple,
        }
        help_texts = {"attachment": _("PDF, PNG ou JPEG, 10 Mo au plus.")}

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload or not hasattr(upload, "content_type"):
            return upload
        suffix = Path(upload.name).suffix.lower()
        if suffix not in ATTACHMENT_TYPES:
            raise forms.ValidationError(_("Seuls les fichiers PDF, PNG ou JPEG sont acceptés."))
        if upload.size > ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 10 Mo."))
        head = upload.read(16)
        upload.seek(0)
        if not head.startswith(ATTACHMENT_TYPES[suffix]):
            raise forms.ValidationError(_("Le contenu du fichier ne correspond pas à son extension."))
        return upload
