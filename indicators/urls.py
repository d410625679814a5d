from django.urls import path

from indicators import views

app_name = "indicators"

urlpatterns = [
    path("", views.YearlyFiguresView.as_view(), name="yearly"),
    path("edit/", views.YearlyFiguresEditView.as_view(), name="yearly_edit"),
    path("values/<int:pk>/edit/", views.IndicatorValueUpdateView.as_view(), name="value_edit"),
    path("values/<int:pk>/file/", views.IndicatorValueFileView.as_view(), name="value_file"),
    path("import/", views.IndicatorValueImportView.as_view(), name="import"),
    path("import/template/", views.IndicatorValueTemplateView.as_view(), name="import_template"),
    path("definitions/", views.IndicatorDefinitionListView.as_view(), name="definition_list"),
    path("definitions/add/", views.IndicatorDefinitionCreateView.as_view(), name="definition_add"),
    path("definitions/standard/", views.StandardDefinitionsView.as_view(), name="definition_standard"),
    path("definitions/<int:pk>/edit/", views.IndicatorDefinitionUpdateView.as_view(), name="definition_edit"),
]
