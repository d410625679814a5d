"""Free-text search of the register (the list's ?q=).

A search looks in the serial number, the old ledger number, the summary and the parties'
names. `Dispute.search_text` is a stored column the database computes from the dispute's own
fields plus `Dispute.party_names`; this module keeps `party_names` equal to the names of the
dispute's parties:

- a party saved or deleted one at a time (forms, services, importer, admin) refreshes its
  dispute through the signal handlers connected in apps.py;
- bulk inserts, which send no signals (load_demo, the benchmark generator), call
  `refresh_party_names()` on what they inserted.
"""

from __future__ import annotations

from django.db.models import Aggregate, OuterRef, Q, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Lower

from disputes.models import SEARCH_SEPARATOR, Dispute, Party


class NameList(Aggregate):
    """The parties' names of one dispute in one string, SEARCH_SEPARATOR between them
    (string_agg / group_concat)."""

    function = "STRING_AGG"
    output_field = TextField()

    def __init__(self, expression, **extra):
        super().__init__(expression, Value(SEARCH_SEPARATOR, output_field=TextField()), **extra)

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


def refresh_party_names(disputes: QuerySet[Dispute]) -> int:
    """Copy each dispute's party names into `party_names` (one UPDATE); returns the row count."""
    names = (
        Party.objects.filter(dispute=OuterRef("pk"))
        .order_by()
        .values("dispute")
        .annotate(names=NameList("name"))
        .values("names")
    )
    return disputes.update(party_names=Coalesce(Subquery(names), Value("")))


def search_condition(value: str) -> Q:
    """Disputes whose serial, old number, summary or a party's name contains `value`,
    ignoring case. Lowered by the database on both sides, so the two agree."""
    return Q(search_text__contains=Lower(Value(value, output_field=TextField())))


def party_changed(sender, instance: Party, **kwargs) -> None:
    if kwargs.get("raw"):  # loaddata (restore): the dispute's stored names come with it
        return
    refresh_party_names(Dispute.objects.filter(pk=instance.dispute_id))
