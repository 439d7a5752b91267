"""Background export (P10): run by the django-tasks database worker (`manage.py db_worker`)."""

from django_tasks import task


@task()
def run_export_job(job_id: int) -> None:
    from keqi.exports.services import run_job

    run_job(job_id=job_id)
