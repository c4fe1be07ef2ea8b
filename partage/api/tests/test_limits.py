"""Rate limits (DRF throttling): past the rate, a French 429 with Retry-After."""

from django.core.cache import cache
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle


def test_anonymous_rate_limit_answers_429_in_french(client, programme, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/min", "user": "100/min", "write": "100/min"})
    cache.clear()
    url = reverse("api:programmes", kwargs={"version": "v1"})
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(url)
    cache.clear()
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert refused.json()["detail"].startswith("Requête ralentie")
    assert int(refused["Retry-After"]) > 0
