"""The interlocutors directory: search, a commune's entries with their history, editing, exports."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partage.core import tabular
from partage.core.http import form_status, posted
from partage.organisation.models import Commune

from .. import exports, selectors
from ..forms import DirectorySearchForm, InterlocutorForm
from ..models import Domain


def _search(request: HttpRequest):
    form = DirectorySearchForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        return form, selectors.search_entries(q=data["q"], commune=data["commune"], domain=data["domain"])
    return form, selectors.search_entries()


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    selectors.check_can(request.user, "territory.view_directory")
    form, entries = _search(request)
    return render(
        request,
        "territory/directory.html",
        {
            "form": form,
            "entries": entries,
            "communes": Commune.objects.all(),
            "query_string": request.GET.urlencode(),
            "can_export": request.user.has_perm("territory.export_directory"),
        },
    )


@require_GET
def commune_detail(request: HttpRequest, slug: str) -> HttpResponse:
    selectors.check_can(request.user, "territory.view_directory")
    commune = get_object_or_404(Commune, slug=slug)
    return render(
        request,
        "territory/commune_detail.html",
        {
            "commune": commune,
            "entries": selectors.entries().filter(commune=commune),
            "domains": Domain.objects.all(),
            "history": selectors.commune_history(commune),
            "can_edit": request.user.has_perm("territory.edit_commune_entries", commune),
        },
    )


def _entry_form(request: HttpRequest, commune: Commune, entry=None) -> HttpResponse:
    form = InterlocutorForm(posted(request), instance=entry, commune=commune)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("L'annuaire de la commune est à jour."))
        return redirect(commune)
    return render(
        request,
        "territory/interlocutor_form.html",
        {"form": form, "commune": commune, "entry": entry},
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
def interlocutor_create(request: HttpRequest, slug: str) -> HttpResponse:
    commune = get_object_or_404(Commune, slug=slug)
    selectors.check_can(request.user, "territory.edit_commune_entries", commune)
    return _entry_form(request, commune)


@require_http_methods(["GET", "POST"])
def interlocutor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_for_edit(request.user, pk)
    return _entry_form(request, entry.commune, entry)


@require_POST
def interlocutor_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_for_edit(request.user, pk)
    commune = entry.commune
    entry.delete()
    messages.success(request, _("L'interlocuteur a été retiré de l'annuaire."))
    return redirect(commune)


@require_GET
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    selectors.check_can(request.user, "territory.export_directory")
    _form, entries = _search(request)
    return tabular.csv_response("annuaire-interlocuteurs.csv", exports.directory_sheet(entries))


@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    selectors.check_can(request.user, "territory.export_directory")
    _form, entries = _search(request)
    return tabular.xlsx_response("annuaire-interlocuteurs.xlsx", [exports.directory_sheet(entries)])
