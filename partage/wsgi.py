"""WSGI entry point: the pages in production (gunicorn sync workers, docs/decisions/0033-serving-stack.md);
WebSockets (/ws/) go to the ASGI entry point, partage/asgi.py."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partage.settings")
application = get_wsgi_application()
