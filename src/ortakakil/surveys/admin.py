from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Question, Survey


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0


@admin.register(Survey)
class SurveyAdmin(SimpleHistoryAdmin):
    list_display = ["title", "process", "is_anonymous", "is_active"]
    inlines = [QuestionInline]
