import secrets

from django.conf import settings
from django.db import models

RECEIPT_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_receipt_code():
    return "YY" + "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(10))


def objection_upload_to(instance, filename):
    return f"objections/{instance.receipt_code}/{filename}"


class Objection(models.Model):
    """异议 lodged during the public notice (第十七条). The objector's identity is confidential:
    only commission and agency staff ever see it, never the project's organisation."""

    class Kind(models.TextChoices):
        PERSON = "person", "个人"
        UNIT = "unit", "单位"

    class Status(models.TextChoices):
        RECEIVED = "received", "已受理，待调查核实"
        INVESTIGATED = "investigated", "已核实，待作出结论"
        UPHELD = "upheld", "异议成立"
        DISMISSED = "dismissed", "异议不成立"

    project = models.ForeignKey("projects.Project", verbose_name="异议项目", on_delete=models.PROTECT, related_name="objections")
    receipt_code = models.CharField("受理回执编号", max_length=16, unique=True, default=new_receipt_code, editable=False)
    kind = models.CharField("异议人类型", max_length=10, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField("异议人真实姓名", max_length=50)
    unit_name = models.CharField("单位名称", max_length=200, blank=True)
    responsible_person = models.CharField("单位负责人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通讯地址", max_length=200, blank=True)
    content = models.TextField("异议内容及理由")
    attachment = models.FileField("证明材料", upload_to=objection_upload_to, blank=True)
    attachment_name = models.CharField("附件原名", max_length=200, blank=True)
    attachment_type = models.CharField("附件类型", max_length=100, blank=True)
    submitted_ip = models.GenericIPAddressField("提交IP", null=True, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)

    status = models.CharField("处理状态", max_length=15, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    investigation = models.TextField("调查核实情况", blank=True)
    investigated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    investigated_at = models.DateTimeField("核实时间", null=True, blank=True)
    decision_reason = models.TextField("处理结论及理由", blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField("结论时间", null=True, blank=True)

    class Meta:
        verbose_name = "公示异议"
        verbose_name_plural = "公示异议"
        ordering = ["-created_at"]

    def __str__(self):
        return f"异议{self.receipt_code}"

    @property
    def is_open(self):
        return self.status in (self.Status.RECEIVED, self.Status.INVESTIGATED)


def evidence_upload_to(instance, filename):
    return f"revocations/{instance.project_id}/{filename}"


class Revocation(models.Model):
    """第二十一条: the record of a revoked award, with its reason and evidence."""

    project = models.OneToOneField("projects.Project", on_delete=models.PROTECT, related_name="revocation")
    reason = models.TextField("撤销理由")
    evidence = models.FileField("证据材料", upload_to=evidence_upload_to)
    evidence_name = models.CharField("证据原名", max_length=200, blank=True)
    ban = models.ForeignKey("organizations.OrganizationBan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("撤销时间", auto_now_add=True)

    class Meta:
        verbose_name = "奖项撤销"
        verbose_name_plural = "奖项撤销"
