"""TakeoverCode went to onboarding, the dashboard's rollup to dashboard: their tables stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0003_attendance_withdrawal"),
        ("onboarding", "0001_initial"),
        ("dashboard", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="TakeoverCode"),
                migrations.DeleteModel(name="DashboardRollup"),
                migrations.DeleteModel(name="DashboardRefresh"),
            ],
            database_operations=[],
        ),
    ]
