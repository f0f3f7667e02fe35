"""Translatable fields (django-modeltranslation adds one column per language)."""

from modeltranslation.translator import TranslationOptions, register

from lms.catalog.models import Course, Lesson, Module, Task


@register(Course)
class CourseTranslation(TranslationOptions):
    fields = ("title", "summary", "description")


@register(Module)
class ModuleTranslation(TranslationOptions):
    fields = ("title",)


@register(Lesson)
class LessonTranslation(TranslationOptions):
    fields = ("title", "body")


@register(Task)
class TaskTranslation(TranslationOptions):
    fields = ("title",)
