from django import forms

from apps.awards.models import Objection


class ObjectionForm(forms.Form):
    """The public objection form (第十七条). The rules themselves live in the service."""

    project = forms.TypedChoiceField(label="异议项目", coerce=int)
    kind = forms.ChoiceField(label="异议人类型", choices=Objection.Kind.choices, initial=Objection.Kind.PERSON, widget=forms.RadioSelect)
    name = forms.CharField(
        label="真实姓名",
        max_length=50,
        help_text="匿名异议不予受理；您的身份信息对被异议单位保密。",
        error_messages={"required": "异议须以真实姓名提出，匿名异议不予受理（第十七条）。"},
    )
    unit_name = forms.CharField(label="单位名称（以单位名义提出时填写）", max_length=200, required=False)
    responsible_person = forms.CharField(label="单位负责人（以单位名义提出时填写）", max_length=50, required=False)
    phone = forms.CharField(label="联系电话", max_length=30, error_messages={"required": "请填写有效的联系电话，以便核实（第十七条）。"})
    email = forms.EmailField(label="电子邮箱", required=False)
    address = forms.CharField(label="通讯地址", max_length=200, required=False)
    content = forms.CharField(
        label="异议内容及理由", widget=forms.Textarea(attrs={"rows": 6}), error_messages={"required": "请写明异议内容及理由。"}
    )
    attachment = forms.FileField(label="证明材料（可选；PDF、图片或Office文档，不超过10MB）", required=False)

    def __init__(self, *args, projects=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [("", "请选择公示项目")] + [
            (project.pk, f"{project.title}（{project.organization.name}）") for project in projects
        ]


class ObjectionStatusForm(forms.Form):
    """Look up an objection's progress by its receipt code (第十七条)."""

    code = forms.CharField(
        label="受理编号",
        max_length=32,
        help_text="异议受理回执上的编号，如 YY 开头的12位编号。",
        error_messages={"required": "请输入受理编号。"},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )
