from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """
    django-csp's middleware, with settings.API_CONTENT_SECURITY_POLICY for every
    response that is not an HTML page: JSON, problem details and the schema are
    data, so nothing in them may load or run anything.
    """

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        is_page = response.get("Content-Type", "").startswith("text/html")
        if not report_only and not is_page and parts.config is None:
            parts.config = settings.API_CONTENT_SECURITY_POLICY
        return parts
