"""URLs of the plans app, under /children/<child_id>/plan/."""

from __future__ import annotations

from django.urls import path

from kith.plans import review_views, views

app_name = "plans"
urlpatterns = [
    path("<int:child_id>/plan/", views.current, name="current"),
    path("<int:child_id>/plan/start/", views.start, name="start"),
    path("<int:child_id>/plan/scaling/", views.scaling, name="scaling"),
    path("<int:child_id>/plan/reviews/<int:review_id>/", review_views.review, name="review"),
    path("<int:child_id>/plan/<int:plan_id>/", views.plan_detail, name="plan"),
    path("<int:child_id>/plan/<int:plan_id>/goals/add/", views.add_goal, name="add-goal"),
    path("<int:child_id>/plan/<int:plan_id>/goals/<int:goal_id>/", views.change_goal, name="change-goal"),
    path("<int:child_id>/plan/<int:plan_id>/actions/add/", views.add_action, name="add-action"),
    path("<int:child_id>/plan/<int:plan_id>/actions/<int:action_id>/", views.change_action, name="change-action"),
    path(
        "<int:child_id>/plan/<int:plan_id>/actions/<int:action_id>/status/",
        views.action_status,
        name="action-status",
    ),
    path("<int:child_id>/plan/<int:plan_id>/safety-plan/", views.safety_plan, name="safety-plan"),
    path("<int:child_id>/plan/<int:plan_id>/reviews/add/", review_views.record_review, name="record-review"),
    path("<int:child_id>/plan/<int:plan_id>/close/", views.close, name="close"),
    path("<int:child_id>/plan/<int:plan_id>/versions/", views.versions, name="versions"),
    path("<int:child_id>/plan/<int:plan_id>/versions/<int:number>/", views.version, name="version"),
]
