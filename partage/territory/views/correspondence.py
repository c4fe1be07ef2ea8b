"""Correspondence forwarded to communes (action 3.1.6): the log, recording a letter (which forwards
it), a letter's page with reading and acknowledgement by contact, and its attachment."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from .. import selectors, writes
from ..forms import CorrespondenceForm


@require_GET
def correspondence_list(request: HttpRequest) -> HttpResponse:
    selectors.check(request.user, "territory.view_correspondence_list")
    page = Paginator(selectors.correspondence_list(), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "territory/correspondence_list.html",
        {"page": page, "letters": page.object_list, "can_add": request.user.has_perm("territory.add_correspondence")},
    )


def correspondence_create(request: HttpRequest) -> HttpResponse:
    selectors.check(request.user, "territory.add_correspondence")
    form = CorrespondenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        correspondence = writes.log_correspondence(form=form, by=request.user)
        messages.success(request, _("Courrier enregistré et transmis aux communes concernées."))
        return redirect(correspondence)
    return render(request, "territory/correspondence_form.html", {"form": form})


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
