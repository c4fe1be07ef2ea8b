"""Moderators' pages: answer and change an idea's status, hide it, transcribe ideas from the
physical boxes and meetings, and the moderation queue (ideas awaiting an answer, reports)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from partage.core.errors import RuleViolation, add_to_form
from partage.core.http import posted, posted_files

from .. import selectors, writes
from ..forms import HideIdeaForm, StatusChangeForm, TranscriptionForm


@require_http_methods(["GET", "POST"])
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    idea = selectors.idea_for_moderation(request.user, pk)
    form = StatusChangeForm(posted(request), idea=idea)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            writes.change_status(
                idea=idea,
                moderator=request.user,
                status=data["status"],
                answer=data["answer"],
                action=data.get("action"),
                new_action_objective=data.get("new_action_objective"),
                new_action_title=data.get("new_action_title", ""),
                duplicate_of=data.get("duplicate_target"),
            )
        except RuleViolation as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Le statut de l'idée est modifié et sa réponse publiée."))
            return redirect(idea)
    return render(
        request,
        "ideas/moderate.html",
        {"idea": idea, "form": form, "history": selectors.status_history(idea)},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def hide(request: HttpRequest, pk: int) -> HttpResponse:
    idea = selectors.idea_for_moderation(request.user, pk)
    if request.method == "POST" and request.POST.get("unhide") and idea.is_hidden:
        writes.unhide_idea(idea=idea)
        messages.success(request, _("L'idée est de nouveau visible."))
        return redirect(idea)
    form = HideIdeaForm(posted(request))
    if request.method == "POST" and form.is_valid():
        writes.hide_idea(idea=idea, moderator=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("L'idée est masquée."))
        return redirect(idea)
    return render(
        request, "ideas/hide.html", {"idea": idea, "form": form}, status=400 if request.method == "POST" else 200
    )


@require_http_methods(["GET", "POST"])
def transcribe(request: HttpRequest) -> HttpResponse:
    selectors.check_can_moderate_ideas(request.user)
    form = TranscriptionForm(posted(request), posted_files(request))
    if request.method == "POST" and form.is_valid():
        try:
            idea = writes.transcribe_idea(moderator=request.user, **form.cleaned_data)
        except RuleViolation as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("L'idée est retranscrite ; elle compte comme les autres."))
            return redirect(idea)
    return render(request, "ideas/transcribe.html", {"form": form}, status=400 if request.method == "POST" else 200)


@require_GET
def moderation(request: HttpRequest) -> HttpResponse:
    selectors.check_can_moderate_ideas(request.user)
    return render(
        request,
        "ideas/moderation.html",
        {**selectors.moderation_queue(), "figures": selectors.figures()},
    )
