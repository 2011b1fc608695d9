"""
Health checks for load balancers and orchestrators: liveness says the process
answers; readiness also says the database does. Neither is throttled.
"""

from django.db import connection
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from causes.schema import NOT_ACCEPTABLE, SERVER_ERROR, UNAVAILABLE
from healthapi.errors import PROBLEM_CONTENT_TYPE

HEALTHY = inline_serializer("Health", {"status": serializers.ChoiceField(choices=["ok"])})


class HealthView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []


class LivenessView(HealthView):
    @extend_schema(
        summary="Liveness",
        description="200 while the process serves requests. It does not touch the database.",
        tags=["health"],
        responses={
            200: HEALTHY,
            (406, PROBLEM_CONTENT_TYPE): NOT_ACCEPTABLE,
            (500, PROBLEM_CONTENT_TYPE): SERVER_ERROR,
        },
    )
    def get(self, request: Request) -> Response:
        return Response({"status": "ok"})


class ReadinessView(HealthView):
    @extend_schema(
        summary="Readiness",
        description=(
            "200 when the database answers a query; 503 with `Retry-After` while it cannot "
            "be reached. Send traffic to an instance only while this is 200."
        ),
        tags=["health"],
        responses={
            200: HEALTHY,
            (406, PROBLEM_CONTENT_TYPE): NOT_ACCEPTABLE,
            (500, PROBLEM_CONTENT_TYPE): SERVER_ERROR,
            (503, PROBLEM_CONTENT_TYPE): UNAVAILABLE,
        },
    )
    def get(self, request: Request) -> Response:
        # A database error becomes the API's 503 (healthapi.errors).
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return Response({"status": "ok"})
