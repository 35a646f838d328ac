"""The layering of docs/ARCHITECTURE.md holds: import-linter's contracts in pyproject.toml
(apps import only the apps below them; documents is read only by the code that delivers files;
pure cores import nothing from Django)."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "Contracts: 2 kept, 0 broken." in result.stdout


# --- templates: import-linter cannot see them ------------------------------------------------------

TEMPLATES = ROOT / "src" / "ortakakil" / "templates"
HIGHER_APPS = (
    "proposals",
    "surveys",
    "workshops",
    "opinions",
    "textmine",
    "stats",
    "planning",
    "portfolio",
    "monitoring",
    "documents",
    "api",
)
"""Apps above ``core`` and ``processes``: their templates live in folders of their own."""
LOWER_TEMPLATES = sorted(
    path for path in TEMPLATES.rglob("*") if path.is_file() and path.relative_to(TEMPLATES).parts[0] not in HIGHER_APPS
)
KNOWN_HIGHER = (
    "proposals_manage:",
    "manage:workshop",
    "manage:stakeholder",
    "manage:contact",
    "manage:invitation",
    "my_notifications",
    ".workshops.",
    ".proposals.",
    ".surveys.",
    '"proposals/',
    '"surveys/',
    '"workshops/',
)


def _higher_url_names() -> set[str]:
    """Every URL name whose view lives in an app above core and processes (with its namespace)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    names: set[str] = set()

    def walk(patterns, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                module = getattr(pattern.callback, "__module__", "")
                if any(module.startswith(f"ortakakil.{app}.") for app in HIGHER_APPS):
                    names.add(namespace + pattern.name)

    walk(get_resolver().url_patterns, "")
    return names


def _higher_relations() -> set[str]:
    """The reverse accessors that higher apps' models add to core and processes models
    (``process.workshops``, ``user.notifications`` …)."""
    from django.apps import apps

    accessors: set[str] = set()
    for app in HIGHER_APPS:
        if not apps.is_installed(f"ortakakil.{app}"):
            continue
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.get_fields():
                target = getattr(field, "related_model", None)
                points_down = target is not None and target._meta.app_label in ("core", "processes")
                if field.concrete and field.is_relation and points_down and field.remote_field:
                    accessors.add(field.remote_field.get_accessor_name())
    return {name for name in accessors if name and not name.endswith("+")}


def test_the_lower_apps_templates_name_nothing_of_the_apps_above_them():
    """Lower pages show what higher apps contribute only through registries
    (``processes/sections.py``, ``core/links.py``, ``core/badges.py``)."""
    import re

    assert len(LOWER_TEMPLATES) > 20 and TEMPLATES / "base.html" in LOWER_TEMPLATES
    url_names = _higher_url_names()
    relations = _higher_relations()
    assert {"proposals_manage:moderation", "manage:stakeholder_list", "my_notifications"} <= url_names
    assert {"workshops", "notifications"} <= relations
    found = []
    for path in LOWER_TEMPLATES:
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(TEMPLATES)
        found += [f"{where}: {known}" for known in KNOWN_HIGHER if known in text]
        for name in re.findall(r"\{%\s*url\s+['\"]([^'\"]+)['\"]", text):
            if name in url_names:
                found.append(f"{where}: url {name}")
        for relation in re.findall(r"\b[a-z_]+\.([a-z_]+)\b", text):
            if relation in relations:
                found.append(f"{where}: .{relation}")
    assert found == []
