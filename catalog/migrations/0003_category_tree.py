"""The category tree: the six OCOP product groups, with common produce under them."""

from django.db import migrations

TREE = [
    (
        "Thực phẩm",
        "thuc-pham",
        [
            ("Trái cây", "trai-cay"),
            ("Rau củ", "rau-cu"),
            ("Gạo và ngũ cốc", "gao-ngu-coc"),
            ("Các loại hạt", "cac-loai-hat"),
            ("Bánh kẹo", "banh-keo"),
            ("Nước mắm và gia vị", "nuoc-mam-gia-vi"),
            ("Thủy hải sản", "thuy-hai-san"),
            ("Thịt và trứng", "thit-trung"),
            ("Mật ong", "mat-ong"),
        ],
    ),
    (
        "Đồ uống",
        "do-uong",
        [("Trà", "tra"), ("Cà phê", "ca-phe"), ("Rượu", "ruou"), ("Nước ép", "nuoc-ep")],
    ),
    ("Thảo dược", "thao-duoc", [("Dược liệu", "duoc-lieu"), ("Tinh dầu", "tinh-dau")]),
    (
        "Thủ công mỹ nghệ",
        "thu-cong-my-nghe",
        [("Đồ mây tre đan", "may-tre-dan"), ("Dệt may", "det-may"), ("Gốm", "gom")],
    ),
    ("Sinh vật cảnh", "sinh-vat-canh", [("Cây cảnh", "cay-canh"), ("Hoa", "hoa")]),
    ("Dịch vụ du lịch cộng đồng", "du-lich-cong-dong", []),
]


def seed(apps, schema_editor):
    Category = apps.get_model("catalog", "Category")
    for position, (name, slug, children) in enumerate(TREE):
        parent, _ = Category.objects.get_or_create(
            slug=slug, defaults={"name": name, "position": position}
        )
        for child_position, (child_name, child_slug) in enumerate(children):
            Category.objects.get_or_create(
                slug=child_slug,
                defaults={"name": child_name, "parent": parent, "position": child_position},
            )


def trigram_index(apps, schema_editor):
    # Substring search ("mam" inside "nuoc mam tam quan") can only use a trigram
    # index; SQLite has none, and its scan of name_folded is fast enough.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS catalog_product_name_folded_trgm "
        "ON catalog_product USING gin (name_folded gin_trgm_ops)"
    )


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS catalog_product_name_folded_trgm")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_productimage_ocopcertificate")]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(trigram_index, drop_trigram_index),
    ]
