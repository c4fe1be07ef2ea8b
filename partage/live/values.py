"""Checking what a participant sends: one function per activity kind, returning the cleaned value
or raising `Refused` with a French message. Nothing here trusts the client: sizes, ids and ranges
are checked, and text is kept as plain text (templates escape it; JSON clients get it as data)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from .models import Activity
from .text import MAX_WORD, is_profane, normalise_word

MAX_TEXT = 280
MIN_TEXT = 2


class Refused(Exception):
    def __init__(self, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.extra = extra

    def as_message(self, client_id: str | None) -> dict[str, Any]:
        return {"type": "error", "id": client_id, "code": self.code, "message": self.message, **self.extra}


def _invalid(message: str) -> Refused:
    return Refused("invalid", message)


def _choice_ids(activity: Activity) -> list[str]:
    return [str(choice.get("id")) for choice in activity.choices]


def clean_value(activity: Activity, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Refused("bad_message", _("Réponse illisible."))
    kind = activity.kind
    if kind in (Activity.Kind.POLL, Activity.Kind.QUIZ):
        return _clean_choices(activity, value)
    if kind == Activity.Kind.WORDCLOUD:
        return _clean_words(activity, value)
    if kind == Activity.Kind.SCALE:
        return _clean_score(activity, value)
    if kind == Activity.Kind.RANKING:
        return _clean_order(activity, value)
    if kind == Activity.Kind.POINTS:
        return _clean_points(activity, value)
    raise Refused("unknown_activity", _("Cette activité ne prend pas de réponse."))


def _clean_choices(activity: Activity, value: dict) -> dict:
    choices = value.get("choices")
    if not isinstance(choices, list) or not choices or not all(isinstance(c, str) for c in choices):
        raise _invalid(_("Choisissez au moins une réponse."))
    chosen = list(dict.fromkeys(choices))
    known = set(_choice_ids(activity))
    if not set(chosen) <= known:
        raise _invalid(_("Ce choix n'existe pas."))
    limit = max(1, activity.max_choices)
    if len(chosen) > limit:
        raise _invalid(_("Vous pouvez choisir au plus %(n)d réponses.") % {"n": limit})
    return {"choices": chosen}


def _clean_words(activity: Activity, value: dict) -> dict:
    words = value.get("words")
    if isinstance(words, str):
        words = [words]
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise _invalid(_("Écrivez un ou plusieurs mots."))
    cleaned = [w.strip()[:MAX_WORD] for w in words if w.strip()]
    if not cleaned:
        raise _invalid(_("Écrivez un ou plusieurs mots."))
    if len(cleaned) > max(1, activity.max_words):
        raise _invalid(_("Au plus %(n)d mots.") % {"n": activity.max_words})
    if any(len(w) > MAX_WORD for w in words):
        raise _invalid(_("Un mot fait au plus %(n)d caractères.") % {"n": MAX_WORD})
    keys = [normalise_word(w) for w in cleaned]
    if not any(keys):
        raise _invalid(_("Ces mots sont trop courants pour le nuage : essayez un autre mot."))
    if activity.filter_profanity and any(is_profane(k) for k in keys):
        raise Refused("not_allowed", _("Ce mot n'est pas accepté."))
    return {"words": cleaned, "keys": [k for k in keys if k]}


def scale_bounds(activity: Activity) -> tuple[int, int]:
    if activity.scale == Activity.Scale.NPS:
        return 0, 10
    return 1, int(activity.scale)


def _clean_score(activity: Activity, value: dict) -> dict:
    score = value.get("score")
    low, high = scale_bounds(activity)
    if isinstance(score, str) and score.isdigit():
        score = int(score)
    if not isinstance(score, int) or isinstance(score, bool) or not low <= score <= high:
        raise _invalid(_("Choisissez une note de %(low)d à %(high)d.") % {"low": low, "high": high})
    return {"score": score}


def _clean_order(activity: Activity, value: dict) -> dict:
    order = value.get("order")
    if not isinstance(order, list) or sorted(map(str, order)) != sorted(_choice_ids(activity)):
        raise _invalid(_("Classez chaque proposition une fois."))
    return {"order": [str(o) for o in order]}


def _clean_points(activity: Activity, value: dict) -> dict:
    points = value.get("points")
    known = set(_choice_ids(activity))
    if not isinstance(points, dict) or not set(points) <= known:
        raise _invalid(_("Répartissez vos points entre les propositions."))
    cleaned: dict[str, int] = {}
    for key, amount in points.items():
        if isinstance(amount, str) and amount.isdigit():
            amount = int(amount)
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
            raise _invalid(_("Les points sont des nombres entiers positifs."))
        if amount:
            cleaned[key] = amount
    if sum(cleaned.values()) != 100:
        raise _invalid(
            _("Répartissez exactement 100 points (vous en avez donné %(n)d).") % {"n": sum(cleaned.values())}
        )
    return {"points": cleaned}


def clean_text(raw: Any) -> str:
    if not isinstance(raw, str):
        raise Refused("bad_message", _("Message illisible."))
    text = " ".join(raw.split())
    if len(text) < MIN_TEXT:
        raise _invalid(_("Écrivez au moins %(n)d caractères.") % {"n": MIN_TEXT})
    if len(text) > MAX_TEXT:
        raise _invalid(_("Au plus %(n)d caractères.") % {"n": MAX_TEXT})
    return text
