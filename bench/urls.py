from django.urls import path

from bench.views import baseline
from healthapi.urls import urlpatterns as api_urlpatterns

urlpatterns = [
    path("bench/baseline/<int:size>/", baseline),
    *api_urlpatterns,
]
