"""Thread pages: the list of discussions, a discussion with its polls and comments, starting one,
closing and reopening it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partage.core.http import form_status, posted

from .. import selectors, writes
from ..forms import ThreadForm
from ..models import Poll
from ..rules import can_start_thread


@require_GET
def thread_list(request: HttpRequest) -> HttpResponse:
    selectors.check_can_use_decisions(request.user)
    return render(request, "decisions/thread_list.html", {"threads": selectors.thread_list(request.user)})


@require_http_methods(["GET", "POST"])
def thread_create(request: HttpRequest) -> HttpResponse:
    selectors.check_can_use_decisions(request.user)
    form = ThreadForm(posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        group = form.cleaned_data["group"]
        if not can_start_thread(request.user, group):
            raise PermissionDenied
        thread = writes.create_thread(
            author=request.user, title=form.cleaned_data["title"], context=form.cleaned_data["context"], group=group
        )
        messages.success(request, _("La discussion est ouverte."))
        return redirect(thread)
    return render(request, "decisions/thread_form.html", {"form": form}, status=form_status(form))


@require_GET
def thread_detail(request: HttpRequest, pk: int) -> HttpResponse:
    thread = selectors.thread_for_view(request.user, pk)
    return render(
        request,
        "decisions/thread_detail.html",
        {
            "thread": thread,
            "polls": selectors.thread_polls(thread, request.user),
            "can_manage": request.user.has_perm("decisions.manage_thread", thread),
            "kinds": Poll.Kind.choices,
        },
    )


@require_POST
def thread_close(request: HttpRequest, pk: int) -> HttpResponse:
    thread = selectors.thread_for_manage(request.user, pk)
    if thread.is_closed:
        writes.reopen_thread(thread=thread)
        messages.success(request, _("La discussion est rouverte."))
    else:
        writes.close_thread(thread=thread)
        messages.success(request, _("La discussion est close ; elle reste consultable."))
    return redirect(thread)
