from django.http import HttpRequest, JsonResponse


def not_found(request: HttpRequest, exception: Exception) -> JsonResponse:
    """Django's 404 for a URL that no route matches, in the API's error shape."""
    return JsonResponse({"detail": "Not found."}, status=404)
