from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "lms.api"
    label = "api"
    verbose_name = "REST API"
