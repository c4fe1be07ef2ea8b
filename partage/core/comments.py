"""Comments on any registered object, and the writes that go with them.

A module makes its objects commentable from its hook module (`<app>/hooks.py`, see partage.core.hooks):

    register_commentable(Post, url=lambda post: post.get_absolute_url(),
                         can_view=lambda user, post: ..., can_comment=lambda user, post: ...)

then renders `{% load social %}{% comments_section post %}` on the object's page.
Commenting makes the author follow the object and notifies its followers
(verb "comment"); "@prenom.nom" or "@adresse@courriel" notifies the agent named
(verb "mention").
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from . import cache, follows
from .history import set_reason
from .models import Comment, CommentReport
from .notifications import notify
from .text import fold as fold_text

# A thread of comments (rows, authors, report counts) is read once per change of the comments, their
# reports or the people (templatetags/social.py); what each reader may do with them is decided per request.
cache.bump_on_writes("comments", [Comment, CommentReport, get_user_model()])


@dataclass(frozen=True)
class Commentable:
    model: type[Model]
    url: Callable[[Model], str]
    can_view: Callable[..., bool]
    can_comment: Callable[..., bool]
    on_comment: Callable[[Comment], None] | None = None
    # The rows fetched with comments whose URL needs relations (search lists comments with their target).
    queryset: Callable[[], QuerySet] | None = None

    def target_queryset(self) -> QuerySet:
        return self.queryset() if self.queryset is not None else self.model._default_manager.all()


_registry: dict[type[Model], Commentable] = {}
# Objects that can be followed without being commentable (e.g. a group): model -> can_view(user, obj).
_followables: dict[type[Model], Callable[..., bool]] = {}


def register_commentable(
    model: type[Model],
    *,
    url: Callable[[Model], str],
    can_view: Callable[..., bool],
    can_comment: Callable[..., bool],
    on_comment: Callable[[Comment], None] | None = None,
    queryset: Callable[[], QuerySet] | None = None,
) -> None:
    _registry[model] = Commentable(
        model=model, url=url, can_view=can_view, can_comment=can_comment, on_comment=on_comment, queryset=queryset
    )
    _followables[model] = can_view


def register_followable(model: type[Model], *, can_view: Callable[..., bool]) -> None:
    """Let users follow objects of `model` (commentable models are followable already)."""
    _followables[model] = can_view


def commentables() -> list[Commentable]:
    """Every registered kind of commentable object."""
    return list(_registry.values())


def commentable_for(obj_or_model) -> Commentable | None:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    return _registry.get(model._meta.concrete_model) or _registry.get(model)


def followable_can_view(obj) -> Callable[..., bool] | None:
    model = type(obj)
    return _followables.get(model._meta.concrete_model) or _followables.get(model)


def get_registered_object(content_type_id: int, object_id: int, *, followable: bool = False) -> Model:
    """The registered object behind (content type, id), or 404."""
    try:
        content_type = ContentType.objects.get_for_id(content_type_id)
    except ContentType.DoesNotExist as exc:
        raise Http404 from exc
    model = content_type.model_class()
    registry = _followables if followable else _registry
    if model is None or model not in registry:
        raise Http404
    try:
        return model._default_manager.get(pk=object_id)
    except (model.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


# --- @mentions ---------------------------------------------------------------------------------

EMAIL_MENTION = re.compile(r"(?<![\w.@])@([\w.+-]+@[\w-]+(?:\.[\w-]+)+)")
NAME_MENTION = re.compile(r"(?<![\w.@])@([^\W\d_][\w'-]*)\.([^\W\d_][\w'-]*)(?![\w@])")


def _normalise(name: str) -> str:
    return re.sub(r"[\s'_-]+", "-", fold_text(name)).strip("-")


def mentioned_users(text: str) -> list:
    """Active agents mentioned as "@adresse@courriel" or "@prenom.nom" (a name must match exactly one agent)."""
    User = get_user_model()
    emails = {m.lower() for m in EMAIL_MENTION.findall(text or "")}
    rest = EMAIL_MENTION.sub(" ", text or "")
    names = {(_normalise(first), _normalise(last)) for first, last in NAME_MENTION.findall(rest)}
    found: dict[int, object] = {}
    agents = User.objects.filter(is_active=True, kind=User.Kind.AGENT)
    if emails:
        for user in agents.filter(email__in=emails):
            found[user.pk] = user
    if names:
        candidates: dict[tuple[str, str], list] = {}
        for user in agents.only("pk", "first_name", "last_name", "email"):
            key = (_normalise(user.first_name), _normalise(user.last_name))
            if key in names:
                candidates.setdefault(key, []).append(user)
        for matches in candidates.values():
            if len(matches) == 1:
                found[matches[0].pk] = matches[0]
    return list(found.values())


# Anything written "@…" that is not part of an e-mail address: each must name someone (mention_problems).
ANY_MENTION = re.compile(r"(?<![\w.@])@([\w.+'-]+(?:@[\w-]+(?:\.[\w-]+)+)?)")
SUGGESTIONS_LIMIT = 8


def _name_key(user) -> tuple[str, str]:
    return (_normalise(user.first_name), _normalise(user.last_name))


def handle_for(user, name_counts: dict[tuple[str, str], int] | None = None) -> str:
    """The handle that names this agent in a comment: "@prenom.nom" when that name is theirs alone,
    else "@" and their e-mail address."""
    key = _name_key(user)
    if key[0] and key[1] and (name_counts or {}).get(key, 1) == 1:
        return f"@{key[0]}.{key[1]}"
    return f"@{user.email}"


def mention_suggestions(query: str) -> list[dict[str, str]]:
    """Active agents whose first name, last name or e-mail starts with `query` (what follows "@"), with
    their handle: at most SUGGESTIONS_LIMIT, in two queries."""
    User = get_user_model()
    words = [w for w in re.split(r"[\s.]+", (query or "").strip().lstrip("@")) if w][:2]
    if not words or len(words[0]) < 1:
        return []
    agents = User.objects.filter(is_active=True, kind=User.Kind.AGENT)
    found = agents
    if len(words) == 1:
        word = words[0]
        found = found.filter(
            Q(first_name__istartswith=word) | Q(last_name__istartswith=word) | Q(email__istartswith=word)
        )
    else:
        found = found.filter(first_name__istartswith=words[0], last_name__istartswith=words[1])
    users = list(
        found.order_by("last_name", "first_name", "pk").only("first_name", "last_name", "email")[:SUGGESTIONS_LIMIT]
    )
    if not users:
        return []
    # Homonyms anywhere among the agents, not only among the suggestions: they get the e-mail handle.
    same = Q()
    for user in users:
        same |= Q(first_name__iexact=user.first_name, last_name__iexact=user.last_name)
    counts: dict[tuple[str, str], int] = {}
    for user in agents.filter(same).only("first_name", "last_name"):
        counts[_name_key(user)] = counts.get(_name_key(user), 0) + 1
    return [
        {"handle": handle_for(user, counts), "name": user.get_full_name() or user.email, "email": user.email}
        for user in users
    ]


def mention_problems(text: str) -> list[str]:
    """A French sentence for each "@…" of the text that names no agent, or more than one: a mention is
    never dropped silently."""
    User = get_user_model()
    tokens = {m.rstrip(".-'") for m in ANY_MENTION.findall(text or "")}
    tokens.discard("")
    if not tokens:
        return []
    agents = User.objects.filter(is_active=True, kind=User.Kind.AGENT)
    emails = {t.lower() for t in tokens if "@" in t}
    known_emails = {e.lower() for e in agents.filter(email__in=emails).values_list("email", flat=True)}
    names = {t: tuple(_normalise(part) for part in t.split(".", 1)) for t in tokens if "@" not in t and "." in t}
    counts: dict[tuple[str, str], int] = {}
    if names:
        for user in agents.only("first_name", "last_name"):
            key = _name_key(user)
            if key in names.values():
                counts[key] = counts.get(key, 0) + 1
    problems = []
    for token in sorted(tokens):
        if "@" in token:
            if token.lower() not in known_emails:
                problems.append(_("« @%(handle)s » ne correspond à aucun agent.") % {"handle": token})
        elif token not in names:
            problems.append(
                _("« @%(handle)s » ne désigne personne : écrivez @prenom.nom ou choisissez dans les suggestions.")
                % {"handle": token}
            )
        elif counts.get(names[token], 0) == 0:
            problems.append(_("« @%(handle)s » ne correspond à aucun agent.") % {"handle": token})
        elif counts[names[token]] > 1:
            problems.append(
                _("« @%(handle)s » désigne plusieurs agents : mentionnez-le par son adresse électronique.")
                % {"handle": token}
            )
    return problems


# --- writes ------------------------------------------------------------------------------------


def _excerpt(text: str) -> str:
    return Truncator(" ".join(text.split())).chars(80)


@transaction.atomic
def post_comment(*, author, target: Model, body: str, parent: Comment | None = None) -> Comment:
    """Save a comment (a reply to a reply attaches to the top-level comment), then notify."""
    content_type = ContentType.objects.get_for_model(target)
    if parent is not None:
        if parent.content_type_id != content_type.pk or parent.object_id != target.pk:
            raise ValueError("The parent comment belongs to another object.")
        if parent.parent_id is not None:
            parent = parent.parent
    comment = Comment.objects.create(
        content_type=content_type, object_id=target.pk, author=author, parent=parent, body=body
    )
    commentable = commentable_for(target)
    url = f"{commentable.url(target)}#commentaire-{comment.pk}" if commentable else ""
    author_name = author.get_full_name() or author.email
    mentioned = [u for u in mentioned_users(body) if u.pk != author.pk]
    if mentioned:
        notify(
            mentioned,
            verb="mention",
            title=_("%(author)s vous a mentionné dans un commentaire sur « %(target)s »")
            % {"author": author_name, "target": _excerpt(str(target))},
            url=url,
            actor=author,
            target=target,
        )
    mentioned_ids = {u.pk for u in mentioned}
    notify(
        [pk for pk in follows.followers(target).values_list("pk", flat=True) if pk not in mentioned_ids],
        verb="comment",
        title=_("%(author)s a commenté « %(target)s »") % {"author": author_name, "target": _excerpt(str(target))},
        url=url,
        actor=author,
        target=target,
    )
    follows.follow(author, target)
    if commentable and commentable.on_comment:
        commentable.on_comment(comment)
    return comment


@transaction.atomic
def edit_comment(comment: Comment, *, body: str, editor) -> Comment:
    """Change the text; the previous version stays in the comment's history."""
    before = {u.pk for u in mentioned_users(comment.body)}
    comment.body = body
    comment.edited_at = timezone.now()
    set_reason(comment, "core.comment.edited")
    comment.save(update_fields=["body", "edited_at"])
    target = comment.target
    newly_mentioned = [u for u in mentioned_users(body) if u.pk not in before and u.pk != editor.pk]
    if newly_mentioned and target is not None:
        commentable = commentable_for(target)
        notify(
            newly_mentioned,
            verb="mention",
            title=_("%(author)s vous a mentionné dans un commentaire sur « %(target)s »")
            % {"author": editor.get_full_name() or editor.email, "target": _excerpt(str(target))},
            url=f"{commentable.url(target)}#commentaire-{comment.pk}" if commentable else "",
            actor=editor,
            target=target,
        )
    return comment


@transaction.atomic
def delete_comment(comment: Comment) -> Comment:
    """The author withdraws the comment: the text is blanked here and in its history."""
    comment.body = ""
    comment.deleted_at = timezone.now()
    set_reason(comment, "core.comment.deleted")
    comment.save(update_fields=["body", "deleted_at"])
    comment.history.update(body="")
    return comment


@transaction.atomic
def hide_comment(comment: Comment, *, moderator, reason: str) -> Comment:
    comment.hidden_at = timezone.now()
    comment.hidden_by = moderator
    comment.hidden_reason = reason
    set_reason(comment, "core.comment.hidden")
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    comment.reports.filter(handled_at__isnull=True).update(handled_at=comment.hidden_at)
    _tell_author_hidden(comment, moderator=moderator, reason=reason)
    return comment


def _tell_author_hidden(comment: Comment, *, moderator, reason: str) -> None:
    """The author learns that a moderator hid their comment, and why: a word of the moderation charter,
    not a silent disappearance. The moderator is not named (`actor` stays empty): the decision is the
    moderation's, not a person's."""
    if comment.author_id is None or comment.author_id == getattr(moderator, "pk", None):
        return
    target = comment.target
    commentable = commentable_for(target) if target is not None else None
    values = {"target": _excerpt(str(target)) if target is not None else "", "reason": _excerpt(reason)}
    if reason.strip():
        title = _("Votre commentaire sur « %(target)s » a été masqué par la modération. Motif : %(reason)s") % values
    else:
        title = _("Votre commentaire sur « %(target)s » a été masqué par la modération.") % values
    notify(
        [comment.author_id],
        verb="comment_hidden",
        title=title,
        url=f"{commentable.url(target)}#commentaire-{comment.pk}" if commentable else "",
        target=target,
    )


@transaction.atomic
def unhide_comment(comment: Comment) -> Comment:
    comment.hidden_at = None
    comment.hidden_by = None
    comment.hidden_reason = ""
    set_reason(comment, "core.comment.unhidden")
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    return comment


def dismiss_reports(comment: Comment) -> int:
    """Close the comment's open reports without hiding it ("classer sans suite"); how many were open."""
    return comment.reports.filter(handled_at__isnull=True).update(handled_at=timezone.now())


@dataclass(frozen=True)
class Version:
    body: str
    date: object  # datetime


def earlier_versions(comment: Comment) -> list[Version]:
    """The texts the comment had before its current one, newest first (none once deleted: history is blanked)."""
    if comment.deleted_at is not None:
        return []
    records = comment.history.order_by("history_date", "history_id").values_list("body", "history_date")
    versions: list[Version] = []
    for body, date in records:
        if not versions or versions[-1].body != body:
            versions.append(Version(body=body, date=date))
    if versions and versions[-1].body == comment.body:
        versions.pop()  # the current text
    return [v for v in reversed(versions) if v.body]


def report_comment(comment: Comment, *, reporter, reason: str) -> CommentReport | None:
    """Record the report (once per reporter) and tell the moderators; None if already reported."""
    User = get_user_model()
    try:
        with transaction.atomic():
            report = CommentReport.objects.create(comment=comment, reporter=reporter, reason=reason)
    except IntegrityError:
        return None
    target = comment.target
    commentable = commentable_for(target) if target is not None else None
    moderators = User.objects.filter(is_active=True).filter(is_moderator=True) | User.objects.filter(
        is_active=True, is_superuser=True
    )
    notify(
        moderators.values_list("pk", flat=True),
        verb="comment_report",
        title=_("Un commentaire sur « %(target)s » a été signalé : %(reason)s")
        % {"target": _excerpt(str(target)), "reason": _excerpt(reason)},
        url=f"{commentable.url(target)}#commentaire-{comment.pk}" if commentable else "",
        actor=reporter,
        target=target,
    )
    return report
