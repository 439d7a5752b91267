"""URLs of `declarations_wsgi.py`: the platform's, plus the one-row insert anchor."""

from django.contrib.auth.decorators import login_required
from django.db import connection, transaction
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.http import require_POST

from keqi.urls import urlpatterns as keqi_urlpatterns


@require_POST
@login_required
def insert(request):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_anchor (user_id, body) VALUES (%s, %s)", [request.user.pk, request.POST.get("body", "")]
        )
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/insert/", insert), *keqi_urlpatterns]
