from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from .docs import RedocView

urlpatterns = [
    path("api/v1/", include("causes.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/redoc/", RedocView.as_view(url_name="schema"), name="redoc"),
    path("admin/", admin.site.urls),
]

# Outside the API's views too, errors are JSON for API clients.
handler400 = "rest_framework.exceptions.bad_request"
handler404 = "healthapi.errors.not_found"
handler500 = "rest_framework.exceptions.server_error"
