"""Demo roster, courses, sessions and completions for the officer's four communes.

The figures differ on purpose from commune to commune, so that the dashboard has
something to show. Rows are made in bulk; the dashboard's demo refreshes the rollup after.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Site

from marketplace.accounts.models import Role, User
from marketplace.core.demo import demo_step
from marketplace.core.text import fold
from marketplace.sellers.models import FarmType, Household

from .models import Attendance, Completion, CourseIndexPage, CoursePage, TrainingSession

COURSES = [
    (
        "Kỹ năng số cơ bản",
        True,
        "Dùng điện thoại thông minh, Zalo, chụp ảnh sản phẩm và giữ an toàn tài khoản.",
    ),
    (
        "Bán hàng trên sàn thương mại điện tử",
        True,
        "Mở gian hàng, đăng sản phẩm, nhận và giao đơn hàng.",
    ),
    (
        "An toàn thanh toán trực tuyến",
        False,
        "Nhận tiền qua VietQR, nhận biết lừa đảo, bảo vệ mã OTP.",
    ),
]
# commune key, households, share with a login, share trained (both courses)
ROSTER = [
    ("mo_cay", 160, 0.35, 0.72),
    ("cho_lach", 130, 0.22, 0.51),
    ("giong_trom", 110, 0.12, 0.33),
    ("ba_tri", 90, 0.05, 0.14),
    ("binh_dai", 100, 0.18, 0.40),
    ("cau_ke", 80, 0.08, 0.22),
]
# Shop households that have not finished the required courses yet (newest online).
SHOPS_IN_TRAINING = {"oanh", "ba"}
FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Huỳnh",
    "Võ",
    "Phan",
    "Trương",
    "Bùi",
    "Đặng",
    "Đỗ",
    "Ngô",
]
MIDDLE_M = ["Văn", "Hữu", "Minh", "Thanh", "Công", "Quốc"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Kim", "Mỹ"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Giang",
    "Hải",
    "Hoà",
    "Hùng",
    "Khoa",
    "Lan",
    "Liên",
    "Mai",
    "Nam",
    "Nga",
    "Phúc",
    "Phương",
    "Quang",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trung",
    "Tuấn",
    "Vân",
    "Xuân",
    "Yến",
    "Đức",
    "Hạnh",
    "Lộc",
    "Nhung",
    "Oanh",
]
TRAINERS = ["Lê Văn Phúc", "Nguyễn Thị Hồng (Đoàn xã)", "Trần Minh Trí (Bưu điện)"]


def _courses() -> list[CoursePage]:
    index = CourseIndexPage.objects.first()
    if index is None:
        # The home page is the CMS's (its demo step `cms.demo_site` runs before this one).
        home = Site.objects.get(is_default_site=True).root_page
        index = home.add_child(
            instance=CourseIndexPage(
                title="Khoá học kỹ năng số",
                slug="khoa-hoc",
                intro="Các khoá học ngắn, đọc được trên điện thoại.",
            )
        )
    courses = []
    for title, required, summary in COURSES:
        course = CoursePage.objects.filter(title=title).first()
        if course is None:
            course = index.add_child(
                instance=CoursePage(
                    title=title,
                    slug=slugify(fold(title)),
                    summary=summary,
                    required_for_trained=required,
                    lessons=[
                        ("text", f"<h3>Bài 1</h3><p>{summary}</p>"),
                        ("text", "<h3>Bài 2</h3><p>Thực hành cùng cán bộ tại buổi tập huấn.</p>"),
                        ("video", {"title": "Video hướng dẫn", "url": "https://example.org/video"}),
                    ],
                )
            )
        courses.append(course)
    return courses


def _phone(commune_index: int, n: int) -> str:
    return f"+8437{commune_index}{n:06d}"


def _roster(rng, *, index: int, commune, count: int, officer, now) -> list[Household]:
    households = []
    for n in range(count):
        female = rng.random() < 0.4
        middle = rng.choice(MIDDLE_F if female else MIDDLE_M)
        name = f"{rng.choice(FAMILY)} {middle} {rng.choice(GIVEN)}"
        households.append(
            Household(
                head_name=name,
                head_name_folded=fold(name),
                phone=_phone(index, n),
                commune=commune,
                farm_type=rng.choice(FarmType.values),
                registered_at=now - timedelta(days=rng.randint(200, 400)),
                registered_by=officer,
            )
        )
    return Household.objects.bulk_create(households)


def _logins(rng, with_login: list[Household], *, now) -> None:
    users = User.objects.bulk_create(
        [
            User(
                phone=h.phone,
                display_name=h.head_name,
                role=Role.HOUSEHOLD,
                password="!",  # unusable: they take over with an officer's code
                date_joined=now - timedelta(days=rng.randint(5, 150)),
            )
            for h in with_login
        ]
    )
    for household, user in zip(with_login, users, strict=True):
        household.user = user
    Household.objects.bulk_update(with_login, ["user"])


def _sessions(rng, *, courses, commune, officer, today, now) -> dict[int, list[TrainingSession]]:
    """Sessions of each course spread over the last ten months, by course."""
    sessions = []
    for course in courses:
        for months_ago in (9, 5, 2):
            on = today - timedelta(days=30 * months_ago + rng.randint(0, 20))
            sessions.append(
                TrainingSession(
                    course=course,
                    date=on,
                    commune=commune,
                    trainer=rng.choice(TRAINERS),
                    created_by=officer,
                    created_at=datetime.combine(on, time(16), tzinfo=now.tzinfo),
                )
            )
    by_course = {}
    for session in TrainingSession.objects.bulk_create(sessions):
        by_course.setdefault(session.course_id, []).append(session)
    return by_course


def _attend(
    rng, households, *, trained_share, required, optional, by_course, officer, shops=()
) -> None:
    """The trained share attends every required course; a few more only the first one.
    `shops` (the demo's shop households) are trained, but for those still in training."""
    count = len(households)
    trained = set(rng.sample(range(count), int(count * trained_share)))
    partly = set(rng.sample(range(count), int(count * 0.15))) - trained
    households = [*households, *shops.values()]
    trained |= {count + i for i, key in enumerate(shops) if key not in SHOPS_IN_TRAINING}
    partly |= {count + i for i, key in enumerate(shops) if key in SHOPS_IN_TRAINING}
    attendances, completions = [], []
    for i, household in enumerate(households):
        taken = []
        if i in trained:
            taken = required + ([optional[0]] if rng.random() < 0.5 else [])
        elif i in partly:
            taken = [required[0]]
        for course in taken:
            session = rng.choice(by_course[course.pk])
            attendances.append(
                Attendance(session=session, household=household, recorded_by=officer)
            )
            completions.append(
                Completion(
                    household=household,
                    course=course,
                    completed_on=session.date,
                    method="attendance",
                    session=session,
                    recorded_by=officer,
                )
            )
    Attendance.objects.bulk_create(attendances)
    Completion.objects.bulk_create(completions)


@demo_step(80)
def seed(context):
    officer = context.users["officer"]
    courses = _courses()
    required = [c for c in courses if c.required_for_trained]
    optional = [c for c in courses if not c.required_for_trained]
    rng = context.rng("training")
    now = timezone.now()
    today = timezone.localdate()
    if Household.objects.filter(phone=_phone(0, 0)).exists():
        context.extra["training_households"] = Household.objects.filter(
            phone__startswith="+8437"
        ).count()
        return
    made = 0
    for index, (key, count, login_share, trained_share) in enumerate(ROSTER):
        commune = context.communes[key]
        households = _roster(
            rng, index=index, commune=commune, count=count, officer=officer, now=now
        )
        made += len(households)
        _logins(rng, households[: int(count * login_share)], now=now)
        by_course = _sessions(
            rng, courses=required + optional, commune=commune, officer=officer, today=today, now=now
        )
        _attend(
            rng,
            households,
            trained_share=trained_share,
            required=required,
            optional=optional,
            by_course=by_course,
            officer=officer,
            shops={k: h for k, h in context.households.items() if h.commune_id == commune.pk},
        )
    context.extra["training_households"] = made
    context.log.append(f"training: {made} more households on the roster, dashboard at /can-bo/")
