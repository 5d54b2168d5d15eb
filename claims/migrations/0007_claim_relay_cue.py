from django.db import migrations, models


def backfill_cues(apps, schema_editor):
    """Claims detected as relays before cues were kept: read their text again for the cue.

    Only the cue is filled in, and only where detection still names the same origin; nothing else
    changes (no history row: the relay itself is the same).
    """
    from sources.scoring import RelayIndex

    Claim = apps.get_model("claims", "Claim")
    SourceAlias = apps.get_model("sources", "SourceAlias")
    detected = Claim.objects.filter(relay_origin="detected", relay_cue="")
    if not detected.exists():
        return
    index = RelayIndex.build(SourceAlias.objects.values_list("source_id", "normalized"), normalized=True)
    batch = []
    for claim in detected.only("pk", "text", "source_id", "relayed_from_id").iterator(chunk_size=1000):
        match = index.detect(claim.text, own_source_id=claim.source_id)
        if match is not None and match.source_id == claim.relayed_from_id:
            claim.relay_cue = (match.cue or match.phrase)[:300]
            batch.append(claim)
        if len(batch) >= 1000:
            Claim.objects.bulk_update(batch, ["relay_cue"])
            batch = []
    Claim.objects.bulk_update(batch, ["relay_cue"])


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0006_claim_soft_delete"),
        ("sources", "0002_credibility_assessment"),
    ]

    operations = [
        migrations.AddField(
            model_name="claim",
            name="relay_cue",
            field=models.CharField(
                blank=True,
                help_text="What in the text made a detected relay, as written: 'according to SANA'.",
                max_length=300,
            ),
        ),
        migrations.AddField(
            model_name="historicalclaim",
            name="relay_cue",
            field=models.CharField(
                blank=True,
                help_text="What in the text made a detected relay, as written: 'according to SANA'.",
                max_length=300,
            ),
        ),
        migrations.RunPython(backfill_cues, migrations.RunPython.noop),
    ]
