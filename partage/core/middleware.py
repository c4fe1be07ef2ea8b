"""French first: the interface is in French unless the user picked another language.

Django's LocaleMiddleware would follow the browser's Accept-Language, so an agent
whose workstation is set to English would get a half-translated intranet; here
only the explicit choice (the language cookie set by the footer form) counts.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
