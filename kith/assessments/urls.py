"""URLs of the assessments app, under /children/<child_id>/assessments/."""

from __future__ import annotations

from django.urls import path

from kith.assessments import views

app_name = "assessments"
A = "<int:child_id>/assessments/<int:assessment_id>"
urlpatterns = [
    path("<int:child_id>/assessments/", views.assessment_list, name="list"),
    path("<int:child_id>/assessments/new/", views.start_assessment, name="start"),
    path(f"{A}/", views.assessment_detail, name="detail"),
    path(f"{A}/change/", views.change_sections, name="change"),
    path(f"{A}/factors/", views.change_factors, name="factors"),
    path(f"{A}/scaling/", views.record_scaling, name="scaling"),
    path(f"{A}/mapping/<str:kind>/add/", views.add_statement, name="add-statement"),
    path(f"{A}/mapping/<str:kind>/<int:statement_id>/remove/", views.remove_statement, name="remove-statement"),
    path(f"{A}/next-steps/<int:step_id>/done/", views.next_step_done, name="next-step-done"),
    path(f"{A}/submit/", views.submit_assessment, name="submit"),
    path(f"{A}/decision/", views.decide_assessment, name="decide"),
]
