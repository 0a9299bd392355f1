from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .phone import display_phone, normalize_phone


class Role(models.TextChoices):
    BUYER = "buyer", _("Buyer")
    HOUSEHOLD = "household", _("Household member")
    COOP_MANAGER = "coop_manager", _("Cooperative manager")
    OFFICER = "officer", _("Extension officer")
    ADMIN = "admin", _("Provincial administrator")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, phone, password, **extra):
        email = extra.pop("email", None)
        user = self.model(
            phone=normalize_phone(phone), email=self.normalize_email(email) or None, **extra
        )
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, phone, password=None, **extra):
        # Made by a command, an officer or the demo, not typed by a stranger: see
        # services.user_create for who is asked to prove their number.
        extra.setdefault("phone_verified_at", timezone.now())
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(phone, password, **extra)

    def create_superuser(self, phone, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        extra.setdefault("role", Role.ADMIN)
        extra.setdefault("phone_verified_at", timezone.now())
        return self._create_user(phone, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with a login. The phone number is the identity; e-mail is optional."""

    phone = models.CharField(_("mobile number"), max_length=12, unique=True)
    # NULL, not "", for "no e-mail": the unique constraint must ignore it.
    email = models.EmailField(_("e-mail"), blank=True, null=True)  # noqa: DJ001
    display_name = models.CharField(_("display name"), max_length=120)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.BUYER)
    is_staff = models.BooleanField(
        _("staff"), default=False, help_text=_("Can log in to the administration.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # When the person proved the number is theirs (a code by SMS), or their login was made
    # by someone who knows them (an officer, an administrator). Empty: typed at sign-up and
    # not proved yet; such an account cannot order cash on delivery.
    phone_verified_at = models.DateTimeField(_("mobile number verified"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "phone"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["email"], condition=Q(email__isnull=False), name="user_email_unique"
            )
        ]

    def __str__(self):
        return self.display_name or self.phone_display

    def clean(self):
        super().clean()
        if self.phone:
            self.phone = normalize_phone(self.phone)
        if self.email == "":
            self.email = None
        if self.email:
            self.email = self.__class__.objects.normalize_email(self.email).lower()

    @property
    def phone_display(self) -> str:
        return display_phone(self.phone)

    @property
    def phone_verified(self) -> bool:
        return self.phone_verified_at is not None

    def get_full_name(self):
        return self.display_name

    def get_short_name(self):
        return self.display_name


class OfficerArea(models.Model):
    """An area an officer or administrator covers: a whole province or one commune."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="areas"
    )
    province = models.ForeignKey(
        "regions.Province",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    commune = models.ForeignKey(
        "regions.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )

    class Meta:
        verbose_name = _("officer area")
        verbose_name_plural = _("officer areas")
        constraints = [
            models.CheckConstraint(
                condition=Q(province__isnull=False, commune__isnull=True)
                | Q(province__isnull=True, commune__isnull=False),
                name="officer_area_province_xor_commune",
            ),
            models.UniqueConstraint(fields=["user", "province"], name="officer_area_province_once"),
            models.UniqueConstraint(fields=["user", "commune"], name="officer_area_commune_once"),
        ]

    def __str__(self):
        return str(self.commune or self.province)


# The group that gives provincial administrators their part of Wagtail's admin (the
# categories, the home page); its permissions are set by cms/migrations/0004, which made
# it as "Provincial administrators", and 0005 names it in Vietnamese, as the admin shows
# it. Users of role ADMIN are kept in it (signals.py).
PROVINCIAL_ADMINS_GROUP = "Quản trị viên tỉnh"
