"""Who may do what with live sessions (django-rules).

- Hosting is a role, not a column: the Django permission `live.host_session` (Meta.permissions of
  LiveSession), granted to groups in the admin; administrators have it. Only agents host.
- A host manages the sessions they created; administrators manage every session.
- Anyone (guests included) joins an open session by its code: that is checked in the views, not here.
"""

import rules

from partage.accounts.rules import is_administrator, is_agent


@rules.predicate
def is_host(user) -> bool:
    # The model permission from groups (ModelBackend); superusers have every permission.
    return user.is_authenticated and user.has_perm("live.host_session")


@rules.predicate
def is_session_host(user, session) -> bool:
    return session is not None and session.host_id == user.pk


can_host_sessions = is_administrator | (is_agent & is_host)

rules.add_perm("live.host_sessions", can_host_sessions)
rules.add_perm("live.manage_session", is_administrator | (can_host_sessions & is_session_host))
