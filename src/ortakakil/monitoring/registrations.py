"""What the monitoring app registers below itself: the ``monitoring_public`` phase switch (the
public scoreboard and the public read of approved values) and the rate limit of the values'
API writes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from ortakakil.core import ratelimit
from ortakakil.processes.switches import register_switch

PUBLIC_SWITCH = "monitoring_public"
API_SCOPE = "measurement_api"


def api_rates() -> tuple[str, str]:
    """Other municipal systems push a period's values in one go: hundreds of indicators, from one
    server address."""
    return "1200/h", "6000/h"


def register() -> None:
    register_switch(PUBLIC_SWITCH, gettext_lazy("Monitoring results in public"))
    ratelimit.register_scope(API_SCOPE, api_rates)
