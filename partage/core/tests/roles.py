"""Role × route rows of core's footer pages, bell and identity files (collected by
partage/core/tests/test_roles.py; core's earlier rows stay in that file). Legal pages are public: the law asks
that anyone can read them; the identity's stylesheet, logo and favicon are public too, since the login page
shows them."""

from partage.testing.roles import LOGIN, PUBLIC, READ, REDIRECT, row

NOT_FOUND = row(404, 404, 404, 404, 404, 404)

ROWS = {
    "core:site_page": PUBLIC,
    # Each module's help page (core.hooks.help_topic): public like the other footer pages.
    "core:help": PUBLIC,
    # The header's bell (core/bell.py): everyone signed in has one; only one's own notifications.
    "core:notification_panel": READ,
    "core:bell_mark_all_read": row(LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),  # POST
    "core:mark_notification_read": row(LOGIN, REDIRECT, 404, 404, 404, 404),  # POST; the agent's notification
    "core:identity_css": PUBLIC,
    # No logo uploaded in the matrix's data: 404 for everyone, never a login redirect.
    "core:identity_file": NOT_FOUND,
    # The comment box's @mention suggestions: whoever may comment (commune contacts read, they do not write).
    "core:mention_suggestions": row(LOGIN, 200, 200, 200, 200, 403),
}
POST_ROUTES: set[str] = {"core:bell_mark_all_read", "core:mark_notification_read"}


def route_kwargs(*, action, pilot, agent) -> dict:
    from partage.core.models import Notification

    notification = Notification.objects.create(recipient=agent, verb="comment", url="/", title="Pour la cloche")
    return {
        "core:site_page": {"slug": "accessibilite"},
        "core:help": {"slug": "boite-a-idees"},
        "core:mark_notification_read": {"pk": notification.pk},
        "core:identity_file": {"kind": "logo"},
    }
