from keqi.accounts.captcha import SESSION_KEY


def solve_captcha(client) -> str:
    """Fetch a captcha image as a browser would and read the answer the server keeps."""
    response = client.get("/accounts/captcha.png")
    assert response["Content-Type"] == "image/png"
    return client.session[SESSION_KEY]
