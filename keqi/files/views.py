from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import FileResponse

from keqi.files.access import attachment_for


def file_response(attachment, *, inline: bool) -> FileResponse:
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{quote(attachment.original_name)}"
    response["X-Content-Type-Options"] = "nosniff"
    if not (inline and attachment.content_type == "application/pdf"):
        response["Content-Security-Policy"] = "sandbox"  # the browser's PDF viewer needs plugins
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def download(request, attachment_id: int):
    attachment = attachment_for(request.user, attachment_id)
    return file_response(attachment, inline=request.GET.get("preview") == "1")
