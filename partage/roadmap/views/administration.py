"""In-app administration of the living roadmap (administrators, rule "roadmap.manage_roadmap"): new
objectives and fiches-actions, their order, archiving and restoring; and the archives page every reader
may open. Every view checks the permission first (403), then finds its object (404); writes go through
`roadmap.writes`, whose refusals (RuleViolation) come back as a French error with a 400. After a write the
browser is redirected (post/redirect/get), so a reload never posts twice.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from partage.core.errors import RuleViolation, add_to_form
from partage.core.http import posted

from .. import selectors, writes
from ..forms import NewActionForm, ObjectiveForm
from ..models import Action, Objective, Programme
from .pages import check_can_read


def _programme_for_manage(request: HttpRequest, slug: str) -> Programme:
    if not request.user.has_perm("roadmap.manage_roadmap"):
        raise PermissionDenied
    return get_object_or_404(Programme, slug=slug)


def _objective_of(programme: Programme, pk: int) -> Objective:
    return get_object_or_404(Objective.objects.select_related("axis"), pk=pk, axis__programme=programme)


def _action_for_manage(request: HttpRequest, programme: str, number: str) -> Action:
    prog = _programme_for_manage(request, programme)
    return get_object_or_404(
        Action.objects.select_related("programme", "objective__axis"), programme=prog, number=number
    )


# --- objectives -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def objective_create(request: HttpRequest, programme: str) -> HttpResponse:
    prog = _programme_for_manage(request, programme)
    initial = {"axis": request.GET.get("axe")} if request.GET.get("axe", "").isdigit() else None
    form = ObjectiveForm(posted(request), programme=prog, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            objective = writes.create_objective(axis=form.cleaned_data["axis"], title=form.cleaned_data["title"])
        except RuleViolation as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Objectif %(code)s créé.") % {"code": objective.code})
            return redirect(_objective_anchor(prog, objective))
    return render(
        request,
        "roadmap/admin/objective_form.html",
        {"programme": prog, "form": form, "objective": None},
        status=400 if form.errors else 200,
    )


def _objective_anchor(programme: Programme, objective: Objective) -> str:
    return f"{programme.get_absolute_url()}#objectif-{objective.axis_id}-{objective.number}"


@require_http_methods(["GET", "POST"])
def objective_edit(request: HttpRequest, programme: str, pk: int) -> HttpResponse:
    prog = _programme_for_manage(request, programme)
    objective = _objective_of(prog, pk)
    form = ObjectiveForm(posted(request), programme=prog, editing=True, initial={"title": objective.title})
    if request.method == "POST" and form.is_valid():
        try:
            writes.update_objective(objective=objective, title=form.cleaned_data["title"])
        except RuleViolation as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Objectif %(code)s enregistré.") % {"code": objective.code})
            if objective.archived_at:
                return redirect("roadmap:archives", programme=prog.slug)
            return redirect(_objective_anchor(prog, objective))
    return _objective_page(request, prog, objective, form)


def _objective_page(request, prog, objective, form, *, error: str = "") -> HttpResponse:
    living = objective.actions.living().count()
    status = 400 if error or form.errors else 200
    context = {"programme": prog, "form": form, "objective": objective, "living_count": living, "error": error}
    return render(request, "roadmap/admin/objective_form.html", context, status=status)


@require_POST
def objective_archive(request: HttpRequest, programme: str, pk: int) -> HttpResponse:
    prog = _programme_for_manage(request, programme)
    objective = _objective_of(prog, pk)
    try:
        writes.archive_objective(objective=objective)
    except RuleViolation as error:
        form = ObjectiveForm(None, programme=prog, editing=True, initial={"title": objective.title})
        return _objective_page(request, prog, objective, form, error=str(error))
    messages.success(request, _("Objectif %(code)s archivé.") % {"code": objective.code})
    return redirect("roadmap:archives", programme=prog.slug)


@require_POST
def objective_restore(request: HttpRequest, programme: str, pk: int) -> HttpResponse:
    prog = _programme_for_manage(request, programme)
    objective = _objective_of(prog, pk)
    try:
        writes.restore_objective(objective=objective)
    except RuleViolation as error:
        form = ObjectiveForm(None, programme=prog, editing=True, initial={"title": objective.title})
        return _objective_page(request, prog, objective, form, error=str(error))
    messages.success(request, _("Objectif %(code)s restauré dans la feuille de route.") % {"code": objective.code})
    return redirect(_objective_anchor(prog, objective))


# --- actions --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest, programme: str) -> HttpResponse:
    prog = _programme_for_manage(request, programme)
    initial = {"objective": request.GET["objectif"]} if request.GET.get("objectif", "").isdigit() else None
    form = NewActionForm(posted(request), programme=prog, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action = writes.create_action(**form.cleaned_data)
        except RuleViolation as error:
            add_to_form(form, error)
        else:
            messages.success(
                request,
                _("Fiche-action %(number)s créée. Complétez-la : jalons, indicateurs, valeurs servies.")
                % {"number": action.number},
            )
            return redirect(action)
    return render(
        request, "roadmap/admin/action_form.html", {"programme": prog, "form": form}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def action_archive(request: HttpRequest, programme: str, number: str) -> HttpResponse:
    """A confirmation page (GET), then the archiving (POST)."""
    action = _action_for_manage(request, programme, number)
    error = ""
    if request.method == "POST":
        try:
            writes.archive_action(action=action)
        except RuleViolation as refusal:
            error = str(refusal)
        else:
            messages.success(
                request,
                _("Fiche-action %(number)s archivée : elle ne figure plus dans la feuille de route.")
                % {"number": action.number},
            )
            return redirect(action)
    return render(
        request, "roadmap/admin/action_archive.html", {"action": action, "error": error}, status=400 if error else 200
    )


@require_POST
def action_restore(request: HttpRequest, programme: str, number: str) -> HttpResponse:
    action = _action_for_manage(request, programme, number)
    try:
        writes.restore_action(action=action)
    except RuleViolation as refusal:
        return render(
            request, "roadmap/admin/action_archive.html", {"action": action, "error": str(refusal)}, status=400
        )
    restored = _("Fiche-action %(number)s restaurée dans la feuille de route.")
    messages.success(request, restored % {"number": action.number})
    return redirect(action)


# --- order ----------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def roadmap_order(request: HttpRequest, programme: str) -> HttpResponse:
    """The living roadmap with a "move up" and a "move down" button per objective and per action."""
    prog = _programme_for_manage(request, programme)
    error = ""
    if request.method == "POST":
        kind, pk, direction = request.POST.get("kind"), request.POST.get("pk", ""), request.POST.get("direction", "")
        try:
            if kind == "objective" and pk.isdigit():
                item = _objective_of(prog, int(pk))
                writes.move_objective(objective=item, direction=direction)
                anchor = f"ordre-objectif-{item.pk}"
            elif kind == "action" and pk.isdigit():
                item = get_object_or_404(Action, pk=int(pk), programme=prog)
                writes.move_action(action=item, direction=direction)
                anchor = f"ordre-fiche-{item.pk}"
            else:
                raise RuleViolation(_("Choisissez un objectif ou une fiche-action à déplacer."))
        except RuleViolation as refusal:
            error = str(refusal)
        else:
            messages.success(request, _("Ordre enregistré."))
            return redirect(f"{request.path}#{anchor}")
    tree = selectors.living_tree(prog)
    return render(
        request,
        "roadmap/admin/order.html",
        {"programme": prog, "tree": tree, "error": error},
        status=400 if error else 200,
    )


# --- archives (every reader) ----------------------------------------------------------------------


@require_GET
def archives(request: HttpRequest, programme: str) -> HttpResponse:
    check_can_read(request)
    prog = selectors.programme_by_slug(programme)
    return render(
        request,
        "roadmap/archives.html",
        {
            "programme": prog,
            **selectors.archives(prog),
            "can_manage": request.user.has_perm("roadmap.manage_roadmap"),
            "can_export": request.user.has_perm("roadmap.export_roadmap"),
        },
    )
