from ninja import Router

from keqi.files.access import attachment_for
from keqi.files.views import file_response

router = Router(tags=["附件"])


@router.get("/{attachment_id}", summary="下载附件（仅限有权查看的用户）", response={200: None})
def download(request, attachment_id: int, preview: bool = False):
    return file_response(attachment_for(request.user, attachment_id), inline=preview)
