"""What delivery tells the layers above (orders) without importing them."""

from django.dispatch import Signal

# A carrier (or a person) says where a parcel is: `shipment`, `state` (carriers.base
# PICKED / DELIVERED / RETURNED / CANCELLED), `actor` (None for a carrier). Sent inside
# the transaction that records it, so that the order moves with it or not at all.
shipment_state_changed = Signal()
