"""Works notices (internal pages): the list, creating and changing a notice, and its page with
who was told, when, and who acknowledged."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
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
    selectors.check(request.user, "territory.view_notices")
    page = Paginator(selectors.notice_list(), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "territory/notice_list.html",
        {"page": page, "notices": page.object_list, "can_add": request.user.has_perm("territory.add_notice")},
    )


@require_http_methods(["GET", "POST"])
def notice_create(request: HttpRequest) -> HttpResponse:
    selectors.check(request.user, "territory.add_notice")
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
    history = notice.history.select_related("history_user").order_by("-history_date")[:30]
    return render(
        request,
        "territory/notice_detail.html",
        {
            "notice": notice,
            "communes": notice.communes.all(),
            "dispatches": selectors.dispatches_of(notice),
            "history": history,
            "can_change": request.user.has_perm("territory.change_notice", notice),
            "Status": WorksNotice.Status,
        },
    )
