"""Role × route rows of the territory app added after core's table (collected by
partage/core/tests/test_roles.py); core's table keeps the earlier territory rows."""

from partage.testing.roles import LOGIN, row

ROWS = {
    # The commune contact of Lanester, for a notice sent to Lanester; the administrator (superuser) may
    # open it (no commune: no button, a link to the internal page); agents are refused.
    "territory:notice_acknowledge": row(LOGIN, 403, 403, 403, 200, 200),
}
POST_ROUTES: set[str] = set()


def route_kwargs(*, action, pilot, agent) -> dict:
    from partage.testing import factories

    from .factories import WorksNoticeFactory

    lanester = factories.CommuneFactory(name="Lanester", slug="lanester")
    return {"territory:notice_acknowledge": {"pk": WorksNoticeFactory(communes=[lanester]).pk}}
