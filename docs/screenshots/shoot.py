"""Screenshots of the main pages at 390 and 1366 px (issue 12's closing note), on the demo data of `make run`.

Run `make run` (or the same migrate / load_roadmap / seed_demo / seed_demo_content on another database and
uvicorn on another port: BASE below), then `.venv/bin/python docs/screenshots/shoot.py`. Signs in as the
demo pilot; writes docs/screenshots/<page>-<width>.png and prints each page's scrollWidth."""

import os
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = os.environ.get("SHOTS_BASE", "http://127.0.0.1:8000")
HERE = Path(__file__).resolve().parent
PAGES = [
    ("tableau-de-bord", "/"),
    ("feuille-de-route", "/feuille-de-route/pap-2019/"),
    ("fiche-action-2.4.1", "/feuille-de-route/pap-2019/2.4.1/"),
    ("boite-a-idees", "/idees/"),
    ("consultation", "/decisions/consultations/1/"),
]
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
    for width, height in ((1366, 900), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
        page = context.new_page()
        page.goto(BASE + "/compte/connexion/")
        page.get_by_label("Adresse électronique").fill("pilote@partage.local")
        page.get_by_label("Mot de passe").fill("pilote-demo-2019")
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_load_state("networkidle")
        for name, path in PAGES:
            page.goto(BASE + path)
            page.wait_for_load_state("networkidle")
            wide = page.evaluate("document.scrollingElement.scrollWidth")
            page.screenshot(path=str(HERE / f"{name}-{width}.png"), full_page=False)
            print(name, width, "scrollWidth", wide)
        context.close()
    browser.close()
