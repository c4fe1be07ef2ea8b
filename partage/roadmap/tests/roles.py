"""Role × route rows of the roadmap's administration pages (collected by partage/core/tests/test_roles.py;
the reading and first editing routes keep their rows in core's table)."""

from partage.testing.roles import ADMIN_ONLY, EDIT_ACTION, LOGIN, READ, REDIRECT, row

ADMIN_REDIRECT = row(LOGIN, 403, 403, 403, REDIRECT, 403)  # POST: administrators are redirected

ROWS = {
    "roadmap:archives": READ,
    "roadmap:order": ADMIN_ONLY,
    "roadmap:action_create": ADMIN_ONLY,
    "roadmap:objective_create": ADMIN_ONLY,
    "roadmap:objective_edit": ADMIN_ONLY,
    "roadmap:objective_archive": ADMIN_REDIRECT,  # an objective without living actions
    "roadmap:objective_restore": row(LOGIN, 403, 403, 403, 400, 403),  # not archived: refused with a message
    "roadmap:action_archive": ADMIN_ONLY,  # GET: the confirmation page
    "roadmap:action_restore": row(LOGIN, 403, 403, 403, 400, 403),  # not archived: refused with a message
    "roadmap:delete_milestone": EDIT_ACTION,  # GET: the confirmation page
    "roadmap:edit_measure": EDIT_ACTION,
    "roadmap:delete_measure": EDIT_ACTION,
}

POST_ROUTES = {"roadmap:objective_archive", "roadmap:objective_restore", "roadmap:action_restore"}


def route_kwargs(*, action, pilot, agent) -> dict:
    import datetime

    from partage.testing import factories

    on_action = {"programme": action.programme.slug, "number": action.number}
    indicator = factories.IndicatorFactory(action=action)
    measure = indicator.measures.create(date=datetime.date(2020, 1, 1), value=3)
    programme = {"programme": action.programme.slug}
    empty = factories.ObjectiveFactory(axis=action.objective.axis, number=9, title="Objectif vide")
    return {
        "roadmap:archives": programme,
        "roadmap:order": programme,
        "roadmap:action_create": programme,
        "roadmap:objective_create": programme,
        "roadmap:objective_edit": {**programme, "pk": action.objective_id},
        "roadmap:objective_archive": {**programme, "pk": empty.pk},
        "roadmap:objective_restore": {**programme, "pk": empty.pk},
        "roadmap:action_archive": on_action,
        "roadmap:action_restore": on_action,
        "roadmap:delete_milestone": {**on_action, "pk": factories.MilestoneFactory(action=action).pk},
        "roadmap:edit_measure": {**on_action, "pk": measure.pk},
        "roadmap:delete_measure": {**on_action, "pk": measure.pk},
    }
