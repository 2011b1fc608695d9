"""
A deployment made in one process, as `python -m bench.deployment EDITORS` in the
deployment's environment (bench.servers.prepare runs it): migrate, load the
content, collect the static files (when STATIC_ROOT is set) and make editors.

EDITORS is a JSON object of editors, each {"role": "author" or "reviewer"} and
optionally "password" (for signing in to the admin). Prints each editor's new
API token, as a JSON object by username.

Each of these is a process of Django's own start-up when run as `manage.py`
commands; tests copy one prepared deployment instead of making a new one each.
"""

import io
import json
import os
import sys

import django


def main() -> None:
    editors = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "healthapi.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0)
    call_command("load_content", verbosity=0)
    if os.environ.get("STATIC_ROOT"):
        call_command("collectstatic", interactive=False, verbosity=0)
    tokens = {}
    for username, editor in editors.items():
        out = io.StringIO()
        call_command(
            "create_editor", username, role=editor["role"], stdout=out, stderr=io.StringIO()
        )
        tokens[username] = out.getvalue().strip()
        if "password" in editor:
            user = get_user_model().objects.get(username=username)
            user.set_password(editor["password"])
            user.save(update_fields=["password"])
    # Closed, so that SQLite leaves the whole database in its file for copies of it.
    connections.close_all()
    print(json.dumps(tokens))


if __name__ == "__main__":
    main()
