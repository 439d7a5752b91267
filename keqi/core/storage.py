from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed names after collectstatic; plain names before it (tests, first run)."""

    manifest_strict = False

    def stored_name(self, name):
        if not self.hashed_files:
            return name
        return super().stored_name(name)
