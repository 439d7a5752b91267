"""Size caps enforced while the request streams in, before Django stores the whole body."""

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict


class UploadTooLarge(Exception):
    pass


class SizeLimitHandler(FileUploadHandler):
    """Aborts the upload as soon as the declared length or the received bytes exceed `limit`.

    Put first in `request.upload_handlers` before the body is read; the view then sees
    `request.upload_too_large` and answers with a message instead of storing anything.
    """

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # Multipart overhead is small: a declared body well beyond the cap is refused unread.
        if content_length and content_length > self.limit + 64 * 1024:
            self.request.upload_too_large = True
            return QueryDict(encoding=encoding), MultiValueDict()  # nothing parsed, nothing stored
        return None

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


def limit_upload(request, limit: int) -> None:
    request.upload_too_large = False
    request.upload_handlers.insert(0, SizeLimitHandler(request, limit))
