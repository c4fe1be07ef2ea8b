"""WebSocket routes (PROTOCOL.md §2)."""

from django.urls import path, re_path

from . import consumers

websocket_urlpatterns = [
    re_path(r"^ws/live/j/(?P<code>[A-Za-z0-9]{4,8})/$", consumers.ParticipantConsumer.as_asgi()),
    path("ws/live/s/<int:session_id>/presenter/", consumers.HostConsumer.as_asgi()),
    path("ws/live/s/<int:session_id>/remote/", consumers.HostConsumer.as_asgi()),
]
