"""The WebSocket protocol (PROTOCOL.md) through Channels' WebsocketCommunicator, against the real ASGI
application (cookies, auth middleware, routing) and the database."""

import asyncio
import json
import uuid

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from partage.asgi import application
from partage.live import writes
from partage.live.hub import ONLINE_REPORT_SECONDS
from partage.live.identity import cookie_name
from partage.live.models import Answer, LiveSession, Participant

from .factories import SessionFactory, poll, quiz, wordcloud

pytestmark = [pytest.mark.django_db(transaction=True)]


def guest_cookie(session) -> str:
    response = Client().get(f"/j/{session.code}/")
    assert response.status_code == 200
    return f"{cookie_name(session.code)}={response.cookies[cookie_name(session.code)].value}"


def host_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def communicator(path: str, cookie: str) -> WebsocketCommunicator:
    return WebsocketCommunicator(application, path, headers=[(b"cookie", cookie.encode())])


async def receive_type(comm: WebsocketCommunicator, kind: str, timeout: float = 3, deadline: float = 20):
    # Presence and state messages keep arriving: bound the whole wait, not only each receive, so a lost
    # message fails the test instead of hanging the run.
    loop = asyncio.get_running_loop()
    give_up = loop.time() + deadline
    while loop.time() < give_up:
        message = json.loads(await comm.receive_from(timeout=timeout))
        if message["type"] == kind:
            return message
    raise AssertionError(f"no {kind!r} message within {deadline} s")


@pytest.fixture
def live(administrator):
    session = SessionFactory(host=administrator)
    first = poll(session)
    LiveSession.objects.filter(pk=session.pk).update(current_activity=first)
    session.refresh_from_db()
    return session, first


def test_guest_answers_once_and_a_retry_gets_the_same_ack(live):
    session, activity = live
    cookie = guest_cookie(session)

    async def scenario():
        comm = communicator(f"/ws/live/j/{session.code}/", cookie)
        connected, _ = await comm.connect()
        assert connected
        state = await receive_type(comm, "state")
        assert state["activity"]["id"] == activity.pk
        assert state["activity"]["choices"][0] == {"id": "a", "label": "Lundi"}
        assert state["you"]["answered"] == {}
        answer_id = str(uuid.uuid4())
        message = {"type": "answer", "id": answer_id, "activity": activity.pk, "value": {"choices": ["b"]}}
        await comm.send_to(text_data=json.dumps(message))
        ack = await receive_type(comm, "ack")
        assert ack == {"type": "ack", "id": answer_id, "status": "stored", "activity": activity.pk}
        await comm.send_to(text_data=json.dumps(message))
        assert (await receive_type(comm, "ack"))["status"] == "duplicate"
        other = {**message, "id": str(uuid.uuid4()), "value": {"choices": ["a"]}}
        await comm.send_to(text_data=json.dumps(other))
        error = await receive_type(comm, "error")
        assert error["code"] == "already_answered"
        await comm.disconnect()

        # Reconnecting: the first state says what was answered, and a late retry is still a duplicate.
        comm = communicator(f"/ws/live/j/{session.code}/", cookie)
        await comm.connect()
        state = await receive_type(comm, "state")
        assert state["you"]["answered"] == {str(activity.pk): answer_id}
        await comm.send_to(text_data=json.dumps(message))
        assert (await receive_type(comm, "ack"))["status"] == "duplicate"
        await comm.disconnect()

    async_to_sync(scenario)()
    assert Answer.objects.filter(activity=activity).count() == 1
    assert Answer.objects.get().value == {"choices": ["b"]}


def test_bad_messages_get_errors_and_store_nothing(live):
    session, activity = live
    cookie = guest_cookie(session)

    async def scenario():
        comm = communicator(f"/ws/live/j/{session.code}/", cookie)
        await comm.connect()
        await receive_type(comm, "state")
        await comm.send_to(text_data="pas du json")
        assert (await receive_type(comm, "error"))["code"] == "bad_message"
        await comm.send_to(text_data=json.dumps({"type": "answer", "id": "x" * 5000}))
        assert (await receive_type(comm, "error"))["code"] == "too_large"
        bad = {"type": "answer", "id": str(uuid.uuid4()), "activity": activity.pk, "value": {"choices": ["z"]}}
        await comm.send_to(text_data=json.dumps(bad))
        assert (await receive_type(comm, "error"))["code"] == "invalid"
        two = {"type": "answer", "id": str(uuid.uuid4()), "activity": activity.pk, "value": {"choices": ["a", "b"]}}
        await comm.send_to(text_data=json.dumps(two))
        assert (await receive_type(comm, "error"))["code"] == "invalid"
        await comm.send_to(text_data=json.dumps({"type": "dance"}))
        assert (await receive_type(comm, "error"))["code"] == "unknown_type"
        await comm.disconnect()

    async_to_sync(scenario)()
    assert not Answer.objects.exists()


def test_answers_are_rate_limited(live, monkeypatch):
    from partage.live import consumers, ratelimit

    session, activity = live
    cookie = guest_cookie(session)
    # The real buckets refill faster than this test sends; a slow bucket makes the refusal certain.
    slow = {**ratelimit.participant_buckets(), "answer": ratelimit.TokenBucket(0.01, 2)}
    monkeypatch.setattr(consumers, "participant_buckets", lambda: slow)

    async def scenario():
        comm = communicator(f"/ws/live/j/{session.code}/", cookie)
        await comm.connect()
        await receive_type(comm, "state")
        for _ in range(3):
            await comm.send_to(text_data=json.dumps({"type": "answer", "id": "pas-un-uuid", "activity": activity.pk}))
        codes = [(await receive_type(comm, "error"))["code"] for _ in range(3)]
        assert codes == ["bad_message", "bad_message", "rate_limited"]
        await comm.disconnect()

    async_to_sync(scenario)()


def test_unknown_code_and_banned_participant_are_closed(live):
    session, _activity = live
    cookie = guest_cookie(session)

    async def scenario():
        comm = communicator("/ws/live/j/AAAAAA/", cookie)
        await comm.connect()
        assert (await comm.receive_output(timeout=3))["code"] == 4404
        comm = communicator(f"/ws/live/j/{session.code}/", cookie)
        await comm.connect()
        await receive_type(comm, "state")
        await comm.disconnect()
        await sync_to_async(Participant.objects.update)(banned=True)
        comm = communicator(f"/ws/live/j/{session.code}/", cookie)
        await comm.connect()
        assert (await comm.receive_output(timeout=3))["code"] == 4403

    async_to_sync(scenario)()


def test_host_control_moves_every_phone_and_the_presenter_gets_result_ticks(live, administrator, agent):
    session, first = live
    second = quiz(session)
    third = wordcloud(session)
    cookie = guest_cookie(session)
    agent_cookie = host_cookie(agent)  # an agent joins as themselves, with their own session cookie

    async def scenario():
        presenter = communicator(f"/ws/live/s/{session.pk}/presenter/", host_cookie_value)
        connected, _ = await presenter.connect()
        assert connected
        host_state = await receive_type(presenter, "state")
        assert host_state["host"]["participants"] == 0
        guest = communicator(f"/ws/live/j/{session.code}/", cookie)
        await guest.connect()
        await receive_type(guest, "state")
        member = communicator(f"/ws/live/j/{session.code}/", agent_cookie)
        await member.connect()
        await receive_type(member, "state")
        for comm, choice in ((guest, "a"), (member, "b")):
            await comm.send_to(
                text_data=json.dumps(
                    {"type": "answer", "id": str(uuid.uuid4()), "activity": first.pk, "value": {"choices": [choice]}}
                )
            )
            assert (await receive_type(comm, "ack"))["status"] == "stored"
        # The presenter's tick reports both answers (ticks come only when something changed).
        while True:
            tick = await receive_type(presenter, "results")
            if tick["answers"] == 2:
                break
        assert tick["data"]["counts"] == {"a": 1, "b": 1}
        assert tick["participants"] == 2
        await presenter.send_to(text_data=json.dumps({"type": "control", "id": "c1", "action": "next"}))
        assert (await receive_type(presenter, "ack"))["status"] == "done"
        for comm in (guest, member):
            state = await receive_type(comm, "state")
            assert state["activity"]["id"] == second.pk
            assert "correct" not in json.dumps(state["activity"])
        # Answering an activity that is not the current one is refused.
        late = {"type": "answer", "id": str(uuid.uuid4()), "activity": third.pk, "value": {"words": ["confiance"]}}
        await guest.send_to(text_data=json.dumps(late))
        assert (await receive_type(guest, "error"))["code"] == "not_current"
        await member.send_to(
            text_data=json.dumps(
                {"type": "answer", "id": str(uuid.uuid4()), "activity": second.pk, "value": {"choices": ["b"]}}
            )
        )
        assert (await receive_type(member, "ack"))["status"] == "stored"
        await presenter.send_to(text_data=json.dumps({"type": "control", "id": "c2", "action": "reveal"}))
        state = await receive_type(guest, "state")
        assert state["results"]["correct"] == ["b"]
        assert state["results"]["leaderboard"][0]["name"] == "Anne Agent"
        for comm in (presenter, guest, member):
            await comm.disconnect()

    host_cookie_value = host_cookie(administrator)
    async_to_sync(scenario)()
    assert Participant.objects.filter(user=agent).count() == 1


def test_wordcloud_results_fold_words(live):
    session, _first = live
    cloud = wordcloud(session)
    writes.control(session=session, action="goto", activity_id=cloud.pk)
    for words in (["Télétravail", "confiance"], ["le teletravail"], ["CONFIANCE"]):
        participant = Participant.objects.create(session=session)
        participant.session = session
        writes.submit_answer(
            participant=participant, activity_id=cloud.pk, client_id=uuid.uuid4(), value={"words": words}
        )
    from partage.live.results import compute

    cloud.refresh_from_db()
    words = {w["word"]: w["count"] for w in compute(cloud)["words"]}
    assert words == {"teletravail": 2, "confiance": 2}


def test_questions_are_moderated_voted_once_and_a_banned_phone_is_closed(live, administrator):
    from partage.live.models import Activity, Contribution

    session, _first = live
    qa = Activity.objects.create(
        session=session, position=5, kind=Activity.Kind.QA, prompt="Vos questions", moderation=Activity.Moderation.PRE
    )
    writes.control(session=session, action="goto", activity_id=qa.pk)
    cookie = guest_cookie(session)

    async def scenario():
        presenter = communicator(f"/ws/live/s/{session.pk}/remote/", host_cookie_value)
        await presenter.connect()
        await receive_type(presenter, "state")
        phone = communicator(f"/ws/live/j/{session.code}/", cookie)
        await phone.connect()
        state = await receive_type(phone, "state")
        assert state["activity"]["kind"] == "qa"
        question = {"type": "contribute", "id": str(uuid.uuid4()), "activity": qa.pk, "text": "<b>Quand ?</b>"}
        await phone.send_to(text_data=json.dumps(question))
        ack = await receive_type(phone, "ack")
        assert ack["status"] == "stored" and ack["pending"] is True
        await phone.send_to(text_data=json.dumps(question))
        assert (await receive_type(phone, "ack"))["status"] == "duplicate"
        # The remote sees it in its moderation queue, publishes it; the phone then sees it, as text.
        while True:
            host_state = await receive_type(presenter, "state")
            if host_state["host"]["queue"]:
                break
        item = host_state["host"]["queue"][0]
        assert item["text"] == "<b>Quand ?</b>"
        await presenter.send_to(
            text_data=json.dumps({"type": "moderate", "id": "m1", "contribution": item["id"], "action": "publish"})
        )
        while True:
            state = await receive_type(phone, "state")
            if state["contributions"]:
                break
        assert state["contributions"][0]["text"] == "<b>Quand ?</b>"
        vote = {"type": "vote", "id": str(uuid.uuid4()), "contribution": item["id"]}
        await phone.send_to(text_data=json.dumps(vote))
        assert (await receive_type(phone, "ack"))["status"] == "stored"
        await phone.send_to(text_data=json.dumps({**vote, "id": str(uuid.uuid4())}))
        assert (await receive_type(phone, "ack"))["status"] == "duplicate"
        # Ban: the phone's socket is closed with 4403.
        await presenter.send_to(text_data=json.dumps({"type": "ban", "id": "b1", "participant": state_key["key"]}))
        while True:
            output = await phone.receive_output(timeout=3)
            if output["type"] == "websocket.close":
                assert output["code"] == 4403
                break
        await presenter.disconnect()

    host_cookie_value = host_cookie(administrator)
    # Create the participant up front through the fallback, so the test knows whom to ban.
    client = Client()
    client.cookies.load(cookie)
    client.get(f"/j/{session.code}/etat/")
    state_key = {"key": str(Participant.objects.get(session=session).key)}
    async_to_sync(scenario)()
    contribution = Contribution.objects.get()
    assert contribution.votes_count == 1
    assert Participant.objects.get(key=state_key["key"]).banned


def test_a_guest_may_open_the_socket_without_the_page(live):
    from partage.live.identity import read_key, set_cookie_header

    session, activity = live

    async def scenario():
        comm = WebsocketCommunicator(application, f"/ws/live/j/{session.code}/")
        connected, _ = await comm.connect()
        assert connected
        state = await receive_type(comm, "state")
        assert state["activity"]["id"] == activity.pk
        await comm.disconnect()
        return state["you"]["participant"]

    key = async_to_sync(scenario)()
    assert str(Participant.objects.get(session=session).key) == key
    # The handshake's Set-Cookie holds the same signed value the page would have set.
    header = set_cookie_header(session.code, uuid.UUID(key)).decode()
    name, value = header.split(";")[0].split("=", 1)
    assert str(read_key(session.code, {name: value})) == key

    writes.control(session=session, action="lock")

    async def locked():
        comm = WebsocketCommunicator(application, f"/ws/live/j/{session.code}/")
        await comm.connect()
        assert (await comm.receive_output(timeout=3))["code"] == 4403

    async_to_sync(locked)()


def test_the_presenter_gets_the_new_state_after_a_control_while_a_phone_is_connected(live, administrator):
    """With a phone connected, the process's hub listens on the channel layer beside the presenter. Under Redis
    the hub's channel once had a prefix of its own; it kept the layer's receive lock, and the presenter missed
    "next activity" (the browser journey showed the old activity on the projector)."""
    session, first = live
    second = quiz(session)

    async def scenario():
        presenter = communicator(f"/ws/live/s/{session.pk}/presenter/", host_cookie_value)
        connected, _ = await presenter.connect()
        assert connected
        before = await receive_type(presenter, "state")
        assert before["activity"]["id"] == first.pk
        phone = communicator(f"/ws/live/j/{session.code}/", cookie)
        await phone.connect()
        await receive_type(phone, "state")
        # Once the hub's first presence report has reached the presenter, the hub waits on the layer. The next
        # report is then queued for the presenter ahead of "next activity": the order in which a hub channel of
        # its own prefix left the presenter's messages stuck in Redis.
        while json.loads(await presenter.receive_from(timeout=5)).get("online") != 1:
            pass
        await asyncio.sleep(ONLINE_REPORT_SECONDS + 0.5)
        await presenter.send_to(text_data=json.dumps({"type": "control", "id": "c1", "action": "next"}))
        assert (await receive_type(presenter, "ack"))["status"] == "done"
        after = await receive_type(presenter, "state", deadline=5)
        assert after["activity"]["id"] == second.pk and after["seq"] > before["seq"]
        await presenter.disconnect()
        await phone.disconnect()

    host_cookie_value = host_cookie(administrator)
    cookie = guest_cookie(session)
    async_to_sync(scenario)()
