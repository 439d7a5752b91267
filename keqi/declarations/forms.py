"""Form versions: compile each immutable document once per process."""

from functools import lru_cache

from keqi.declarations.models import FormVersion
from keqi.formkit.document import compile_form, digest, promoted_fields
from keqi.formkit.spec import Form, Slot


@lru_cache(maxsize=128)
def _compiled(pk: int, content_digest: str, number: int) -> Form:
    version = FormVersion.objects.get(pk=pk)
    return compile_form(version.document, str(number))


def form_of(version: FormVersion) -> Form:
    return _compiled(version.pk, version.digest, version.number)


@lru_cache(maxsize=128)
def _promoted(pk: int, content_digest: str) -> tuple[dict, ...]:
    document = FormVersion.objects.values_list("document", flat=True).get(pk=pk)
    return tuple(promoted_fields(document))


def promoted_of(version: FormVersion) -> tuple[dict, ...]:
    """The version's promoted fields, without loading its document on every save."""
    return _promoted(version.pk, version.digest)


def ensure_version(key: str, document: dict) -> FormVersion:
    """The latest version of `key` when its content is `document`, else a new version.
    Published versions are never edited: a change is always a new number."""
    compile_form(document, "check")  # refuse an invalid document before storing it
    content = digest(document)
    latest = FormVersion.objects.filter(key=key).order_by("-number").first()
    if latest and latest.digest == content:
        return latest
    return FormVersion.objects.create(
        key=key, number=(latest.number + 1 if latest else 1), document=document, digest=content
    )


def slot_at(form: Form, path: str, slot_key: str) -> Slot | None:
    """The slot an attachment path addresses: "" (the form), "row", "record" or "record/row"."""
    parts = [p for p in path.split("/") if p] if path else []
    if len(parts) > 2:
        return None
    if not parts:
        return next((s for sec in form.sections for s in sec.slots if s.key == slot_key), None)
    for table in form.all_tables():
        found = next((s for s in table.slots_per_row if s.key == slot_key), None)
        if found and len(parts) == 1:
            return found
    for records in form.all_records():
        found = slot_at(records.form, "/".join(parts[1:]), slot_key)
        if found:
            return found
    return None
