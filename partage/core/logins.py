"""`last_login` in strict mode keeps the day, not the minute (ANONYMITY_STRICT_LOGINS, issue 16).

Django's own receiver (`update_last_login`) writes the exact moment of every sign-in on the user row;
read with a dump, the minute an agent signed in narrows who wrote an anonymous idea released in that
window. In strict mode the receiver below writes midnight of the day instead, and only when the day
changed (so later sign-ins of the same day leave the row untouched). Nothing else reads `last_login`
to the minute: the password-reset token hashes it, and a day still changes between two days' logins.
`date_joined` keeps the day as well: an account made at its first sign-in (single sign-on) would
otherwise record that minute. Failed sign-ins go to the cache, not the database (settings: AXES_HANDLER)."""

from django.conf import settings
from django.contrib.auth.models import update_last_login
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import pre_save
from django.utils import timezone


def strict() -> bool:
    return bool(getattr(settings, "ANONYMITY_STRICT_LOGINS", False))


def login_moment():
    """The moment to record for a sign-in (last_login, an identity's last_seen_at)."""
    from .anonymity import day_only

    return day_only(timezone.now()) if strict() else timezone.now()


def record_last_login(sender, user, **kwargs) -> None:
    if not strict():
        update_last_login(sender, user, **kwargs)
        return
    moment = login_moment()
    if user.last_login != moment:
        user.last_login = moment
        user.save(update_fields=["last_login"])


def keep_day_joined(sender, instance, **kwargs) -> None:
    if strict() and instance._state.adding and instance.date_joined is not None:
        from .anonymity import start_of_day

        instance.date_joined = start_of_day(instance.date_joined)


def install() -> None:
    user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
    user_logged_in.connect(record_last_login, dispatch_uid="partage_record_last_login")
    pre_save.connect(keep_day_joined, sender=settings.AUTH_USER_MODEL, dispatch_uid="partage_keep_day_joined")
