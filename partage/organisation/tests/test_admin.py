"""Administration pages of the organisation (directions, services, communes) open for administrators."""

import pytest
from django.urls import reverse

from partage.testing.factories import CommuneFactory, ServiceFactory


@pytest.mark.parametrize("model", ["direction", "service", "commune"])
def test_admin_pages_open(client, administrator, model):
    service = ServiceFactory()
    obj = {"direction": service.direction, "service": service, "commune": CommuneFactory()}[model]
    client.force_login(administrator)
    assert client.get(reverse(f"admin:organisation_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:organisation_{model}_change", args=[obj.pk])).status_code == 200
    assert client.get(reverse(f"admin:organisation_{model}_add")).status_code == 200
