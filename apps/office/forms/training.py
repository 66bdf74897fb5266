from django import forms

from apps.training.models import TrainingSession


class SessionForm(forms.ModelForm):
    class Meta:
        model = TrainingSession
        fields = ["campaign", "topic", "held_on", "place", "notes"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }


