"""Correspondence forwarded to communes (action 3.1.6): the log, recording a letter (which forwards
it), a letter's page with reading and acknowledgement by contact, and its attachment."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from partage.core.errors import RuleViolation, add_to_form
from partage.core.http import form_status, posted, posted_files

from .. import selectors, writes
from ..forms import CorrespondenceForm


@require_GET
def correspondence_list(request: HttpRequest) -> HttpResponse:
    selectors.check_can(request.user, "territory.view_correspondence_list")
    page = Paginator(selectors.correspondence_list(), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "territory/correspondence_list.html",
        {"page": page, "letters": page.object_list, "can_add": request.user.has_perm("territory.add_correspondence")},
    )


@require_http_methods(["GET", "POST"])
def correspondence_create(request: HttpRequest) -> HttpResponse:
    selectors.check_can(request.user, "territory.add_correspondence")
    form = CorrespondenceForm(posted(request), posted_files(request))
    if request.method == "POST" and form.is_valid():
        try:
            correspondence = writes.log_correspondence(by=request.user, **form.cleaned_data)
        except RuleViolation as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Courrier enregistré et transmis aux communes concernées."))
            return redirect(correspondence)
    return render(request, "territory/correspondence_form.html", {"form": form}, status=form_status(form))


@require_GET
def correspondence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    correspondence = selectors.correspondence_for_view(request.user, pk)
    deliveries = correspondence.deliveries.select_related("commune")
    if request.user.is_commune_contact:
        # A contact who opens the letter here has read it.
        writes.mark_read(deliveries.filter(email__iexact=request.user.email))
    return render(
        request,
        "territory/correspondence_detail.html",
        {
            "correspondence": correspondence,
            "communes": correspondence.communes.all(),
            "deliveries": deliveries if request.user.has_perm("territory.view_correspondence_list") else None,
        },
    )


@require_GET
def correspondence_attachment(request: HttpRequest, pk: int) -> FileResponse:
    correspondence = selectors.correspondence_for_view(request.user, pk)
    if not correspondence.attachment:
        raise Http404
    name = correspondence.attachment.name.rsplit("/", 1)[-1]
    return FileResponse(correspondence.attachment.open("rb"), as_attachment=True, filename=name)
