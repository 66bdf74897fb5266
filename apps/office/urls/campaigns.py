from django.urls import path

from apps.office.views.campaigns import approval, dashboard, manage

app_name = "campaigns"
urlpatterns = [
    # 第八条: the yearly work plan.
    path("", manage.campaign_list, name="list"),
    path("export.xlsx", manage.campaign_list_export, name="list_export"),
    path("new/", manage.campaign_create, name="create"),
    path("<int:year>/", manage.campaign_detail, name="detail"),
    path("<int:year>/edit/", manage.campaign_edit, name="edit"),
    path("<int:year>/rubric/", manage.rubric_edit, name="rubric"),
    path("<int:year>/publish/", manage.campaign_publish, name="publish"),
    # 第十一条: 立项审核 and the project plan.
    path("approval/", approval.current, name="approval_current"),
    path("<int:year>/approval/", approval.queue, name="approval"),
    path("<int:year>/approval/export.xlsx", approval.queue_export, name="approval_export"),
    path("<int:year>/approval/batch/", approval.batch, name="approval_batch"),
    path("<int:year>/approval/publish-plan/", approval.publish_plan, name="publish_plan"),
    path("<int:year>/approval/<int:pk>/", approval.detail, name="approval_detail"),
    path("<int:year>/approval/<int:pk>/compare/<int:other_pk>/", approval.compare, name="approval_compare"),
    path("<int:year>/approval/<int:pk>/finding/", approval.finding, name="approval_finding"),
    # The dashboard.
    path("dashboard/", dashboard.current, name="dashboard_current"),
    path("<int:year>/dashboard/", dashboard.dashboard, name="dashboard"),
    path("<int:year>/dashboard/<str:table>.xlsx", dashboard.dashboard_export, name="dashboard_export"),
]
