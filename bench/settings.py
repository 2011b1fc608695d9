"""Production settings plus what only the benchmark needs: a baseline view, a query count."""

from healthapi.settings import *  # noqa: F403
from healthapi.settings import MIDDLEWARE

ROOT_URLCONF = "bench.urls"
# Innermost, so that it counts the view's queries and nothing else.
MIDDLEWARE = [*MIDDLEWARE, "bench.views.QueryCountMiddleware"]
