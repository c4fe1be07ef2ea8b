"""Benchmark of the digest run: `run(agents=1000, notifications=10000)` returns the seconds taken.

Called by `make bench` (through `partage.bench`) or directly:
`python -m partage.core.bench_digest` (uses a throw-away SQLite database).
Data is created inside a transaction that is rolled back, so an existing database is left untouched.
"""

import os
import random
import time


class _Rollback(Exception):
    pass


def _create_data(agents: int, notifications: int) -> dict[str, int]:
    from django.contrib.auth import get_user_model

    from partage.core.models import Notification, NotificationPreference

    User = get_user_model()  # the custom user of accounts, named without importing it (core is below accounts)

    rng = random.Random(2019)
    users = User.objects.bulk_create(
        [
            User(email=f"bench{i}@lorient-agglo.test", first_name="Agent", last_name=f"N°{i}", password="!")
            for i in range(agents)
        ]
    )
    frequencies = ["daily"] * 6 + ["weekly"] * 2 + ["immediate", "never"]
    preferences = [NotificationPreference(user=u, email_frequency=frequencies[i % 10]) for i, u in enumerate(users)]
    NotificationPreference.objects.bulk_create(preferences, batch_size=500)
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=rng.choice(users),
                verb="bench",
                title=f"Le relevé de décisions n°{i} est publié",
                url=f"/groupes/{i}/",
            )
            for i in range(notifications)
        ],
        batch_size=1000,
    )
    expected: dict[str, int] = {}
    for frequency in ("daily", "weekly"):
        expected[frequency] = (
            Notification.objects.filter(recipient__notification_preference__email_frequency=frequency)
            .values("recipient")
            .distinct()
            .count()
        )
    return expected


def run(agents: int = 1000, notifications: int = 10000, verbose: bool = False) -> float:
    """Seconds taken by the daily and the weekly digest runs over fresh bench data."""
    from django.core import mail
    from django.db import transaction
    from django.test.utils import override_settings

    from partage.core.tasks import send_digests

    elapsed = 0.0
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        mail.outbox = []
        try:
            with transaction.atomic():
                expected = _create_data(agents, notifications)
                started = time.perf_counter()
                sent = {frequency: send_digests(frequency) for frequency in ("daily", "weekly")}
                elapsed = time.perf_counter() - started
                if sent != expected or len(mail.outbox) != sum(expected.values()):
                    raise AssertionError(f"Digest sent {sent}, expected {expected}")
                if verbose:
                    print(
                        f"Résumés : {sent['daily']} quotidiens + {sent['weekly']} hebdomadaires "
                        f"pour {agents} agents et {notifications} notifications en {elapsed:.2f} s"
                    )
                raise _Rollback
        except _Rollback:
            pass
        finally:
            mail.outbox = []
    return elapsed


def main() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as directory:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partage.settings_test")
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{directory}/bench.sqlite3")
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        run(verbose=True)


if __name__ == "__main__":
    main()
