"""The live-session load benchmark (`make bench-live`) and its pieces, shared with the cluster test.

run.py (orchestrator), loadgen.py (generator processes), adapters.py (participant side of each protocol),
echo.py + echo_host.py (the bare ASGI limit), live_host.py + live_adapter.py (Partage's live app),
servers.py (uvicorn workers, psutil sampling).
"""
