"""When the database is out of reach, pages say so in French with a 503, instead of a 500 or a hang.

Django turns any exception into a call of `handler500`; this one looks at the exception being handled and,
for a lost or refused database connection (OperationalError, InterfaceError: not bad data, not a bug),
answers 503 with Retry-After. Nothing has to be restarted afterwards: Django drops a connection that failed
at the end of the request, the pool checks a connection before lending it (settings.py), and the next
request connects again. `connect_timeout` (DATABASE_CONNECT_TIMEOUT) bounds the wait for an unreachable
server, so a request never hangs on it.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30


def database_unavailable(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, OperationalError | InterfaceError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


@requires_csrf_token
def server_error(request, template_name: str = "500.html") -> HttpResponse:
    if database_unavailable(sys.exc_info()[1]):
        logger.warning("Base de données injoignable : page 503 pour %s", request.path)
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template(template_name).render())
