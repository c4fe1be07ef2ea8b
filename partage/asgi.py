"""ASGI entry point: HTTP through Django, WebSockets through Channels (live sessions, partage/live/PROTOCOL.md)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partage.settings")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from partage.live.origin import SameHostOrNoOriginValidator  # noqa: E402
from partage.live.routing import websocket_urlpatterns as live_websockets  # noqa: E402
from partage.live.wsauth import LiveAuthMiddlewareStack  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": SameHostOrNoOriginValidator(LiveAuthMiddlewareStack(URLRouter(live_websockets))),
    }
)
