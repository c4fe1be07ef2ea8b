"""Who may do what in the territory module (django-rules; see docs/decisions/0006-territory-notices.md).

- The directory is read by every signed-in user (agents and commune contacts); its entries for a
  commune are written by that commune's contacts and by administrators (403 for other communes).
- Notices and correspondence are internal pages: agents and administrators read them; any agent
  attached to a service creates a notice (for their own service); a notice is changed by the agents
  of its service, its author and administrators.
- Commune contacts read the correspondence sent to their commune.
"""

import rules

from partage.accounts.rules import is_administrator, is_agent, is_commune_contact


@rules.predicate
def is_contact_of_commune(user, commune) -> bool:
    return commune is not None and user.is_authenticated and user.commune_id == commune.pk


@rules.predicate
def is_service_member(user) -> bool:
    return user.is_authenticated and user.service_id is not None


@rules.predicate
def is_notice_service_agent(user, notice) -> bool:
    return notice is not None and (user.service_id == notice.service_id or user.pk == notice.created_by_id)


@rules.predicate
def is_contact_of_concerned_commune(user, correspondence) -> bool:
    if correspondence is None or not user.is_authenticated or user.commune_id is None:
        return False
    return correspondence.communes.filter(pk=user.commune_id).exists()


can_view_directory = is_agent | is_administrator | is_commune_contact
can_edit_commune_entries = is_administrator | (is_commune_contact & is_contact_of_commune)


@rules.predicate
def is_contact_of_notice_commune(user, notice) -> bool:
    if notice is None or not user.is_authenticated or user.commune_id is None:
        return False
    return notice.communes.filter(pk=user.commune_id).exists()


can_view_notices = is_agent | is_administrator
can_add_notice = is_administrator | (is_agent & is_service_member)
can_change_notice = is_administrator | (is_agent & is_notice_service_agent)

rules.add_perm("territory.view_directory", can_view_directory)
rules.add_perm("territory.edit_commune_entries", can_edit_commune_entries)
rules.add_perm("territory.export_directory", is_agent | is_administrator)
rules.add_perm("territory.view_notices", can_view_notices)
rules.add_perm("territory.add_notice", can_add_notice)
rules.add_perm("territory.change_notice", can_change_notice)
rules.add_perm("territory.view_correspondence_list", is_agent | is_administrator)
rules.add_perm("territory.add_correspondence", is_agent | is_administrator)
rules.add_perm(
    "territory.view_correspondence",
    is_agent | is_administrator | (is_commune_contact & is_contact_of_concerned_commune),
)
rules.add_perm("territory.view_dashboard", is_agent | is_administrator)
# The next works notices on the main dashboard: every notice for staff, their commune's for its contacts.
# A commune contact acknowledges in the app the notices sent to their commune (as with the email link).
rules.add_perm("territory.acknowledge_notice", is_commune_contact & is_contact_of_notice_commune)
rules.add_perm("territory.view_notices_block", can_view_notices | is_commune_contact)
# The dashboard's "Avis à accuser réception": the notices sent to a commune contact's commune not yet acknowledged.
rules.add_perm("territory.acknowledge_notices", is_commune_contact)
