"""All a new app writes to appear on the action page, on the dashboard and in the navigation."""

from partage.core import hooks

hooks.nav_entry(label="Démo des crochets", url_name="search:search", permission="roadmap.view_roadmap", order=95)


@hooks.section("action", template="hookdemo/action.html", permission="roadmap.view_roadmap", order=60)
def action_block(request, action):
    return {"number": action.number}


@hooks.section("dashboard", template="hookdemo/dashboard.html", permission="ideas.moderate_ideas", order=60)
def dashboard_block(request, programme):
    return {"programme": programme}
