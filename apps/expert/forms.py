from django import forms

from apps.common.widgets import LongSelect
from apps.organizations.models import Organization


class ConflictForm(forms.Form):
    # Every organisation (thousands of options).
    organization = forms.ModelChoiceField(
        label="申报组织", queryset=Organization.objects.order_by("name"), empty_label="请选择申报组织", widget=LongSelect
    )
    reason = forms.CharField(
        label="利益关系",
        max_length=300,
        help_text="如：近3年曾在该单位任职或合作、亲属关系、存在争议等（第二十二条）",
        widget=forms.TextInput(attrs={"placeholder": "近3年曾为该单位提供咨询服务"}),
    )
