"""`manage.py strict_logins`: when the strict mode (ANONYMITY_STRICT_LOGINS) is turned on, coarsen the
login records already written to the minute — users' `last_login` and `date_joined` keep the day — and
drop django-axes' records with their times (access log, failure log, failed attempts)."""

from axes.models import AccessAttempt, AccessAttemptExpiration, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from partage.core.anonymity import start_of_day


class Command(BaseCommand):
    help = "Keep the day only in the login records already written (strict mode, ANONYMITY_STRICT_LOGINS)."

    @transaction.atomic
    def handle(self, *args, **options):
        users = get_user_model().objects.only("pk", "last_login", "date_joined")
        changed = 0
        for user in users.iterator(chunk_size=500):
            fields = []
            for name in ("last_login", "date_joined"):
                value = getattr(user, name)
                if value is not None and start_of_day(value) != value:
                    setattr(user, name, start_of_day(value))
                    fields.append(name)
            if fields:
                user.save(update_fields=fields)
                changed += 1
        # Raw deletes: axes' delete signals call its database handler, absent in strict mode (cache handler).
        dropped = 0
        for model in (AccessAttemptExpiration, AccessLog, AccessFailureLog, AccessAttempt):
            dropped += model.objects.all()._raw_delete(model.objects.db)
        self.stdout.write(
            _("%(users)s comptes ramenés au jour, %(records)s traces de connexion supprimées.")
            % {"users": changed, "records": dropped}
        )
