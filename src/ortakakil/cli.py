"""The ``ortakakil`` console script: Django's management commands under one name.

``ortakakil migrate``, ``ortakakil demo``, ``ortakakil worker`` … behave exactly like
``django-admin <command>`` with this project's settings.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ortakakil.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ortakakil", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
