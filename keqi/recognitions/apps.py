from django.apps import AppConfig


class RecognitionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "keqi.recognitions"
    label = "recognitions"
    verbose_name = "认定后管理"

    def ready(self):
        from keqi.declarations import eligibility
        from keqi.enterprises import profile_locks
        from keqi.recognitions import access  # noqa: F401  registers file access for major changes
        from keqi.recognitions.rules import review_condition
        from keqi.recognitions.selectors import profile_lock

        # 复核 programs declare {"kind": "recognition_review", "any_of": [...], "label": …}.
        eligibility.register("recognition_review", review_condition)
        # A recognised enterprise edits its profile only through 信息更新 (S3.6).
        profile_locks.register(profile_lock)
