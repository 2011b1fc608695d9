from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views


class Router(DefaultRouter):
    # Without suffix routes, a dot in a slug is part of the slug (`?format=json` still works).
    include_format_suffixes = False


router = Router()
router.register("conditions", views.ConditionViewSet)
router.register("causes", views.CauseViewSet)
router.register("symptoms", views.SymptomViewSet)
router.register("lifestyle-tips", views.LifestyleTipViewSet)
router.register("treatments", views.TreatmentViewSet)
router.register("sources", views.SourceViewSet)
router.register("change-sets", views.ChangeSetViewSet, basename="changeset")

urlpatterns = [
    path("changes/", views.ChangesView.as_view(), name="changes"),
    path("recognize/", views.RecognitionView.as_view(), name="recognize"),
    path("infobutton/", views.InfobuttonView.as_view(), name="infobutton"),
    *router.urls,
]
