"""Forms of the campaign screens: the yearly work plan (第八条) and its rubric."""

from django import forms
from django.forms import inlineformset_factory

from apps.projects.models import Finding

from apps.campaigns.models import (
    MAX_BEST_ORGANIZATION,
    MAX_FIRST,
    MAX_SECOND,
    MAX_THIRD,
    Campaign,
    ProjectType,
    RubricCriterion,
)

DATE_FIELDS = Campaign.DATE_ORDER
QUOTA_HELP = {
    "quota_first": MAX_FIRST,
    "quota_second": MAX_SECOND,
    "quota_third": MAX_THIRD,
    "quota_best_organization": MAX_BEST_ORGANIZATION,
}


class CampaignForm(forms.ModelForm):
    """The work plan with its dates and quotas. The 第四条 maxima are the model's (Campaign.clean
    and a database constraint); this form only shows them."""

    class Meta:
        model = Campaign
        fields = [
            "year",
            "title",
            "description",
            *DATE_FIELDS,
            "notice_days",
            "quota_first",
            "quota_second",
            "quota_third",
            "quota_best_organization",
            "scorers_per_project",
            "normalise_scores",
            "comment_required_below",
            "min_score_first",
            "min_score_second",
            "min_score_third",
            "feedback_to_applicants",
        ]
        widgets = {name: forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d") for name in DATE_FIELDS}
        widgets["description"] = forms.Textarea(attrs={"rows": 5})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, maximum in QUOTA_HELP.items():
            # No HTML max attribute: a value above the maximum reaches the server and is refused
            # with the article named (第四条), instead of a browser tooltip.
            self.fields[name].widget.attrs.pop("max", None)
            self.fields[name].max_value = None
            self.fields[name].validators = [v for v in self.fields[name].validators if not hasattr(v, "limit_value") or v.limit_value != maximum]
            self.fields[name].help_text = f"不超过{maximum}个（第四条）"
        if self.instance.pk:
            # The year names the campaign (/plan/<year>/, project numbers): fixed once created.
            self.fields["year"].disabled = True

    def _post_clean(self):
        super()._post_clean()
        # Model.full_clean reports both Django's generic "≤ 50" and the 第四条 message of
        # Campaign.clean for a quota above its maximum; keep only the one naming the article.
        for name in QUOTA_HELP:
            errors = self.errors.get(name)
            if errors and any("第四条" in e for e in errors):
                self.errors[name] = self.error_class([e for e in errors if "第四条" in e])


class RubricCriterionForm(forms.ModelForm):
    class Meta:
        model = RubricCriterion
        fields = ["project_type", "order", "name", "description", "max_points", "weight"]
        widgets = {
            "order": forms.NumberInput(attrs={"style": "width:5em"}),
            "max_points": forms.NumberInput(attrs={"style": "width:6em"}),
            "weight": forms.NumberInput(attrs={"style": "width:6em", "step": "0.05"}),
        }


class BaseRubricFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        types = {f.cleaned_data["project_type"] for f in kept}
        missing = [label for value, label in ProjectType.choices if value not in types]
        if missing:
            # 第十六条: the panel scores each project with the rubric of its type.
            raise forms.ValidationError(
                "根据第十六条，专家按成果类型对应的评分标准评审，请为以下类型至少保留一项评分标准：" + "、".join(missing)
            )


RubricFormSet = inlineformset_factory(
    Campaign,
    RubricCriterion,
    form=RubricCriterionForm,
    formset=BaseRubricFormSet,
    extra=2,
    can_delete=True,
)




class DecisionForm(forms.Form):
    """One 立项审核 decision (第十一条): approve, reject or return, with the reason."""

    DECISIONS = [
        ("approve", "立项审核通过"),
        ("reject", "立项审核不通过"),
        ("return_to_applicant", "退回修改"),
    ]
    decision = forms.ChoiceField(label="审核结论", choices=DECISIONS, widget=forms.RadioSelect)
    comment = forms.CharField(
        label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="不通过或退回修改时须填写理由（第十一条）。",
    )
    expected_state = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        if data.get("decision") in ("reject", "return_to_applicant") and not (data.get("comment") or "").strip():
            self.add_error("comment", "不通过或退回修改须填写理由（第十一条）。")
        return data


class FindingForm(forms.Form):
    """第七条(四): the commission's finding on a flagged project."""

    finding = forms.ChoiceField(label="查重认定", choices=Finding.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label="理由", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="不雷同：写明与相似项目的区别；延续项目：写明新的攻关目标；雷同：写明雷同之处（立项审核不通过）。",
        error_messages={"required": "根据第七条(四)，查重认定须写明理由。"},
    )
    expected_state = forms.CharField(widget=forms.HiddenInput, required=False)


class ProjectIdsField(forms.Field):
    """The ticked project ids. Not a choice field: a project another user has just decided is
    still sent, and the batch reports it as refused (已被他人处理) instead of failing the form."""

    widget = forms.CheckboxSelectMultiple

    def to_python(self, value):
        if not value:
            return []
        try:
            return sorted({int(v) for v in value})
        except (TypeError, ValueError):
            raise forms.ValidationError("项目编号无效。") from None


class BatchDecisionForm(DecisionForm):
    projects = ProjectIdsField(label="项目", error_messages={"required": "请至少勾选一个项目。"})
    expected_state = None
