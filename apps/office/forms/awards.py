from django import forms

from apps.projects.states import AwardLevel



class LevelForm(forms.Form):
    level = forms.ChoiceField(label="等级", choices=[("", "不授奖")] + list(AwardLevel.choices), required=False)


class InvestigationForm(forms.Form):
    investigation = forms.CharField(label="调查核实情况", widget=forms.Textarea(attrs={"rows": 4}))


class DecisionForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label="处理结论",
        choices=[("1", "异议成立，撤出获奖名单"), ("0", "异议不成立，维持公示结果")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="结论理由", widget=forms.Textarea(attrs={"rows": 3}))


class RevocationForm(forms.Form):
    reason = forms.CharField(label="撤销理由（第二十一条）", widget=forms.Textarea(attrs={"rows": 4}))
    evidence = forms.FileField(label="证据材料（PDF、图片或Office文档）")
