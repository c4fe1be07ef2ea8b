"""Figures of the dashboard: per commune and overall, notices sent, share sent on time, share
acknowledged, median notice delay (days between the first send and the start).

The unit is a (notice, commune) pair that received a first send. It is sent on time when that
first send came at least the nature's advance delay before the start (to the day); acknowledged
when any contact of the commune clicked "bien reçu" or "relayé". One query, then Python.
"""

import statistics
from dataclasses import dataclass, field

from django.db.models import Max, Min, Q
from django.utils import timezone

from partage.organisation.models import Commune

from .models import NoticeDispatch, advance_days


@dataclass
class Figures:
    label: str
    slug: str = ""
    sent: int = 0
    on_time: int = 0
    acknowledged: int = 0
    delays: list[int] = field(default_factory=list)

    @property
    def on_time_share(self) -> int | None:
        return round(100 * self.on_time / self.sent) if self.sent else None

    @property
    def acknowledged_share(self) -> int | None:
        return round(100 * self.acknowledged / self.sent) if self.sent else None

    @property
    def median_delay(self) -> float | None:
        return statistics.median(self.delays) if self.delays else None


def figures(overall_label: str) -> tuple[Figures, list[Figures]]:
    pairs = (
        NoticeDispatch.objects.filter(sent_at__isnull=False)
        .values("notice_id", "commune_id", "notice__starts_at", "notice__nature")
        .annotate(
            first_sent=Min("sent_at", filter=Q(kind=NoticeDispatch.Kind.INITIAL)),
            received=Max("received_at"),
            relayed=Max("relayed_at"),
        )
        .order_by()
    )
    by_commune = {c.pk: Figures(c.name, c.slug) for c in Commune.objects.only("name", "slug")}
    overall = Figures(str(overall_label))
    for pair in pairs:
        if pair["first_sent"] is None or pair["commune_id"] not in by_commune:
            continue
        start = timezone.localtime(pair["notice__starts_at"]).date()
        delay = (start - timezone.localtime(pair["first_sent"]).date()).days
        on_time = delay >= advance_days(pair["notice__nature"])
        acknowledged = pair["received"] is not None or pair["relayed"] is not None
        for target in (by_commune[pair["commune_id"]], overall):
            target.sent += 1
            target.on_time += on_time
            target.acknowledged += acknowledged
            target.delays.append(delay)
    return overall, list(by_commune.values())
