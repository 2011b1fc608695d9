"""Free text in, recognised symptoms and causes out (causes.recognition); anonymous reads."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from ..caching import ConditionalReadMixin
from ..recognition.index import current_vocabulary
from ..schema import READ_ERRORS, problem
from ..serializers.recognition import RecognitionQuerySerializer, RecognitionSerializer


@extend_schema(
    summary="Recognise symptoms and causes in free text",
    description=(
        "What a person typed (“my eyelid keeps twitching after coffee and my fingers feel "
        "numb, but no weakness”), read against the content's names, the source's other "
        "names, editors' lay terms and the causes' named examples, in any inflection and "
        "through small misspellings (one edit in words of 5 to 7 letters, two from 8; a "
        "word that is itself a common English word, such as “week”, is never corrected). "
        "A symptom the text says is absent (“no”, “without”, “not”, “don't have”, "
        "“neither ... nor”; after it, “is gone”, “went away”, “stopped”) has `present: "
        "false`; a negation ends where English ends it (“but”, a new clause, a full stop). "
        "English only. To rank the causes of what was "
        "typed, pass the same text to the cause list (`/api/v1/causes/?text=`)."
    ),
    parameters=[RecognitionQuerySerializer],
)
class RecognitionView(ConditionalReadMixin, generics.GenericAPIView):
    serializer_class = RecognitionSerializer
    permission_classes = [AllowAny]
    pagination_class = None
    filter_backends: list = []
    error_responses = {
        "get": {
            400: problem("`text` is missing, empty, over 500 characters or holds a NUL."),
            **READ_ERRORS,
        }
    }
    success_responses = {
        "get": (status.HTTP_200_OK, OpenApiResponse(RecognitionSerializer, "What the text names."))
    }

    def get(self, request: Request) -> Response:
        query = RecognitionQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        recognition = current_vocabulary().recognize(query.validated_data["text"])
        return Response(RecognitionSerializer(recognition).data)
