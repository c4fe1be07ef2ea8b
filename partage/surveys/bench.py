"""Survey figures for `make bench` (called by partage/bench.py inside its throwaway test database):
answer page, results page and CSV export of a 20-question survey at 100 and at 10,000 responses, and the
peak Python memory of the export at 100,000 responses (tracemalloc).

Responses are inserted with executemany, then the running totals rebuilt (the write path is tested
elsewhere; here only reads are timed).
"""

from __future__ import annotations

import os
import random
import statistics
import time
import tracemalloc
import uuid

REQUESTS = 15


def _fill(survey, count: int, seed: int = 1) -> None:
    from django.db import connection, transaction

    from .models import Answer, Question, Response

    rng = random.Random(seed)
    questions = list(survey.questions.exclude(kind=Question.Kind.TEXT_BLOCK))
    response_table, answer_table = Response._meta.db_table, Answer._meta.db_table
    batch_responses, batch_answers = [], []

    # Table names come from the models, not from input.
    insert_response = (
        f"INSERT INTO {response_table} (id, survey_id, status, resume_token_hash, submitted_on, last_page) "  # noqa: S608
        "VALUES (%s, %s, 'submitted', '', '2026-03-01', 4)"
    )
    insert_answer = (
        f'INSERT INTO {answer_table} (id, response_id, question_id, "row", choice, number, text, file) '  # noqa: S608
        "VALUES (%s, %s, %s, %s, %s, %s, %s, '')"
    )

    def flush():
        with connection.cursor() as cursor:
            cursor.executemany(insert_response, batch_responses)
            cursor.executemany(insert_answer, batch_answers)
        batch_responses.clear()
        batch_answers.clear()

    with transaction.atomic():
        for _ in range(count):
            rid = uuid.uuid4().hex
            batch_responses.append((rid, survey.pk))
            for q in questions:
                k = q.kind
                if k in ("single", "yes_no"):
                    choice = rng.choice(q.choice_keys())
                    batch_answers.append((uuid.uuid4().hex, rid, q.pk, "", choice, None, ""))
                elif k == "multiple":
                    for choice in rng.sample(q.choices, 2):
                        batch_answers.append((uuid.uuid4().hex, rid, q.pk, "", choice, None, ""))
                elif k in ("rating", "nps"):
                    value = rng.choice(q.scale())
                    batch_answers.append((uuid.uuid4().hex, rid, q.pk, "", str(value), float(value), ""))
                elif k == "number":
                    batch_answers.append((uuid.uuid4().hex, rid, q.pk, "", "", float(rng.randint(0, 100)), ""))
                elif k == "matrix_single":
                    for row in q.rows:
                        batch_answers.append((uuid.uuid4().hex, rid, q.pk, row, rng.choice(q.choices), None, ""))
                elif k == "ranking":
                    for rank, item in enumerate(rng.sample(q.choices, len(q.choices)), start=1):
                        batch_answers.append((uuid.uuid4().hex, rid, q.pk, "", item, float(rank), ""))
                else:
                    batch_answers.append((uuid.uuid4().hex, rid, q.pk, "", "", None, f"avis {rng.randint(1, 999)}"))
            if len(batch_responses) >= 2000:
                flush()
        flush()
    # Inserted behind the writes' back: bring the running totals up to date, as after an import.
    from .writes import rebuild_tallies

    rebuild_tallies(survey=survey)


def _median(get) -> float:
    get()
    durations = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        status = get()
        durations.append((time.perf_counter() - start) * 1000)
        if status != 200:
            raise SystemExit(f"surveys: la page a répondu {status}")
    return statistics.median(durations)


def _export_peak(client, survey, *, trace: bool = True) -> tuple[float, float]:
    """Peak Python memory (tracemalloc, which also slows Python down: time is measured untraced)."""
    from django.urls import reverse

    url = reverse("surveys:export", args=[survey.pk, "csv"])
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    response = client.get(url)
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    seconds = time.perf_counter() - start
    if not trace:
        return 0.0, seconds
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024 / 1024, seconds


def run() -> str:
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.urls import reverse

    from . import writes
    from .templates_lib import bench_spec

    admin = get_user_model().objects.create_user(
        "banc-enquetes@partage.local", is_staff=True, is_superuser=True, first_name="Banc"
    )
    client = Client()
    client.force_login(admin)
    figures = {}
    for size in (100, 10_000):
        survey = writes.create_survey(spec=bench_spec(20), by=admin)
        _fill(survey, size, seed=size)
        answer_ms = _median(lambda s=survey: client.get(reverse("surveys:answer", args=[s.pk])).status_code)
        results_ms = _median(lambda s=survey: client.get(reverse("surveys:results", args=[s.pk])).status_code)
        _none, seconds = _export_peak(client, survey, trace=False)
        peak, _traced_seconds = _export_peak(client, survey)
        figures[size] = (answer_ms, results_ms, peak, seconds)
        print(
            f"  enquête de 20 questions, {size:>6} réponses : page de réponse {answer_ms:.1f} ms, "
            f"résultats {results_ms:.1f} ms, export CSV {seconds:.2f} s (pic mémoire {peak:.1f} Mo)"
        )
    big_size = int(os.environ.get("SURVEYS_BENCH_EXPORT", "100000"))
    big = writes.create_survey(spec=bench_spec(20), by=admin)
    _fill(big, big_size, seed=3)
    big_peak, big_seconds = _export_peak(client, big)
    print(
        f"  export CSV à {big_size} réponses : pic mémoire Python {big_peak:.1f} Mo "
        f"({big_seconds:.0f} s sous tracemalloc, qui ralentit Python)"
    )
    small, large = figures[100], figures[10_000]
    print(f"  page de réponse : rapport {large[0] / small[0]:.2f}× de 100 à 10 000 réponses")
    return (
        f"surveys: results 100 → {small[1]:.0f} ms, 10000 → {large[1]:.0f} ms, ratio {large[1] / small[1]:.2f}; "
        f"export {big_size} peak {big_peak:.1f} MB"
    )
