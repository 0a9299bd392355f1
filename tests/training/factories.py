from wagtail.models import Locale, Page

from marketplace.training.models import CourseIndexPage, CoursePage


def course_index() -> CourseIndexPage:
    index = CourseIndexPage.objects.first()
    if index is None:
        # A transactional test before this one may have flushed Wagtail's root page.
        Locale.objects.get_or_create(language_code="vi")
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
        index = root.add_child(instance=CourseIndexPage(title="Khoá học", slug="khoa-hoc"))
    return index


def make_course(title: str = "Kỹ năng số cơ bản", *, required: bool = True) -> CoursePage:
    from django.utils.text import slugify

    from marketplace.core.text import fold

    return course_index().add_child(
        instance=CoursePage(
            title=title,
            slug=slugify(fold(title)),
            required_for_trained=required,
            lessons=[("text", "<p>Bài 1</p>")],
        )
    )
