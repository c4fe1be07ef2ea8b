import datetime

import pytest

from partage.roadmap.models import Action, ProgressUpdate
from partage.roadmap.writes import add_journal_entry, add_progress_update


@pytest.mark.django_db
def test_latest_progress_update_carries_status_and_progress_to_action(action, pilot):
    add_progress_update(action=action, author=pilot, text="Charte signée.", status=Action.Status.DONE, progress=100)
    action.refresh_from_db()
    assert (action.status, action.progress) == (Action.Status.DONE, 100)
    assert action.history.first().history_change_reason == "roadmap.action.progress"


@pytest.mark.django_db
def test_backdated_update_does_not_override_newer_state(action, pilot):
    add_progress_update(action=action, author=pilot, text="Récent", status=Action.Status.IN_PROGRESS, progress=60)
    add_progress_update(
        action=action,
        author=pilot,
        text="Ancien",
        status=Action.Status.TO_START,
        progress=0,
        date=datetime.date(2019, 1, 1),
    )
    action.refresh_from_db()
    assert action.progress == 60


@pytest.mark.django_db
def test_journal_entry_from_feeding_module_keeps_state(action):
    entry = add_journal_entry(action=action, text="Revue du groupe de suivi", source=ProgressUpdate.Source.REVIEW)
    action.refresh_from_db()
    assert entry.progress == action.progress == 30
    assert entry.author is None
