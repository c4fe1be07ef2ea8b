"""Writes of the surveys app: building (templates, duplicate, new version), answering (save a page,
submit), inviting and reminding, and publishing a score into a roadmap indicator.

Each write checks its own rules and raises RuleViolation with a French message.
"""

from __future__ import annotations

import base64
import contextlib
import contextvars
import datetime
import hashlib
import hmac
import uuid
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

try:  # core's domain error (landed by arch-b); the fallback keeps this module importable meanwhile.
    from partage.core.errors import RuleViolation
except ImportError:  # pragma: no cover

    class RuleViolation(Exception):  # type: ignore[no-redef]
        def __init__(self, message: Any, field: str | None = None) -> None:
            super().__init__(message)
            self.message, self.field = message, field


from partage.core import anonymity

from . import answering
from .models import (
    DRAFT_KIND,
    HELD_KIND,
    HELD_KINDS,
    Answer,
    Page,
    Participation,
    Question,
    Response,
    Survey,
    Tally,
    hash_token,
    held_group,
    new_token,
)

Kind = Question.Kind

# --- building ----------------------------------------------------------------------------------------


def is_locked(survey: Survey) -> bool:
    """Questions lock once the first answer is in (drafts count: someone is filling the form), held
    anonymous drafts and responses included."""
    return survey.responses.exists() or anonymity.held_count(HELD_KINDS, held_group(survey.pk)) > 0


@transaction.atomic
def create_survey(*, spec: dict[str, Any], by, **overrides: Any) -> Survey:
    """A survey from a spec (templates.py): {"title", "description", "pages": [{"title", "questions": [...]}]}.

    Conditions name an earlier question by its "key" in the spec."""
    fields = {k: v for k, v in spec.items() if k not in ("pages", "key")}
    fields.update(overrides)
    survey = Survey.objects.create(created_by=by, **fields)
    by_key: dict[str, Question] = {}
    for page_number, page_spec in enumerate(spec.get("pages", []), start=1):
        page = Page.objects.create(survey=survey, position=page_number, title=page_spec.get("title", ""))
        for position, q in enumerate(page_spec.get("questions", []), start=1):
            q = dict(q)
            key = q.pop("key", None)
            condition = q.pop("condition", None)
            question = Question(survey=survey, page=page, position=position, **q)
            if condition:
                question.condition_question = by_key[condition["key"]]
                question.condition_operator = condition["operator"]
                question.condition_value = str(condition.get("value", ""))
                question.condition_max = str(condition.get("max", ""))
            question.save()
            if key:
                by_key[key] = question
    return survey


@transaction.atomic
def duplicate_survey(*, survey: Survey, by, as_new_version: bool = False) -> Survey:
    """A copy with its pages, questions and conditions, unpublished, without any response."""
    if as_new_version and Survey.objects.filter(previous=survey).exists():
        raise RuleViolation(_("Cette version a déjà une version suivante : modifiez plutôt celle-ci."))
    copy = Survey.objects.get(pk=survey.pk)
    copy.pk = None
    copy._state.adding = True
    copy.public_token = new_token()
    copy.kiosk_token = ""
    copy.is_published = False
    copy.created_by = by
    if as_new_version:
        copy.version = (Survey.objects.filter(series=survey.series).aggregate(v=Max("version"))["v"] or 1) + 1
        copy.previous = survey
    else:
        import uuid

        copy.series = uuid.uuid4()
        copy.version = 1
        copy.previous = None
        copy.title = _("%(title)s (copie)") % {"title": survey.title}
    copy.save()
    copy.target_directions.set(survey.target_directions.all())
    copy.target_services.set(survey.target_services.all())
    copy.actions.set(survey.actions.all())
    pages = {}
    for page in survey.pages.all():
        pages[page.pk] = Page.objects.create(survey=copy, position=page.position, title=page.title)
    mapping: dict[int, Question] = {}
    for question in survey.questions.order_by("page__position", "position", "pk"):
        old_pk = question.pk
        condition_id = question.condition_question_id
        question.pk = None
        question._state.adding = True
        question.survey = copy
        question.page = pages[question.page_id]
        question.condition_question = mapping.get(condition_id) if condition_id else None
        question.save()
        mapping[old_pk] = question
    return copy


STRUCTURAL_FIELDS = ("kind", "choices", "rows", "min_value", "max_value", "allow_other", "required", "page")


@transaction.atomic
def save_question(*, question: Question, values: dict[str, Any]) -> Question:
    """Save a question; once answers exist, only the wording (label, help) may change: anything else
    would invalidate answers and needs a new version of the survey."""
    survey = question.survey
    if question.pk and is_locked(survey):
        current = Question.objects.get(pk=question.pk)
        for field in STRUCTURAL_FIELDS + ("condition_question", "condition_operator", "condition_value"):
            if field in values and values[field] != getattr(current, field):
                raise RuleViolation(
                    _(
                        "Cette enquête a déjà des réponses : ce changement les fausserait. "
                        "Créez une nouvelle version de l'enquête pour le faire."
                    ),
                    field,
                )
    elif not question.pk and is_locked(survey):
        raise RuleViolation(
            _("Cette enquête a déjà des réponses : créez une nouvelle version pour ajouter une question.")
        )
    for field, value in values.items():
        setattr(question, field, value)
    if question.kind == Kind.FILE and survey.is_public:
        raise RuleViolation(_("Les fichiers joints sont réservés aux enquêtes auprès des agents."), "kind")
    if question.condition_question_id and question.condition_question_id == question.pk:
        raise RuleViolation(_("Une question ne peut pas dépendre d'elle-même."), "condition_question")
    if question.position is None or not question.pk:
        last = survey.questions.filter(page=question.page).aggregate(p=Max("position"))["p"] or 0
        question.position = question.position or last + 1
    question.save()
    return question


@transaction.atomic
def delete_question(*, question: Question) -> None:
    if is_locked(question.survey):
        raise RuleViolation(
            _("Cette enquête a déjà des réponses : créez une nouvelle version pour retirer une question.")
        )
    question.delete()


@transaction.atomic
def add_page(*, survey: Survey, title: str) -> Page:
    if is_locked(survey):
        raise RuleViolation(_("Cette enquête a déjà des réponses : créez une nouvelle version pour ajouter une page."))
    last = survey.pages.aggregate(p=Max("position"))["p"] or 0
    # The title comes straight from the builder's small form: no NUL (PostgreSQL refuses it), 200 characters.
    return Page.objects.create(survey=survey, position=last + 1, title=title.replace("\x00", "").strip()[:200])


@transaction.atomic
def set_published(*, survey: Survey, published: bool) -> Survey:
    if published and not survey.questions.exclude(kind=Kind.TEXT_BLOCK).exists():
        raise RuleViolation(_("Ajoutez au moins une question avant de publier l'enquête."))
    survey.is_published = published
    if published and survey.is_public and not survey.kiosk_token:
        survey.kiosk_token = new_token()
    survey.save(update_fields=["is_published", "kiosk_token"])
    return survey


# --- running totals ----------------------------------------------------------------------------------


def _deltas(answers) -> dict[tuple[int, str, str], list[float]]:
    deltas: dict[tuple[int, str, str], list[float]] = {}
    seen: set[int] = set()
    for question_id, row, choice, number in answers:
        seen.add(question_id)
        if choice:
            cell = deltas.setdefault((question_id, row, choice), [0, 0.0])
            cell[0] += 1
            cell[1] += number or 0
        if number is not None:
            cell = deltas.setdefault((question_id, "", Tally.NUMBER), [0, 0.0])
            cell[0] += 1
            cell[1] += number
    for question_id in seen:
        deltas.setdefault((question_id, Tally.RESPONDENTS, ""), [0, 0.0])[0] += 1
    return deltas


def _apply(deltas: dict[tuple[int, str, str], list[float]], sign: int) -> None:
    for (question_id, row, choice), (count, total) in deltas.items():
        updated = Tally.objects.filter(question_id=question_id, row=row, choice=choice).update(
            count=F("count") + sign * count, total=F("total") + sign * total
        )
        if not updated:
            Tally.objects.create(
                question_id=question_id, row=row, choice=choice, count=sign * count, total=sign * total
            )


def _answer_tuples(response: Response, question_ids=None):
    answers = Answer.objects.filter(response=response)
    if question_ids is not None:
        answers = answers.filter(question__in=question_ids)
    return list(answers.values_list("question_id", "row", "choice", "number"))


@transaction.atomic
def rebuild_tallies(*, survey: Survey) -> None:
    """Recompute the running totals from the submitted answers (after an import, or to check them)."""
    Tally.objects.filter(question__survey=survey).delete()
    answers = Answer.objects.filter(question__survey=survey, response__status=Response.Status.SUBMITTED)
    cells = {}
    for row in (
        answers.exclude(choice="")
        .values("question_id", "row", "choice")
        .annotate(n=Count("id"), t=Sum("number"))
        .order_by()
    ):
        cells[(row["question_id"], row["row"], row["choice"])] = (row["n"], row["t"] or 0)
    for numbers in (
        answers.filter(number__isnull=False).values("question_id").annotate(n=Count("id"), t=Sum("number")).order_by()
    ):
        cells[(numbers["question_id"], "", Tally.NUMBER)] = (numbers["n"], numbers["t"] or 0)
    for people in answers.values("question_id").annotate(n=Count("response_id", distinct=True)).order_by():
        cells[(people["question_id"], Tally.RESPONDENTS, "")] = (people["n"], 0)
    Tally.objects.bulk_create(
        [Tally(question_id=q, row=r, choice=c, count=n, total=t) for (q, r, c), (n, t) in cells.items()],
        batch_size=500,
    )


# --- answering ---------------------------------------------------------------------------------------


def check_open(survey: Survey) -> None:
    if not survey.is_published:
        raise RuleViolation(_("Cette enquête n'est pas encore publiée."))
    now = timezone.now()
    if survey.opens_at and survey.opens_at > now:
        raise RuleViolation(_("Cette enquête n'est pas encore ouverte."))
    if survey.closes_at and survey.closes_at <= now:
        raise RuleViolation(_("Cette enquête est close : merci de votre intérêt."))


def quota_reached(survey: Survey) -> bool:
    quota = survey.quota
    if not quota:
        return False
    return submitted_count(survey) >= quota


def submitted_count(survey: Survey) -> int:
    """Sent responses: those in the table and the anonymous ones waiting for their release."""
    held = anonymity.held_count([HELD_KIND], held_group(survey.pk)) if survey.is_anonymous else 0
    return survey.responses.filter(status=Response.Status.SUBMITTED).count() + held


@transaction.atomic
def start_response(*, survey: Survey, user=None) -> tuple[Response, str]:
    """A new draft. Named staff surveys: the agent's own (one per agent). Otherwise a draft reached by a
    secret resume token, returned once; only its hash is stored."""
    check_open(survey)
    if quota_reached(survey):
        raise RuleViolation(_("Cette enquête a reçu toutes les réponses attendues : merci."))
    if not survey.is_anonymous and user is not None and user.is_authenticated:
        service = user.service
        response, _created = Response.objects.get_or_create(
            survey=survey,
            respondent=user,
            defaults={"service": service, "direction_id": service.direction_id if service else None},
        )
        return response, ""
    token = new_token()
    response = Response.objects.create(survey=survey, resume_token_hash=hash_token(token))
    _opened(response, None)
    return response, token


def response_by_token(token: str) -> Response | None:
    """The response behind a resume link, to read its survey and status: a row of the table, or (an
    anonymous survey's draft or sent response waiting for its release) an unsaved copy of the held one."""
    if not token or len(token) > 100:
        return None
    found = Response.objects.select_related("survey").filter(resume_token_hash=hash_token(token)).first()
    if found is not None:
        return found
    held = anonymity.held_for_token(HELD_KINDS, hash_token(token), with_kind=True)
    if held is None:
        return None
    kind, payload = held
    survey = Survey.objects.filter(pk=payload["survey"]).first()
    if survey is None:
        return None
    return Response(
        id=uuid.UUID(payload["id"]),
        survey=survey,
        status=Response.Status.SUBMITTED if kind == HELD_KIND else Response.Status.DRAFT,
        resume_token_hash=hash_token(token),
        last_page=payload["last_page"],
    )


def can_change(response: Response) -> bool:
    if response.status == Response.Status.DRAFT:
        return True
    return response.survey.allow_edit and not response.survey.is_closed


@transaction.atomic
def save_page(*, response: Response, page_number: int, form: answering.PageForm) -> None:
    """Replace the answers of the page's questions with the form's values (hidden questions: none)."""
    if not can_change(response):
        raise RuleViolation(_("Vos réponses sont envoyées et ne peuvent plus être modifiées."))
    check_open(response.survey)
    questions = [q for q in form.questions if q.takes_answer]
    keep_files = [
        q.pk
        for q in questions
        if q.kind == Kind.FILE and q.pk in form.shown and not form.cleaned_data.get(q.field_name)
    ]
    replaced = [q.pk for q in questions if q.pk not in keep_files]
    # Read the status from the database: the caller's copy may predate its submission.
    submitted = Response.objects.filter(pk=response.pk, status=Response.Status.SUBMITTED).exists()
    if submitted:  # an edit after submitting: take the old answers out of the running totals
        Survey.objects.select_for_update().filter(pk=response.survey_id).first()
        _apply(_deltas(_answer_tuples(response, replaced)), -1)
    Answer.objects.filter(response=response, question__in=replaced).delete()
    rows: list[Answer] = []
    for q in questions:
        if q.pk in form.shown and q.pk not in keep_files:
            rows += answering.answer_rows(response, q, form)
    Answer.objects.bulk_create(rows)
    if submitted:
        _apply(_deltas(_answer_tuples(response, replaced)), 1)
    response.last_page = page_number
    response.save(update_fields=["last_page"])


def missing_required(response: Response) -> list[Question]:
    """Required questions shown (given every answer) but not answered, in order."""
    questions = list(response.survey.questions.select_related("page").order_by("page__position", "position", "pk"))
    values = answering.answers_of(response)
    shown = answering.visible_questions(questions, values)
    return [q for q in shown if q.required and q.takes_answer and answering._empty(values.get(q.pk))]


@transaction.atomic
def submit(*, response: Response, user=None, invitation_token: str = "") -> Response:
    """Send a response. Anonymous surveys mark the participation completed (locked row: one response
    per invitation or per agent, even under concurrent submissions) without any link to the response."""
    survey = Survey.objects.select_for_update().get(pk=response.survey_id)  # serialises the quota check
    check_open(survey)
    response = Response.objects.select_for_update().get(pk=response.pk)
    if response.status == Response.Status.SUBMITTED:
        if not can_change(response):
            raise RuleViolation(_("Vos réponses sont déjà envoyées."))
        return response
    if missing := missing_required(response):
        raise RuleViolation(_("Il manque des réponses obligatoires : « %(label)s ».") % {"label": missing[0].label})
    if quota_reached(survey):
        raise RuleViolation(_("Cette enquête a reçu toutes les réponses attendues : merci."))
    participation = None
    if invitation_token:
        participation = (
            Participation.objects.select_for_update()
            .filter(survey=survey, token_hash=hash_token(invitation_token))
            .first()
        )
        if participation is None:
            raise RuleViolation(_("Ce lien d'invitation n'est pas valable."))
    elif survey.is_anonymous and not survey.is_public and user is not None and user.is_authenticated:
        Participation.objects.get_or_create(survey=survey, user=user, defaults={"direction_id": _direction_id(user)})
        participation = Participation.objects.select_for_update().get(survey=survey, user=user)
    elif not survey.is_anonymous and user is not None and user.is_authenticated:
        Participation.objects.filter(survey=survey, user=user).update(completed=True)
    if participation is not None:
        if participation.completed:
            raise RuleViolation(_("Vous avez déjà répondu à cette enquête : une réponse par personne."))
        participation.completed = True
        participation.save(update_fields=["completed"])
    response.status = Response.Status.SUBMITTED
    response.submitted_on = timezone.localdate()
    if survey.is_anonymous:
        response.respondent = None
    _apply(_deltas(_answer_tuples(response)), 1)
    try:
        response.save(update_fields=["status", "submitted_on", "respondent"])
    except IntegrityError as error:  # pragma: no cover — the unique constraint is the last guard
        raise RuleViolation(_("Vous avez déjà répondu à cette enquête.")) from error
    if survey.is_anonymous:
        # Counted at once (running totals above); stored at the next release, in a shuffled batch.
        _stash(response)
    return response


def _direction_id(user) -> int | None:
    service = getattr(user, "service", None)
    return service.direction_id if service else None


def has_completed(*, survey: Survey, user) -> bool:
    if not user.is_authenticated:
        return False
    if survey.is_anonymous:
        return Participation.objects.filter(survey=survey, user=user, completed=True).exists()
    return Response.objects.filter(survey=survey, respondent=user, status=Response.Status.SUBMITTED).exists()


# --- anonymous responses: held, then released in shuffled batches (issue 16, decision 0038) -------------
#
# An anonymous survey's draft and its sent response live in core's holding table (random key, no date
# but the release slot, rows rewritten in a random order at each write), never in the response table
# between two requests: otherwise the table's physical order (rowid, ctid) would follow the order in
# which agents started and sent, the same order as the participation rows that name them. For the time
# of one request (`request_scope`) the respondent's response is put back into the tables so the answer
# flow works as for any response (resume, edit, running totals), then held again. A sent response is
# counted at once in the running totals and becomes a row of the table at the next release.

_scope: contextvars.ContextVar[list | None] = contextvars.ContextVar("surveys_scope", default=None)


def _fingerprint(response: Response) -> tuple:
    answers = sorted(
        Answer.objects.filter(response=response).values_list("question_id", "row", "choice", "number", "text", "file"),
        key=repr,
    )
    return response.status, response.last_page, tuple(answers)


def _opened(response: Response, fingerprint: tuple | None) -> None:
    opened = _scope.get()
    if opened is not None and response.survey.is_anonymous:
        opened.append((response, fingerprint))


def _stash(response: Response) -> None:
    """Move an anonymous survey's response from the tables to the holding table."""
    answers = Answer.objects.filter(response=response).values_list(
        "question_id", "row", "choice", "number", "text", "file"
    )
    payload = {
        "id": str(response.pk),
        "survey": response.survey_id,
        "last_page": response.last_page,
        "answers": [list(answer) for answer in answers],
    }
    Response.objects.filter(pk=response.pk).delete()
    kind = HELD_KIND if response.status == Response.Status.SUBMITTED else DRAFT_KIND
    anonymity.hold(
        kind=kind, payload=payload, token_hash=response.resume_token_hash, group=held_group(response.survey_id)
    )


def _restore(token_hash: str) -> Response | None:
    taken = anonymity.take(HELD_KINDS, token_hash)
    if taken is None:
        return None
    kind, payload = taken
    survey = Survey.objects.filter(pk=payload["survey"]).first()
    if survey is None:
        return None
    response = Response(
        id=uuid.UUID(payload["id"]),
        survey=survey,
        status=Response.Status.SUBMITTED if kind == HELD_KIND else Response.Status.DRAFT,
        resume_token_hash=token_hash,
        last_page=payload["last_page"],
    )
    response.save(force_insert=True)
    Answer.objects.bulk_create(_answers(response, payload["answers"], _question_ids([survey.pk])))
    return response


def _question_ids(survey_ids) -> set[int]:
    return set(Question.objects.filter(survey_id__in=list(survey_ids)).values_list("pk", flat=True))


def _answers(response: Response, rows: list, question_ids: set[int]) -> list[Answer]:
    return [
        Answer(response=response, question_id=q, row=r, choice=c, number=n, text=t, file=f)
        for q, r, c, n, t, f in rows
        if q in question_ids
    ]


def open_response(token: str) -> Response | None:
    """The response behind a resume link, ready to be worked on in this request (`request_scope`)."""
    if not token or len(token) > 100:
        return None
    found = Response.objects.select_related("survey").filter(resume_token_hash=hash_token(token)).first()
    if found is not None:
        _opened(found, _fingerprint(found))
        return found
    restored = _restore(hash_token(token))
    if restored is not None:
        _opened(restored, None)
    return restored


@contextlib.contextmanager
def request_scope():
    """One request of the answer flow, in one transaction: the anonymous responses it opened or started
    are held again at its end (a released one only if the request changed it)."""
    with transaction.atomic():
        opened: list = []
        reset = _scope.set(opened)
        try:
            yield
            for response, fingerprint in opened:
                if not Response.objects.filter(pk=response.pk).exists():
                    continue  # already held again (sent)
                response.refresh_from_db(fields=["status", "last_page"])
                if fingerprint is None or _fingerprint(response) != fingerprint:
                    _stash(response)
        finally:
            _scope.reset(reset)


def release_held_responses(payloads: list[dict], released_at: datetime.datetime) -> None:
    """The releaser of anonymous responses: responses then their answers, in the (shuffled) order given,
    each dated by the day of the release."""
    surveys = set(Survey.objects.filter(pk__in={p["survey"] for p in payloads}).values_list("pk", flat=True))
    kept = [p for p in payloads if p["survey"] in surveys]
    day = timezone.localdate(released_at)
    responses = [
        Response(
            id=uuid.UUID(p["id"]),
            survey_id=p["survey"],
            status=Response.Status.SUBMITTED,
            resume_token_hash=p["token_hash"],
            last_page=p["last_page"],
            submitted_on=day,
        )
        for p in kept
    ]
    Response.objects.bulk_create(responses)
    question_ids = _question_ids(surveys)
    Answer.objects.bulk_create(
        [
            a
            for response, p in zip(responses, kept, strict=True)
            for a in _answers(response, p["answers"], question_ids)
        ],
        batch_size=500,
    )


# --- invitations and reminders -----------------------------------------------------------------------


def invitation_token(participation: Participation) -> str:
    """The personal token, derived from the participation's random key and the site's secret: the same
    link in the invitation and every reminder, and nothing in the database to rebuild it from."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"surveys.invitation:{participation.pk}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()[:24]).decode().rstrip("=")


@transaction.atomic
def invite(*, survey: Survey, users) -> list[tuple[Participation, str]]:
    """Participations with a personal token for those not invited yet; returns (participation, token)
    so the caller emails each token (only its hash is kept)."""
    if survey.is_public:
        raise RuleViolation(_("Les invitations sont réservées aux enquêtes auprès des agents."))
    today = timezone.localdate()
    invited = []
    existing = dict(Participation.objects.filter(survey=survey).values_list("user_id", "token_hash"))
    for user in users:
        if existing.get(user.pk):
            continue
        participation, _created = Participation.objects.get_or_create(
            survey=survey, user=user, defaults={"direction_id": _direction_id(user)}
        )
        token = invitation_token(participation)
        participation.token_hash = hash_token(token)
        participation.invited_on = today
        participation.save(update_fields=["token_hash", "invited_on"])
        invited.append((participation, token))
    return invited


def participation_by_token(token: str) -> Participation | None:
    if not token or len(token) > 100:
        return None
    return Participation.objects.select_related("survey", "user").filter(token_hash=hash_token(token)).first()


@transaction.atomic
def mark_reminded(*, participation: Participation) -> str:
    participation.reminded_on = timezone.localdate()
    participation.save(update_fields=["reminded_on"])
    return invitation_token(participation)


# --- feeding the roadmap -----------------------------------------------------------------------------


def publish_score(
    *,
    survey: Survey,
    question: Question,
    metric: str,
    indicator,
    measured_on: datetime.date,
    by,
    choice: str = "",
    source_url: str = "",
):
    """Record the question's score as a measure of a linked action's indicator (one point per wave);
    the roadmap writes the journal entry."""
    from partage.roadmap import writes as roadmap_writes

    from . import results

    if question.survey_id != survey.pk:
        raise RuleViolation(_("Cette question n'appartient pas à l'enquête."), "question")
    if not survey.actions.filter(pk=indicator.action_id).exists():
        raise RuleViolation(_("L'indicateur doit appartenir à une fiche-action liée à l'enquête."), "indicator")
    value = results.score(question=question, metric=metric, choice=choice)
    if value is None:
        raise RuleViolation(_("Pas encore assez de réponses pour calculer ce score."), "question")
    labels = {"mean": _("moyenne"), "nps": _("NPS"), "share": _("part de « %(c)s »") % {"c": choice}}
    note = _("Enquête « %(survey)s », %(metric)s de « %(question)s »") % {
        "survey": survey.title,
        "metric": labels.get(metric, metric),
        "question": question.label,
    }
    return roadmap_writes.record_measure(
        indicator=indicator,
        value=Decimal(str(round(value, 2))),
        measured_on=measured_on,
        by=by,
        note=note[:300],
        source="survey",
        source_url=source_url,
    )
