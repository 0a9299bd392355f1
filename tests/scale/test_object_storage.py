"""Media on S3-compatible object storage (moto's in-process S3 stands in for the bucket)."""

import boto3
import pytest
from moto import mock_aws

from catalog.photos import photo_store
from tests.catalog.factories import jpeg_upload

pytestmark = pytest.mark.django_db
BUCKET = "cho-so-media"


@pytest.fixture
def bucket(settings, monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        settings.AWS_STORAGE_BUCKET_NAME = BUCKET
        settings.AWS_S3_REGION_NAME = "us-east-1"
        settings.AWS_LOCATION = "media"
        settings.AWS_DEFAULT_ACL = None
        settings.AWS_QUERYSTRING_AUTH = False
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {"BACKEND": "storages.backends.s3.S3Storage"},
        }
        yield s3


def test_an_uploaded_photo_and_its_renditions_land_in_the_bucket(
    bucket, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = photo_store(upload=jpeg_upload(size=(800, 600)), title="Kẹo dừa Bến Tre")
    keys = {o["Key"] for o in bucket.list_objects_v2(Bucket=BUCKET).get("Contents", [])}
    assert f"media/{image.file.name}" in keys
    assert any(key.startswith("media/images/") and ".fill-400x400" in key for key in keys)
    assert image.file.url.startswith(f"https://{BUCKET}.s3.amazonaws.com/media/")
