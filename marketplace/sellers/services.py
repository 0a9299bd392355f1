from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.accounts.models import Role, User
from marketplace.accounts.phone import normalize_phone
from marketplace.accounts.services import user_create
from marketplace.regions.models import Commune

from .errors import SellerError
from .models import AssistedAct, Cooperative, CooperativeMembership, Household, Seller
from .permissions import acts_on_behalf, can_manage_members
from .signals import seller_created
from .slugs import slug_base, slug_is_free


def _unique_slug(name: str) -> str:
    """The name's slug, with "-2", "-3"... when a shop has it or it is reserved."""
    base = slug_base(name)
    slug, n = base, 1
    while not slug_is_free(slug, taken=Seller.objects.all()):
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def household_register(
    *,
    head_name: str,
    commune: Commune,
    phone: str = "",
    national_id: str = "",
    address: str = "",
    farm_type: str = "mixed",
    user: User | None = None,
    registered_by: User | None = None,
) -> Household:
    """Register a farm household in a commune; the phone is normalised when given."""
    household = Household(
        head_name=head_name.strip(),
        commune=commune,
        phone=normalize_phone(phone) if phone else "",
        national_id=national_id.strip(),
        address=address,
        farm_type=farm_type,
        user=user,
        registered_by=registered_by,
    )
    household.full_clean()
    household.save()
    return household


@transaction.atomic
def household_blanks_fill(
    *, household: Household, national_id: str = "", phone: str = ""
) -> Household:
    """Complete a listed household's blank national ID or phone; a value already set is kept.

    A roster row that matches a household completes it, never overwrites it.
    """
    household = Household.objects.select_for_update().get(pk=household.pk)
    changed = []
    if not household.national_id and national_id:
        household.national_id = national_id
        changed.append("national_id")
    if not household.phone and phone:
        household.phone = normalize_phone(phone)
        changed.append("phone")
    if changed:
        household.save(update_fields=changed)
    return household


@transaction.atomic
def household_consent_record(*, household: Household, actor: User) -> Household:
    """Record, once, that the household agreed to an officer acting on its behalf."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    if household.consent_at is None:
        household.consent_at = timezone.now()
        household.save(update_fields=["consent_at"])
        assisted_act_record(
            actor=actor, household=household, action="consent_record", target=str(household)
        )
    return household


@transaction.atomic
def household_login_open(*, household: Household, actor: User) -> Household:
    """Give the household a login on its mobile number (an existing login of that number is
    reused unless it already belongs to another household). Logged as an assisted act."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    if household.user_id is not None:
        return household
    user = User.objects.filter(phone=household.phone).first()
    if user is None:
        user = user_create(
            phone=household.phone, display_name=household.head_name, role=Role.HOUSEHOLD
        )
    elif Household.objects.filter(user=user).exists():
        raise SellerError(_("This phone number already belongs to another household's login."))
    household.user = user
    household.save(update_fields=["user"])
    assisted_act_record(
        actor=actor, household=household, action="login_create", target=household.phone
    )
    return household


@transaction.atomic
def cooperative_create(
    *,
    name: str,
    commune: Commune,
    managers: list[User] = (),
    members: list[Household] = (),
    address: str = "",
    phone: str = "",
) -> Cooperative:
    cooperative = Cooperative(
        name=name, commune=commune, address=address, phone=normalize_phone(phone) if phone else ""
    )
    cooperative.full_clean()
    cooperative.save()
    cooperative.managers.set(managers)
    for household in members:
        CooperativeMembership.objects.create(cooperative=cooperative, household=household)
    return cooperative


@transaction.atomic
def seller_create(
    *,
    household: Household | None = None,
    cooperative: Cooperative | None = None,
    name: str = "",
    actor: User | None = None,
) -> Seller:
    """Make a household or a cooperative a seller; the CMS gives it a storefront page.

    An officer creating a seller for a household is recorded as an assisted act.
    """
    if (household is None) == (cooperative is None):
        raise ValueError("A seller is exactly one of a household or a cooperative.")
    owner = household or cooperative
    if household is not None:
        name = name or str(household)
        phone = household.phone
    else:
        name = name or cooperative.name
        phone = cooperative.phone
    seller = Seller(
        kind=Seller.Kind.HOUSEHOLD if household else Seller.Kind.COOPERATIVE,
        household=household,
        cooperative=cooperative,
        name=name,
        slug=_unique_slug(name),
        phone=phone,
        created_by=actor,
    )
    seller.full_clean()
    seller.save()
    if actor is not None:
        assisted_act_record(actor=actor, seller=seller, action="seller_create", target=str(owner))
    seller_created.send(sender=Seller, seller=seller, actor=actor)
    return seller


@transaction.atomic
def seller_details_update(*, actor: User, seller: Seller, **fields) -> Seller:
    """Contact and bank account (for VietQR) of a shop: only these fields, validated,
    and an officer's change logged as done on the shop's behalf."""
    allowed = {"phone", "bank_bin", "bank_account_number", "bank_account_name"}
    for field, value in fields.items():
        if field not in allowed:
            raise ValueError(field)
        setattr(seller, field, value)
    seller.full_clean()
    seller.save(update_fields=[*fields])
    assisted_act_record(
        actor=actor, seller=seller, action="seller_details_update", target=seller.name
    )
    return seller


def assisted_act_record(
    *,
    actor: User,
    action: str,
    seller: Seller | None = None,
    household: Household | None = None,
    target: str = "",
) -> AssistedAct | None:
    """Log an act done by an officer on behalf of a seller or household.

    Does nothing when the actor acts for themself, so callers may call it on every write.
    """
    if seller is not None and household is None:
        household = seller.household
    if not acts_on_behalf(actor, seller=seller, household=household):
        return None
    return AssistedAct.objects.create(
        actor=actor, seller=seller, household=household, action=action, target=target[:200]
    )


@transaction.atomic
def membership_add(
    *, actor: User, cooperative: Cooperative, phone: str, consent: bool
) -> CooperativeMembership:
    """A household already on the roster joins the cooperative, by its phone number.

    The household must have agreed (the manager or officer ticks it; who and when are
    kept); it must live in the cooperative's province, and not be a member already.
    """
    if not can_manage_members(actor, cooperative):
        raise SellerError(_("You cannot change the members of this cooperative."))
    if not consent:
        raise SellerError(_("The household must agree to join before you add it."))
    try:
        phone = normalize_phone(phone)
    except ValidationError:
        message = _("Enter a Vietnamese mobile number, for example 0912 345 678.")
        raise SellerError(message) from None
    household = Household.objects.select_related("commune").filter(phone=phone).first()
    if household is None:
        raise SellerError(
            _(
                "No household with this mobile number is registered. "
                "Ask your officer to register it first."
            )
        )
    if household.commune.province_id != cooperative.commune.province_id:
        raise SellerError(_("This household lives in another province."))
    if CooperativeMembership.objects.filter(
        cooperative=cooperative, household=household, ended_at__isnull=True
    ).exists():
        raise SellerError(_("This household is already a member."))
    membership = CooperativeMembership(
        cooperative=cooperative,
        household=household,
        added_by=actor,
        consent_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:  # added a moment ago by someone else
        raise SellerError(_("This household is already a member.")) from None
    assisted_act_record(
        actor=actor, household=household, action="membership_add", target=cooperative.name
    )
    return membership


@transaction.atomic
def membership_end(
    *, actor: User, membership: CooperativeMembership, reason: str
) -> CooperativeMembership:
    """The household leaves the cooperative: the row stays, with who ended it, when and why."""
    if not can_manage_members(actor, membership.cooperative):
        raise SellerError(_("You cannot change the members of this cooperative."))
    reason = reason.strip()
    if not reason:
        raise SellerError(_("Say why the household leaves."))
    membership = CooperativeMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.ended_at is not None:
        raise SellerError(_("This household has already left the cooperative."))
    membership.ended_at = timezone.now()
    membership.ended_by = actor
    membership.end_reason = reason[:200]
    membership.save(update_fields=["ended_at", "ended_by", "end_reason"])
    assisted_act_record(
        actor=actor,
        household=membership.household,
        action="membership_end",
        target=f"{membership.cooperative.name}: {membership.end_reason}"[:200],
    )
    return membership
