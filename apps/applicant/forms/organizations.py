"""Sign-up of an applicant organisation (第七条(一)) and of a colleague joining it."""

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError

from apps.accounts.models import User

from apps.organizations.credit_code import normalise, validate_tianjin_credit_code
from apps.organizations.districts import district_from_credit_code
from apps.organizations.models import Organization, OrganizationBan
from apps.organizations.services import join_code_matches


class AccountForm(UserCreationForm):
    """The person signing up (becomes a 申报组织 user)."""

    class Meta:
        model = User
        fields = ["username", "full_name", "phone", "email"]
        labels = {"username": "登录用户名", "full_name": "姓名", "phone": "联系电话", "email": "电子邮箱"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["username"].help_text = "字母、数字或 @/./+/-/_，用于登录。"

    def account_fields(self):
        d = self.cleaned_data
        return {
            "username": d["username"],
            "password": d["password1"],
            "full_name": d.get("full_name", ""),
            "phone": d.get("phone", ""),
            "email": d.get("email", ""),
        }


def ban_error(code):
    """第二十一条: a banned credit code is told why and until when."""
    ban = OrganizationBan.objects.active_for(code)
    if ban:
        return ValidationError(f"{ban.message}原因：{ban.reason}", code="banned")
    return None


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["name", "credit_code", "district", "industry", "address", "contact_name", "contact_phone", "contact_email"]
        help_texts = {
            "credit_code": "18位统一社会信用代码（GB 32100-2015），须为天津市登记（第3–8位为12开头的行政区划码，第七条(一)）。",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # 第六条: the district defaults from the credit code's division digits.
        self.fields["district"].required = False
        self.fields["district"].help_text = (
            "可不选，按统一社会信用代码第3–8位（登记管理机关行政区划码）确定。"
            "所选所在区与代码不一致时，须经所选区的市场监督管理部门确认后，方由其推荐（第六条）。"
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("district") and cleaned.get("credit_code"):
            cleaned["district"] = district_from_credit_code(cleaned["credit_code"])
            if not cleaned["district"]:
                self.add_error("district", "该统一社会信用代码未体现所在区，请选择所在区（第六条）。")
        return cleaned

    def clean_credit_code(self):
        code = normalise(self.cleaned_data.get("credit_code"))
        validate_tianjin_credit_code(code)
        error = ban_error(code)
        if error:
            raise error
        if Organization.objects.filter(credit_code=code).exists():
            raise ValidationError(
                "该统一社会信用代码的组织已登记。如您是该组织的员工，请使用“加入已登记组织”，并向本组织已注册的同事索取加入码。",
                code="exists",
            )
        return code

    def validate_unique(self):
        # The credit code's uniqueness is explained in clean_credit_code.
        self._validate_unique = False


class OrganizationContactForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["address", "contact_name", "contact_phone", "contact_email"]


class JoinForm(forms.Form):
    """Join a registered organisation: its credit code and the join code a member can see."""

    credit_code = forms.CharField(label="组织的统一社会信用代码", max_length=18)
    join_code = forms.CharField(
        label="加入码", max_length=12, help_text="10位加入码：请本组织已注册的同事登录后在“本组织”页面查看并告知您。"
    )

    def clean(self):
        cleaned = super().clean()
        code = normalise(cleaned.get("credit_code", ""))
        if not code:
            return cleaned
        organization = Organization.objects.filter(credit_code=code).first()
        if organization is None:
            self.add_error("credit_code", "该统一社会信用代码的组织尚未登记，请先使用“登记新组织”注册。")
            return cleaned
        if not join_code_matches(organization, cleaned.get("join_code", "")):
            self.add_error("join_code", "加入码不正确，请向本组织已注册的同事核对。")
            return cleaned
        cleaned["organization"] = organization
        return cleaned
