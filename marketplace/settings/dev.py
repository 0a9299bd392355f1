from .base import *  # noqa: F403

DEBUG = True
ALLOWED_HOSTS = ["*"]

# runserver serves static files itself; WhiteNoise is for production.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
