from wagtail.models import Page

from marketplace.training.models import CourseIndexPage, CoursePage


def course_index() -> CourseIndexPage:
    index = CourseIndexPage.objects.first()
    if index is None:
        index = Page.get_first_root_node().add_child(
            instance=CourseIndexPage(title="Khoá học", slug="khoa-hoc")
        )
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
