"""``ortakakil create_citizens --count N --json``: citizen accounts with API tokens (for load tests).

Prints one JSON object per line: ``{"username": …, "token": …}``.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from ortakakil.core.models import Role, User


class Command(BaseCommand):
    help = "Create N citizen accounts with API tokens and print them as JSON lines."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, required=True, help="How many accounts to create.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object per line (the default).")
        parser.add_argument("--prefix", default="vatandas", help="Username prefix (default: vatandas).")

    def handle(self, *args: Any, **options: Any) -> None:
        count = options["count"]
        if count < 1 or count > 1_000_000:
            raise CommandError("--count 1 ile 1.000.000 arasında olmalıdır.", returncode=2)
        batch = secrets.token_hex(4)
        now = timezone.now()
        with transaction.atomic():
            users = User.objects.bulk_create(
                [
                    User(
                        username=f"{options['prefix']}-{batch}-{n:06d}",
                        role=Role.CITIZEN,
                        password=make_password(None),
                        verified_at=now,  # made by an operator, like staff-made accounts: verified
                    )
                    for n in range(count)
                ],
                batch_size=1000,
            )
            if not all(u.pk for u in users):  # backends that do not return keys from bulk inserts
                users = list(User.objects.filter(username__startswith=f"{options['prefix']}-{batch}-"))
            tokens = Token.objects.bulk_create(
                [Token(user=u, key=Token.generate_key()) for u in users], batch_size=1000
            )
        for token in tokens:
            self.stdout.write(json.dumps({"username": token.user.username, "token": token.key}, ensure_ascii=False))
