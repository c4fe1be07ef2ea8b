"""Password checks queue in each worker process (partage/accounts/backends.py): sign-ins arriving together
in the threads of one worker are checked one after the other, each still signs in and a wrong password is
still refused."""

import threading
import time

import pytest
from django.contrib.auth.backends import ModelBackend
from django.test import RequestFactory

from partage.accounts.backends import LocalPasswordBackend
from partage.testing import factories

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "motdepasse-test"


def test_sign_ins_at_once_are_checked_one_at_a_time(monkeypatch):
    agents = [factories.UserFactory(email=f"agent{n}@lorient-agglo.test") for n in range(4)]
    running, most, lock = 0, 0, threading.Lock()
    real = ModelBackend.authenticate

    def slow_check(self, request, **kwargs):
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.05)  # a password check takes a while: the others arrive meanwhile
        try:
            return real(self, request, **kwargs)
        finally:
            with lock:
                running -= 1

    monkeypatch.setattr(ModelBackend, "authenticate", slow_check)
    results: dict[str, object] = {}

    def sign_in(email: str, password: str) -> None:
        request = RequestFactory().post("/")
        results[email] = LocalPasswordBackend().authenticate(request, username=email, password=password)

    threads = [threading.Thread(target=sign_in, args=(a.email, PASSWORD)) for a in agents[:3]]
    threads.append(threading.Thread(target=sign_in, args=(agents[3].email, "mauvais")))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert most == 1
    assert [results[a.email] for a in agents] == [*agents[:3], None]
