"""P6 / issue 9 through HTTP, with real bodies: the slot's cap applies before the body is read,
real bytes are counted, a large ZIP streams to storage in chunks with its SHA-256 computed on
the way, office documents and ZIPs are sniffed and checked, names are sanitised.

The host here is `keqi.files.tests.urls`, a stand-in wired the way a program host wires uploads.
"""

import hashlib
import http.client
import io
import json
import os
import socket
import time
import tracemalloc
import zipfile
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from keqi.accounts.models import Role
from keqi.files import services, uploads
from keqi.files.models import Attachment
from keqi.files.tests.builders import (
    EXE,
    docx_bytes,
    ole_bytes,
    pdf_bytes,
    png_bytes,
    xlsx_bytes,
    zip_bomb,
    zip_bytes,
)
from keqi.files.tests.urls import SLOTS

pytestmark = [pytest.mark.django_db, pytest.mark.urls("keqi.files.tests.urls")]
MB = 1024 * 1024
CSRF = "k" * 32  # a real client sends the cookie it was given and the same token in the header
CSRF_HEADERS = {"Cookie": f"csrftoken={CSRF}", "X-CSRFToken": CSRF}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def spool(settings, tmp_path):
    """Where bodies above FILE_UPLOAD_MAX_MEMORY_SIZE are spooled while they stream in."""
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "spool"
    settings.FILE_UPLOAD_TEMP_DIR.mkdir()
    return settings.FILE_UPLOAD_TEMP_DIR


@pytest.fixture
def enterprise(make_enterprise):
    return make_enterprise("110114", name="北京昌平附件测试科技有限公司")


def post_file(client, enterprise, slot, name, content):
    return client.post(f"/host/{enterprise.pk}/upload/{slot}/", {"file": SimpleUploadedFile(name, content)})


def stored_files(media) -> list:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


class Unreadable(io.RawIOBase):
    def readable(self):
        return True

    def readinto(self, buffer):  # pragma: no cover - must never be called
        raise AssertionError("the body must not be read")


def test_a_301_mb_zip_is_refused_from_its_declared_length_before_the_body_is_read(client, enterprise, media):
    response = client.generic(
        "POST",
        f"/host/{enterprise.pk}/upload/evidence/",
        CONTENT_TYPE=MULTIPART_CONTENT,
        CONTENT_LENGTH=str(301 * MB),
        **{"wsgi.input": Unreadable()},
    )
    assert response.status_code == 413
    assert response.json()["message"] == "佐证材料大小不能超过300M（当前301.0M）"
    assert not Attachment.all_objects.exists() and not stored_files(media)


def test_a_301_mb_upload_over_a_real_socket_is_answered_at_once(live_server, enterprise):
    """A real client announcing 301 MB gets the Chinese refusal after sending a few KB."""
    url = urlsplit(live_server.url)
    head = (
        f"POST /host/{enterprise.pk}/upload/evidence/ HTTP/1.1\r\nHost: {url.hostname}\r\n"
        f"Content-Type: {MULTIPART_CONTENT}\r\nContent-Length: {301 * MB}\r\n"
        f"Cookie: csrftoken={CSRF}\r\nX-CSRFToken: {CSRF}\r\n\r\n"
    ).encode()
    part = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="材料.zip"\r\n'
        "Content-Type: application/zip\r\n\r\n"
    ).encode() + bytes(16 * 1024)
    started = time.monotonic()
    with socket.create_connection((url.hostname, url.port), timeout=10) as conn:
        conn.sendall(head + part)
        response = http.client.HTTPResponse(conn)
        response.begin()
        body = json.loads(response.read())
    assert time.monotonic() - started < 5
    assert response.status == 413
    assert body["message"] == "佐证材料大小不能超过300M（当前301.0M）"


def test_real_bytes_are_counted_while_streaming(client, enterprise, media, spool, settings):
    """The declared length is within the multipart margin, the file itself is over the cap:
    parsing stops there and the spooled part is deleted."""
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024  # spool this 1 MB body to disk
    body = encode_multipart(
        BOUNDARY, {"file": SimpleUploadedFile("大.zip", zip_bytes({"a.bin": os.urandom(MB)}, compression=0))}
    )
    assert 1 * MB < len(body) < 1 * MB + uploads.MULTIPART_OVERHEAD
    response = client.generic("POST", f"/host/{enterprise.pk}/upload/small_zip/", body, content_type=MULTIPART_CONTENT)
    assert response.status_code == 422
    assert response.json()["message"].startswith("小压缩包大小不能超过1M")
    assert not Attachment.all_objects.exists() and not stored_files(media) and not list(spool.iterdir())


def test_a_short_content_length_stores_nothing_and_says_so(client, enterprise, media):
    """A length that lies the other way: the body is cut at the declared length, the file part
    never ends, and nothing half-received is kept."""
    body = encode_multipart(BOUNDARY, {"file": SimpleUploadedFile("执照.pdf", pdf_bytes() + bytes(200_000))})
    response = client.generic(
        "POST", f"/host/{enterprise.pk}/upload/license/", body, content_type=MULTIPART_CONTENT,
        CONTENT_LENGTH=str(len(body) // 2),
    )  # fmt: skip
    assert response.status_code == 422
    assert response.json()["message"] == "文件没有完整上传（连接中断或请求长度与内容不符），请重新上传"
    assert not Attachment.all_objects.exists() and not stored_files(media)


def test_the_global_cap_refuses_any_endpoint_unread_and_a_later_slot_cap_still_applies():
    factory = RequestFactory()
    request = factory.generic(
        "POST", "/anything/", CONTENT_TYPE=MULTIPART_CONTENT, CONTENT_LENGTH=str(301 * MB),
        **{"wsgi.input": Unreadable()},
    )  # fmt: skip
    assert not request.FILES and request.upload_too_large
    # a session API call: the CSRF check parsed the body before the endpoint knew its slot
    small = SLOTS["license"]
    request = factory.post("/api/", {"file": SimpleUploadedFile("执照.pdf", pdf_bytes() + bytes(int(1.2 * MB)))})
    assert request.FILES["file"].sha256  # hashed while streaming
    assert request.FILES["file"].size > small.max_bytes  # only the global cap applied while parsing
    # limiting afterwards does not fail (the handlers are fixed once parsed) and still refuses
    assert uploads.limit_upload(request, small) == "营业执照大小不能超过1M（当前1.2M）"
    with pytest.raises(ValidationError) as refused:
        uploads.received_file(request, small)
    assert refused.value.message_dict == {"file": ["营业执照大小不能超过1M（当前1.2M）"]}


def test_a_large_zip_streams_to_storage_in_chunks_and_its_sha256_is_computed_on_the_way(
    live_server, enterprise, media, spool, tmp_path
):
    """40 MB through a real socket: peak Python memory stays a few MB, so neither the parser,
    the checks nor the storage ever held the file; the digest matches the bytes sent."""
    archive = tmp_path / "佐证材料.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as out:
        for index in range(8):
            out.writestr(f"第{index + 1}部分/扫描件.pdf", b"%PDF-1.4\n" + os.urandom(5 * MB))
    size, digest = archive.stat().st_size, hashlib.sha256(archive.read_bytes()).hexdigest()
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="佐证材料.zip"\r\n'
        "Content-Type: application/zip\r\n\r\n"
    ).encode()
    tail = f"\r\n--{BOUNDARY}--\r\n".encode()

    def body():
        yield head
        with archive.open("rb") as handle:
            while chunk := handle.read(256 * 1024):
                yield chunk
        yield tail

    url = urlsplit(live_server.url)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    tracemalloc.start()
    try:
        conn.request(
            "POST",
            f"/host/{enterprise.pk}/upload/evidence/",
            body=body(),
            headers={
                "Content-Type": MULTIPART_CONTENT,
                "Content-Length": str(len(head) + size + len(tail)),
                **CSRF_HEADERS,
            },
        )
        response = conn.getresponse()
        payload = response.read()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        conn.close()
    assert response.status == 201, payload.decode()
    assert peak < 8 * MB, f"peak {peak / MB:.1f} MB while uploading {size / MB:.0f} MB"
    stored = Attachment.objects.get()
    assert (stored.size, stored.sha256, stored.content_type) == (size, digest, "application/zip")
    assert stored.original_name == "佐证材料.zip" and stored.file.name.endswith(".zip")
    with stored.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == digest
    assert not list(spool.iterdir())  # the spooled file was moved into storage, not copied


def test_office_documents_are_accepted_by_content_and_fakes_refused(client, enterprise):
    workbook = xlsx_bytes()
    ok = [
        post_file(client, enterprise, "plan", "实施方案.docx", docx_bytes()),
        post_file(client, enterprise, "plan", "投资明细.xlsx", workbook),
        post_file(client, enterprise, "plan", "旧版方案.wps", ole_bytes("WordDocument")),
    ]
    assert [r.status_code for r in ok] == [201, 201, 201]
    assert list(Attachment.objects.values_list("content_type", flat=True)) == [
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/msword",
    ]
    assert ok[1].json()["sha256"] == hashlib.sha256(workbook).hexdigest()
    Attachment.objects.all().delete()
    fake = post_file(client, enterprise, "plan", "实施方案.pdf", "这只是一段文字，改了扩展名".encode())
    assert fake.status_code == 422
    assert fake.json()["message"] == (
        "实施方案文件类型不符合要求：仅支持Office文档（Word/Excel/PPT/WPS）或PDF，"
        "请上传真实的Office文档（Word/Excel/PPT/WPS）或PDF文件（所选文件实际为文本文件）"
    )
    exe = post_file(client, enterprise, "plan", "方案.docx", EXE)
    assert exe.status_code == 422 and "所选文件实际为可执行程序" in exe.json()["message"]
    plain_zip = post_file(client, enterprise, "plan", "方案.docx", zip_bytes({"word/a.xml": b"<a/>"}))
    assert plain_zip.status_code == 422 and "所选文件实际为ZIP压缩包" in plain_zip.json()["message"]
    locked = post_file(client, enterprise, "plan", "加密.docx", ole_bytes("EncryptedPackage"))
    assert locked.json()["message"] == "实施方案：文档设置了打开密码，请取消密码后重新上传"
    assert not Attachment.all_objects.exists()


def test_zip_refusals_name_the_member_and_keep_nothing(client, enterprise, media):
    bomb = post_file(client, enterprise, "evidence", "材料.zip", zip_bomb("扫描件/全部.pdf"))
    assert bomb.status_code == 422
    assert bomb.json()["message"] == "佐证材料中的“扫描件/全部.pdf”解压后为2.0G，超过解压后总大小上限1.0G"
    traversal = post_file(client, enterprise, "evidence", "材料.zip", zip_bytes({"../../../etc/cron.d/x": b"x"}))
    assert traversal.json()["message"] == (
        "佐证材料中的“../../../etc/cron.d/x”路径中含有“..”（会解压到压缩包以外的目录），请修改后重新打包"
    )
    nested = post_file(client, enterprise, "evidence", "材料.zip", zip_bytes({"内层.zip": zip_bytes({"a": b"a"})}))
    assert "“内层.zip”是ZIP压缩包" in nested.json()["message"]
    rar = post_file(client, enterprise, "evidence", "材料.zip", b"Rar!\x1a\x07\x00" + bytes(200))
    assert "仅支持ZIP压缩包" in rar.json()["message"] and "所选文件实际为RAR压缩包" in rar.json()["message"]
    assert not Attachment.all_objects.exists() and not stored_files(media)
    good = post_file(client, enterprise, "evidence", "材料.zip", zip_bytes({"营业执照.pdf": pdf_bytes()}))
    assert good.status_code == 201


def test_file_names_with_paths_rtl_override_and_nulls_are_sanitised(client, enterprise):
    response = post_file(client, enterprise, "license", "../../etc/营业执照.pdf", pdf_bytes())
    assert response.status_code == 201 and response.json()["name"] == "营业执照.pdf"
    response = post_file(client, enterprise, "license", "执照\u202egnp.exe", png_bytes())
    assert response.status_code == 201 and response.json()["name"] == "执照gnp.png"
    # straight through the service too (a host may pass files that did not come from Django's parser)
    for raw, expected in (("..\\..\\合同\x00.pdf", "合同.pdf"), ("\u202e\u202d.pdf", "附件.pdf")):
        upload = SimpleUploadedFile("x.pdf", pdf_bytes())
        upload.name = raw
        attachment = services.store(
            actor=None, enterprise=enterprise, owner=enterprise, slot=SLOTS["plan"], upload=upload
        )
        assert attachment.original_name == expected
        assert "\u202e" not in attachment.file.name and ".." not in attachment.file.name


def test_a_missing_file_and_an_unknown_slot(client, enterprise):
    assert client.post(f"/host/{enterprise.pk}/upload/evidence/", {}).json()["message"] == "请选择要上传的文件"
    assert client.post(f"/host/{enterprise.pk}/upload/nope/", {}).status_code == 404


def test_csrf_still_applies_to_uploads_under_the_cap(enterprise, make_user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(Role.ENTERPRISE, enterprise=enterprise))
    response = post_file(client, enterprise, "license", "执照.pdf", pdf_bytes())
    assert response.status_code == 403 and not Attachment.all_objects.exists()
