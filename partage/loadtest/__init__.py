"""The load test of the 9:00 peak (`make bench-load`, docs/decisions/0039-load-test-locust.md).

`seed` makes the accounts, the consultations and the plan the scenarios read; `locustfile` holds the agents'
journeys; `run` builds the benchmark's own PostgreSQL database, starts the production serving stack and
drives locust headless, then prints p50/p95 per request and the errors.
"""
