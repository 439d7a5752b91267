"""Issue 9 item 7: every evaluation becomes a declaration of the program `tech-sme-<year>` on the
host (keqi.declarations): answers, status and level, agency, numbers, dates, files, the generated
cover's state, the submitted snapshot and the review records (copied, and sealed in the copy's
chain; the originals and their chains stay untouched). The Evaluation table stays readable."""

import hashlib
import json
from pathlib import Path

from django.db import migrations

from keqi.core.records import content_hash, link_hash

PROGRAM_FILE = Path(__file__).resolve().parents[2] / "declarations" / "programs" / "tech-sme-2026.json"
# old status → (host status, level); a returned one goes back to the level that returned it
STATUS = {
    "draft": ("draft", 0),
    "agency_review": ("review", 0),
    "returned": ("returned", 0),
    "withdrawn": ("withdrawn", 0),
    "province_review": ("review", 1),
    "publicity": ("approved", 1),
    "registered": ("approved", 1),
    "rejected": ("rejected", 0),
}
RETURNED_BY = {"agency_return": 0, "province_return": 1}
SLOTS = {"cover": "signed_cover", "attachments": "other_evidence"}


def _digest(value) -> str:
    canonical = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _program(apps, year: int, data: dict, form):
    Program = apps.get_model("declarations", "Program")
    Region = apps.get_model("reference", "Region")
    key = f"{data['series']}-{year}"
    found = Program.objects.filter(key=key).first()
    if found:
        return found
    fields = ("levels", "eligibility", "documents", "materials", "notes", "export_columns", "assessment")
    return Program.objects.create(
        key=key,
        series=data["series"],
        name=f"{year}年科技型中小企业评价",
        year=year,
        status="published" if year == data["year"] else "closed",
        region=Region.objects.get(code=data["region"]),
        form=form,
        on_decision=data["on_decision"],
        numbers=data["numbers"],
        **{name: data[name] for name in fields},
    )


def _seal(apps, row, chain: str) -> None:
    """The copy's link in its own chain, as keqi.core.records seals a new row."""
    ChainHead = apps.get_model("core", "ChainHead")
    RecordSeal = apps.get_model("core", "RecordSeal")
    model = type(row)
    if RecordSeal.objects.filter(record_type=model._meta.label_lower, record_id=row.pk).exists():
        return  # sealed on save already (the live models' signal)
    values = model.objects.filter(pk=row.pk).values(*[f.attname for f in model._meta.concrete_fields]).first()
    head, _ = ChainHead.objects.get_or_create(key=chain)
    record_type = model._meta.label_lower
    content = content_hash(values)
    sequence = head.length + 1
    digest = link_hash(
        chain=chain, sequence=sequence, record_type=record_type, record_id=row.pk, content=content, prev=head.last_hash
    )
    RecordSeal.objects.create(
        chain=chain,
        sequence=sequence,
        record_type=record_type,
        record_id=row.pk,
        content_hash=content,
        prev_hash=head.last_hash,
        hash=digest,
    )
    head.length, head.last_hash = sequence, digest
    head.save(update_fields=["length", "last_hash"])


def forward(apps, schema_editor):
    Evaluation = apps.get_model("evaluation", "Evaluation")
    if not Evaluation.objects.exists():
        return
    FormVersion = apps.get_model("declarations", "FormVersion")
    Submission = apps.get_model("declarations", "Submission")
    Snapshot = apps.get_model("declarations", "Snapshot")
    Attachment = apps.get_model("files", "Attachment")
    DocumentState = apps.get_model("documents", "DocumentState")
    ReviewRecord = apps.get_model("workflow", "ReviewRecord")
    data = json.loads(PROGRAM_FILE.read_text(encoding="utf-8"))
    document = data["form"]
    form = FormVersion.objects.filter(key=document["key"], digest=_digest(document)).first()
    if form is None:
        latest = FormVersion.objects.filter(key=document["key"]).order_by("-number").first()
        form = FormVersion.objects.create(
            key=document["key"],
            number=(latest.number + 1 if latest else 1),
            document=document,
            digest=_digest(document),
        )
    for old in Evaluation.objects.select_related("enterprise").order_by("id"):
        program = _program(apps, old.year, data, form)
        reviews = list(
            ReviewRecord.objects.filter(target_type="evaluation.evaluation", target_id=old.pk).order_by("id")
        )
        status, level = STATUS[old.status]
        returned = [RETURNED_BY[r.transition] for r in reviews if r.transition in RETURNED_BY]
        new = Submission.objects.create(
            program=program,
            enterprise=old.enterprise,
            form=form,
            status=status,
            level=level,
            returned_level=returned[-1] if status == "returned" and returned else None,
            region_path=old.enterprise.region_path,
            zone_path=old.enterprise.zone_path,
            answers={**old.answers, "high_tech": (old.profile or {}).get("high_tech")},
            version=old.version,
            last_opinion=next((r.opinion for r in reversed(reviews) if r.opinion), ""),
            agency_id=old.agency_id,
            serial=old.serial,
            registration_number=old.registration_number,
            submitted_at=old.submitted_at,
            status_changed_at=old.status_changed_at,
            created_by_id=old.created_by_id,
        )
        Submission.objects.filter(pk=new.pk).update(created_at=old.created_at)
        Attachment._default_manager.filter(owner_type="evaluation.evaluation", owner_id=old.pk).update(
            owner_type="declarations.submission", owner_id=new.pk
        )
        for before, after in SLOTS.items():
            Attachment._default_manager.filter(owner_type="declarations.submission", owner_id=new.pk, slot=before).update(
                slot=after
            )
        DocumentState.objects.filter(
            owner_type="evaluation.evaluation", owner_id=old.pk, kind="evaluation.cover"
        ).update(owner_type="declarations.submission", owner_id=new.pk, kind=f"program.{program.key}.cover")
        if old.snapshot:
            frozen = Attachment._default_manager.filter(owner_type="declarations.submission", owner_id=new.pk).exclude(
                frozen_at=None
            )
            files = [
                {
                    "id": a.pk,
                    "slot": a.slot,
                    "row_key": a.row_key,
                    "name": a.original_name,
                    "size": a.size,
                    "content_type": a.content_type,
                    "sha256": a.sha256,
                    "uploaded_at": a.created_at.isoformat(),
                }
                for a in frozen.order_by("slot", "row_key", "id")
            ]
            answers = old.snapshot.get("answers") or old.answers
            content = {"answers": answers, "attachments": files, "form": [form.key, form.number], "previous": ""}
            snapshot = Snapshot.objects.create(
                submission=new,
                sequence=1,
                form=form,
                version=old.snapshot.get("version") or old.version,
                answers=answers,
                attachments=files,
                digest=hashlib.sha256(
                    json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
                ).hexdigest(),
            )
            _seal(apps, snapshot, f"snapshot:{new.pk}")
        for review in reviews:
            copy = ReviewRecord.objects.create(
                process="declaration",
                target_type="declarations.submission",
                target_id=new.pk,
                transition=review.transition,
                from_state=review.from_state,
                to_state=review.to_state,
                actor_id=review.actor_id,
                actor_name=review.actor_name,
                organisation=review.organisation,
                level=review.level,
                decision=review.decision,
                opinion=review.opinion,
            )
            ReviewRecord.objects.filter(pk=copy.pk).update(created_at=review.created_at)
            _seal(apps, copy, f"review:declarations.submission:{new.pk}")


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0002_main_revenue"),
        ("declarations", "0008_submission_agency_and_numbers"),
        ("files", "0002_frozen_detached_wider_keys"),
        ("documents", "0001_initial"),
        ("workflow", "0001_initial"),
        ("core", "0002_record_hash_chains"),
        ("reference", "0004_region_nation"),
    ]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
