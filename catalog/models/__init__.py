"""The catalog's models, one module per subject; Django and the other apps find them here."""

from .ocop import (
    OCOP_VALID_MONTHS,
    SCAN_EXTENSIONS,
    CertificateStatus,
    DecisionSource,
    OcopCertificate,
    OcopDecision,
    OcopGroup,
    OcopRegistryEntry,
    add_months,
    decision_key,
)
from .products import (
    SEARCHED_FIELDS,
    Category,
    FacetCount,
    FacetCountState,
    Product,
    ProductImage,
    ProductStatus,
    Unit,
)

__all__ = [
    "OCOP_VALID_MONTHS",
    "SCAN_EXTENSIONS",
    "SEARCHED_FIELDS",
    "Category",
    "CertificateStatus",
    "DecisionSource",
    "FacetCount",
    "FacetCountState",
    "OcopCertificate",
    "OcopDecision",
    "OcopGroup",
    "OcopRegistryEntry",
    "Product",
    "ProductImage",
    "ProductStatus",
    "Unit",
    "add_months",
    "decision_key",
]
