"""The cache of rendered documents (the ``documents`` cache alias of the settings): shared by the
web server and the background worker, so a report the worker rendered is served from it."""

from __future__ import annotations

from django.core.cache import BaseCache, caches


def document_cache() -> BaseCache:
    return caches["documents"]
