"""Administration pages of the territory models open for administrators."""

import pytest
from django.urls import reverse

from .factories import CorrespondenceFactory, InterlocutorFactory, WorksNoticeFactory


@pytest.mark.parametrize("model", ["domain", "interlocutor", "worksnotice", "correspondence"])
def test_admin_pages_open(client, administrator, lanester, model):
    objects = {
        "interlocutor": lambda: InterlocutorFactory(commune=lanester),
        "worksnotice": lambda: WorksNoticeFactory(communes=[lanester]),
        "correspondence": lambda: CorrespondenceFactory(communes=[lanester]),
        "domain": lambda: InterlocutorFactory(commune=lanester).domain,
    }
    obj = objects[model]()
    client.force_login(administrator)
    assert client.get(reverse(f"admin:territory_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:territory_{model}_change", args=[obj.pk])).status_code == 200
    assert client.get(reverse(f"admin:territory_{model}_add")).status_code == 200
