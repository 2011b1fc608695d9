from rest_framework.response import Response


def slugs(response: Response) -> list[str]:
    """The slugs of a list response's results, in order."""
    return [item["slug"] for item in response.json()["results"]]
