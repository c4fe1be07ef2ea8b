"""ETag / If-None-Match on every GET of the API (Django's ConditionalGetMiddleware, per view).

The ETag is the hash of the response body, so it changes with the data and with what the caller may
see; responses vary on Authorization and Cookie for the same reason, so a shared cache never gives a
reader's answer to the public.
"""

from functools import wraps

from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_vary_headers


def conditional(view):
    middleware = ConditionalGetMiddleware(lambda request: view(request))

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        patch_vary_headers(response, ("Authorization", "Cookie", "Accept-Language"))
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response = middleware.process_response(request, response)
        return response

    return wrapped
