"""Partage settings, read from environment variables.

Defaults are safe for production (DEBUG off, secure cookies when DEBUG is off);
`make run` sets DEBUG=true and uses SQLite. PostgreSQL and Redis are switched on
by DATABASE_URL and REDIS_URL.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# Variables may also come from a file (never overriding the real environment): `.env` at the root by default,
# which `make install` creates for development (DEBUG on, a random key) and production writes itself
# (docs/deploy.md). ENV_FILE points elsewhere; tests point it at nothing to see bare production defaults.
ENV_FILE = Path(environ.Env().str("ENV_FILE", default=str(BASE_DIR / ".env")))
if ENV_FILE.is_file():
    environ.Env.read_env(ENV_FILE, overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG and not env.bool("TESTING", default=False):
        raise environ.ImproperlyConfigured("SECRET_KEY doit être défini en production.")
    SECRET_KEY = "insecure-dev-key-only-for-local-development-and-tests-0123456789"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# The organisation's identity until an administrator sets it in the admin (core.SiteIdentity overrides it).
SITE_IDENTITY = {
    "site_name": env.str("SITE_NAME", default="Partage"),
    "organisation_name": env.str("ORGANISATION_NAME", default="Lorient Agglomération"),
    "primary_color": env.str("PRIMARY_COLOR", default="#000091"),
    "accent_color": env.str("ACCENT_COLOR", default="#e1000f"),
}

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # Django's widget templates, for the project's form renderer (TemplatesSetting)
    "channels",
    "django_htmx",
    "huey.contrib.djhuey",
    "simple_history",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    "partage.core",
    "partage.organisation",
    "partage.accounts",
    "partage.territory",
    "partage.roadmap",
    "partage.followup",
    "partage.decisions",
    "django.contrib.postgres",
    "partage.news",
    "partage.search",
    "partage.ideas",
    "partage.surveys",
    "partage.live",
    "partage.demo",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "partage.api",
]

MIDDLEWARE = [
    "partage.core.guard.RequestGuardMiddleware",  # NUL bytes, oversized bodies: 400 before anything reads them
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "partage.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "partage.accounts.middleware.AuthenticationMiddleware",  # permissions checked once per request
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "partage.urls"

# The largest request body accepted, files included (partage/core/guard.py): above every form's own limit
# (5 Mo imports and attachments), so a bigger upload is refused before it is streamed to disk.
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=20 * 1024 * 1024)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "partage" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "partage.core.context_processors.site",
            ],
        },
    },
]

# One field template for every form (partage/core/form_renderer.py).
FORM_RENDERER = "partage.core.form_renderer.FormRenderer"

ASGI_APPLICATION = "partage.asgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the task worker read while the other writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"].setdefault("TEST", {})["NAME"] = env.str("SQLITE_TEST_NAME", default="") or None
elif env.bool("DATABASE_POOL", default=not env.bool("TESTING", default=False)):
    # Under ASGI Django runs each request in a thread of its own (and Channels consumers in a thread pool):
    # persistent connections (CONN_MAX_AGE) become one PostgreSQL connection per concurrent request, which a
    # join storm of a live session turned into "too many clients" (make bench-live, decision 0016). Django's
    # psycopg pool shares a bounded set per process instead; a request waits for a free connection.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Health checks: a pooled connection the server dropped (restart, failover) is replaced before it is lent,
    # so the site recovers by itself after an outage instead of failing once per pooled connection.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 2,
        "max_size": env.int("DATABASE_POOL_SIZE", default=12),
        # Also how long a request waits, while the database is unreachable, before its French 503 page.
        "timeout": env.int("DATABASE_POOL_TIMEOUT", default=20),
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    # An unreachable server fails a request after this many seconds (a French 503) instead of hanging.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int("DATABASE_CONNECT_TIMEOUT", default=5)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Sign-in: the organisation's identity provider (OpenID Connect, e.g. ProConnect or Keycloak), its
# directory (LDAP / Active Directory) and local passwords (docs/decisions/0021 to 0023, docs/deploy.md).
# Each way in is on when its variables are set; the login page offers those that are.
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_PRESET = env.str("OIDC_PRESET", default="generic")  # "proconnect" or "generic"
_PROCONNECT = OIDC_PRESET == "proconnect"
OIDC_PROVIDER_NAME = env.str("OIDC_PROVIDER_NAME", default="ProConnect" if _PROCONNECT else "")
# The issuer's discovery document (<issuer>/.well-known/openid-configuration) gives the endpoints; each
# can be set by hand instead (a provider without discovery).
OIDC_ISSUER = env.str("OIDC_ISSUER", default="").rstrip("/")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="")
OIDC_OP_END_SESSION_ENDPOINT = env.str("OIDC_OP_END_SESSION_ENDPOINT", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env.str(
    "OIDC_RP_SCOPES",
    default="openid given_name usual_name email uid siret" if _PROCONNECT else "openid email profile",
)
OIDC_ACR_VALUES = env.str("OIDC_ACR_VALUES", default="")
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=10)
OIDC_VERIFY_SSL = env.bool("OIDC_VERIFY_SSL", default=True)
# Claim mapping: which claim carries what. ProConnect names the family name `usual_name`.
OIDC_CLAIM_EMAIL = env.str("OIDC_CLAIM_EMAIL", default="email")
OIDC_CLAIM_FIRST_NAME = env.str("OIDC_CLAIM_FIRST_NAME", default="given_name")
OIDC_CLAIM_LAST_NAME = env.str("OIDC_CLAIM_LAST_NAME", default="usual_name" if _PROCONNECT else "family_name")
OIDC_CLAIM_JOB_TITLE = env.str("OIDC_CLAIM_JOB_TITLE", default="")
OIDC_CLAIM_DIRECTION = env.str("OIDC_CLAIM_DIRECTION", default="")
OIDC_CLAIM_SERVICE = env.str("OIDC_CLAIM_SERVICE", default="")
OIDC_CLAIM_GROUPS = env.str("OIDC_CLAIM_GROUPS", default="groups")
OIDC_GROUP_MODERATORS = env.str("OIDC_GROUP_MODERATORS", default="")
OIDC_GROUP_ADMINISTRATORS = env.str("OIDC_GROUP_ADMINISTRATORS", default="")
# ProConnect federates every public body: only the organisation's own establishments (SIRET) get in.
OIDC_ALLOWED_SIRETS = env.list("OIDC_ALLOWED_SIRETS", default=[])
OIDC_CREATE_USERS = env.bool("OIDC_CREATE_USERS", default=True)
OIDC_LINK_BY_EMAIL = env.bool("OIDC_LINK_BY_EMAIL", default=True)
# mozilla-django-oidc's own switches: PKCE, state and nonce on; the ID token is kept for the logout.
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_STORE_ID_TOKEN = True
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
OIDC_OP_LOGOUT_URL_METHOD = "partage.accounts.oidc.provider_logout_url"

LDAP_SERVER_URL = env.str("LDAP_SERVER_URL", default="")
LDAP_PRESET = env.str("LDAP_PRESET", default="openldap")  # "openldap" or "active_directory"
_AD = LDAP_PRESET == "active_directory"
LDAP_START_TLS = env.bool("LDAP_START_TLS", default=False)
LDAP_BIND_DN = env.str("LDAP_BIND_DN", default="")
LDAP_BIND_PASSWORD = env.str("LDAP_BIND_PASSWORD", default="")
LDAP_TIMEOUT = env.int("LDAP_TIMEOUT", default=10)
LDAP_USER_BASE = env.str("LDAP_USER_BASE", default="")
LDAP_USER_FILTER = env.str(
    "LDAP_USER_FILTER",
    default="(&(objectCategory=person)(objectClass=user))" if _AD else "(objectClass=inetOrgPerson)",
)
LDAP_LOGIN_ATTRIBUTES = env.list("LDAP_LOGIN_ATTRIBUTES", default=["mail", "userPrincipalName"] if _AD else ["mail"])
LDAP_ATTR_UID = env.str("LDAP_ATTR_UID", default="objectGUID" if _AD else "entryUUID")
LDAP_ATTR_EMAIL = env.str("LDAP_ATTR_EMAIL", default="mail")
LDAP_ATTR_FIRST_NAME = env.str("LDAP_ATTR_FIRST_NAME", default="givenName")
LDAP_ATTR_LAST_NAME = env.str("LDAP_ATTR_LAST_NAME", default="sn")
LDAP_ATTR_JOB_TITLE = env.str("LDAP_ATTR_JOB_TITLE", default="title")
# Directions and services: organisational units under LDAP_ORG_BASE (directions one level down, services
# inside them, agents inside their service), or, when the tree is flat, two attributes of each agent.
LDAP_ORG_BASE = env.str("LDAP_ORG_BASE", default="")
LDAP_UNIT_FILTER = env.str("LDAP_UNIT_FILTER", default="(objectClass=organizationalUnit)")
# A unit's name is its `description` when it has one (its `ou` then becomes the direction's acronym).
LDAP_UNIT_NAME_ATTRIBUTE = env.str("LDAP_UNIT_NAME_ATTRIBUTE", default="description")
LDAP_ATTR_DIRECTION = env.str("LDAP_ATTR_DIRECTION", default="")
LDAP_ATTR_SERVICE = env.str("LDAP_ATTR_SERVICE", default="")
LDAP_GROUP_MODERATORS = env.str("LDAP_GROUP_MODERATORS", default="")
LDAP_GROUP_ADMINISTRATORS = env.str("LDAP_GROUP_ADMINISTRATORS", default="")
LDAP_ISSUER = env.str("LDAP_ISSUER", default=f"ldap:{LDAP_USER_BASE}")
LDAP_SYNC_HOUR = env.int("LDAP_SYNC_HOUR", default=2)

# Local passwords stay for commune contacts and break-glass administrators; LOCAL_PASSWORDS_FOR_AGENTS=false
# turns them off for agents, who then sign in through the provider or the directory.
LOCAL_PASSWORDS_FOR_AGENTS = env.bool("LOCAL_PASSWORDS_FOR_AGENTS", default=True)

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Each answers only when its way in is configured (and the OIDC one only to its callback).
    "partage.accounts.oidc.OIDCBackend",
    "partage.accounts.directory.LDAPBackend",
    "partage.accounts.backends.LocalPasswordBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Password checks running at once in each worker process (partage/accounts/backends.py): with threaded
# workers, the others wait without taking the CPU from the pages of signed-in agents (decision 0047).
PASSWORD_CHECKS_AT_ONCE = env.int("PASSWORD_CHECKS_AT_ONCE", default=1)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "roadmap:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling (django-axes): lock a username+IP pair after 5 failures for 15 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)

# Anonymity that survives a database dump and the logs (partage/core/anonymity.py, decision 0030).
# Anonymous contributions are released in batches: every ANONYMOUS_RELEASE_HOURS (UTC boundaries) once
# ANONYMOUS_RELEASE_MIN are waiting, anyway after ANONYMOUS_RELEASE_MAX_HOURS, at once when a group reaches
# ANONYMOUS_RELEASE_BATCH_MAX. Anonymous results from ANONYMOUS_RESULTS_MIN voters; breakdowns by direction or
# service for groups of BREAKDOWN_MIN_GROUP.
ANONYMOUS_RELEASE_HOURS = env.int("ANONYMOUS_RELEASE_HOURS", default=3)
ANONYMOUS_RELEASE_MIN = env.int("ANONYMOUS_RELEASE_MIN", default=3)
ANONYMOUS_RELEASE_MAX_HOURS = env.int("ANONYMOUS_RELEASE_MAX_HOURS", default=24)
ANONYMOUS_RELEASE_BATCH_MAX = env.int("ANONYMOUS_RELEASE_BATCH_MAX", default=200)
ANONYMOUS_RESULTS_MIN = env.int("ANONYMOUS_RESULTS_MIN", default=3)
BREAKDOWN_MIN_GROUP = env.int("BREAKDOWN_MIN_GROUP", default=5)
# Strict mode: login records keep the day, not the minute (last_login, sessions' expiry, provider identities),
# and django-axes keeps no access log (failures are still counted: throttling works).
ANONYMITY_STRICT_LOGINS = env.bool("ANONYMITY_STRICT_LOGINS", default=False)
SESSION_ENGINE = "partage.core.sessions"  # database sessions; expiry kept to the day in strict mode
# A signed-in session is renewed at the first visit of each day: it ends after SESSION_COOKIE_AGE without a
# visit (two weeks, Django's default) and SESSION_MAX_DAYS after the sign-in at the latest, so agents do not
# all type their password at the 9:00 peak every two weeks (partage/accounts/sessions.py, decision 0047).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=14 * 24 * 3600)
SESSION_MAX_DAYS = env.int("SESSION_MAX_DAYS", default=30)
AXES_DISABLE_ACCESS_LOG = env.bool("AXES_DISABLE_ACCESS_LOG", default=ANONYMITY_STRICT_LOGINS)
_AXES_FAILURE_LOG = env.bool("AXES_ENABLE_ACCESS_FAILURE_LOG", default=False)
AXES_ENABLE_ACCESS_FAILURE_LOG = _AXES_FAILURE_LOG and not ANONYMITY_STRICT_LOGINS
# Strict mode: failed sign-ins are counted in the cache (Redis when REDIS_URL is set: shared by every worker;
# without it each process counts its own), never written with their time in the database. `date_joined`
# keeps the day too (partage/core/logins.py; `manage.py strict_logins` coarsens the existing rows).
if ANONYMITY_STRICT_LOGINS:
    AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("Anglais"))]
LOCALE_PATHS = [BASE_DIR / "partage" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "partage" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or env.bool("TESTING", default=False)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Email: console in development, SMTP (or any EMAIL_URL) in production; tests use locmem.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
vars().update(EMAIL_CONFIG)
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default=EMAIL_CONFIG["EMAIL_BACKEND"])  # a test backend, for instance
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Partage <partage@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Channels: in-memory by default; Redis when several processes serve.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # redis-py 8 reads with a 5 s socket timeout by default, exactly channels_redis's BZPOPMIN wait:
            # an idle receive() then raised TimeoutError and killed the consumer (the live presenter screen
            # dropped after 5 s without news). The read timeout must exceed that wait.
            "CONFIG": {"hosts": [{"address": REDIS_URL, "socket_timeout": 15}]},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Cache of the figures computed once per change (partage/core/cache.py): Redis shared by every worker
# when REDIS_URL is set (required with more than one process: versions bumped by one must be seen by
# all), local memory otherwise (one process, `make run`).
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    # Some values are kept per user (the bell's count, "my" blocks, follow buttons): room for a few thousand
    # rather than Django's default of 300 entries, past which a third of them are dropped at once.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "partage",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

# Live sessions: guest identities, answers and sessions are purged this many days after the session
# closed (or was last opened); the join page says so.
LIVE_RETENTION_DAYS = env.int("LIVE_RETENTION_DAYS", default=90)

# Background tasks with Huey (docs/decisions/0002-background-tasks-huey.md):
# SQLite storage next to the database by default, Redis when REDIS_URL is set.
HUEY_IMMEDIATE = env.bool("HUEY_IMMEDIATE", default=False)
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "partage",
        "url": REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "partage",
        "filename": str(env.path("HUEY_SQLITE", default=BASE_DIR / "huey.sqlite3")),
        "immediate": HUEY_IMMEDIATE,
    }
# An email whose task was lost (worker killed mid-send) is sent again by a sweep after this many seconds
# (core.tasks.recover_unsent_emails, territory.tasks.recover_notices; docs/deploy.md, "at least once").
EMAIL_RETRY_AFTER = env.int("EMAIL_RETRY_AFTER", default=600)
HUEY["consumer"] = {"workers": 2, "worker_type": "thread"}

# Content Security Policy: only our own scripts and styles; SVG charts are inline markup.
from urllib.parse import urlsplit  # noqa: E402

from csp.constants import NONE, SELF  # noqa: E402


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        # The logout form's answer redirects to the identity provider's end-session page (RP-initiated
        # logout), and browsers hold form redirects to form-action too.
        "form-action": [SELF, *sorted({_origin(url) for url in (OIDC_ISSUER, OIDC_OP_END_SESSION_ENDPOINT) if url})],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Production security defaults (switched off only when DEBUG is on).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

# REST API under /api/v1/ (partage/api, docs/decisions/0024-rest-api.md): public reads, session or personal
# token for the rest, throttled per client; rates are overridable for a busy portal.
REST_FRAMEWORK = {
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.URLPathVersioning",
    "ALLOWED_VERSIONS": ["v1"],
    "DEFAULT_VERSION": "v1",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "partage.api.authentication.PersonalTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # AllowAny marks the reads as public in the schema; each view still asks the apps' rules for the rest.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny", "partage.api.permissions.TokenScope"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "partage.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_RATE_ANON", default="120/min"),
        "user": env.str("API_RATE_USER", default="600/min"),
        "write": env.str("API_RATE_WRITE", default="60/min"),
    },
    # Clients are told apart by address: behind the reverse proxy, API_NUM_PROXIES=1 reads the address it
    # appends to X-Forwarded-For (0, the default, trusts only REMOTE_ADDR: a client cannot forge it).
    "NUM_PROXIES": env.int("API_NUM_PROXIES", default=0),
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "partage.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "API Partage",
    "DESCRIPTION": "Feuille de route du Projet d'Administration Partagé : lecture publique des données ouvertes, "
    "lecture complète pour les agents (session ou jeton personnel), écriture des points d'avancement et des "
    "mesures d'indicateurs pour les pilotes.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "partage.api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ActionStatusEnum": "partage.roadmap.models.Action.Status",
        "PostStatusEnum": "partage.news.models.Post.Status",
        "NoticeStatusEnum": "partage.territory.models.WorksNotice.Status",
    },
}
# Open data: the licence of the public roadmap downloads (name and URL), shown in the files and the DCAT description.
OPEN_DATA_LICENCE_NAME = env.str("OPEN_DATA_LICENCE_NAME", default="Licence Ouverte / Open Licence version 2.0")
OPEN_DATA_LICENCE_URL = env.str(
    "OPEN_DATA_LICENCE_URL", default="https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
)
OPEN_DATA_PUBLISHER = env.str("OPEN_DATA_PUBLISHER", default="Lorient Agglomération")
