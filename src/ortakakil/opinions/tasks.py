"""huey tasks of the opinions app (discovered by ``huey.contrib.djhuey``)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .recompute import recompute_stale


@db_periodic_task(crontab(minute="*"))
def recompute_stale_maps() -> None:
    """Every minute: recompute the maps whose latest votes came after the debounced requests (the
    end of a burst of votes), so that no vote is left out of the map for long."""
    recompute_stale()
