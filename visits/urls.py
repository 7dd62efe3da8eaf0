from django.urls import path

from visits import views

urlpatterns = [
    path("cases/<int:pk>/visits/new/", views.visit_create, name="visit_create"),
]
