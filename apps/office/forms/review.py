from django import forms
from django.core.exceptions import ValidationError
from django.utils.choices import BaseChoiceIterator

from apps.organizations.choices import Industry
from apps.organizations.credit_code import normalise, validate_credit_code_format
from apps.projects.states import AwardLevel
from apps.common.widgets import DateInput, EmailInput, LongCheckboxes, LongSelect, TextInput

from apps.review.models import Expert, ExpertStatus


class ExpertForm(forms.ModelForm):
    specialties = forms.MultipleChoiceField(
        label="专业领域", choices=Industry.choices, widget=LongCheckboxes, required=True
    )

    class Meta:
        model = Expert
        fields = ["name", "employer_name", "employer_credit_code", "title", "specialties", "phone", "email", "term_start", "term_end"]
        # Written without a template each (apps.common.widgets): the expert's page renders the form.
        widgets = {
            **{name: TextInput for name in ("name", "employer_name", "employer_credit_code", "title", "phone")},
            "email": EmailInput,
            # ISO format: the browser's date input shows nothing for the locale's "2026/01/01",
            # and saving the form would then clear the term.
            **{name: DateInput(attrs={"type": "date"}, format="%Y-%m-%d") for name in ("term_start", "term_end")},
        }
        help_texts = {"employer_credit_code": "用于利益冲突回避（第二十二条）；工作单位不在本市的也可填写。"}

    def clean_employer_credit_code(self):
        code = normalise(self.cleaned_data.get("employer_credit_code", ""))
        if code:
            validate_credit_code_format(code)
        return code

    def clean(self):
        data = super().clean()
        if data.get("term_start") and data.get("term_end") and data["term_end"] < data["term_start"]:
            self.add_error("term_end", "聘期结束不能早于聘期开始。")
        return data


class NewExpertForm(ExpertForm):
    username = forms.CharField(label="登录用户名", max_length=150, help_text="新用户名将创建专家账号并生成初始密码；已有专家角色账号可直接关联。")

    field_order = ["username"]


class ExpertStatusForm(forms.Form):
    status = forms.ChoiceField(label="状态", choices=ExpertStatus.choices, widget=LongSelect)
    reason = forms.CharField(label="说明", max_length=200, required=False, widget=TextInput)


class ImportForm(forms.Form):
    file = forms.FileField(label="Excel文件（.xlsx）")

    def clean_file(self):
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith(".xlsx"):
            raise ValidationError("请上传 .xlsx 格式的Excel文件。")
        return f


class PanelForm(forms.Form):
    name = forms.CharField(label="评审组名称", max_length=100)
    specialty = forms.ChoiceField(
        label="专业领域", choices=[("", "综合（全部领域）")] + list(Industry.choices), required=False, widget=LongSelect
    )
    size = forms.IntegerField(label="抽取人数", min_value=1, max_value=50, initial=7)
    seed = forms.CharField(label="随机种子（可选）", max_length=64, required=False, help_text="留空则自动生成；记录在抽取记录中，可复核。")


class _Pairs(BaseChoiceIterator):
    """Options already as (key, label) pairs, handed to the field and its widget as they are:
    Django normalises a list of choices once for the field and again for the widget, which for
    the pool's five hundred pairs cost more than reading them."""

    def __init__(self, pairs):
        self.pairs = pairs

    def __iter__(self):
        return iter(self.pairs)


def _list_experts(field, experts, listed=None):
    """An unbound form only lists ``experts``: its options are each one's key and name (what
    the field's label shows, ``str(expert)``), read as two columns rather than as profiles, or
    taken from ``listed``, the same experts in the same order already read by the screen (as
    rows with a "pk" and a "name"). A bound form still checks the choice against the queryset."""
    field.queryset = experts
    names = experts.values_list("pk", "name") if listed is None else [(expert["pk"], expert["name"]) for expert in listed]
    field.choices = _Pairs([("", field.empty_label), *names])


class ChairForm(forms.Form):
    expert = forms.ModelChoiceField(label="组长", queryset=Expert.objects.none(), empty_label="请选择组长", widget=LongSelect)

    def __init__(self, *args, panel=None, members=None, **kwargs):
        """``members``: the panel's members in name order (selectors.panel_members), when the
        screen has read them."""
        super().__init__(*args, **kwargs)
        candidates = Expert.objects.filter(panel_memberships__panel=panel)
        if self.is_bound:
            self.fields["expert"].queryset = candidates
        else:
            _list_experts(self.fields["expert"], candidates, members)


class AddMemberForm(forms.Form):
    # The whole active pool less the panel: hundreds of options.
    expert = forms.ModelChoiceField(label="补充成员", queryset=Expert.objects.none(), empty_label="请选择专家", widget=LongSelect)

    def __init__(self, *args, panel=None, **kwargs):
        super().__init__(*args, **kwargs)
        pool = Expert.objects.active().exclude(panel_memberships__panel=panel)
        if self.is_bound:
            self.fields["expert"].queryset = pool
        else:
            _list_experts(self.fields["expert"], pool)


class AdjustForm(forms.Form):
    level = forms.ChoiceField(label="建议等级", choices=[("", "不建议授奖")] + list(AwardLevel.choices), required=False)
    note = forms.CharField(label="调整说明", max_length=300)
