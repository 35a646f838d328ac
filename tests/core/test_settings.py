"""Production mode: refuses to start half-configured, and passes Django's deploy checks."""

import os
import subprocess
import sys

CLI = [sys.executable, "-m", "ortakakil"]


def _env(**extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(extra)
    return env


def test_production_refuses_to_start_without_secret_key_and_hosts(tmp_path):
    result = subprocess.run(
        [*CLI, "check"],
        env=_env(ORTAKAKIL_ENV="production", ORTAKAKIL_VAR_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY, ALLOWED_HOSTS" in result.stderr


def test_check_deploy_is_clean_in_production_mode(tmp_path):
    result = subprocess.run(
        [*CLI, "check", "--deploy", "--fail-level", "WARNING"],
        env=_env(
            ORTAKAKIL_ENV="production",
            ORTAKAKIL_VAR_DIR=str(tmp_path),
            SECRET_KEY="x" * 20 + "-a-long-random-production-secret-for-tests-" + "y" * 20,
            ALLOWED_HOSTS="plan.example.org",
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_database_url_selects_the_database(tmp_path):
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = subprocess.run(
        [*CLI, "shell", "--no-imports", "-c", code],
        env=_env(DATABASE_URL="postgres://someone@db.invalid:5432/plan", ORTAKAKIL_VAR_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_every_cookie_is_secure_in_production(tmp_path):
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE)"
    )
    result = subprocess.run(
        [*CLI, "shell", "--no-imports", "-c", code],
        env=_env(
            ORTAKAKIL_ENV="production",
            ORTAKAKIL_VAR_DIR=str(tmp_path),
            SECRET_KEY="x" * 50,
            ALLOWED_HOSTS="plan.example.org",
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1] == "True True True", result.stderr
