from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "keqi.files"
    label = "files"
    verbose_name = "附件"

    def ready(self):
        from PIL import Image

        from keqi.files.sniff import max_image_pixels

        Image.MAX_IMAGE_PIXELS = max_image_pixels()  # any decode beyond it raises, not just uploads
