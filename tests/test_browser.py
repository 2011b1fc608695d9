"""
The docs and the example frontend in a real browser: Debian's Chromium, driven by
Playwright, against pytest-django's live server. The explorer (examples/explorer)
is served from a second port, another origin, so its calls to the API are real
cross-origin requests that the browser allows only with the API's CORS headers.

Screenshots go to a temporary folder, or to SCREENSHOT_DIR (`make screenshots`
writes docs/).
"""

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import Browser, Page, Request, expect, sync_playwright

from causes.models import Cause, Symptom
from tests.utils import browser_tool_missing

EXPLORER = Path(settings.BASE_DIR, "examples", "explorer")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Headless, as root, and quiet: Chromium's own background requests would find no network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 30_000
# Playwright's assertions wait 5 s by default: too little for ReDoc to lay out the whole
# schema on a busy two-core CI machine, where one such wait failed.
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="module", autouse=True)
def _sync_orm_beside_playwright() -> Iterator[None]:
    # Playwright's sync API runs an event loop in this thread, and Django refuses ORM calls
    # while one runs. The test's own ORM calls are sequential, so they are safe.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        browser_tool_missing(
            f"Chromium is not installed at {CHROMIUM} (CHROMIUM): on Debian, "
            "`apt-get install chromium`, then `make test`"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class RecordedPage:
    """A new page, with every request it makes recorded."""

    def __init__(self, browser: Browser) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page: Page = self.context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.requests: list[str] = []
        self.blocked_by_csp: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("requestfailed", self._failed)

    def _failed(self, request: Request) -> None:
        if request.failure == "csp":
            self.blocked_by_csp.append(request.url)

    def requests_leaving(self, *origins: str) -> list[str]:
        """
        Requests that went to anywhere but these origins. data: and blob: URLs stay in
        the page, and a request that the page's Content-Security-Policy blocks never
        leaves the browser.
        """
        allowed = {urlsplit(origin).netloc for origin in origins}
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in ("data", "blob")
            and urlsplit(url).netloc not in allowed
            and url not in self.blocked_by_csp
        ]


@pytest.fixture
def recorded(browser: Browser) -> Iterator[RecordedPage]:
    recorded = RecordedPage(browser)
    yield recorded
    recorded.context.close()


@pytest.fixture
def api(live_server, transactional_db) -> str:
    """The live server's URL, with the content loaded (a live server's test starts empty)."""
    call_command("load_content", verbosity=0)
    return live_server.url


@pytest.fixture
def screenshot_dir(tmp_path) -> Path:
    folder = os.environ.get("SCREENSHOT_DIR")
    return Path(settings.BASE_DIR, folder) if folder else tmp_path


@pytest.fixture
def explorer_origin() -> Iterator[str]:
    """examples/explorer served on a port of its own: an origin other than the API's."""
    handler = functools.partial(QuietHandler, directory=str(EXPLORER))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def schema_tags(api: str, page: Page) -> list[str]:
    """The tags (endpoint groups) of the schema that the live server serves."""
    schema = page.request.get(f"{api}/api/schema/?format=json").json()
    return sorted(
        {
            tag
            for methods in schema["paths"].values()
            for op in methods.values()
            for tag in op["tags"]
        }
    )


def test_swagger_ui_lists_every_endpoint_group_from_local_assets(api, recorded, screenshot_dir):
    page = recorded.page
    page.goto(f"{api}/api/docs/")

    expect(page.locator(".opblock-tag").first).to_be_visible()
    assert sorted(page.locator(".opblock-tag").all_inner_texts()) == schema_tags(api, page)
    expect(page.locator(".info .title")).to_contain_text("Health content API")
    page.screenshot(path=screenshot_dir / "swagger-ui.png")
    assert recorded.requests_leaving(api) == []


def test_try_it_out_lists_the_causes_with_weakness(api, recorded):
    page = recorded.page
    page.goto(f"{api}/api/docs/")
    operation = page.locator("#operations-causes-causes_list")
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()

    symptom = operation.locator("tr[data-param-name='symptom']")
    symptom.get_by_role("button", name="Add string item").click()
    symptom.locator("input").first.fill("weakness")
    operation.get_by_role("button", name="Execute").click()

    response = operation.locator(".live-responses-table .response").first
    expect(response.locator(".response-col_status")).to_have_text("200")
    body = response.locator(".response-col_description pre").first.inner_text()
    expected = Cause.objects.filter(symptoms__slug="weakness").values_list("slug", flat=True)
    assert {f'"slug": "{slug}"' in body for slug in expected} == {True}
    assert '"slug": "stress"' not in body
    assert recorded.requests_leaving(api) == []


def test_redoc_renders_every_endpoint_group_from_local_assets(api, recorded):
    page = recorded.page
    page.goto(f"{api}/api/redoc/")

    expect(page.locator("h1").first).to_contain_text("Health content API")
    menu = page.locator("[role='menu'], .menu-content").first
    for tag in schema_tags(api, page):
        expect(menu).to_contain_text(tag)
    assert recorded.requests_leaving(api) == []
    # ReDoc's bundle always asks for Redocly's logo from a CDN; the docs' policy stops it.
    assert set(recorded.blocked_by_csp) <= {"https://cdn.redoc.ly/redoc/logo-mini.svg"}


def test_the_explorer_on_another_origin_ranks_the_causes_of_two_symptoms(
    api, explorer_origin, recorded, screenshot_dir, settings
):
    settings.CORS_ALLOW_ALL_ORIGINS = False
    settings.CORS_ALLOWED_ORIGINS = [explorer_origin]
    page = recorded.page
    page.goto(f"{explorer_origin}/?api={api}")

    page.get_by_label("Weakness").check()
    page.get_by_label("Numbness").check()
    page.get_by_role("button", name="Show causes").click()

    expect(page.locator("#status")).to_contain_text("possible causes")
    items = page.locator("#causes li")
    asked = list(Symptom.objects.filter(slug__in=["weakness", "numbness"]))
    ranked = [cause.slug for cause in Cause.objects.matching_symptoms(asked, match_all=False)]
    assert [items.nth(i).get_attribute("data-slug") for i in range(items.count())] == ranked
    # Causes with both symptoms come first, then those with one.
    first = items.first
    expect(first).to_contain_text("2 of 2 symptoms")
    expect(items.last).to_contain_text("1 of 2 symptoms")
    expect(page.locator("#causes li[data-slug='als']")).to_contain_text(
        "See a doctor: the source says it is important"
    )
    expect(page.locator("#causes li[data-slug='magnesium-deficiency']")).to_contain_text(
        "Treatments: Magnesium supplement"
    )
    expect(page.locator("#disclaimer")).to_contain_text("is not medical advice")
    page.screenshot(path=screenshot_dir / "explorer.png", full_page=True)
    assert recorded.requests_leaving(api, explorer_origin) == []


def test_the_explorer_reads_typed_words_with_a_typo_and_a_negation(
    api, explorer_origin, recorded, screenshot_dir, settings
):
    settings.CORS_ALLOW_ALL_ORIGINS = False
    settings.CORS_ALLOWED_ORIGINS = [explorer_origin]
    page = recorded.page
    page.goto(f"{explorer_origin}/?api={api}")

    page.get_by_label("What do you notice?").fill(
        "my fingers feel numbess after coffee, but no weakness"
    )
    page.get_by_role("button", name="Read my words").click()

    expect(page.locator("#status")).to_contain_text("possible causes")
    # The source's advice first: numbness, present, is a warning sign; weakness is absent.
    expect(page.locator("#red-flags")).to_have_text(
        "Numbness is a warning sign: the source says to see a doctor about it."
    )
    expect(page.locator("#highlighted mark.present")).to_have_text("numbess")
    expect(page.locator("#highlighted mark.absent")).to_have_text("weakness")
    expect(page.locator("#highlighted mark.cause")).to_have_text("coffee")
    expect(page.locator("#found-symptoms li.present")).to_have_attribute("data-slug", "numbness")
    expect(page.locator("#found-symptoms li.absent")).to_have_attribute("data-slug", "weakness")
    # Coffee names a cause, which comes first; then the causes that come with numbness.
    items = page.locator("#causes li")
    numbness = list(Symptom.objects.filter(slug="numbness"))
    ranked = [
        "caffeine-and-stimulants",
        *(cause.slug for cause in Cause.objects.matching_symptoms(numbness, match_all=False)),
    ]
    expect(items).to_have_count(len(ranked))
    assert [items.nth(i).get_attribute("data-slug") for i in range(items.count())] == ranked
    expect(items.first).to_contain_text("named in your words")
    expect(items.nth(1)).to_contain_text("1 of 1 symptoms")
    page.screenshot(path=screenshot_dir / "explorer-free-text.png", full_page=True)
    assert recorded.requests_leaving(api, explorer_origin) == []


def test_the_explorer_finds_causes_by_a_clinical_code_and_shows_their_codes(
    api, explorer_origin, recorded, settings
):
    settings.CORS_ALLOW_ALL_ORIGINS = False
    settings.CORS_ALLOWED_ORIGINS = [explorer_origin]
    page = recorded.page
    page.goto(f"{explorer_origin}/?api={api}")

    page.get_by_label("ICD-10-CM code or category").fill("e61")
    page.get_by_role("button", name="Find by code").click()

    items = page.locator("#causes li")
    expect(items).to_have_count(1)
    expect(items.first).to_have_attribute("data-slug", "magnesium-deficiency")
    expect(items.first.locator(".codes")).to_have_text("ICD-10-CM E61.2: Magnesium deficiency")
    expect(page.locator("#disclaimer")).to_contain_text("is not medical advice")

    page.get_by_label("ICD-10-CM code or category").fill("not a code")
    page.get_by_role("button", name="Find by code").click()
    expect(page.locator("#status")).to_have_text(
        "code: Give an ICD-10-CM code such as R25.3 or a category such as R25."
    )
    assert recorded.requests_leaving(api, explorer_origin) == []


def test_the_explorer_cannot_read_the_api_from_an_origin_it_does_not_allow(
    api, explorer_origin, recorded, settings
):
    settings.CORS_ALLOW_ALL_ORIGINS = False
    settings.CORS_ALLOWED_ORIGINS = ["https://somewhere-else.example"]
    page = recorded.page

    page.goto(f"{explorer_origin}/?api={api}")

    expect(page.locator("#status")).to_have_text(
        f"Could not reach the API at {api} from this page's origin."
    )
    expect(page.locator("input[name=symptom]")).to_have_count(0)
