"""The one-screen course builder: the course's change page shows its whole roadmap (modules →
lessons → tasks) as a tree where an author adds, edits, deletes and moves items without
leaving the page. Every button is a small POST form that htmx sends and answers with the
tree again (without htmx the same form posts and the page reloads); dragging posts the same
"move" form. Every write goes through the catalog's roadmap services.

Who: the course's instructors and admins (`course_can_edit`); another instructor gets 403,
people without the console never get here (the admin site sends them to sign in)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from unfold.contrib.forms.widgets import WysiwygWidget
from unfold.widgets import (
    UnfoldAdminIntegerFieldWidget,
    UnfoldAdminSelectWidget,
    UnfoldAdminTextInputWidget,
    UnfoldAdminURLInputWidget,
    UnfoldBooleanSwitchWidget,
)

from admin_ext.base import int_or_none
from lms.catalog import services
from lms.catalog.models import Course, Lesson, Module, Task, TaskKind
from lms.core.errors import ApplicationError

TEMPLATE = "admin_ext/catalog/builder.html"


# --- Forms ------------------------------------------------------------------------------------

TEXT = UnfoldAdminTextInputWidget


class TitledForm(forms.ModelForm):
    """The English title is the one every student falls back to: required."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title_en"].required = True


class ModuleForm(TitledForm):
    class Meta:
        model = Module
        fields = ["title_en", "title_hi", "free_order"]
        widgets = {"title_en": TEXT, "title_hi": TEXT, "free_order": UnfoldBooleanSwitchWidget}


class LessonForm(TitledForm):
    video_url = forms.URLField(
        label=gettext_lazy("Video URL"),
        required=False,
        assume_scheme="https",
        widget=UnfoldAdminURLInputWidget,
    )

    class Meta:
        model = Lesson
        fields = ["title_en", "title_hi", "estimated_minutes", "video_url", "body_en", "body_hi"]
        widgets = {
            "title_en": TEXT,
            "title_hi": TEXT,
            "estimated_minutes": UnfoldAdminIntegerFieldWidget,
            "body_en": WysiwygWidget,
            "body_hi": WysiwygWidget,
        }
        labels = {
            "body_en": gettext_lazy("Body (English)"),
            "body_hi": gettext_lazy("Body (Hindi)"),
        }


class TaskForm(TitledForm):
    class Meta:
        model = Task
        fields = ["title_en", "title_hi", "kind", "instructions"]
        widgets = {
            "title_en": TEXT,
            "title_hi": TEXT,
            "kind": UnfoldAdminSelectWidget,
            "instructions": WysiwygWidget,
        }


class AddForm(forms.Form):
    """A new module, lesson or task: a title (and a kind for a task); the rest is edited
    afterwards."""

    title = forms.CharField(max_length=200, widget=TEXT)
    kind = forms.ChoiceField(
        choices=TaskKind.choices,
        required=False,
        initial=TaskKind.READ,
        widget=UnfoldAdminSelectWidget,
    )


# One entry per kind of roadmap item: its model, form, services and parent.
KINDS = {
    "modules": {
        "model": Module,
        "form": ModuleForm,
        "save": services.module_save,
        "delete": services.module_delete,
        "name": "module",
    },
    "lessons": {
        "model": Lesson,
        "form": LessonForm,
        "save": services.lesson_save,
        "delete": services.lesson_delete,
        "name": "lesson",
    },
    "tasks": {
        "model": Task,
        "form": TaskForm,
        "save": services.task_save,
        "delete": services.task_delete,
        "name": "task",
    },
}


def _course_id_of(item) -> int:
    if isinstance(item, Module):
        return item.course_id
    if isinstance(item, Lesson):
        return item.module.course_id
    return item.lesson.module.course_id


def crumbs_for(item) -> dict:
    """Breadcrumb context for a module, lesson or task: the course and the items above it."""
    if isinstance(item, Module):
        return {"course": item.course, "crumb_current": item.title}
    if isinstance(item, Lesson):
        return {
            "course": item.module.course,
            "crumb_module": item.module,
            "crumb_current": item.title,
        }
    return {
        "course": item.lesson.module.course,
        "crumb_module": item.lesson.module,
        "crumb_lesson": item.lesson,
        "crumb_current": item.title,
    }


class CourseCrumbsMixin:
    """Module and lesson pages start with the way back to their course."""

    change_form_outer_before_template = "admin_ext/catalog/course_breadcrumbs.html"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(crumbs_for(obj))
        return super().render_change_form(request, context, add, change, form_url, obj)


def roadmap_tree(course: Course) -> list[Module]:
    """The course's modules with their lessons and tasks, in order (three queries)."""
    return list(
        course.modules.order_by("position", "pk").prefetch_related(
            Prefetch(
                "lessons",
                queryset=Lesson.objects.order_by("position", "pk").prefetch_related(
                    Prefetch("tasks", queryset=Task.objects.order_by("position", "pk"))
                ),
            )
        )
    )


def builder_context(course: Course, *, notice: str = "", error: str = "") -> dict:
    modules = roadmap_tree(course)
    return {
        "course": course,
        "modules": modules,
        "module_choices": [(module.pk, str(module)) for module in modules],
        "lesson_choices": [
            (lesson.pk, f"{module} › {lesson}")
            for module in modules
            for lesson in module.lessons.all()
        ],
        "publish_problems": services.course_publish_problems(course=course),
        "add_form": AddForm(),
        "notice": notice,
        "error": error,
    }


class CourseBuilderMixin:
    """Adds the builder's URLs and its tree on the change page of CourseAdmin."""

    change_form_outer_after_template = "admin_ext/catalog/builder_on_change_page.html"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and not add:
            context.update(builder_context(obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        urls = [
            self.console_path(
                "<path:object_id>/builder/",
                self.builder_view,
                "catalog_course_builder",
                permission="view",
            ),
            self.console_path(
                "<path:object_id>/builder/add/",
                require_POST(self.builder_add),
                "catalog_course_builder_add",
                permission="view",
            ),
        ]
        for kind in KINDS:
            urls += [
                self.console_path(
                    f"<path:object_id>/builder/{kind}/<int:pk>/",
                    self._for_kind(self.builder_edit, kind),
                    f"catalog_course_builder_{kind}_edit",
                    permission="view",
                ),
                self.console_path(
                    f"<path:object_id>/builder/{kind}/<int:pk>/delete/",
                    require_POST(self._for_kind(self.builder_delete, kind)),
                    f"catalog_course_builder_{kind}_delete",
                    permission="view",
                ),
                self.console_path(
                    f"<path:object_id>/builder/{kind}/<int:pk>/move/",
                    require_POST(self._for_kind(self.builder_move, kind)),
                    f"catalog_course_builder_{kind}_move",
                    permission="view",
                ),
            ]
        return urls + super().get_urls()

    @staticmethod
    def _for_kind(view, kind):
        def bound(request, object_id, pk):
            return view(request, object_id, kind, pk)

        return bound

    # --- Lookups --------------------------------------------------------------------------

    def _builder_course(self, request: HttpRequest, object_id) -> Course:
        try:
            course = get_object_or_404(Course, pk=int(object_id))
        except ValueError as error:
            raise Http404 from error
        if not services.course_can_edit(user=request.user, course=course):
            raise PermissionDenied
        return course

    def _item(self, course: Course, kind: str, pk: int):
        model = KINDS[kind]["model"]
        related = {Module: ["course"], Lesson: ["module__course"], Task: ["lesson__module__course"]}
        item = model.objects.select_related(*related[model]).filter(pk=pk).first()
        if item is None or _course_id_of(item) != course.pk:
            raise Http404
        return item

    # --- Answers --------------------------------------------------------------------------

    def _tree(self, request, course: Course, *, notice: str = "", error: str = "") -> HttpResponse:
        """The tree again (htmx), or back to the change page with a message (plain POST)."""
        if not request.htmx and request.method == "POST":
            self.message_user(
                request, error or notice, messages.ERROR if error else messages.SUCCESS
            )
            return HttpResponseRedirect(reverse("admin:catalog_course_change", args=[course.pk]))
        context = {
            **self.admin_site.each_context(request),
            **builder_context(course, notice=notice, error=error),
        }
        template = f"{TEMPLATE}#tree" if request.htmx else TEMPLATE
        return TemplateResponse(request, template, context)

    # --- Views ----------------------------------------------------------------------------

    def builder_view(self, request, object_id):
        """GET: the tree (a fragment for htmx, a page otherwise)."""
        return self._tree(request, self._builder_course(request, object_id))

    def builder_add(self, request, object_id):
        """POST kind (modules, lessons, tasks), parent (the course, a module or a lesson), title."""
        course = self._builder_course(request, object_id)
        form = AddForm(request.POST)
        kind = request.POST.get("add", "")
        if kind not in KINDS or not form.is_valid():
            return self._tree(request, course, error=_("Give the new item a title."))
        title, user = form.cleaned_data["title"], request.user
        try:
            if kind == "modules":
                item = services.module_create(course=course, acting_user=user, title=title)
            elif kind == "lessons":
                module = self._item(course, "modules", int_or_none(request.POST.get("parent")))
                item = services.lesson_create(module=module, acting_user=user, title=title)
            else:
                lesson = self._item(course, "lessons", int_or_none(request.POST.get("parent")))
                item = services.task_create(
                    lesson=lesson,
                    acting_user=user,
                    title=title,
                    kind=form.cleaned_data["kind"] or TaskKind.READ,
                )
        except ApplicationError as refusal:
            return self._tree(request, course, error=refusal.message)
        return self._tree(request, course, notice=_("“%(title)s” added.") % {"title": item})

    def builder_edit(self, request, object_id, kind, pk):
        """GET: the item's form (in the editor panel); POST: save it through the service."""
        course = self._builder_course(request, object_id)
        item = self._item(course, kind, pk)
        spec = KINDS[kind]
        form = spec["form"](request.POST or None, instance=item)
        if request.method == "POST" and form.is_valid():
            try:
                spec["save"](**{spec["name"]: form.save(commit=False), "acting_user": request.user})
            except ApplicationError as refusal:
                form.add_error(None, refusal.message)
            else:
                return self._tree(request, course, notice=_("“%(title)s” saved.") % {"title": item})
        context = {
            **self.admin_site.each_context(request),
            "course": course,
            "item": item,
            "kind": kind,
            "form": form,
            **crumbs_for(item),
            "action": reverse(
                f"admin:catalog_course_builder_{kind}_edit", args=[course.pk, item.pk]
            ),
        }
        response = TemplateResponse(
            request,
            f"{TEMPLATE}#editor" if request.htmx else "admin_ext/catalog/builder_edit.html",
            context,
        )
        if request.method == "POST" and request.htmx:
            response["HX-Retarget"] = "#builder-editor"
            response["HX-Reswap"] = "innerHTML"
        return response

    def builder_delete(self, request, object_id, kind, pk):
        course = self._builder_course(request, object_id)
        item = self._item(course, kind, pk)
        spec = KINDS[kind]
        title = str(item)
        try:
            spec["delete"](**{spec["name"]: item, "acting_user": request.user})
        except ApplicationError as refusal:
            return self._tree(request, course, error=refusal.message)
        return self._tree(request, course, notice=_("“%(title)s” deleted.") % {"title": title})

    def builder_move(self, request, object_id, kind, pk):
        """POST position (1-based) and, for a lesson or a task, parent (the module or lesson
        it goes to; its own when left out)."""
        course = self._builder_course(request, object_id)
        item = self._item(course, kind, pk)
        position = int_or_none(request.POST.get("position")) or 1
        parent_pk = int_or_none(request.POST.get("parent"))
        try:
            if kind == "modules":
                services.module_move(module=item, position=position, acting_user=request.user)
            elif kind == "lessons":
                module = self._item(course, "modules", parent_pk) if parent_pk else item.module
                services.lesson_move(
                    lesson=item, module=module, position=position, acting_user=request.user
                )
            else:
                lesson = self._item(course, "lessons", parent_pk) if parent_pk else item.lesson
                services.task_move(
                    task=item, lesson=lesson, position=position, acting_user=request.user
                )
        except ApplicationError as refusal:
            return self._tree(request, course, error=refusal.message)
        return self._tree(request, course, notice=_("“%(title)s” moved.") % {"title": item})
