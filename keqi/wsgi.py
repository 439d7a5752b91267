import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keqi.settings")
application = get_wsgi_application()

# Generated documents (issue 9): load WeasyPrint and the CJK font before the first request, in
# gunicorn's master with --preload (workers fork warm) or in each worker as it boots.
if os.environ.get("KEQI_PDF_WARMUP", "1") != "0":
    from keqi.documents.services import warm_up

    warm_up()
