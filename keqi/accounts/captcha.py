"""Image captcha kept in the session; each challenge can be checked once."""

import io
import secrets

from PIL import Image, ImageDraw, ImageFont

SESSION_KEY = "captcha_answer"
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I look-alikes
LENGTH = 4


def new_challenge(session) -> str:
    answer = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    session[SESSION_KEY] = answer
    return answer


def check(session, answer: str) -> bool:
    expected = session.pop(SESSION_KEY, None)
    return bool(expected) and (answer or "").strip().upper() == expected


def render_png(answer: str) -> bytes:
    width, height = 120, 40
    image = Image.new("RGB", (width, height), (245, 247, 250))
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=26)
    for _ in range(6):
        draw.line(
            [
                (secrets.randbelow(width), secrets.randbelow(height)),
                (secrets.randbelow(width), secrets.randbelow(height)),
            ],
            fill=(180, 190, 205),
            width=1,
        )
    for index, char in enumerate(answer):
        draw.text((10 + index * 26, 4 + secrets.randbelow(6)), char, font=font, fill=(30, 60, 120))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
