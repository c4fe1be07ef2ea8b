"""Works notices (internal pages): the list, creating and changing a notice, and its page with
who was told, when, and who acknowledged."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from partage.core.errors import RuleViolation, add_to_form
from partage.core.http import form_status, posted

from .. import selectors, writes
from ..forms import NoticeForm
from ..models import WorksNotice


@require_GET
def notice_list(request: HttpRequest) -> HttpResponse:
    selectors.check_can(request.user, "territory.view_notices")
    page = Paginator(selectors.notice_list(), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "territory/notice_list.html",
        {"page": page, "notices": page.object_list, "can_add": request.user.has_perm("territory.add_notice")},
    )


@require_http_methods(["GET", "POST"])
def notice_create(request: HttpRequest) -> HttpResponse:
    selectors.check_can(request.user, "territory.add_notice")
    form = NoticeForm(posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            notice = writes.create_notice(by=request.user, **form.cleaned_data)
        except RuleViolation as error:
            add_to_form(form, error)
            return render(request, "territory/notice_form.html", {"form": form, "notice": None}, status=400)
        if notice.is_late:
            messages.warning(request, _("Avis enregistré et envoyé aussitôt : il est signalé comme tardif."))
        else:
            messages.success(
                request,
                _("Avis enregistré : il sera envoyé aux communes le %(date)s.")
                % {"date": timezone.localtime(notice.send_at).strftime("%d/%m/%Y")},
            )
        return redirect(notice)
    return render(request, "territory/notice_form.html", {"form": form, "notice": None}, status=form_status(form))


@require_http_methods(["GET", "POST"])
def notice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.notice_for_change(request.user, pk)
    form = NoticeForm(posted(request), instance=notice, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            notice = writes.update_notice(notice=notice, by=request.user, **form.cleaned_data)
        except RuleViolation as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Avis mis à jour."))
            return redirect(notice)
    return render(request, "territory/notice_form.html", {"form": form, "notice": notice}, status=form_status(form))


@require_GET
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.notice_for_view(request.user, pk)
    return render(
        request,
        "territory/notice_detail.html",
        {
            "notice": notice,
            "communes": notice.communes.all(),
            "dispatches": selectors.dispatches_of(notice),
            "history": selectors.notice_history(notice),
            "can_change": request.user.has_perm("territory.change_notice", notice),
            "Status": WorksNotice.Status,
        },
    )


@require_http_methods(["GET", "POST"])
def notice_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """A commune contact's page for a notice sent to their commune: what to relay, and the same two
    acknowledgements as the email links (POST only; then back here, so a reload posts nothing)."""
    notice = get_object_or_404(WorksNotice.objects.select_related("domain"), pk=pk)
    selectors.check_can(request.user, "territory.acknowledge_notice", notice)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            writes.acknowledge_notice_in_app(notice=notice, user=request.user, action=action)
        except RuleViolation as error:
            messages.error(request, error.message)
        else:
            if action == "relayed":
                messages.success(request, _("Merci : l'avis est noté comme relayé aux usagers."))
            else:
                messages.success(request, _("Merci : la réception de l'avis est confirmée."))
        return redirect(reverse("territory:notice_acknowledge", kwargs={"pk": notice.pk}))
    dispatches = writes.dispatches_to_acknowledge(notice=notice, user=request.user)
    return render(
        request,
        "territory/notice_acknowledge.html",
        {
            "notice": notice,
            "dispatches": dispatches,
            "received": bool(dispatches) and all(d.received_at for d in dispatches),
            "relayed": bool(dispatches) and all(d.relayed_at for d in dispatches),
            "commune": request.user.commune,
        },
    )
