"""Spreadsheet export of a programme's roadmap (CSV, XLSX) and import back, for administrators."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from partage.core import tabular
from partage.core.bounds import BoundedFormMixin
from partage.core.http import form_status, posted, posted_files

from .. import exports
from ..models import Programme

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class ImportForm(BoundedFormMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Fichier CSV ou Excel (.xlsx)"),
        help_text=gettext_lazy(
            "Un export de la feuille de route, modifié. Les fiches sont reconnues par leur numéro ; "
            "un numéro nouveau crée une fiche. 5 Mo au plus."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
        error_messages={
            "required": gettext_lazy("Choisissez un fichier à importer."),
            "empty": gettext_lazy("Le fichier est vide."),
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 5 Mo."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Format non reconnu : envoyez un fichier .csv ou .xlsx."))
        return upload


def _programme_for(request: HttpRequest, slug: str, perm: str) -> Programme:
    if not request.user.has_perm(perm):
        raise PermissionDenied
    return get_object_or_404(Programme, slug=slug)


def _archives(request: HttpRequest) -> bool:
    """Archived actions are exported only when asked (the archives page links with `?archives=1`)."""
    return request.GET.get("archives") == "1"


@require_GET
def export_csv(request: HttpRequest, programme: str) -> StreamingHttpResponse:
    obj = _programme_for(request, programme, "roadmap.export_roadmap")
    archived = _archives(request)
    name = f"{obj.slug}-fiches-actions{'-archivees' if archived else ''}.csv"
    return tabular.csv_response(name, exports.action_sheet(obj, archived))


@require_GET
def export_xlsx(request: HttpRequest, programme: str) -> HttpResponse:
    obj = _programme_for(request, programme, "roadmap.export_roadmap")
    archived = _archives(request)
    name = f"{obj.slug}-fiches-actions{'-archivees' if archived else ''}.xlsx"
    return tabular.xlsx_response(name, exports.export_sheets(obj, archived))


@require_http_methods(["GET", "POST"])
def import_roadmap(request: HttpRequest, programme: str) -> HttpResponse:
    obj = _programme_for(request, programme, "roadmap.import_roadmap")
    form = ImportForm(posted(request), posted_files(request))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = exports.import_actions(obj, upload.name, upload.read())
        if result.ok:
            messages.success(
                request,
                _(
                    "Import terminé : %(created)d fiche(s) créée(s), %(updated)d mise(s) à jour, "
                    "%(unchanged)d inchangée(s)."
                )
                % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
            )
            return redirect(obj)
        form.add_error("file", _("Rien n'a été importé : corrigez le fichier puis envoyez-le de nouveau."))
        for error in result.errors:
            form.add_error("file", error)
    return render(request, "roadmap/import.html", {"programme": obj, "form": form}, status=form_status(form))
