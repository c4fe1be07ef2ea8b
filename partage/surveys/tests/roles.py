"""The surveys' rows of the role × route matrix (collected by partage/core/tests/test_roles.py)."""

from partage.testing.roles import AGENTS_READ, EDIT_ACTION, LOGIN, PUBLIC, REDIRECT, row

MANAGE = EDIT_ACTION  # administrators, and the pilots of an action linked to the survey
MANAGE_POST = row(LOGIN, 403, REDIRECT, 403, REDIRECT, 403)

ROWS = {
    "surveys:list": AGENTS_READ,
    "surveys:create": row(LOGIN, 403, 200, 403, 200, 403),  # administrators and pilots create surveys
    "surveys:detail": AGENTS_READ,
    "surveys:answer": AGENTS_READ,
    "surveys:thanks": PUBLIC,
    "surveys:resume": PUBLIC,  # the secret link of a public survey's draft
    "surveys:invitation": PUBLIC,  # the personal token stands for the invited agent
    "surveys:public": PUBLIC,
    "surveys:kiosk": PUBLIC,
    "surveys:edit": MANAGE,
    "surveys:builder": MANAGE,
    "surveys:question_add": MANAGE,
    "surveys:question_edit": MANAGE,
    "surveys:question_delete": MANAGE_POST,
    "surveys:page_add": MANAGE_POST,
    "surveys:publish": MANAGE_POST,
    "surveys:duplicate": MANAGE_POST,
    "surveys:new_version": MANAGE_POST,
    "surveys:invitations": MANAGE,
    "surveys:share": MANAGE,
    "surveys:qr": MANAGE,
    "surveys:results": MANAGE,
    "surveys:report": MANAGE,
    "surveys:texts": MANAGE,
    "surveys:export": MANAGE,
    "surveys:publish_score": row(LOGIN, 403, 400, 403, 400, 403),  # empty form: refused with its errors
    "surveys:public_results": AGENTS_READ,
}

POST_ROUTES = {
    "surveys:question_delete",
    "surveys:page_add",
    "surveys:publish",
    "surveys:duplicate",
    "surveys:new_version",
    "surveys:publish_score",
}


def route_kwargs(*, action, pilot, agent) -> dict:
    from partage.surveys import writes
    from partage.surveys.models import Question

    from .factories import make_survey

    staff = make_survey(title="Climat", show_results=True)
    staff.actions.add(action)
    public = make_survey(title="Accueil", audience="public", is_anonymous=True)
    public.actions.add(action)
    writes.set_published(survey=public, published=True)
    anonymous = make_survey(title="Baromètre", is_anonymous=True)
    [(_participation, invitation)] = writes.invite(survey=anonymous, users=[agent])
    _draft, resume = writes.start_response(survey=public)
    text = Question.objects.get(survey=staff, kind="long_text")
    on_staff = {"pk": staff.pk}
    return {
        "surveys:detail": on_staff,
        "surveys:answer": on_staff,
        "surveys:thanks": on_staff,
        "surveys:resume": {"token": resume},
        "surveys:invitation": {"token": invitation},
        "surveys:public": {"token": public.public_token},
        "surveys:kiosk": {"token": public.public_token, "kiosk": public.kiosk_token},
        "surveys:edit": on_staff,
        "surveys:builder": on_staff,
        "surveys:question_add": on_staff,
        "surveys:question_edit": {"pk": staff.pk, "question_id": text.pk},
        "surveys:question_delete": {"pk": staff.pk, "question_id": text.pk},
        "surveys:page_add": on_staff,
        "surveys:publish": on_staff,
        "surveys:duplicate": on_staff,
        "surveys:new_version": on_staff,
        "surveys:invitations": on_staff,
        "surveys:share": {"pk": public.pk},
        "surveys:qr": {"pk": public.pk},
        "surveys:results": on_staff,
        "surveys:report": on_staff,
        "surveys:texts": {"pk": staff.pk, "question_id": text.pk},
        "surveys:export": {"pk": staff.pk, "fmt": "csv"},
        "surveys:publish_score": on_staff,
        "surveys:public_results": on_staff,
    }
