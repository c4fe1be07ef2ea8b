"""A poll's dates must satisfy its database constraints in the form (issue 15): a poll edited with a closing
date before its opening date raised IntegrityError (`poll_closes_after_opening`), a 500."""

import datetime

from django.urls import reverse
from django.utils import timezone

from partage.decisions.models import Poll

from .factories import make_poll


def test_a_poll_edited_to_close_before_it_opens_is_a_french_form_error(client, agent, thread):
    opening = timezone.now() + datetime.timedelta(days=10)
    poll = make_poll(
        thread=thread, kind=Poll.Kind.PROPOSAL, opening_at=opening, closing_at=opening + datetime.timedelta(days=5)
    )
    client.force_login(agent)
    closing = timezone.localtime(opening - datetime.timedelta(days=2))
    response = client.post(
        reverse("decisions:poll_edit", args=[poll.pk]),
        {"title": poll.title, "closing_at": closing.strftime("%Y-%m-%dT%H:%M"), "results_visibility": "always"},
    )
    assert response.status_code in (200, 400)
    assert "La clôture doit suivre l’ouverture du vote" in response.content.decode()
    poll.refresh_from_db()
    assert poll.closing_at == opening + datetime.timedelta(days=5)


def test_a_poll_closing_in_year_9999_is_a_french_form_error(client, agent, thread):
    poll = make_poll(thread=thread, kind=Poll.Kind.PROPOSAL)
    client.force_login(agent)
    response = client.post(
        reverse("decisions:poll_edit", args=[poll.pk]),
        {"title": poll.title, "closing_at": "9999-12-31T23:59", "results_visibility": "always"},
    )
    assert response.status_code in (200, 400)
    assert "Indiquez une année entre 1900 et 2200" in response.content.decode()


def test_a_formula_in_a_poll_option_is_exported_as_text_in_csv_and_xlsx(client, agent, thread):
    """Issue 15: `=HYPERLINK(...)` from a poll option was written as a live formula (shared core.tabular now)."""
    import io

    import openpyxl

    formula = '=HYPERLINK("https://evil.example/","Cliquez")'
    poll = make_poll(thread=thread, kind=Poll.Kind.POLL, options=[formula, "Option B"])
    client.force_login(agent)
    csv_response = client.get(reverse("decisions:results_export", kwargs={"pk": poll.pk, "fmt": "csv"}))
    assert csv_response.status_code == 200
    csv_text = (
        b"".join(csv_response.streaming_content).decode() if csv_response.streaming else csv_response.content.decode()
    )
    assert "HYPERLINK" in csv_text
    assert all(
        not cell.strip('"').startswith("=")
        for line in csv_text.splitlines()
        for cell in line.split(";") + line.split(",")
    )
    xlsx_response = client.get(reverse("decisions:results_export", kwargs={"pk": poll.pk, "fmt": "xlsx"}))
    assert xlsx_response.status_code == 200
    content = b"".join(xlsx_response.streaming_content) if xlsx_response.streaming else xlsx_response.content
    cells = [c for row in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows() for c in row]
    texts = [c.value for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert texts and all(c.data_type != "f" for c in cells)
    assert all(not text.startswith("=") for text in texts)
