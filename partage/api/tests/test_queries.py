"""List endpoints run the same number of queries whatever the size of the data (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partage.news.tests.factories import PostFactory
from partage.territory.tests.factories import WorksNoticeFactory
from partage.testing import factories


def grow(programme, n: int) -> None:
    axis = factories.AxisFactory(programme=programme, number=n + 10)
    objective = factories.ObjectiveFactory(axis=axis, number=1)
    lanester = factories.CommuneFactory(name="Lanester", slug="lanester")
    for i in range(n):
        action = factories.ActionFactory(
            programme=programme, objective=objective, position=i + 1, number=f"{n + 10}.1.{i + 1}"
        )
        action.pilots.add(factories.UserFactory())
        factories.MilestoneFactory(action=action)
        factories.IndicatorMeasureFactory(indicator=factories.IndicatorFactory(action=action))
        PostFactory(actions=[action])
        WorksNoticeFactory(communes=[lanester])


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"page_size": 200})
    assert response.status_code == 200, response.content
    return len(queries)


URLS = [
    ("api:actions", {"programme": "pap-2019"}),
    ("api:programmes", {}),
    ("api:programme", {"programme": "pap-2019"}),
    ("api:posts", {}),
    ("api:communes", {}),
    ("api:commune_notices", {"slug": "lanester"}),
]


@pytest.mark.parametrize("role", ["anonymous", "agent"])
def test_list_queries_do_not_grow_with_the_data(client, programme, agent, role):
    if role == "agent":
        client.force_login(agent)
    grow(programme, 3)
    urls = [reverse(name, kwargs={"version": "v1", **kwargs}) for name, kwargs in URLS]
    urls += [
        reverse("api:opendata_csv", kwargs={"programme": "pap-2019"}),
        reverse("api:opendata_json", kwargs={"programme": "pap-2019"}),
    ]
    small = [count(client, url) for url in urls]
    grow(programme, 30)
    large = [count(client, url) for url in urls]
    assert small == large, dict(zip(urls, zip(small, large, strict=True), strict=True))
