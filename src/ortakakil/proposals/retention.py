"""The retention rule for the personal data proposals hold (registered with core.retention)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet

from ortakakil.core.retention import Rule, days_ago

from .models import DigestSent, Notification


def _notifications(now: datetime) -> list[QuerySet]:
    cutoff = days_ago("NOTIFICATIONS_RETENTION_DAYS", now)
    return [Notification.objects.filter(created_at__lt=cutoff), DigestSent.objects.filter(sent_at__lt=cutoff)]


RULES = [
    Rule("notifications", "Bildirimler ve özet e-posta kayıtları", "NOTIFICATIONS_RETENTION_DAYS", _notifications),
]
