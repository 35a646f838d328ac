"""Imported once by the forkserver of ``test_concurrency.py``: Django set up and every URL's
view, serializer and service imported, so each child forked from it starts in milliseconds
instead of importing the project again (seconds of CPU each, on a shared two-core machine).
Nothing here connects to a database; each child points Django at the test database itself
(``workers.init``)."""

import os

os.environ["ORTAKAKIL_TESTING"] = "1"  # the suite's settings: locmem cache, immediate huey, no rate limits
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ortakakil.settings")

import django

django.setup()

from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018 — imports every view and what it calls
