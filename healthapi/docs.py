from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

from causes.caching import ConditionalReadMixin

# ReDoc's bundle runs an inline bootstrap and a web worker from a blob, and embeds its
# fonts as data: URLs. The site policy's img-src ('self' data:) keeps the Redocly logo,
# which the bundle fetches from a CDN with no setting to turn that off, from loading.
REDOC_POLICY = {
    "script-src": ["'self'", "'unsafe-inline'", "blob:"],
    "worker-src": ["'self'", "blob:"],
    "font-src": ["'self'", "data:"],
}


@method_decorator(csp_update(REDOC_POLICY), name="dispatch")
class RedocView(SpectacularRedocView):
    """ReDoc from local assets, with no request leaving this origin."""


class SchemaView(ConditionalReadMixin, SpectacularAPIView):
    """The schema, generated once per content version and format rather than per request."""
