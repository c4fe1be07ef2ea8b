"""Agents' pages: the list with filters, submitting an idea (two steps: check similar ideas, then
save), an idea's page, supporting, the attachment, and the private follow-up link of anonymous ideas."""

import mimetypes

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partage.core.redirects import same_site_url

from .. import selectors, writes
from ..forms import IdeaFilterForm, IdeaForm
from ..models import Idea
from ..similar import similar_ideas

PAGE_SIZE = 20
JUST_SUBMITTED = "depose"  # query flag: the private page then shows the confirmation and copy button


def _back(request: HttpRequest, idea: Idea) -> str:
    return same_site_url(request, request.POST.get("next")) or idea.get_absolute_url()


@require_GET
def idea_list(request: HttpRequest) -> HttpResponse:
    selectors.check_can_view_ideas(request.user)
    filters = IdeaFilterForm(request.GET or None)
    ideas = filters.filter(Idea.objects.visible_to(request.user).for_list(), request.user)
    page = Paginator(ideas, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "ideas/idea_list.html",
        {
            "filters": filters,
            "page": page,
            "supported": selectors.supported_ids(request.user, page.object_list),
            "filtered": any(request.GET.get(k) for k in ("q", "status", "axis", "scope")),
            "query_string": query.urlencode(),
            "can_submit": request.user.has_perm("ideas.submit_idea"),
            "can_moderate": request.user.has_perm("ideas.moderate_ideas"),
        },
    )


@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    """Step 1 (title, text…) shows similar ideas; step 2 confirms, with the optional attachment."""
    if not request.user.has_perm("ideas.submit_idea"):
        raise PermissionDenied
    if request.method == "GET":
        return render(request, "ideas/submit.html", {"form": IdeaForm(with_attachment=False), "step": 1})
    if request.POST.get("step") != "confirm":
        form = IdeaForm(request.POST, with_attachment=False)
        if not form.is_valid():
            return render(request, "ideas/submit.html", {"form": form, "step": 1}, status=400)
        confirm_form = IdeaForm(request.POST, with_attachment=True)
        confirm_form.is_valid()  # bound so that the fields keep their values; no errors to show
        return render(request, "ideas/submit.html", _step_two(confirm_form, form.cleaned_data))
    form = IdeaForm(request.POST, request.FILES, with_attachment=True)
    if not form.is_valid():
        cleaned = {"title": request.POST.get("title", ""), "description": request.POST.get("description", "")}
        return render(request, "ideas/submit.html", _step_two(form, cleaned), status=400)
    data = form.cleaned_data
    result = writes.submit_idea(
        author=request.user,
        title=data["title"],
        description=data["description"],
        anonymous=data["anonymous"],
        axis=data.get("axis"),
        action=data.get("action"),
        attachment=data.get("attachment"),
    )
    if result.private_token:
        # Post/redirect/get: a reload must not post a second idea. The link is kept nowhere on our side
        # (not in the session, not in a message: both sit in a row next to the author's account id); the
        # redirect goes to the private page itself, whose address is the link (decision 0036).
        url = reverse("ideas:private", kwargs={"token": result.private_token})
        return HttpResponseRedirect(f"{url}?{JUST_SUBMITTED}=1")
    messages.success(request, _("Votre idée est déposée. Vous serez averti de chaque réponse."))
    return redirect(result.idea)


def _step_two(form: IdeaForm, cleaned: dict) -> dict:
    return {
        "form": form,
        "step": 2,
        "similar": similar_ideas(cleaned.get("title", ""), cleaned.get("description", "")),
    }


@require_GET
def idea_detail(request: HttpRequest, pk: int) -> HttpResponse:
    idea = selectors.idea_for_view(request.user, pk)
    return render(
        request,
        "ideas/idea_detail.html",
        {
            "idea": idea,
            "history": selectors.status_history(idea),
            "is_supporting": bool(selectors.supported_ids(request.user, [idea])),
            "can_support": rules.has_perm("ideas.support_idea", request.user, idea),
            "can_moderate": request.user.has_perm("ideas.moderate_ideas"),
            "is_author": idea.author_id is not None and idea.author_id == request.user.pk,
        },
    )


@require_POST
def support(request: HttpRequest, pk: int) -> HttpResponse:
    idea = selectors.idea_for_view(request.user, pk)
    if not rules.has_perm("ideas.support_idea", request.user, idea):
        raise PermissionDenied
    if writes.support_idea(idea=idea, user=request.user):
        messages.success(request, _("Vous soutenez cette idée."))
    return HttpResponseRedirect(_back(request, idea))


@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    idea = selectors.idea_for_view(request.user, pk)
    if not request.user.has_perm("ideas.view_idea", idea):
        raise PermissionDenied
    if writes.withdraw_support(idea=idea, user=request.user):
        messages.success(request, _("Votre soutien est retiré."))
    return HttpResponseRedirect(_back(request, idea))


@require_GET
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    idea = selectors.idea_for_view(request.user, pk)
    if not idea.attachment:
        raise Http404
    extension = idea.attachment.name.rsplit(".", 1)[-1].lower()
    content_type = mimetypes.types_map.get(f".{extension}", "application/octet-stream")
    name = f"idee-{idea.pk}.{extension}"
    return FileResponse(idea.attachment.open("rb"), as_attachment=True, filename=name, content_type=content_type)


@login_not_required
@require_GET
def private(request: HttpRequest, token: str) -> HttpResponse:
    """The author of an anonymous idea follows its answers here, without signing in; an idea still
    waiting for its release is shown at once (nobody else sees it yet)."""
    held = writes.held_idea_for_token(token) if token and len(token) <= 100 else None
    confirmation = {}
    if request.GET.get(JUST_SUBMITTED):
        link = request.build_absolute_uri(reverse("ideas:private", kwargs={"token": token}))
        confirmation = {"just_submitted": True, "link": link}
    if held is not None:
        response = render(request, "ideas/private_held.html", {"idea": held, **confirmation})
    else:
        idea = selectors.idea_for_token(token)
        context = {"idea": idea, "history": selectors.status_history(idea, private=True), **confirmation}
        response = render(request, "ideas/private.html", context)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
