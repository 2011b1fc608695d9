"""
Browser frontends on other origins (django-cors-headers): listed origins may read
the API and its headers; others get no CORS headers, so browsers refuse them.
"""

import pytest

from bench.servers import manage, production_env

APP = "https://app.example"
CAUSES = "/api/v1/causes/"


@pytest.fixture
def allowed_origins(settings) -> None:
    settings.CORS_ALLOWED_ORIGINS = [APP]
    settings.CORS_ALLOW_ALL_ORIGINS = False


def test_a_listed_origin_may_read_the_api_and_its_caching_headers(api_client, allowed_origins):
    response = api_client.get(CAUSES, {"page_size": 2}, HTTP_ORIGIN=APP)

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP
    exposed = {
        name.strip().lower() for name in response["Access-Control-Expose-Headers"].split(",")
    }
    assert {"etag", "link", "retry-after"} <= exposed
    assert response["ETag"]
    assert response["Link"] == ('<http://testserver/api/v1/causes/?page=2&page_size=2>; rel="next"')
    # Caches keep the answers for each origin apart.
    assert "origin" in response["Vary"].lower()


def test_an_origin_not_listed_gets_no_cors_headers(api_client, allowed_origins):
    response = api_client.get(CAUSES, HTTP_ORIGIN="https://elsewhere.example")

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def test_a_preflight_allows_the_headers_that_frontends_send(api_client, allowed_origins):
    response = api_client.options(
        CAUSES,
        HTTP_ORIGIN=APP,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, if-none-match, content-type",
    )

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == APP
    allowed = {name.strip() for name in response["Access-Control-Allow-Headers"].split(",")}
    assert {"authorization", "if-none-match", "if-modified-since", "content-type"} <= allowed
    assert "PATCH" in response["Access-Control-Allow-Methods"]
    assert int(response["Access-Control-Max-Age"]) == 86400


def test_a_preflight_from_an_origin_not_listed_is_refused(api_client, allowed_origins):
    response = api_client.options(
        CAUSES,
        HTTP_ORIGIN="https://elsewhere.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )

    assert "Access-Control-Allow-Origin" not in response


def test_revalidation_and_errors_carry_cors_headers_too(api_client, allowed_origins):
    etag = api_client.get(CAUSES, HTTP_ORIGIN=APP)["ETag"]

    not_modified = api_client.get(CAUSES, HTTP_ORIGIN=APP, HTTP_IF_NONE_MATCH=etag)
    bad_request = api_client.get(CAUSES, {"symptom": "nope"}, HTTP_ORIGIN=APP)

    assert not_modified.status_code == 304
    assert not_modified["Access-Control-Allow-Origin"] == APP
    assert bad_request.status_code == 400
    assert bad_request["Access-Control-Allow-Origin"] == APP


def test_the_schema_is_open_to_listed_origins_and_the_admin_is_not(api_client, allowed_origins):
    schema = api_client.get("/api/schema/", HTTP_ORIGIN=APP)
    admin = api_client.get("/admin/login/", HTTP_ORIGIN=APP)

    assert schema["Access-Control-Allow-Origin"] == APP
    assert "Access-Control-Allow-Origin" not in admin


def cors_settings(env: dict[str, str]) -> str:
    """CORS_ALLOW_ALL_ORIGINS and CORS_ALLOWED_ORIGINS, as the settings make them from env."""
    command = "from django.conf import settings as s; "
    command += "print(s.CORS_ALLOW_ALL_ORIGINS, s.CORS_ALLOWED_ORIGINS)"
    return manage("shell", "--no-imports", "-c", command, env=env).stdout.strip()


def test_development_allows_any_origin_by_default(tmp_path):
    env = production_env(tmp_path)
    del env["DEBUG"]

    assert cors_settings(env) == "True []"


def test_development_with_a_list_allows_only_the_list(tmp_path):
    env = production_env(tmp_path, DEBUG="true", CORS_ALLOWED_ORIGINS=APP)

    assert cors_settings(env) == f"False ['{APP}']"


def test_production_allows_only_the_origins_it_is_given(tmp_path):
    env = production_env(tmp_path)

    assert cors_settings(env) == "False []"
    env["CORS_ALLOWED_ORIGINS"] = f"{APP},https://www.example"
    assert cors_settings(env) == f"False ['{APP}', 'https://www.example']"
