"""The block this app adds to the public home page (S3.1): 部级公告, 省级公告 and the
梯度培育 entries. keqi.core.views.home renders every app's `home_block(request)`."""

from django.template.loader import render_to_string

from keqi.cultivation import selectors


def home_block(request) -> str:
    return render_to_string(
        "cultivation/_portal_blocks.html",
        {
            "ministry": selectors.published_announcements(level="ministry")[:6],
            "province": selectors.published_announcements(level="province")[:6],
        },
        request=request,
    )
