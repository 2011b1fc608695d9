"""
TypeScript types generated from the schema (openapi-typescript) type-check a small
frontend consumer (clients/typescript/src) with `tsc --noEmit`: a schema change that
would break frontends breaks the build.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.utils import browser_tool_missing

# The schema fixture reads the loaded content; pytest-django sets the test database up
# only for a run that holds a test marked as using it.
pytestmark = pytest.mark.django_db

CLIENT = Path(settings.BASE_DIR, "clients", "typescript")
INSTALL_HINT = "install Node.js and npm (Debian: apt-get install nodejs npm), then `make test`"


@pytest.fixture(scope="module")
def node_modules() -> Path:
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        browser_tool_missing(f"Node.js is not installed: {INSTALL_HINT}")
    if not (CLIENT / "node_modules" / ".bin" / "tsc").exists():
        # The versions of package-lock.json, exactly.
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=CLIENT, check=True)
    return CLIENT / "node_modules"


def type_check(schema: dict, node_modules: Path, workdir: Path) -> subprocess.CompletedProcess:
    """Generate types from `schema` next to a copy of the consumer, and type-check it."""
    shutil.copytree(CLIENT / "src", workdir / "src", ignore=shutil.ignore_patterns("schema.d.ts"))
    shutil.copy(CLIENT / "tsconfig.json", workdir)
    (workdir / "node_modules").symlink_to(node_modules)
    (workdir / "schema.json").write_text(json.dumps(schema))
    bin_dir = node_modules / ".bin"
    subprocess.run(
        [bin_dir / "openapi-typescript", "schema.json", "--output", "src/schema.d.ts"],
        cwd=workdir,
        check=True,
        capture_output=True,
    )
    return subprocess.run(
        [bin_dir / "tsc", "--noEmit", "--pretty", "false"],
        cwd=workdir,
        capture_output=True,
        text=True,
    )


def test_the_consumer_type_checks_against_the_schemas_types(schema, node_modules, tmp_path):
    result = type_check(schema, node_modules, tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("break_schema", "error"),
    [
        (
            lambda schema: schema["components"]["schemas"]["Cause"]["properties"].pop(
                "lifestyle_tips"
            ),
            "Property 'lifestyle_tips' does not exist",
        ),
        (
            lambda schema: next(
                parameter
                for parameter in schema["paths"]["/api/v1/causes/"]["get"]["parameters"]
                if parameter["name"] == "symptom"
            ).update(name="symptoms"),
            "'symptom' does not exist",
        ),
        (
            lambda schema: schema["components"]["schemas"]["UrgencyEnum"]["enum"].remove(
                "self_care"
            ),
            "self_care",
        ),
    ],
    ids=["a-removed-field", "a-renamed-parameter", "a-removed-enum-value"],
)
def test_a_schema_change_that_breaks_the_consumer_fails_the_check(
    schema, node_modules, tmp_path, break_schema, error
):
    changed = json.loads(json.dumps(schema))
    break_schema(changed)

    result = type_check(changed, node_modules, tmp_path)

    assert result.returncode != 0
    assert error in result.stdout
