"""Agreement.organization: the dispute's town, copied so the year's agreement figures read one
town's agreements through an (organization, signed_on) index (issue 22).

Added nullable, filled from each agreement's dispute (the history rows too), then made
required. On PostgreSQL a foreign key on (dispute_id, organization_id) → the dispute's
(id, organization_id) makes a copy that disagrees with its dispute impossible (SQLite relies
on Agreement.save(), which always copies it; bulk loaders fill it and the NOT NULL catches one
that forgets).
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

SAME_TOWN_SQL = [
    "ALTER TABLE disputes_dispute ADD CONSTRAINT disputes_dispute_id_org_uniq UNIQUE (id, organization_id)",
    "ALTER TABLE disputes_agreement ADD CONSTRAINT disputes_agreement_same_town FOREIGN KEY (dispute_id, organization_id)"
    " REFERENCES disputes_dispute (id, organization_id) DEFERRABLE INITIALLY DEFERRED",
]
SAME_TOWN_REVERSE_SQL = [
    "ALTER TABLE disputes_agreement DROP CONSTRAINT IF EXISTS disputes_agreement_same_town",
    "ALTER TABLE disputes_dispute DROP CONSTRAINT IF EXISTS disputes_dispute_id_org_uniq",
]


def copy_towns(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    if postgresql:
        # Check the new foreign keys now, not at commit: pending checks would make PostgreSQL refuse
        # the ALTER TABLE below ("pending trigger events").
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    copy_each_town(apps)
    if postgresql:
        schema_editor.execute("SET CONSTRAINTS ALL DEFERRED")


def copy_each_town(apps):
    """Every agreement (and history row) takes its dispute's town."""
    Dispute = apps.get_model("disputes", "Dispute")
    town = Subquery(Dispute.objects.filter(pk=OuterRef("dispute_id")).values("organization_id")[:1])
    for name in ("Agreement", "HistoricalAgreement"):
        apps.get_model("disputes", name).objects.update(organization_id=town)


def same_town_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in SAME_TOWN_SQL:
            schema_editor.execute(sql)


def drop_same_town_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in SAME_TOWN_REVERSE_SQL:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("disputes", "0005_org_id_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="agreement",
            name="organization",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.organization",
                verbose_name="所属单位",
            ),
        ),
        migrations.AddField(
            model_name="historicalagreement",
            name="organization",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="accounts.organization",
                verbose_name="所属单位",
            ),
        ),
        migrations.RunPython(copy_towns, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="agreement",
            name="organization",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.organization",
                verbose_name="所属单位",
            ),
        ),
        migrations.AddIndex(
            model_name="agreement",
            index=models.Index(fields=["organization", "signed_on"], name="disputes_agreement_org_signed"),
        ),
        migrations.RunPython(same_town_constraint, drop_same_town_constraint),
    ]
