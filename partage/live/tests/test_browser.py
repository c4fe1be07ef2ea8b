"""Browser journey of a live session (marker `browser`): a host runs the session from the presenter screen
while two participants — a guest and an agent — answer a poll, a quiz and a word cloud; the results go to
an action's journal. Every page is checked with axe (harness.visit / check_page), including after the
screens changed live.

The live server of pytest-django is WSGI-only: WebSockets need the ASGI application, so `asgi_server`
runs uvicorn in a thread of the test process (the same test database and channel layer: in memory, or
PostgreSQL and Redis in CI's production-stack step).
"""

import threading
import time

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from partage.browser import harness
from partage.roadmap.models import ProgressUpdate
from partage.testing.ports import claim_free_port

from .factories import SessionFactory, poll, quiz, wordcloud

pytestmark = [
    pytest.mark.browser,
]


class _Server:
    def __init__(self, url: str) -> None:
        self.url = url


@pytest.fixture
def asgi_server(transactional_db):
    import uvicorn

    port = claim_free_port(8230, 8249)  # this engineer's port range (8200-8249), upper part for tests
    config = uvicorn.Config(
        "partage.asgi:application", host="127.0.0.1", port=port, lifespan="off", log_level="warning", ws="websockets"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield _Server(f"http://127.0.0.1:{port}")
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def screen(browser, asgi_server):
    pages = []

    def make():
        page = harness.new_page(browser, asgi_server.url)
        pages.append(page)
        return page

    yield make
    for page in pages:
        page.context.close()


def _control(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()


def test_host_runs_a_poll_a_quiz_and_a_word_cloud_with_a_guest_and_an_agent(
    screen, asgi_server, administrator, agent, action
):
    session = SessionFactory(host=administrator, title="Séminaire QVT")
    session.actions.add(action)
    poll(session, position=1, results="hidden")
    quiz(session, position=2)
    wordcloud(session, position=3)
    base = asgi_server.url

    host = screen()
    harness.login(host, asgi_server, administrator)
    harness.visit(host, base + reverse("live:presenter", kwargs={"pk": session.pk}))
    host.get_by_text("Connecté.").wait_for()

    guest = screen()
    harness.visit(guest, base + f"/j/{session.code}/")
    guest.get_by_text("Connecté.").wait_for()
    member = screen()
    harness.login(member, asgi_server, agent)
    harness.visit(member, base + f"/j/{session.code}/")
    member.get_by_text("Connecté.").wait_for()

    # Poll: the host moves every phone to it; results stay hidden on the projector until the reveal.
    _control(host, "Suivante")
    for phone, choice in ((guest, "Lundi"), (member, "Vendredi")):
        phone.get_by_role("heading", name="Quel jour pour le télétravail ?").wait_for()
        harness.check_page(phone)
        phone.get_by_label(choice).check()
        phone.get_by_role("button", name="Envoyer").click()
        phone.get_by_text("Votre réponse est enregistrée").wait_for()
    host.get_by_text("Résultats masqués jusqu'à la révélation.").wait_for()
    _control(host, "Révéler les résultats")
    table = host.get_by_role("table", name="Résultats sous forme de tableau")
    table.wait_for()
    expect(host.locator(".live-table tbody tr").filter(has_text="Vendredi")).to_contain_text("1")
    expect(host.locator(".live-table tbody tr").filter(has_text="Lundi")).to_contain_text("1")
    harness.check_page(host)
    guest.get_by_role("table", name="Résultats sous forme de tableau").wait_for()
    harness.check_page(guest)

    # Quiz: the agent answers right, the guest wrong; the reveal shows the correct answer and the leaderboard.
    _control(host, "Suivante")
    for phone, choice in ((guest, "2017"), (member, "2019")):
        phone.get_by_role("heading", name="En quelle année le PAP a-t-il été adopté ?").wait_for()
        phone.get_by_label(choice).check()
        phone.get_by_role("button", name="Envoyer").click()
        phone.get_by_text("Votre réponse est enregistrée").wait_for()
    _control(host, "Révéler les résultats")
    member.get_by_text("Anne Agent — 1000 points").wait_for()
    member.get_by_text("2019 ✓ bonne réponse").first.wait_for()
    harness.check_page(member)

    # Word cloud: words are folded (case, accents) and counted together.
    _control(host, "Suivante")
    for phone, word in ((guest, "Télétravail"), (member, "teletravail")):
        phone.get_by_role("heading", name="Un mot pour le télétravail ?").wait_for()
        phone.get_by_label("Mot 1").fill(word)
        phone.get_by_role("button", name="Envoyer").click()
        phone.get_by_text("Votre réponse est enregistrée").wait_for()
    _control(host, "Révéler les résultats")
    expect(host.locator(".live-table tbody tr").filter(has_text="télétravail")).to_contain_text("2")
    harness.check_page(host)

    # The remote, the summary, then the results into the action's journal.
    harness.visit(host, base + reverse("live:remote", kwargs={"pk": session.pk}))
    host.get_by_text("Connecté.").wait_for()
    harness.check_page(host)
    harness.visit(host, base + reverse("live:summary", kwargs={"pk": session.pk}))
    harness.visit(host, base + reverse("live:attach", kwargs={"pk": session.pk}))
    harness.follow(host, host.get_by_role("button", name="Joindre les résultats").click)
    host.get_by_text("Résultats ajoutés au journal de la fiche 2.4.1.").wait_for()
    entry = ProgressUpdate.objects.get(action=action)
    assert "Vendredi : 1" in entry.text and "Un mot pour le télétravail" in entry.text
    harness.visit(host, base + action.get_absolute_url())
    host.get_by_text("Résultats de la session en direct « Séminaire QVT »").first.wait_for()


def test_host_moderates_a_board_from_the_remote_with_the_keyboard(screen, asgi_server, administrator):
    import uuid

    from partage.live.models import Activity, Contribution, LiveSession, Participant

    session = SessionFactory(host=administrator, title="Atelier")
    board = Activity.objects.create(
        session=session,
        position=1,
        kind=Activity.Kind.BOARD,
        prompt="Idées pour l'accueil",
        columns=[{"id": "court", "label": "Court terme"}, {"id": "long", "label": "Long terme"}],
    )
    # Plain rows: the writes would push to the channel layer from Playwright's event-loop thread.
    LiveSession.objects.filter(pk=session.pk).update(current_activity=board)
    guest = Participant.objects.create(session=session)
    for text in ("Un café d'accueil", "Café de bienvenue"):
        Contribution.objects.create(
            activity=board, participant=guest, client_id=uuid.uuid4(), text=text, column="court"
        )

    host = screen()
    harness.login(host, asgi_server, administrator)
    harness.visit(host, asgi_server.url + reverse("live:remote", kwargs={"pk": session.pk}))
    host.get_by_text("Connecté.").wait_for()
    host.get_by_role("button", name="Fusionner").first.wait_for()
    harness.check_page(host)  # the live moderation queue, with its selects, has no axe violation
    first = Contribution.objects.get(text="Un café d'accueil")
    host.get_by_role("button", name="Fusionner").first.focus()
    # A card arrives while the host's focus is on "Fusionner": the queue is rebuilt, and the focus stays on the
    # same button (it used to fall back to the page, and Enter then did nothing).
    Contribution.objects.create(activity=board, participant=guest, client_id=uuid.uuid4(), text="Thé", column="long")
    expect(host.locator("#live-queue-body")).to_contain_text("Thé — 0 votes")
    expect(host.locator(f"#live-queue-body form[data-moderate='{first.pk}'] button[value=merge]")).to_be_focused()
    host.keyboard.press("Enter")
    expect(host.locator("#live-queue-body")).to_contain_text("Café de bienvenue / Un café d'accueil", timeout=5000)
    merged = Contribution.objects.get(pk=first.pk)
    assert merged.merged_into is not None


def test_presenter_screen_fits_a_phone(screen, asgi_server, administrator):
    """A host who opens the presenter screen on a 390 px phone does not scroll sideways (it was 647 px wide)."""
    session = SessionFactory(host=administrator, title="Séminaire sur la qualité de vie au travail")
    poll(session, position=1, results="shown")
    host = screen()
    harness.login(host, asgi_server, administrator)
    host.set_viewport_size(harness.PHONE)
    harness.visit(host, asgi_server.url + reverse("live:presenter", kwargs={"pk": session.pk}))
    host.get_by_text("Connecté.").wait_for()
    harness.check_fits(host)
    _control(host, "Suivante")
    host.get_by_role("heading", name="Quel jour pour le télétravail ?").wait_for()
    harness.check_fits(host)
    harness.check_page(host)
