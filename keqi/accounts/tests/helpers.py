from keqi.accounts.captcha import SESSION_KEY


def solve_captcha(client) -> str:
    """Fetch a captcha image as a browser would and read the answer the server keeps."""
    response = client.get("/accounts/captcha.png")
    assert response["Content-Type"] == "image/png"
    return client.session[SESSION_KEY]


def sms_code(sms_outbox, mobile: str) -> str:
    """The newest 6-digit code the test SMS outbox holds for this number."""
    import re

    texts = [message["text"] for message in sms_outbox() if message["mobile"] == mobile]
    return re.search(r"验证码(\d{6})", texts[-1]).group(1)
