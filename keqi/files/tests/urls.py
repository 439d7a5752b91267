"""A stand-in host for the files engine's tests: the way a program host wires uploads.

It owns attachments on the enterprise record itself (no program app is imported), resolves
slots from the URL, and lets the engine cap, stream, sniff and check.
"""

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import include, path

from keqi.enterprises.models import Enterprise
from keqi.files import services, uploads
from keqi.formkit.spec import Slot

MB = 1024 * 1024
SLOTS = {
    slot.key: slot
    for slot in (
        Slot("evidence", "佐证材料", types=("zip",), max_bytes=300 * MB),
        Slot("small_zip", "小压缩包", types=("zip",), max_bytes=1 * MB),
        Slot("plan", "实施方案", types=("office", "pdf"), max_bytes=10 * MB, max_count=3),
        Slot("license", "营业执照", types=("pdf", "image"), max_bytes=1 * MB, max_count=2),
    )
}


def resolve(request, enterprise_id: int, slot: str):
    return SLOTS.get(slot)


def refused(request, slot, message):
    return JsonResponse({"field": "file", "message": message}, status=413)


@uploads.upload_endpoint(resolve, refused)
def upload(request, enterprise_id: int, slot: str):
    enterprise = get_object_or_404(Enterprise, pk=enterprise_id)
    spec = request.upload_slot
    try:
        incoming = uploads.received_file(request, spec)
        attachment = services.store(
            actor=request.user, enterprise=enterprise, owner=enterprise, slot=spec, upload=incoming
        )
    except ValidationError as error:
        return JsonResponse({"field": "file", "message": "；".join(error.message_dict["file"])}, status=422)
    return JsonResponse(
        {"id": attachment.pk, "name": attachment.original_name, "sha256": attachment.sha256, "size": attachment.size},
        status=201,
    )


def not_found(request, exception=None):
    return JsonResponse({"message": "不存在"}, status=404)


handler404 = not_found

urlpatterns = [
    path("host/<int:enterprise_id>/upload/<str:slot>/", upload),
    path("files/", include("keqi.files.urls")),
]
