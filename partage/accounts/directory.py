"""The organisation's directory (LDAP / Active Directory): bind sign-in, and the sync of agents,
directions and services (docs/decisions/0021-ldap-ldap3.md).

Sign-in is search-then-bind: the service account (LDAP_BIND_DN) finds the entry whose login attribute
(mail, userPrincipalName…) is the address typed, then Partage binds as that entry with the password typed;
the directory checks it, Partage never stores it. Agents are known by their entry's stable id (entryUUID,
objectGUID) through an ExternalIdentity, so a renamed or moved entry stays the same account.
"""

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import ldap3
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db import transaction
from django.utils import timezone
from ldap3.core.exceptions import LDAPException
from ldap3.utils.conv import escape_filter_chars

from partage.organisation.models import Direction, Service

from .models import DirectoryUnit, ExternalIdentity, User
from .writes import ExternalProfile, IdentityRefused, service_named, sign_in_external, update_from_profile

logger = logging.getLogger(__name__)


class DirectoryError(Exception):
    """The directory could not be read (down, refused the service account, or gave nothing back)."""


def is_enabled() -> bool:
    return bool(settings.LDAP_SERVER_URL and settings.LDAP_USER_BASE)


def _server() -> ldap3.Server:
    return ldap3.Server(settings.LDAP_SERVER_URL, get_info=ldap3.NONE, connect_timeout=settings.LDAP_TIMEOUT)


@contextmanager
def service_connection() -> Iterator[ldap3.Connection]:
    """A connection bound as the service account (or anonymous when LDAP_BIND_DN is empty)."""
    connection = ldap3.Connection(
        _server(),
        user=settings.LDAP_BIND_DN or None,
        password=settings.LDAP_BIND_PASSWORD or None,
        raise_exceptions=True,
        receive_timeout=settings.LDAP_TIMEOUT,
    )
    try:
        connection.open()
        if settings.LDAP_START_TLS:
            connection.start_tls()
        connection.bind()
        yield connection
    except LDAPException as exc:
        raise DirectoryError(str(exc)) from exc
    finally:
        connection.unbind()


def _user_attributes() -> list[str]:
    names = [
        settings.LDAP_ATTR_UID,
        settings.LDAP_ATTR_EMAIL,
        settings.LDAP_ATTR_FIRST_NAME,
        settings.LDAP_ATTR_LAST_NAME,
        settings.LDAP_ATTR_JOB_TITLE,
        settings.LDAP_ATTR_DIRECTION,
        settings.LDAP_ATTR_SERVICE,
        *settings.LDAP_LOGIN_ATTRIBUTES,
    ]
    return sorted({name for name in names if name})


def _first(entry: dict, name: str) -> str:
    if not name:
        return ""
    value = entry["attributes"].get(name)
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value or "").strip()


def stable_id(entry: dict) -> str:
    """The entry's id that survives renames and moves: entryUUID (OpenLDAP) or objectGUID (AD, binary)."""
    raw = entry["raw_attributes"].get(settings.LDAP_ATTR_UID) or [b""]
    raw = raw[0]
    if settings.LDAP_ATTR_UID.lower() == "objectguid" and len(raw) == 16:
        return str(uuid.UUID(bytes_le=raw))
    return raw.decode("utf-8", "replace").strip().lower()


def _entries(connection: ldap3.Connection, base: str, search_filter: str, attributes, *, scope=ldap3.SUBTREE):
    return [
        entry
        for entry in connection.extend.standard.paged_search(
            search_base=base,
            search_filter=search_filter,
            search_scope=scope,
            attributes=attributes,
            paged_size=500,
            generator=True,
        )
        if entry.get("type") == "searchResEntry"
    ]


def _normalise_dn(dn: str) -> str:
    return ",".join(part.strip() for part in dn.lower().split(","))


def _group_members(connection: ldap3.Connection, group_dn: str) -> set[str] | None:
    """The DNs of a group's members (groupOfNames / AD group `member`); None when no group is configured."""
    if not group_dn:
        return None
    found = _entries(connection, group_dn, "(objectClass=*)", ["member"], scope=ldap3.BASE)
    members = found[0]["attributes"].get("member", []) if found else []
    return {_normalise_dn(dn) for dn in members}


@dataclass
class DirectoryReader:
    """What one connection read: the units (tree mode) and the role groups, to build agents' profiles."""

    connection: ldap3.Connection
    moderators: set[str] | None = None
    administrators: set[str] | None = None
    services_by_dn: dict[str, Service] = field(default_factory=dict)

    def read_groups(self) -> None:
        self.moderators = _group_members(self.connection, settings.LDAP_GROUP_MODERATORS)
        self.administrators = _group_members(self.connection, settings.LDAP_GROUP_ADMINISTRATORS)

    def agent_entries(self) -> list[dict]:
        return _entries(self.connection, settings.LDAP_USER_BASE, settings.LDAP_USER_FILTER, _user_attributes())

    def find_agent(self, login: str) -> dict | None:
        value = escape_filter_chars(login)
        alternatives = "".join(f"({name}={value})" for name in settings.LDAP_LOGIN_ATTRIBUTES)
        search_filter = f"(&{settings.LDAP_USER_FILTER}(|{alternatives}))"
        found = _entries(self.connection, settings.LDAP_USER_BASE, search_filter, _user_attributes())
        # Two entries for one address: signing in either would be a guess.
        return found[0] if len(found) == 1 else None

    def service_of(self, entry: dict) -> Service | None:
        if settings.LDAP_ATTR_DIRECTION and settings.LDAP_ATTR_SERVICE:
            return service_named(
                direction_name=_first(entry, settings.LDAP_ATTR_DIRECTION)[:200],
                service_name=_first(entry, settings.LDAP_ATTR_SERVICE)[:200],
            )
        # Tree mode: the agent's entry sits inside its service's unit.
        dn = _normalise_dn(entry["dn"])
        for service_dn, service in self.services_by_dn.items():
            if dn.endswith("," + service_dn):
                return service
        return None

    def profile(self, entry: dict) -> ExternalProfile:
        dn = _normalise_dn(entry["dn"])
        return ExternalProfile(
            issuer=settings.LDAP_ISSUER,
            subject=stable_id(entry),
            email=_first(entry, settings.LDAP_ATTR_EMAIL),
            first_name=_first(entry, settings.LDAP_ATTR_FIRST_NAME)[:150],
            last_name=_first(entry, settings.LDAP_ATTR_LAST_NAME)[:150],
            job_title=_first(entry, settings.LDAP_ATTR_JOB_TITLE)[:200],
            service=self.service_of(entry),
            is_moderator=None if self.moderators is None else dn in self.moderators,
            is_administrator=None if self.administrators is None else dn in self.administrators,
            claims={"dn": entry["dn"]},
        )

    def load_known_services(self) -> None:
        """Services already linked to the directory (sign-in between two syncs)."""
        links = DirectoryUnit.objects.filter(kind=DirectoryUnit.Kind.SERVICE, is_active=True).select_related("service")
        self.services_by_dn = {_normalise_dn(link.dn): link.service for link in links}


def bind_as(dn: str, password: str) -> bool:
    """Does the directory accept this password for this entry?"""
    if not password:
        # An empty password is an anonymous bind, which LDAP servers accept: never a sign-in.
        return False
    connection = ldap3.Connection(
        _server(), user=dn, password=password, raise_exceptions=False, receive_timeout=settings.LDAP_TIMEOUT
    )
    try:
        connection.open()
        if settings.LDAP_START_TLS:
            connection.start_tls()
        return bool(connection.bind())
    except LDAPException:
        return False
    finally:
        connection.unbind()


class LDAPBackend(ModelBackend):
    """Email (or UPN) and password checked by the directory; the account made or updated from the entry."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not is_enabled() or not username or not password:
            return None
        try:
            with service_connection() as connection:
                reader = DirectoryReader(connection)
                entry = reader.find_agent(username)
                if entry is None or not bind_as(entry["dn"], password):
                    return None
                reader.read_groups()
                reader.load_known_services()
                profile = reader.profile(entry)
        except DirectoryError:
            # The directory is down: local passwords (where allowed) still work through the next backend.
            logger.exception("LDAP sign-in: the directory did not answer")
            return None
        if not profile.subject:
            return None
        try:
            user = sign_in_external(profile=profile, create=True, link_by_email=True)
        except IdentityRefused:
            logger.warning("LDAP sign-in refused for %s: address of another linked account", entry["dn"])
            return None
        return user if user is not None and self.user_can_authenticate(user) else None


# --- sync -------------------------------------------------------------------------------------------


@dataclass
class SyncReport:
    dry_run: bool
    directions_created: list[str] = field(default_factory=list)
    directions_updated: list[str] = field(default_factory=list)
    directions_deactivated: list[str] = field(default_factory=list)
    services_created: list[str] = field(default_factory=list)
    services_updated: list[str] = field(default_factory=list)
    services_deactivated: list[str] = field(default_factory=list)
    agents_created: list[str] = field(default_factory=list)
    agents_updated: list[str] = field(default_factory=list)
    agents_reactivated: list[str] = field(default_factory=list)
    agents_deactivated: list[str] = field(default_factory=list)
    agents_unchanged: int = 0
    skipped: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report in French, as the command prints it."""
        head = "Simulation (aucune modification enregistrée)" if self.dry_run else "Synchronisation effectuée"
        out = [f"{head} : annuaire {settings.LDAP_SERVER_URL}"]
        sections = [
            ("Directions créées", self.directions_created),
            ("Directions modifiées", self.directions_updated),
            ("Directions retirées de l'annuaire", self.directions_deactivated),
            ("Services créés", self.services_created),
            ("Services modifiés", self.services_updated),
            ("Services retirés de l'annuaire", self.services_deactivated),
            ("Agents créés", self.agents_created),
            ("Agents modifiés", self.agents_updated),
            ("Agents réactivés", self.agents_reactivated),
            ("Agents désactivés (partis de l'annuaire)", self.agents_deactivated),
            ("Entrées ignorées", self.skipped),
        ]
        for title, items in sections:
            out.append(f"{title} : {len(items)}")
            out.extend(f"  - {item}" for item in items)
        out.append(f"Agents inchangés : {self.agents_unchanged}")
        return out


def _unit_name(entry: dict) -> tuple[str, str]:
    """(name, acronym): the description names the unit when there is one, its `ou` is then the acronym."""
    ou = _first(entry, "ou")
    described = _first(entry, settings.LDAP_UNIT_NAME_ATTRIBUTE)
    return (described or ou)[:200], (ou if described else "")[:20]


class _Units:
    """What differs between syncing the directions and the services of one direction; the loop that
    links, renames, reports and retires them is `_sync_units`, written once for both."""

    kind: str  # a DirectoryUnit.Kind, also the name of the link's field
    prefix: str  # the SyncReport lists it adds to: <prefix>_created, <prefix>_updated
    attached: str  # the report's note when an existing unit of that name is linked to the entry

    def find(self, name: str) -> Direction | Service | None:
        raise NotImplementedError

    def create(self, name: str, acronym: str) -> Direction | Service:
        raise NotImplementedError

    def label(self, name: str) -> str:
        return name

    def apply(self, unit, name: str, acronym: str) -> list[str]:
        """Give the unit the entry's name (and acronym or direction); the changes, in French, saved."""
        raise NotImplementedError


class _Directions(_Units):
    kind = DirectoryUnit.Kind.DIRECTION
    prefix = "directions"
    attached = "(rattachée à l'annuaire)"

    def find(self, name: str) -> Direction | None:
        return Direction.objects.filter(name__iexact=name).first()

    def create(self, name: str, acronym: str) -> Direction:
        return Direction.objects.create(name=name, acronym=acronym)

    def apply(self, unit, name: str, acronym: str) -> list[str]:
        changes = []
        # A name another direction already has is kept off: names are unique.
        if unit.name != name and not Direction.objects.filter(name__iexact=name).exclude(pk=unit.pk).exists():
            changes.append(f"nom : {unit.name} → {name}")
            unit.name = name
        if acronym and unit.acronym != acronym:
            changes.append(f"sigle : {unit.acronym or '—'} → {acronym}")
            unit.acronym = acronym
        if changes:
            unit.save(update_fields=["name", "acronym"])
        return changes


@dataclass
class _ServicesOf(_Units):
    direction: Direction
    kind = DirectoryUnit.Kind.SERVICE
    prefix = "services"
    attached = "(rattaché à l'annuaire)"

    def find(self, name: str) -> Service | None:
        return Service.objects.filter(direction=self.direction, name__iexact=name).first()

    def create(self, name: str, acronym: str) -> Service:
        return Service.objects.create(direction=self.direction, name=name)

    def label(self, name: str) -> str:
        return f"{name} ({self.direction.acronym or self.direction.name})"

    def apply(self, unit, name: str, acronym: str) -> list[str]:
        changes = []
        if unit.name != name:
            changes.append(f"nom : {unit.name} → {name}")
            unit.name = name
        if unit.direction_id != self.direction.pk:
            changes.append(f"direction : {unit.direction} → {self.direction}")
            unit.direction = self.direction
        if changes:
            unit.save(update_fields=["name", "direction"])
        return changes


def _sync_units(reader: DirectoryReader, base: str, units: _Units, report: SyncReport, seen: set[str]) -> dict:
    """Link each unit entry right under `base` to its direction or service (created, or found by name the
    first time), follow its renames, and note its id in `seen`. Returns {normalised DN: unit}."""
    created, updated = getattr(report, f"{units.prefix}_created"), getattr(report, f"{units.prefix}_updated")
    attributes = [settings.LDAP_ATTR_UID, "ou", settings.LDAP_UNIT_NAME_ATTRIBUTE]
    by_dn = {}
    for entry in _entries(reader.connection, base, settings.LDAP_UNIT_FILTER, attributes, scope=ldap3.LEVEL):
        external_id = stable_id(entry)
        name, acronym = _unit_name(entry)
        if not external_id or not name:
            report.skipped.append(entry["dn"])
            continue
        seen.add(external_id)
        label = units.label(name)
        link = DirectoryUnit.objects.select_related(units.kind).filter(external_id=external_id).first()
        if link is None:
            unit = units.find(name)
            if unit is None or hasattr(unit, "directory_unit"):
                unit = units.create(name, acronym)
                created.append(label)
            else:
                updated.append(f"{label} {units.attached}")
            link = DirectoryUnit.objects.create(
                kind=units.kind, external_id=external_id, dn=entry["dn"], **{units.kind: unit}
            )
        unit = getattr(link, units.kind)
        changes = units.apply(unit, name, acronym)
        if changes:
            updated.append(f"{label} ({', '.join(changes)})")
        if not link.is_active:
            updated.append(f"{label} (de retour dans l'annuaire)")
        link.dn, link.is_active, link.synced_at = entry["dn"], True, timezone.now()
        link.save(update_fields=["dn", "is_active", "synced_at"])
        by_dn[_normalise_dn(entry["dn"])] = unit
    return by_dn


def _retire_units(kind: str, seen: set[str], deactivated: list[str]) -> None:
    """Links whose entry left the directory become inactive; the direction or service itself stays."""
    links = DirectoryUnit.objects.filter(kind=kind, is_active=True).exclude(external_id__in=seen)
    for link in links.select_related(kind):
        link.is_active = False
        link.save(update_fields=["is_active"])
        deactivated.append(getattr(link, kind).name)


def _sync_directions(reader: DirectoryReader, report: SyncReport) -> dict[str, Direction]:
    seen: set[str] = set()
    directions = _sync_units(reader, settings.LDAP_ORG_BASE, _Directions(), report, seen)
    _retire_units(DirectoryUnit.Kind.DIRECTION, seen, report.directions_deactivated)
    return directions


def _sync_services(reader: DirectoryReader, directions: dict[str, Direction], report: SyncReport) -> None:
    seen: set[str] = set()
    for direction_dn, direction in directions.items():
        services = _sync_units(reader, direction_dn, _ServicesOf(direction), report, seen)
        reader.services_by_dn.update(services)
    _retire_units(DirectoryUnit.Kind.SERVICE, seen, report.services_deactivated)


def _sync_agents(reader: DirectoryReader, entries: list[dict], report: SyncReport) -> None:
    issuer = settings.LDAP_ISSUER
    identities = {
        identity.subject: identity for identity in ExternalIdentity.objects.filter(issuer=issuer).select_related("user")
    }
    seen = set()
    for entry in entries:
        profile = reader.profile(entry)
        if not profile.subject or not profile.email:
            report.skipped.append(entry["dn"])
            continue
        seen.add(profile.subject)
        identity = identities.get(profile.subject)
        if identity is None:
            existed = User.objects.filter(email__iexact=profile.email).exists()
            try:
                user = sign_in_external(profile=profile, create=True, link_by_email=True)
            except IdentityRefused:
                report.skipped.append(f"{entry['dn']} (adresse d'un compte rattaché à une autre entrée)")
                continue
            report.agents_created.append(f"{user.email} (compte existant rattaché)" if existed else user.email)
            continue
        user = identity.user
        changed = update_from_profile(user, profile)
        if not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active"])
            report.agents_reactivated.append(user.email)
        elif changed:
            report.agents_updated.append(f"{user.email} ({', '.join(changed)})")
        else:
            report.agents_unchanged += 1
        identity.claims, identity.last_seen_at = profile.claims, timezone.now()
        identity.save(update_fields=["claims", "last_seen_at"])
    for subject, identity in identities.items():
        if subject not in seen and identity.user.is_active:
            # Never deleted: their actions, comments and history stay theirs.
            identity.user.is_active = False
            identity.user.save(update_fields=["is_active"])
            report.agents_deactivated.append(identity.user.email)


def sync_directory(*, dry_run: bool = False) -> SyncReport:
    """Bring directions, services and agents in line with the directory; with `dry_run`, only report.

    The dry run does the very same work inside a transaction that is rolled back, so its report is
    exactly what the real run would do.
    """
    if not is_enabled():
        raise DirectoryError("LDAP_SERVER_URL et LDAP_USER_BASE doivent être définis.")
    report = SyncReport(dry_run=dry_run)
    with service_connection() as connection:
        reader = DirectoryReader(connection)
        reader.read_groups()
        agents = reader.agent_entries()
        if not agents:
            # A wrong filter or base must not deactivate every agent.
            raise DirectoryError("L'annuaire ne renvoie aucun agent : rien n'est modifié (vérifiez LDAP_USER_BASE).")
        with transaction.atomic():
            if settings.LDAP_ORG_BASE:
                directions = _sync_directions(reader, report)
                _sync_services(reader, directions, report)
            _sync_agents(reader, agents, report)
            if dry_run:
                transaction.set_rollback(True)
    return report
