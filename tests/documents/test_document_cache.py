"""Rendered documents are cached where the web server and the huey worker both see them: without
Redis, a directory under ORTAKAKIL_VAR_DIR (a memory cache would be one process's own, and a
report the worker rendered would be rendered again for the page)."""

import os
import subprocess
import sys

SCRIPT = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "ortakakil.settings"
import django
django.setup()
from ortakakil.documents.cache import document_cache
cache = document_cache()
if sys.argv[1] == "set":
    cache.set("rapor", "Şükrü'nün raporu".encode(), 60)
print(type(cache).__name__, (cache.get("rapor") or b"").decode())
"""


def run(action, var_dir):
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "ORTAKAKIL_TESTING"}}
    env["ORTAKAKIL_VAR_DIR"] = str(var_dir)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, action], env=env, capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout.strip()


def test_a_document_rendered_in_one_process_is_read_in_another(tmp_path):
    assert run("set", tmp_path) == "FileBasedCache Şükrü'nün raporu"
    assert run("get", tmp_path) == "FileBasedCache Şükrü'nün raporu"
    assert (tmp_path / "cache" / "documents").is_dir()
