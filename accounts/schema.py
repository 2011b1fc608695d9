"""How the API's token scheme appears in the OpenAPI schema (and Swagger's "Authorize")."""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "An editor's token, as `Token <secret>` (in Swagger's Authorize box too). "
                "`manage.py create_editor` prints one; `POST /api/v1/auth/tokens/` makes "
                "more. Tokens expire after TOKEN_TTL_HOURS."
            ),
        }
