"""
Settings for the health content API, read from the environment.

Defaults are for local use (`make run`, `make test`): SQLite, DEBUG on, a
development secret key. Production mode is DEBUG=false; it then requires
SECRET_KEY and ALLOWED_HOSTS from the environment and turns on HTTPS hardening,
so that `manage.py check --deploy` passes.
"""

from datetime import timedelta
from pathlib import Path

import environ
from corsheaders.defaults import default_headers as default_cors_headers
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)

DEVELOPMENT_SECRET_KEY = "django-insecure-local-development-only"
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles, so that runserver serves static files the way production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    # Hashed, expiring API tokens, in accounts' own model (KNOX_TOKEN_MODEL).
    "knox",
    # Locks on failed sign-ins to the admin.
    "axes",
    "django_filters",
    "corsheaders",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # The history of content: a revision per publish and per fixture load.
    "reversion",
    "causes",
    # Editors' tokens and the audit log of security events.
    "accounts",
]

MIDDLEWARE = [
    # Outermost, so that every answer, a cached one too, has a request id of its own
    # (healthapi.request_context).
    "healthapi.request_context.RequestContextMiddleware",
    # Then: a read it has answered before under the current content is answered
    # again before anything else runs (causes.caching), with the headers of the
    # middleware below, which it stored with the response.
    "causes.caching.ResponseCacheMiddleware",
    # First after it, so that every answer (a preflight, a 304, an error) gets the CORS
    # headers.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "healthapi.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "healthapi.errors.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: a locked-out sign-in is answered here.
    "axes.middleware.AxesMiddleware",
]

# django-axes first, so that a locked account or address is refused before its password
# is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "healthapi.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Project templates override the ReDoc page so that it loads no web fonts.
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "healthapi.wsgi.application"


def database(url: str) -> dict:
    """One DATABASES entry from a URL, with the options its engine needs here."""
    config = env.db_url_config(url)
    # Reuse connections across requests, checking them first, so that a restarted
    # database costs one failed request at most.
    config.setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    config["CONN_HEALTH_CHECKS"] = True
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # Readers never wait for a writer (WAL), and a write transaction takes its lock
        # when it begins (IMMEDIATE), so concurrent writers queue for up to `timeout`
        # seconds instead of failing with "database is locked".
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            **config.get("OPTIONS", {}),
        }
    return config


DATABASES = {
    "default": database(env.str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")),
}
# Read-only copies of the primary: reads go to one of them, writes to the primary.
REPLICA_DATABASES = []
for number, url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[])):
    REPLICA_DATABASES.append(f"replica{number}")
    # In tests a replica is the test database itself.
    DATABASES[f"replica{number}"] = {**database(url), "TEST": {"MIRROR": "default"}}
DATABASE_ROUTERS = ["healthapi.routers.PrimaryReplicaRouter"] if REPLICA_DATABASES else []

# The cache holds the content version, cached responses and throttling counters, so
# every app instance must share it: Redis in production; by default a folder of files,
# which all processes on one machine share (local memory would be one per process, and
# a fixture load in another process could not tell the server that content changed).
CACHES = {
    # Django's Redis cache, reusing its clients (healthapi.cache).
    "default": env.cache_url("REDIS_URL", backend="healthapi.cache.RedisCache")
    if env.str("REDIS_URL", default="")
    else {
        # Django's, with atomic counters for the rate limit (healthapi.cache).
        "BACKEND": "healthapi.cache.FileBasedCache",
        "LOCATION": env.str("CACHE_DIR", default=str(BASE_DIR / ".cache" / "django")),
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    }
}
# Deployments that share one Redis keep apart with a prefix of their own.
CACHES["default"]["KEY_PREFIX"] = env.str("CACHE_KEY_PREFIX", default="")
# Anonymous reads of content are served from that cache until content changes
# (causes.caching). Off, every read runs the view; ETags and 304s still work.
API_RESPONSE_CACHE = env.bool("API_RESPONSE_CACHE", default=True)
API_RESPONSE_CACHE_TIMEOUT = env.int("API_RESPONSE_CACHE_TIMEOUT", default=60 * 60 * 24)
# Seconds that browsers and CDNs may use a response without revalidating it; with 0
# they revalidate every time (a 304 while content is unchanged).
API_CACHE_MAX_AGE = env.int("API_CACHE_MAX_AGE", default=0)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where `collectstatic` gathers files for production. With DEBUG on, WhiteNoise serves
# them straight from the apps instead, so nothing needs collecting.
STATIC_ROOT = env.str("STATIC_ROOT", default="") or (None if DEBUG else BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed files need `collectstatic`; only production runs it.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# The content lives in the top-level fixtures/ folder, outside any app.
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "healthapi.errors.csrf_failure"

# API responses are data, never pages: they get a policy that allows nothing.
# HTML pages (API docs, admin, browsable API) get one that allows only this origin;
# ReDoc's page adds what its bundle needs (healthapi.docs).
API_CONTENT_SECURITY_POLICY = {
    "default-src": ["'none'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
}
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        # Swagger UI, ReDoc and the admin set inline style attributes.
        "style-src": ["'self'", "'unsafe-inline'"],
        "object-src": ["'none'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
}

# Browser frontends on other origins (django-cors-headers), on the API, its schema and the
# health checks only. In development any origin may call the API unless a list is given;
# in production only the listed ones (none by default).
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_ALLOW_ALL_ORIGINS = DEBUG and not CORS_ALLOWED_ORIGINS
CORS_URLS_REGEX = r"^/(api/|healthz)"
# What frontends send: the defaults (Accept, Authorization, Content-Type, ...) and the
# validators with which they revalidate what they hold.
CORS_ALLOW_HEADERS = (*default_cors_headers, "if-none-match", "if-modified-since")
# Readable by frontend code besides the safelisted ones (Cache-Control, Last-Modified, ...):
# the validator, the pagination links, how long to wait after a 429 or 503, and the
# request's id (to quote when reporting a problem).
CORS_EXPOSE_HEADERS = ["ETag", "Link", "Retry-After", "X-Request-ID"]
CORS_PREFLIGHT_MAX_AGE = 60 * 60 * 24

REST_FRAMEWORK = {
    # API clients send a token; editors signed in to the admin use the browsable API.
    # Token comes first so that an anonymous write is a 401 that names the scheme.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Anyone reads; a write needs the Django model permission (add, change, delete).
    "DEFAULT_PERMISSION_CLASSES": ["causes.permissions.ModelPermissionsOrAnonReadOnly"],
    # One atomic counter per client and minute in the shared cache (healthapi.throttling).
    "DEFAULT_THROTTLE_CLASSES": ["healthapi.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("THROTTLE_ANON_RATE", default="1000/minute"),
        # Failed token authentications per client address (accounts.authentication).
        "failed_authentication": env.str("FAILED_AUTHENTICATION_RATE", default="10/minute"),
    },
    # How many proxies in front of the app append to X-Forwarded-For. The client address
    # is taken that many entries from the right, so a forged header changes nothing;
    # with 0 it is the connection's own address.
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
    "EXCEPTION_HANDLER": "healthapi.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "healthapi.negotiation.ContentNegotiation",
    # Bodies are JSON; the browsable API then offers its raw JSON form.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["causes.filters.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "causes.pagination.PageNumberPagination",
    "DEFAULT_SCHEMA_CLASS": "causes.schema.AutoSchema",
    "PAGE_SIZE": 20,
}

# Editorial governance (causes.editorial). Publishing a change set needs a reviewer who
# wrote none of it.
REVIEW_REQUIRES_SECOND_PERSON = env.bool("REVIEW_REQUIRES_SECOND_PERSON", default=True)
# Publishing a review of a condition makes its next review due this many days later (the
# NHS reviews its health content every three years).
REVIEW_PERIOD_DAYS = env.int("REVIEW_PERIOD_DAYS", default=3 * 365)
# A cursor of the changes feed is good for this many days; an older one must start over.
CHANGES_CURSOR_MAX_AGE_DAYS = env.int("CHANGES_CURSOR_MAX_AGE_DAYS", default=90)

# Editors' identity and access (accounts). API tokens are stored as SHA-512 digests and
# expire; an editor may hold several, one per device or script.
KNOX_TOKEN_MODEL = "accounts.EditorToken"
# knox's migrations would create the table of its own token model, which ours replaces:
# an unused table whose key to the users would only get in the way of flushing them.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {"TOKEN_TTL": timedelta(hours=env.int("TOKEN_TTL_HOURS", default=30 * 24))}
MAX_TOKENS_PER_EDITOR = env.int("MAX_TOKENS_PER_EDITOR", default=20)
# Sign-ins to the admin: after AXES_FAILURE_LIMIT failures the account is locked (from
# every address) and so is the address (for every account), for AXES_COOLOFF_HOURS or
# until an admin deletes the access attempt. The counts are in the database, which all
# instances share.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(hours=env.float("AXES_COOLOFF_HOURS", default=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The address as the rate limits see it, behind NUM_PROXIES proxies.
AXES_CLIENT_IP_CALLABLE = "healthapi.throttling.client_address"
# The proxy in front sets X-Request-ID on every request, replacing any that a client
# sent: then the logs use its id (healthapi.request_context).
REQUEST_ID_FROM_PROXY = env.bool("REQUEST_ID_FROM_PROXY", default=False)

# The API's own disclaimer, in its description; objects of content show their condition's
# (this one only for content that belongs to no condition yet).
# Where an Infobutton entry links (causes.infobutton): a publisher's page for the
# record, as a template with {kind} (conditions or causes) and {slug}, such as
# "https://example.org/{kind}/{slug}/"; empty links to the API's own detail.
INFOBUTTON_LINK_TEMPLATE = env.str("INFOBUTTON_LINK_TEMPLATE", default="")
try:
    INFOBUTTON_LINK_TEMPLATE.format(kind="causes", slug="anxiety")
except (KeyError, IndexError, ValueError) as error:
    raise ImproperlyConfigured(
        "INFOBUTTON_LINK_TEMPLATE may hold only {kind} and {slug}: " + repr(error)
    ) from error

MEDICAL_DISCLAIMER = (
    "This content is general information, not medical advice. It does not replace a "
    "diagnosis or treatment by a qualified health professional."
)

SPECTACULAR_SETTINGS = {
    "TITLE": "Health content API",
    "DESCRIPTION": (
        "Structured health content: conditions, their possible causes, accompanying "
        "symptoms and warning signs, lifestyle tips and treatments, each faithful to a "
        "named source article.\n\n"
        f"**Medical disclaimer.** {MEDICAL_DISCLAIMER} Every object of content carries the "
        "disclaimer of its condition in its `disclaimer` field, to show with it."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Descriptions come from a class's own docstring, never from this project's base classes.
    "GET_LIB_DOC_EXCLUDES": "causes.schema.lib_doc_excludes",
    # Separate request and response components, so that read-only fields are not asked for.
    "COMPONENT_SPLIT_REQUEST": True,
    # Tags come from the path segment after /api/v1/ (causes, symptoms, ...), not "v1".
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "CauseCategoryEnum": "causes.choices.CauseCategory",
        "UrgencyEnum": "causes.choices.Urgency",
        "TreatmentKindEnum": "causes.choices.TreatmentKind",
        "ExampleKindEnum": "causes.choices.ExampleKind",
        "SymptomLinkKindEnum": "causes.choices.SymptomLinkKind",
        "LinkStrengthEnum": "causes.choices.LinkStrength",
        "WarningSignStrengthEnum": "causes.choices.WARNING_STRENGTH_CHOICES",
        "TermMatchEnum": "causes.choices.TermMatch",
        "SuggestionMatchEnum": "causes.choices.SUGGESTION_MATCH_CHOICES",
    },
}

# One JSON object per line, each with the request's id (healthapi.request_context); the
# audit log's lines (the `healthapi.audit` logger) add the event, user and address.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "healthapi.request_context.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "{asctime}{levelname}{name}{message}{request_id}",
            "style": "{",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # Django's own loggers write through the root's handler too, not their plain ones.
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
    },
}
