from django import forms

from .models import TrackingVisit, TrainingSession


class SessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = ["campaign", "topic", "held_on", "place", "notes"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }


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
