"""The 9:00 peak, as locust users (`make bench-load`; run by `partage.loadtest.run`, never imported by Django).

Every user is one seeded agent (partage/loadtest/seed.py; LOAD_PLAN names the plan file) who opens the login
page, logs in with a password, lands on the dashboard and opens the roadmap, as a browser does: each POST is
sent without following its redirect, then the page it points to is requested under its own name. An agent
the plan gives yesterday's session cookie (LOAD_SESSIONS in partage/loadtest/run.py) opens the dashboard
straight away, signed in, as a browser with that cookie does. One agent in
five then opens a consultation and votes, one in twenty opens an action and posts a comment. Each journey
runs once, with a reading pause between pages (LOAD_THINK, "min-max" seconds), then the user stays idle until
the run ends: the number of users is the number of agents arriving, the spawn rate their arrival rate.

A request fails when its status is not the expected one (200 for pages, never a redirect: a lost session
would send the agent to the login page; 302 for the login, vote and comment to the expected page, whatever
its query string and anchor, with the vote and comment found on the page it points to) or when it does not
answer in LOAD_TIMEOUT seconds.
"""

import itertools
import json
import os
import random
import re
import time
from urllib.parse import urlsplit

from locust import HttpUser, task

with open(os.environ["LOAD_PLAN"], encoding="utf-8") as _file:
    PLAN = json.load(_file)
_EMAILS = itertools.cycle(PLAN["emails"])
_low, _high = (float(x) for x in os.environ.get("LOAD_THINK", "2-8").split("-"))
TIMEOUT = float(os.environ.get("LOAD_TIMEOUT", "60"))
CHOICE = re.compile(r'name="choice"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="choice"')


class Agent(HttpUser):
    """An agent opening the dashboard and the roadmap at 9:00."""

    weight = 15

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.email = next(_EMAILS)
        self.session = PLAN.get("sessions", {}).get(self.email, "")
        self.done = False

    def wait_time(self) -> float:
        return 3600.0  # one journey per agent: idle once it is done (the run's end stops the user)

    def think(self) -> None:
        time.sleep(random.uniform(_low, _high))  # cooperative: locust has monkey-patched time.sleep

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    def page(self, path: str, name: str, expect: str = "") -> str:
        with self.client.get(path, name=name, timeout=TIMEOUT, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code} {response.headers.get('Location', '')}".strip())
            elif expect and expect not in response.text:
                response.failure(f"« {expect} » absent de la page")
            else:
                return response.text or ""
        return ""

    def post(self, path: str, name: str, data: dict, then: str) -> str:
        """A form POST answered by a redirect to the page `then` (the browser's next page), as a real form is;
        the address it points to (the page with its query string, e.g. an action's tab, and anchor), or ""."""
        data = {"csrfmiddlewaretoken": self.csrf(), **data}
        with self.client.post(
            path, data=data, name=name, timeout=TIMEOUT, allow_redirects=False, catch_response=True
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code != 302 or urlsplit(location).path != then:
                response.failure(f"HTTP {response.status_code} vers « {location} » au lieu de {then}")
                return ""
        return location.split("#")[0]

    def login(self) -> bool:
        if self.session:  # yesterday's cookie: the browser opens the dashboard signed in
            self.client.cookies.set(PLAN["session_cookie"], self.session)
        else:
            if not self.page(PLAN["login"], "connexion (page)"):
                return False  # no form, no CSRF cookie: a browser could not post it either
            credentials = {"username": self.email, "password": PLAN["password"]}
            if not self.post(PLAN["login"], "connexion (envoi)", credentials, then=PLAN["dashboard"]):
                return False
        return bool(self.page(PLAN["dashboard"], "tableau de bord", expect=PLAN["signed_in"]))

    def then(self) -> None:
        """What the agent does after the roadmap: nothing for most."""

    @task
    def journey(self) -> None:
        if self.done:
            return
        self.done = True
        if not self.login():
            return
        self.think()
        self.page(PLAN["roadmap"], "feuille de route")
        self.then()


class Voter(Agent):
    """An agent who then votes on one of the open proposals."""

    weight = 4

    def then(self) -> None:
        poll = random.choice(PLAN["polls"])
        self.think()
        html = self.page(poll["page"], "consultation", expect='name="choice"')
        options = [a or b for a, b in CHOICE.findall(html)]
        if not options:
            return  # a failure already (the ballot is missing): nothing to vote on
        self.think()
        choice = {"choice": random.choice(options), "reason": "Vote du test de charge."}
        if after := self.post(poll["vote"], "vote (envoi)", choice, then=poll["page"]):
            self.page(after, "consultation", expect="Votre vote est enregistré")


class Commenter(Agent):
    """An agent who then comments on an action of the roadmap."""

    weight = 1

    def then(self) -> None:
        action = random.choice(PLAN["actions"])
        self.think()
        self.page(action["page"], "fiche-action")
        self.think()
        body = {"body": f"Commentaire du test de charge ({self.email})."}
        if after := self.post(action["comment"], "commentaire (envoi)", body, then=action["page"]):
            self.page(after, "fiche-action", expect="Votre commentaire est publié")
