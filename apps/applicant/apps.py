from django.apps import AppConfig


class ApplicantConfig(AppConfig):
    name = "apps.applicant"
    verbose_name = "申报组织页面"
