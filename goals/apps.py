from django.apps import AppConfig


class GoalsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "goals"
    verbose_name = "目标任务"
    # A data app: its permissions go to the roles, its writes refresh the figures (core.apps.data_app_labels).
    is_data_app = True
    nav = [
        {
            "label": "目标任务",
            "url_name": "goals:goal_list",
            "perm": "goals.view_goal",
            "icon": "bullseye",
            "group": "业务",
        },
    ]
    quick_links = [
        {"label": "新增目标任务", "url_name": "goals:goal_add", "perm": "goals.add_goal", "icon": "bullseye"},
    ]
