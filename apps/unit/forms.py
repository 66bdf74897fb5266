"""The verification screen (第十条) and the results evaluation (第十五条)."""

from django import forms

from apps.common.widgets import Checkbox, Hidden, PlainTextarea
from apps.projects.states import State

from apps.recommenders.models import CHECKLIST
from apps.training.models import TrackingVisit

DECISIONS = {
    "application": [
        ("recommend", "推荐"),
        ("return_to_applicant", "退回修改"),
        ("decline", "不予推荐"),
    ],
    "results": [
        ("recommend_results", "推荐成果"),
        ("return_results", "退回成果材料"),
        ("decline_results", "成果不予推荐"),
    ],
}
# A recommendation needs every checklist item confirmed; a return or decline needs a reason.
POSITIVE = {"recommend", "recommend_results"}


class VerificationForm(forms.Form):
    opinion = forms.CharField(
        label="意见",
        required=False,
        widget=PlainTextarea(attrs={"rows": 5}),
        help_text="推荐时为推荐意见；退回或不予推荐时请写明理由，申报组织可以看到。",
    )
    decision = forms.ChoiceField(label="处理", widget=forms.HiddenInput)
    expected_state = forms.ChoiceField(choices=State.choices, widget=Hidden)

    def __init__(self, *args, stage, similarity_flagged=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.stage = stage
        self.similarity_flagged = similarity_flagged
        self.fields["decision"].choices = DECISIONS[stage]
        for code, label in CHECKLIST[stage]:
            self.fields[f"check_{code}"] = forms.BooleanField(label=label, required=False, widget=Checkbox)
        if similarity_flagged:
            self.fields["acknowledge_similarity"] = forms.BooleanField(
                label="已知悉查重结果：本项目与上列往年项目相似，已核实并在推荐意见中说明（第七条(四)）", required=False, widget=Checkbox
            )

    def checklist_fields(self):
        return [self[f"check_{code}"] for code, _ in CHECKLIST[self.stage]]

    def answers(self):
        return {code: bool(self.cleaned_data.get(f"check_{code}")) for code, _ in CHECKLIST[self.stage]}

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        opinion = (cleaned.get("opinion") or "").strip()
        article = "第十条" if self.stage == "application" else "第十五条"
        if decision in POSITIVE:
            missing = [f"check_{code}" for code, _ in CHECKLIST[self.stage] if not cleaned.get(f"check_{code}")]
            for name in missing:
                self.add_error(name, "推荐前须核实此项。")
            if missing:
                raise forms.ValidationError(f"根据{article}，推荐前须完成全部核查项目（尚有{len(missing)}项未确认）。")
        if decision and not opinion:
            self.add_error("opinion", f"请填写意见或理由（{article}）。")
        if decision == "recommend" and self.similarity_flagged and not cleaned.get("acknowledge_similarity"):
            self.add_error("acknowledge_similarity", "根据第七条(四)，推荐前须确认已知悉查重结果。")
        return cleaned


class VisitForm(forms.ModelForm):
    class Meta:
        model = TrackingVisit
        fields = ["visited_on", "form", "participants", "findings", "guidance"]
        widgets = {
            "visited_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "form": forms.RadioSelect,
            "findings": forms.Textarea(attrs={"rows": 4}),
            "guidance": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "findings": "项目进度、检查中发现的问题（第十三条：指导、检查和督促项目进度）。",
            "guidance": "帮助申报组织解决问题的指导意见（第十三条）。",
        }
