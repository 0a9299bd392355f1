from django.dispatch import Signal

# Sent inside the transaction of an assisted onboarding, once the household's login and
# seller exist, with `seller` and `actor` (the officer). The CMS listens to submit the
# shop's storefront and approve it with the officer (an officer of the area may), so the
# household ends the visit with a visible shop; onboarding never imports the CMS.
shop_opened_for_household = Signal()
