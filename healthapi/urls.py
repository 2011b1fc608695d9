from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView

from .docs import RedocView, SchemaView
from .health import LivenessView, ReadinessView

urlpatterns = [
    path("api/v1/", include("causes.urls")),
    path("api/v1/", include("accounts.urls")),
    path("api/schema/", SchemaView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/redoc/", RedocView.as_view(url_name="schema"), name="redoc"),
    path("admin/", admin.site.urls),
    path("healthz", LivenessView.as_view(), name="liveness"),
    path("healthz/ready", ReadinessView.as_view(), name="readiness"),
]

# Outside the API's views too, errors are problem details.
handler400 = "healthapi.errors.bad_request"
handler403 = "healthapi.errors.permission_denied"
handler404 = "healthapi.errors.not_found"
handler500 = "healthapi.errors.server_error"
