"""Categories get an English name, shown under /en/; the seeded tree's are filled in."""

from django.db import migrations, models

ENGLISH = {
    "thuc-pham": "Food",
    "trai-cay": "Fruit",
    "rau-cu": "Vegetables",
    "gao-ngu-coc": "Rice and grains",
    "cac-loai-hat": "Nuts and seeds",
    "banh-keo": "Cakes and sweets",
    "nuoc-mam-gia-vi": "Fish sauce and spices",
    "thuy-hai-san": "Fish and seafood",
    "thit-trung": "Meat and eggs",
    "mat-ong": "Honey",
    "do-uong": "Beverages",
    "tra": "Tea",
    "ca-phe": "Coffee",
    "ruou": "Rice wine and spirits",
    "nuoc-ep": "Juices",
    "thao-duoc": "Herbal products",
    "duoc-lieu": "Medicinal herbs",
    "tinh-dau": "Essential oils",
    "thu-cong-my-nghe": "Handicrafts",
    "may-tre-dan": "Bamboo and rattan",
    "det-may": "Textiles",
    "gom": "Pottery",
    "sinh-vat-canh": "Ornamental plants and animals",
    "cay-canh": "Ornamental plants",
    "hoa": "Flowers",
    "du-lich-cong-dong": "Community tourism",
}


def name_in_english(apps, schema_editor):
    Category = apps.get_model("catalog", "Category")
    for slug, name_en in ENGLISH.items():
        # An English name someone already wrote is kept.
        Category.objects.filter(slug=slug, name_en="").update(name_en=name_en)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0007_product_on_recall")]

    operations = [
        migrations.AddField(
            model_name="category",
            name="name_en",
            field=models.CharField(
                blank=True,
                help_text="Shown on the English pages; the Vietnamese name is shown when empty.",
                max_length=120,
                verbose_name="name in English",
            ),
        ),
        migrations.RunPython(name_in_english, migrations.RunPython.noop),
    ]
