"""Production mode: refuses to start half-configured, and passes Django's deploy checks."""

import os
import subprocess
import sys

CLI = [sys.executable, "-m", "ortakakil"]


def _env(**extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "ORTAKAKIL_STAFF_MFA",
        }
    }
    env.update(extra)
    return env


def _production_env(tmp_path, **extra):
    """Production mode with the two variables it requires, its files under ``tmp_path``."""
    return _env(
        ORTAKAKIL_ENV="production",
        ORTAKAKIL_VAR_DIR=str(tmp_path),
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="plan.example.org",
        **extra,
    )


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


def test_check_deploy_warns_when_staff_mfa_is_off_in_production(tmp_path):
    """The clean run above holds with the default (staff need two-factor authentication); turning
    it off is for the local demo, and production says so (core/checks.py)."""
    result = subprocess.run(
        [*CLI, "check", "--deploy", "--fail-level", "WARNING"],
        env=_env(
            ORTAKAKIL_ENV="production",
            ORTAKAKIL_VAR_DIR=str(tmp_path),
            SECRET_KEY="x" * 20 + "-a-long-random-production-secret-for-tests-" + "y" * 20,
            ALLOWED_HOSTS="plan.example.org",
            ORTAKAKIL_STAFF_MFA="false",
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "(ortakakil.W001) Two-factor authentication of staff is turned off" in output
    assert "1 issue" in output  # nothing else


def test_staff_mfa_is_required_unless_turned_off(tmp_path):
    script = "from django.conf import settings; print(settings.STAFF_MFA_REQUIRED)"
    for extra, expected in (({}, "True"), ({"ORTAKAKIL_STAFF_MFA": "false"}, "False")):
        result = subprocess.run(
            [*CLI, "shell", "-c", script],
            env=_production_env(tmp_path, **extra),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.stdout.strip().splitlines()[-1] == expected, result.stderr


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
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1] == "True True True", result.stderr


def test_collectstatic_works_in_production(tmp_path):
    """The README's production step: every static file is hashed and compressed, and every file
    a stylesheet or script refers to exists (a vendored script's missing source map broke it)."""
    result = subprocess.run(
        [*CLI, "collectstatic", "--noinput"],
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    manifest = (tmp_path / "static" / "staticfiles.json").read_text()
    assert "ortakakil/vendor/leaflet/leaflet.js" in manifest and "ortakakil/site.css" in manifest
