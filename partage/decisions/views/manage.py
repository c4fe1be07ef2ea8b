"""What a poll's author (or an administrator) does: close, reopen, remind the undecided, write the outcome."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from partage.core.http import form_status, posted

from .. import selectors, writes
from ..forms import OutcomeForm, ReminderForm, ReopenForm


@require_POST
def poll_close(request: HttpRequest, pk: int) -> HttpResponse:
    poll = selectors.poll_for_manage(request.user, pk)
    if poll.closed_at is None:
        writes.close_poll(poll=poll, by=request.user)
        messages.success(request, _("La consultation est close. Vous pouvez en rédiger l'issue."))
    return redirect(poll)


@require_http_methods(["GET", "POST"])
def poll_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    poll = selectors.poll_for_manage(request.user, pk)
    form = ReopenForm(posted(request))
    if request.method == "POST" and form.is_valid():
        writes.reopen_poll(poll=poll, closing_at=form.cleaned_data["closing_at"], by=request.user)
        messages.success(request, _("La consultation est rouverte."))
        return redirect(poll)
    return render(
        request,
        "decisions/poll_reopen.html",
        {"form": form, "poll": poll, "thread": poll.thread},
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
def poll_remind(request: HttpRequest, pk: int) -> HttpResponse:
    poll = selectors.poll_for_manage(request.user, pk)
    form = ReminderForm(posted(request))
    undecided = writes.undecided_users(poll).count()
    if request.method == "POST" and form.is_valid():
        if not poll.is_open():
            messages.error(request, _("La consultation n'est pas ouverte : pas de rappel."))
        else:
            sent = writes.remind_undecided(poll=poll, by=request.user, message=form.cleaned_data["message"])
            messages.success(request, _("Rappel envoyé à %(n)d personne(s).") % {"n": sent})
        return redirect(poll)
    return render(
        request,
        "decisions/poll_remind.html",
        {"form": form, "poll": poll, "thread": poll.thread, "undecided": undecided},
        status=form_status(form),
    )


@require_http_methods(["GET", "POST"])
def outcome_create(request: HttpRequest, pk: int) -> HttpResponse:
    poll = selectors.poll_for_manage(request.user, pk)
    if hasattr(poll, "outcome"):
        messages.info(request, _("L'issue de cette consultation est déjà publiée."))
        return redirect(poll)
    if not poll.is_closed:
        messages.error(request, _("Clôturez la consultation avant d'en rédiger l'issue."))
        return redirect(poll)
    form = OutcomeForm(posted(request), poll=poll)
    if request.method == "POST" and form.is_valid():
        try:
            writes.publish_outcome(
                poll=poll,
                author=request.user,
                statement=form.cleaned_data["statement"],
                chosen_option=form.cleaned_data.get("chosen_option"),
                review_date=form.cleaned_data.get("review_date"),
                actions=form.cleaned_data["actions"],
            )
        except writes.VoteError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("L'issue est publiée."))
            return redirect(poll)
    return render(
        request,
        "decisions/outcome_form.html",
        {"form": form, "poll": poll, "thread": poll.thread},
        status=form_status(form),
    )
