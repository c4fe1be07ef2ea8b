"""Poll pages: creating a poll in a thread, the poll page with its ballot, voting, adding an option,
editing the poll."""

import random

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from partage.core import anonymity
from partage.core.http import form_status, posted

from .. import selectors, writes
from ..forms import OptionForm, PollEditForm, PollForm, VoteForm
from ..models import Poll, Stance


@require_http_methods(["GET", "POST"])
def poll_create(request: HttpRequest, pk: int) -> HttpResponse:
    thread = selectors.thread_for_manage(request.user, pk)
    kind = request.GET.get("type") or request.POST.get("type") or Poll.Kind.PROPOSAL
    if kind not in Poll.Kind.values:
        raise Http404
    form = PollForm(posted(request), kind=kind, instance=Poll(thread=thread, author=request.user, kind=kind))
    if request.method == "POST" and form.is_valid():
        poll = form.save(commit=False)
        poll = writes.create_poll(poll=poll, options=form.poll_options(), voters=form.cleaned_data.get("voters") or [])
        messages.success(request, _("La consultation est ouverte."))
        return redirect(poll)
    return render(
        request,
        "decisions/poll_form.html",
        {
            "form": form,
            "thread": thread,
            "kind": kind,
            "kind_label": Poll.Kind(kind).label,
            "stages": Poll(kind=kind).stages,
        },
        status=form_status(form),
    )


def _poll_context(request: HttpRequest, poll: Poll, vote_form: VoteForm | None = None) -> dict:
    user = request.user
    options = list(poll.options.all())
    voted = selectors.has_voted(poll, user)
    can_vote = poll.is_open() and writes.in_electorate(poll, user) and not (poll.anonymous and voted)
    if vote_form is None and can_vote:
        initial = {}
        current = None
        if voted and not poll.anonymous:
            current = Stance.objects.filter(poll=poll, voter=user, is_latest=True).prefetch_related("choices").first()
        if current is not None:
            values = {c.option_id: c.value for c in current.choices.all()}
            initial["choice"] = list(values) if poll.max_choices > 1 else next(iter(values), None)
            for option_id, value in values.items():
                initial[f"option_{option_id}"] = value
            initial["reason"] = current.reason
        # Shuffled options: a fresh order for each display, so no option gains from being first.
        ballot_options = random.sample(options, k=len(options)) if poll.shuffle_options else options
        vote_form = VoteForm(poll=poll, options=ballot_options, initial=initial)
    visible = selectors.can_view_results(poll, user, voted)
    participant_count = poll.participations.count()
    return {
        "poll": poll,
        "thread": poll.thread,
        "options": options,
        "voted": voted,
        "can_vote": can_vote,
        "vote_form": vote_form if can_vote else None,
        "results_visible": visible,
        "results": selectors.poll_result(poll, options=options) if visible else None,
        "participant_count": participant_count,
        "participants": selectors.participants(poll)
        if (not poll.anonymous or anonymity.results_visible(participant_count))
        else None,
        "results_min": anonymity.results_min(),
        "can_manage": user.has_perm("decisions.manage_poll", poll),
        "in_electorate": writes.in_electorate(poll, user),
        "outcome": getattr(poll, "outcome", None),
        "option_form": OptionForm() if poll.voters_can_add_options and can_vote else None,
    }


@require_http_methods(["GET"])
def poll_detail(request: HttpRequest, pk: int) -> HttpResponse:
    poll = selectors.poll_for_view(request.user, pk)
    return render(request, "decisions/poll_detail.html", _poll_context(request, poll))


@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    poll = selectors.poll_for_view(request.user, pk)
    if not writes.in_electorate(poll, request.user):
        raise PermissionDenied
    options = list(poll.options.all())
    form = VoteForm(request.POST, poll=poll, options=options)
    if not poll.is_open():
        form.is_valid()
        form.errors.clear()
        form.add_error(None, _("Cette consultation n'est pas ouverte : il n'est pas possible de voter."))
    elif form.is_valid():
        try:
            writes.cast_vote(
                poll=poll, voter=request.user, choices=form.choices(), reason=form.cleaned_data.get("reason", "")
            )
        except writes.NotInElectorate as exc:
            raise PermissionDenied from exc
        except writes.VoteError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Votre vote est enregistré."))
            return redirect(poll)
    context = _poll_context(request, poll, vote_form=form)
    context["vote_form"] = form
    context["can_vote"] = poll.is_open()
    return render(request, "decisions/poll_detail.html", context, status=400)


@require_POST
def add_option(request: HttpRequest, pk: int) -> HttpResponse:
    poll = selectors.poll_for_view(request.user, pk)
    form = OptionForm(request.POST)
    if form.is_valid():
        try:
            writes.add_option(poll=poll, user=request.user, text=form.cleaned_data["text"])
        except writes.NotInElectorate as exc:
            raise PermissionDenied from exc
        except writes.VoteError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("L'option est ajoutée."))
    else:
        messages.error(request, _("Indiquez le texte de l'option."))
    return redirect(poll)


@require_http_methods(["GET", "POST"])
def poll_edit(request: HttpRequest, pk: int) -> HttpResponse:
    poll = selectors.poll_for_manage(request.user, pk)
    form = PollEditForm(posted(request), instance=poll)
    if request.method == "POST" and form.is_valid():
        try:
            form.save()
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("La consultation est modifiée."))
            return redirect(poll)
    return render(
        request,
        "decisions/poll_edit.html",
        {"form": form, "poll": poll, "thread": poll.thread},
        status=form_status(form),
    )
