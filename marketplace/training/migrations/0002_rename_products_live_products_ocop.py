from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [
        migrations.RenameField(
            model_name="dashboardrollup", old_name="products_live", new_name="products_ocop"
        ),
    ]
