"""issue 11 #3 (X7): request bodies above a route's limit are refused from the declared length,
before anything reads them; anonymous multipart bodies are never read. Raw sockets against a
live server, so nothing in between fills in or reads the body."""

import socket
import time
from urllib.parse import urlsplit

import pytest
from django.test import Client

from keqi.accounts.models import Role
from keqi.accounts.services import issue_api_token


def raw_request(live_server, head: str, timeout: float = 5.0) -> tuple[int, str, float]:
    """Send only the request head (no body at all) and read the answer: (status, text, seconds)."""
    address = urlsplit(live_server.url)
    started = time.monotonic()
    with socket.create_connection((address.hostname, address.port), timeout=timeout) as sock:
        sock.sendall(head.replace("\n", "\r\n").encode() + b"\r\n")
        received = b""
        while b"</html>" not in received and b"}]}" not in received:
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
    elapsed = time.monotonic() - started
    status = int(received.split(b" ", 2)[1])
    return status, received.decode("utf-8", "replace"), elapsed


def head(path, length, content_type="application/x-www-form-urlencoded", extra=""):
    return (
        f"POST {path} HTTP/1.1\nHost: 127.0.0.1\nContent-Type: {content_type}\n"
        f"Content-Length: {length}\n{extra}Connection: close\n"
    )


@pytest.mark.django_db(transaction=True)
def test_a_four_gigabyte_login_body_is_refused_at_once_with_a_chinese_page(live_server):
    status, text, seconds = raw_request(live_server, head("/accounts/login/", 4294967296))
    assert status == 413
    assert seconds < 3
    assert "提交内容过大" in text and "未登录时提交的内容过大" in text


@pytest.mark.django_db(transaction=True)
def test_held_oversize_connections_do_not_stop_the_site(live_server):
    address = urlsplit(live_server.url)
    held = []
    for _ in range(4):
        sock = socket.create_connection((address.hostname, address.port), timeout=5)
        sock.sendall(head("/accounts/login/", 4294967296).replace("\n", "\r\n").encode() + b"\r\n")
        held.append(sock)
    try:
        for sock in held:
            assert sock.recv(64).startswith(b"HTTP/1.1 413")
        status, _text, seconds = raw_request(live_server, "GET / HTTP/1.1\nHost: 127.0.0.1\nConnection: close\n")
        assert status == 200 and seconds < 3
    finally:
        for sock in held:
            sock.close()


@pytest.mark.django_db(transaction=True)
def test_an_anonymous_upload_is_never_read(live_server):
    # a declared body that never arrives: reading it would hang until the timeout
    status, text, seconds = raw_request(
        live_server, head("/declarations/1/upload/other_evidence/", 5 * 1024 * 1024, "multipart/form-data; boundary=x")
    )
    assert status == 413 and seconds < 3
    assert "未登录时提交的内容过大，请登录后再试" in text


@pytest.mark.django_db(transaction=True)
def test_logged_in_limits_per_route(live_server, make_user, make_enterprise):
    user = make_user(Role.ENTERPRISE, enterprise=make_enterprise("110114"))
    browser = Client()
    browser.force_login(user)
    cookie = f"Cookie: sessionid={browser.cookies['sessionid'].value}\n"
    # a form route: the default limit (5M)
    status, text, _ = raw_request(live_server, head("/enterprise/profile/", 6 * 1024 * 1024, extra=cookie))
    assert status == 413 and "提交的内容超过大小上限" in text
    # the API upload route with a bearer token: refused beyond the largest slot cap (300M) and its margin
    key = issue_api_token(user=user, name="ERP")
    status, text, _ = raw_request(
        live_server,
        head(
            "/api/v1/declarations/submissions/1/attachments/other_evidence",
            302 * 1024 * 1024,
            "multipart/form-data; boundary=x",
            extra=f"Authorization: Bearer {key}\n",
        ),
    )
    assert status == 413 and "上传的文件超过大小上限" in text
    # an invalid token is an anonymous request: the small limit
    status, text, _ = raw_request(
        live_server,
        head("/api/v1/accounts/me", 100_000, "application/json", extra="Authorization: Bearer kq_forged\n"),
    )
    assert status == 413 and "未登录时提交的内容过大" in text


def test_an_anonymous_body_is_never_spooled_to_a_file(settings):
    assert settings.KEQI_BODY_LIMITS["anonymous"] < settings.FILE_UPLOAD_MAX_MEMORY_SIZE


@pytest.mark.django_db
def test_ordinary_posts_pass(client, make_user):
    # the login form is far below the anonymous limit
    response = client.post("/accounts/login/", {"username": "x", "password": "y", "captcha": "z"})
    assert response.status_code == 200
    assert (
        client.post(
            "/accounts/login/", "x=" + "a" * 70_000, content_type="application/x-www-form-urlencoded"
        ).status_code
        == 413
    )
