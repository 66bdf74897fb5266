"""The application as a guided form on the PDCA cycle (第七条(二)), its metrics and team
(第七条(三), 第十二条), the results material (第十四条), and the attachments (checked by content)."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory

from apps.recommenders.models import RecommenderUnit
from apps.recommenders.scope import units_covering

from apps.projects import uploads
from apps.projects.numbers import plain_number
from apps.projects.choices import PDCA_HELP, PDCA_SECTIONS, BenefitArea, TeamRole
from apps.projects.models import Metric, Project, TeamMember
from apps.projects.rules import PDCA_PLACEHOLDER_MESSAGE, metric_problem, pdca_text_problem



class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files at once; each is checked by content (:mod:`apps.projects.uploads`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": uploads.ACCEPT_ATTRIBUTE}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        errors, cleaned = [], []
        for f in files:
            f = super().clean(f, initial)
            if not f:
                continue
            try:
                uploads.validate_upload(f)
            except ValidationError as exc:
                errors.extend(exc.messages)
            else:
                cleaned.append(f)
        if errors:
            errors.append("以上文件未保存，其余填写内容已保留，请更换文件后重新选择并保存。")
            raise ValidationError(errors)
        return cleaned


def _attachment_help():
    from django.template.defaultfilters import filesizeformat

    return f"可上传多个文件：{uploads.ALLOWED_DESCRIPTION}；单个文件不超过{filesizeformat(uploads.max_bytes())}。系统按文件内容识别格式。"


class ApplicationForm(forms.ModelForm):
    benefit_areas = forms.MultipleChoiceField(
        label="预期效益方面（第七条(三)）",
        choices=BenefitArea.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="可多选：提质增效、节能降耗、优化服务、自主创新。",
    )
    recommender = forms.ModelChoiceField(
        label="推荐单位（第九条）",
        queryset=RecommenderUnit.objects.all(),
        required=False,
        error_messages={"invalid_choice": "根据第六条，该推荐单位的推荐范围不包括本组织，请从列出的推荐单位中选择。"},
        help_text="向所属区市场监督管理部门、市级行业主管部门、所属工业集团或行业协会之一申报。提交前须选择。",
    )
    files = MultipleFileField(label="立项申报材料附件")
    remove_attachments = forms.TypedMultipleChoiceField(
        label="删除已上传附件", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Project
        fields = [
            "title", "category", "project_type", "benefit_areas", "recommender",
            "has_patent", "has_software_copyright", "has_tech_appraisal", "has_standard",
            *Project.PDCA_FIELDS,
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in Project.PDCA_FIELDS}

    def __init__(self, *args, attachments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _attachment_help()
        self.fields["remove_attachments"].choices = [(attachment.pk, attachment.original_name) for attachment in attachments]
        # 第六条/第九条: only the units whose scope includes the organisation are offered
        # (apps.recommenders.scope; the submit rule decides, this is the friendlier door).
        self.organization = self.instance.organization if self.instance.organization_id else None
        self.fields["recommender"].queryset = units_covering(self.organization).order_by("kind", "name")
        self.fields["recommender"].help_text = (
            "只列出推荐范围包括本组织的推荐单位（第六条）：本组织所在区的市场监督管理部门、主管本行业的市级行业主管部门，"
            "以及本组织所属的工业集团或行业协会。提交前须选择。"
        )
        if self.organization is not None and self.organization.district_unconfirmed:
            o = self.organization
            self.fields["recommender"].help_text += (
                f"本组织所填所在区为{o.get_district_display()}，与统一社会信用代码登记机关所在区"
                f"（{o.get_registered_district_label()}）不一致；经{o.get_district_display()}市场监督管理部门确认前，"
                f"按{o.get_registered_district_label()}确定区市场监督管理部门。"
            )
        self.fields["recommender"].label_from_instance = lambda u: f"{u.name}（{u.get_kind_display()}）"
        for name, text in PDCA_HELP.items():
            self.fields[name].help_text = text
        self.fields["title"].widget.attrs["placeholder"] = "如：降低××产品××不合格率"

    def clean(self):
        """第七条(二), repeated from ``rules.application_complete`` for a message at the field:
        a stand-in such as 无 or 同上 is never a draft's progress, so it is not saved. A part
        left empty or still short is saved as a draft; submission refuses it."""
        cleaned = super().clean()
        for name in Project.PDCA_FIELDS:
            if pdca_text_problem(cleaned.get(name)) == "placeholder":
                self.add_error(name, PDCA_PLACEHOLDER_MESSAGE + "。")
        return cleaned

    def sections(self):
        """The PDCA sections with their bound fields, for the template."""
        return [
            {"letter": letter, "title": title, "hint": hint, "fields": [self[name] for name in names]}
            for letter, title, hint, names in PDCA_SECTIONS
        ]


def _plain_initial(form, *names):
    """A saved 4.6 is offered again as 4.6, not 4.6000."""
    for name in names:
        if form.initial.get(name) is not None:
            form.initial[name] = plain_number(form.initial[name])


class MetricForm(forms.ModelForm):
    class Meta:
        model = Metric
        fields = ["name", "unit", "direction", "baseline", "target"]
        widgets = {"name": forms.TextInput(attrs={"placeholder": "如：焊接返修率"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain_initial(self, "baseline", "target")
        self.fields["direction"].help_text = "越低越好（如不良率、能耗）或越高越好（如合格率、效率）；目标值须比现状值有所改进。"

    def clean(self):
        """第七条(三), repeated from ``rules.application_complete`` for a message at the row."""
        cleaned = super().clean()
        if cleaned.get("DELETE"):
            return cleaned
        keys = ("name", "direction", "baseline", "target")
        if all(cleaned.get(key) not in (None, "") for key in keys):
            problem = metric_problem(Metric(**{key: cleaned[key] for key in keys}))
            if problem:
                self.add_error("target", problem + "。")
        return cleaned


class TeamMemberForm(forms.ModelForm):
    class Meta:
        model = TeamMember
        fields = ["name", "role", "position", "phone"]


MetricFormSet = inlineformset_factory(Project, Metric, form=MetricForm, extra=1, can_delete=True)
TeamFormSet = inlineformset_factory(Project, TeamMember, form=TeamMemberForm, extra=1, can_delete=True)
NewTeamFormSet = inlineformset_factory(Project, TeamMember, form=TeamMemberForm, extra=3, can_delete=True)


def team_initial():
    """A new application starts with a row for each role trained under 第十二条."""
    return [{"role": role} for role in (TeamRole.QUALITY_LEAD, TeamRole.PROJECT_LEAD, TeamRole.TECHNICAL)]


class ResultsForm(forms.ModelForm):
    files = MultipleFileField(label="成果材料附件")
    remove_attachments = forms.TypedMultipleChoiceField(
        label="删除已上传附件", coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Project
        fields = ["results_summary"]
        widgets = {"results_summary": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"results_summary": "成果总结：实施过程、目标达成情况、经济和社会效益、标准化情况（第十四条）。"}

    def __init__(self, *args, attachments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["files"].help_text = _attachment_help()
        self.fields["remove_attachments"].choices = [(attachment.pk, attachment.original_name) for attachment in attachments]


class ActualForm(forms.ModelForm):
    class Meta:
        model = Metric
        fields = ["actual"]
        labels = {"actual": "实际值"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _plain_initial(self, "actual")


ActualFormSet = inlineformset_factory(Project, Metric, form=ActualForm, extra=0, can_delete=False)


