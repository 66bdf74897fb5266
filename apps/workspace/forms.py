from django import forms

from apps.campaigns.models import Campaign
from apps.common.forms import FixedChoices
from apps.common.widgets import LongSelect
from apps.notifications.models import NotificationPreference
from apps.projects.states import State


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = NotificationPreference.FIELDS


class ProjectFilterForm(forms.Form):
    """Filters of the applicant's project list."""

    q = forms.CharField(
        label="关键词",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "名称、编号、组织、信用代码、人员或内容", "type": "search"}),
    )
    state = forms.ChoiceField(label="状态", required=False, choices=FixedChoices([("", "全部状态"), *State.choices]), widget=LongSelect)
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None, widget=LongSelect)
    # 第六条、第九条: waiting for a unit whose scope no longer includes the organisation.
    outside_scope = forms.BooleanField(label="推荐单位已不在推荐范围内", required=False)

    def __init__(self, *args, staff=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not staff:  # the commission's and the agency's to handle
            del self.fields["outside_scope"]
        years = Campaign.objects.years()
        self.fields["year"].choices = [("", "全部年度")] + [(y, f"{y}年") for y in years]


class TransitionForm(forms.Form):
    """An action button on a project page: the transition, a comment, and the state the
    user saw (so a concurrent change is detected: 已被他人处理)."""

    name = forms.CharField(widget=forms.HiddenInput)
    expected_state = forms.ChoiceField(choices=State.choices, widget=forms.HiddenInput)
    comment = forms.CharField(label="意见/理由", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class TokenForm(forms.Form):
    """The six-digit code of the authenticator app (the second factor)."""

    token = forms.CharField(
        label="动态口令（6位数字）",
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        error_messages={"required": "请输入身份验证器上显示的6位动态口令。"},
    )


class SubmissionForm(forms.Form):
    """Submitting the application or the results (第九条, 第十四条): the applicant reads the
    authenticity commitment and ticks the box (第二十一条; the transition door insists on it)."""

    commitment = forms.BooleanField(
        label="本单位已阅读上述承诺书，确认所提交的材料真实、准确、完整",
        error_messages={"required": "请阅读承诺书并勾选确认后再提交（第二十一条）。"},
    )
    comment = forms.CharField(label="说明（选填）", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    expected_state = forms.ChoiceField(choices=State.choices, widget=forms.HiddenInput)


class StampedScanForm(forms.Form):
    """The scan of the printed, signed and stamped 申报书 or 成果材料 (apps.projects.stamped)."""

    file = forms.FileField(
        label="盖章扫描件（PDF或JPG/PNG图片）",
        help_text="打印下载的PDF，由申报组织负责人签字并加盖公章后扫描上传。重新上传不会删除以前的扫描件。",
        error_messages={"required": "请选择盖章扫描件文件。"},
    )

    def __init__(self, *args, accept="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = accept
