"""
Security headers on every response, and hostile or odd input answered with a
4xx in the error shape (or ignored, where documented), never a 500.
"""

import pytest
from rest_framework.test import APIClient

from causes import views
from tests.utils import errors_by_name, problem

SQL_INJECTION = "' OR 1=1; DROP TABLE causes_cause; --"


def policy(response) -> dict[str, str]:
    """The Content-Security-Policy header, as {directive: sources}."""
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.mark.parametrize(
    "url", ["/api/v1/causes/", "/api/v1/causes/anxiety/", "/api/schema/", "/api/v1/causes/nope/"]
)
def test_api_responses_carry_security_headers_and_a_policy_that_allows_nothing(db, client, url):
    response = client.get(url)

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert policy(response) == {
        "default-src": "'none'",
        "frame-ancestors": "'none'",
        "base-uri": "'none'",
        "form-action": "'none'",
    }


def test_swagger_ui_page_runs_only_scripts_from_this_origin(client):
    response = client.get("/api/docs/")

    assert policy(response)["default-src"] == "'self'"
    assert "script-src" not in policy(response)  # falls back to default-src 'self'
    assert "<script>" not in response.content.decode()  # its set-up script is a file too


def test_redoc_page_may_run_its_bundle_but_load_nothing_from_elsewhere(client):
    directives = policy(client.get("/api/redoc/"))

    assert directives["default-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["worker-src"] == "'self' blob:"


def test_the_swagger_ui_set_up_script_is_served_as_javascript(client):
    response = client.get("/api/docs/?script=")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")


def test_browsable_api_page_gets_the_page_policy(api_client):
    response = api_client.get("/api/v1/causes/", HTTP_ACCEPT="text/html")

    assert policy(response)["default-src"] == "'self'"


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"symptom": SQL_INJECTION}, "symptom"),
        ({"condition": SQL_INJECTION}, "condition"),
        ({"ordering": SQL_INJECTION}, "ordering"),
        ({"category": SQL_INJECTION}, "category"),
        ({"search": "x" * 100_000}, "search"),
        ({"page": "1e3"}, "page"),
        ({"symptom_match": ["any", "all", "most"]}, "symptom_match"),
    ],
)
def test_hostile_query_values_are_a_400_naming_the_parameter(api_client, params, parameter):
    response = api_client.get("/api/v1/causes/", params)

    assert parameter in errors_by_name(response)


def test_sql_in_a_search_is_only_text(api_client):
    response = api_client.get("/api/v1/causes/", {"search": SQL_INJECTION})

    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert api_client.get("/api/v1/causes/").json()["count"] == 17


def test_invalid_utf8_in_the_query_string_is_answered_not_crashed(api_client):
    response = api_client.get("/api/v1/causes/?symptom=%ff%fe&search=%c3%28")

    assert response.status_code == 400
    assert list(errors_by_name(response)) == ["symptom"]


def test_a_single_valued_parameter_given_twice_uses_the_last_value(api_client):
    response = api_client.get("/api/v1/causes/?symptom_match=all&symptom_match=any")

    assert response.status_code == 200


def test_a_repeated_filter_value_counts_once(api_client):
    response = api_client.get("/api/v1/causes/", {"symptom": ["weakness"] * 500})

    assert response.json()["count"] == 4


def test_more_query_parameters_than_django_accepts_is_a_400(api_client):
    query = "&".join(f"p{n}=1" for n in range(1001))

    response = api_client.get(f"/api/v1/causes/?{query}")

    assert response.status_code == 400
    assert problem(response)["code"] == "bad_request"


def test_unknown_query_parameters_are_ignored(api_client):
    response = api_client.get("/api/v1/causes/", {"colour": "blue", "symptom_count": "3"})

    assert response.status_code == 200
    assert response.json()["count"] == 17


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/causes/" + "a" * 10_000 + "/",
        f"/api/v1/causes/{SQL_INJECTION.replace(' ', '%20')}/",
        "/api/v1/causes/%00/",
        "/api/v1/causes/%ff/",
        "/api/v1/causes/../../etc/passwd",
        "/api/v1/causes/anxiety.json/",
        "/api/v2/causes/",
    ],
)
def test_odd_paths_are_a_404_in_the_error_shape(api_client, path):
    response = api_client.get(path)

    assert response.status_code == 404
    problem(response)


def test_a_disallowed_host_is_a_400_in_the_error_shape(client):
    response = client.get("/api/v1/causes/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert problem(response)["code"] == "bad_request"


def test_an_unsupported_method_is_a_405_in_the_error_shape(api_client):
    response = api_client.generic("TRACE", "/api/v1/causes/")

    assert response.status_code == 405
    assert problem(response)["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]


def test_an_unservable_accept_header_is_a_406_in_the_error_shape(api_client):
    response = api_client.get("/api/v1/causes/", HTTP_ACCEPT="application/xml")

    assert response.status_code == 406
    assert problem(response)["code"] == "not_acceptable"


def test_a_write_without_a_csrf_token_in_a_session_is_a_403(admin_user):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(admin_user)

    response = client.post("/api/v1/symptoms/", {"slug": "x"}, format="json")

    assert response.status_code == 403
    assert "CSRF" in problem(response)["detail"]


def test_an_uncaught_error_is_a_500_in_the_error_shape_with_no_traceback(client, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(views.CauseViewSet, "list", fail)
    client.raise_request_exception = False

    response = client.get("/api/v1/causes/")

    assert response.status_code == 500
    assert problem(response)["code"] == "server_error"
    assert b"secret internals" not in response.content
    assert b"Traceback" not in response.content


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/causes/?ordering=&category=&search=",
        "/api/v1/lifestyle-tips/?page=",
        "/api/v1/symptoms/?red_flag=",
        "/api/v1/treatments/?kind=&page_size=",
    ],
)
def test_empty_query_values_mean_not_given(api_client, url):
    """Found by schemathesis; the schema says so with allowEmptyValue."""
    assert api_client.get(url).status_code == 200
