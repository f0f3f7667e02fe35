from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "lms.chat"
    label = "chat"
    verbose_name = _("Chat")

    def ready(self) -> None:
        from lms.chat import receivers  # noqa: F401
