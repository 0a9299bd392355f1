"""Mark the products whose lot on sale (newest lot) is already recalled, once.

From now on `traceability.services.product_sale_sync` keeps the mark up to date.
"""

from django.db import migrations


def backfill(apps, schema_editor):
    Lot = apps.get_model("traceability", "Lot")
    Product = apps.get_model("catalog", "Product")
    newest: dict[int, tuple] = {}
    rows = Lot.objects.order_by("product_id", "-created_at", "-pk").values_list(
        "product_id", "recalled_at", "recall_reason", "code"
    )
    for product_id, recalled_at, reason, code in rows:
        newest.setdefault(product_id, (recalled_at, reason, code))
    for product_id, (recalled_at, reason, code) in newest.items():
        if recalled_at is not None:
            Product.objects.filter(pk=product_id).update(
                on_recall=True, recall_reason=reason[:300], recall_trace_code=code
            )


class Migration(migrations.Migration):
    dependencies = [
        ("traceability", "0001_initial"),
        ("catalog", "0007_product_on_recall"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
