"""What payments tells the layers above it (orders) without importing them.

Both are sent inside the transaction that moved the payment, with the payment locked
(and its seller order row before it), so a receiver's writes commit or roll back with it.
"""

from django.dispatch import Signal

# payment, actor: the money is in (the seller recorded it, or Stripe confirmed it).
payment_paid = Signal()
# payment, actor, note: the money went back to the buyer; note is the seller's reason.
payment_refunded = Signal()
