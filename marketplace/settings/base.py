"""Settings shared by every environment.

Environment variables are read here and nowhere else; dev, test and
production only change what differs.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "marketplace.core",
    "marketplace.regions",
    "marketplace.accounts",
    "marketplace.notifications",
    "marketplace.sellers",
    "catalog",
    "traceability",
    "marketplace.orders",
    "marketplace.payments",
    "marketplace.delivery",
    "marketplace.training",
    "marketplace.onboarding",
    "marketplace.dashboard",
    "marketplace.portal",
    "cms",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "marketplace.core.middleware.PermissionsPolicyMiddleware",
    "marketplace.core.csp.ContentSecurityPolicyMiddleware",
    # Early: a control character in a path, query or form is refused before sessions,
    # views or queries read it (docs/security.md).
    "marketplace.core.middleware.ControlCharacterMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a lockout into our own page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "marketplace.orders.context_processors.cart",
                "marketplace.notifications.context_processors.unread",
            ],
        },
    },
]

# SQLite file by default; DATABASE_URL (postgres://...) picks PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "marketplace.accounts.backends.PhoneOrEmailBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        # Our User has no username or first/last name: compare with what it does have.
        "OPTIONS": {"user_attributes": ("display_name", "email")},
    },
    {"NAME": "marketplace.accounts.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Brute-force protection (django-axes, marketplace/accounts/lockout.py): 10 failures on
# one account from one address lock that pair for 15 minutes; 50 on one account from any
# addresses lock the account for as long. By account and address, not address alone: a
# whole commune may share one carrier-grade-NAT address on 3G; and not account alone:
# anyone could then lock an administrator out from everywhere. `manage.py unlock <phone>`
# lifts a lock.
AXES_FAILURE_LIMIT = 10
AXES_ACCOUNT_FAILURE_LIMIT = 50
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "marketplace.accounts.lockout.LockoutHandler"
AXES_USERNAME_CALLABLE = "marketplace.accounts.backends.lockout_key"
AXES_CLIENT_IP_CALLABLE = "marketplace.core.client_address.client_ip"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The reverse proxies in front of the web nodes (nginx), addresses or networks: only
# their X-Forwarded-For is believed when working out a visitor's address
# (marketplace/core/client_address.py). Production has no default (production.py).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# Ours first, so `makemessages` writes there; then Wagtail's catalogs in Vietnamese,
# complete, which Django finds before Wagtail's own (locale/wagtail/README.md). None of
# our msgids without a context is translated differently there (a test keeps it so).
WAGTAIL_CATALOGS = [
    "admin",
    "core",
    "images",
    "documents",
    "snippets",
    "users",
    "sites",
    "contrib/redirects",
    "contrib/forms",
    "contrib/settings",
    "embeds",
    "search",
]
LOCALE_PATHS = [
    BASE_DIR / "locale",
    *(BASE_DIR / "locale" / "wagtail" / catalog for catalog in WAGTAIL_CATALOGS),
    # The units of Django's "timesince" ("5 phút trước"), missing from Django's Vietnamese.
    BASE_DIR / "locale" / "django",
]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Chợ Số <no-reply@cho-so.local>")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "587"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)


DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Content-Security-Policy (django-csp 4): no inline script or style anywhere on the
# site; the admin interfaces get a looser policy (marketplace/core/csp.py says why).
# Card payment posts to our server, which redirects to Stripe Checkout: browsers
# check form-action on that redirect too.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'", "https://checkout.stripe.com"],
    }
}
# No page of the site uses these browser features; a script that got in could not either.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
# Wagtail's admin would ask releases.wagtail.org for news: the policy keeps the admin
# to this site (connect-src 'self'), and operators learn of releases from pip-audit/CI.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Documents uploaded in Wagtail are downloaded (Content-Disposition: attachment), never
# opened inline on the site's origin, PDFs included.
WAGTAILDOCS_INLINE_CONTENT_TYPES = []

WAGTAIL_SITE_NAME = "Chợ Số"
WAGTAILADMIN_USER_LOGIN_FORM = "marketplace.accounts.forms.AdminLoginForm"
WAGTAILADMIN_BASE_URL = env("SITE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 8 * 1024 * 1024
# What decoding an uploaded photo may cost a worker of 1 GB shared by several
# (marketplace/core/uploads.py, docs/security.md): a baseline JPEG decodes at a
# fraction of its size up to this many pixels; PNG, WebP and progressive JPEG decode
# whole, within this many bytes (24 million pixels of an opaque PNG).
PHOTO_MAX_PIXELS = 50_000_000
PHOTO_DECODE_BUDGET = 96 * 1024 * 1024
# Wagtail's admin keeps the original and decodes it whole, 4 bytes a pixel, per rendition.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 24_000_000
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "csv", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

# Public address used in QR codes and e-mails (scheme + host, no trailing slash).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET")
STRIPE_API_BASE = env("STRIPE_API_BASE")
# Seconds to wait for each answer from Stripe (the client tries three times).
STRIPE_TIMEOUT = float(env("STRIPE_TIMEOUT", "10"))

# How long an order holds its stock before it is cancelled if the seller has not confirmed
# it and it is unpaid, by payment method (hours). Cash on delivery waits only for the
# seller's confirmation: a day, so that an unanswered order is back on sale by the next
# market morning. A card's hold outlives Stripe Checkout's 24 h session; one still open
# then (a later attempt) is closed at Stripe first.
ORDER_HOLD_HOURS = {
    "cod": int(env("ORDER_HOLD_HOURS_COD", "24")),
    "vietqr": int(env("ORDER_HOLD_HOURS_VIETQR", "24")),
    "stripe": int(env("ORDER_HOLD_HOURS_CARD", "25")),
}
# What one buyer may hold in open orders (the seller has not confirmed them, nothing is
# paid): orders at once, a guest's counted by phone number, network address and device,
# an account's by the account (docs/orders.md, "Hoarding").
GUEST_OPEN_ORDERS_LIMIT = int(env("GUEST_OPEN_ORDERS_LIMIT", "3"))
ACCOUNT_OPEN_ORDERS_LIMIT = int(env("ACCOUNT_OPEN_ORDERS_LIMIT", "5"))
# ...and of one product, this share of what is on sale (counting what they hold), at
# least one unit and never more than the seller's limit per order.
BUYER_STOCK_SHARE_PERCENT = int(env("BUYER_STOCK_SHARE_PERCENT", "50"))

# Giao Hàng Nhanh: off until the token and the shop id are set (docs/delivery.md).
GHN_TOKEN = env("GHN_TOKEN")
GHN_SHOP_ID = env("GHN_SHOP_ID")
GHN_BASE_URL = env("GHN_BASE_URL", "https://online-gateway.ghn.vn/shiip/public-api")
# The secret path segment of the status webhook registered with GHN.
GHN_WEBHOOK_SECRET = env("GHN_WEBHOOK_SECRET")
# Our communes in GHN's district + ward codes, built by `manage.py delivery_ghn_codes`.
GHN_WARDS_CSV = env("GHN_WARDS_CSV", str(BASE_DIR / "marketplace/delivery/data/ghn_wards.csv"))
# A checkout page waits this long for a courier's quote before using the seller's own fee.
DELIVERY_QUOTE_TIMEOUT = float(env("DELIVERY_QUOTE_TIMEOUT", "3"))
DELIVERY_HTTP_TIMEOUT = float(env("DELIVERY_HTTP_TIMEOUT", "10"))

# --- Notifications: console, e-mail, SMS (eSMS.vn), Zalo ZNS (docs/notifications.md) ----
# Channels in order of preference; a channel whose keys are unset is off, so the embedded
# default ends on the console (logged, and kept in the database).
NOTIFY_CHANNELS = env_list("NOTIFY_CHANNELS", "zalo,sms,console")
if unknown := set(NOTIFY_CHANNELS) - {"console", "email", "sms", "zalo"}:
    raise RuntimeError(f"NOTIFY_CHANNELS: unknown channel(s) {', '.join(sorted(unknown))}.")
# SMS without diacritics: GSM-7, 160 characters a segment instead of 70.
NOTIFY_SMS_UNACCENTED = env_bool("NOTIFY_SMS_UNACCENTED", False)
NOTIFY_QUIET_HOURS = (21, 7)  # no non-essential message from 21:00 to 07:00, Viet Nam time
NOTIFY_RATE_PER_HOUR = int(env("NOTIFY_RATE_PER_HOUR", "10"))  # messages sent to one number
NOTIFY_RETRY_DELAYS = (60, 300, 1800, 7200)  # seconds before the 2nd, 3rd... try
NOTIFY_HTTP_TIMEOUT = float(env("NOTIFY_HTTP_TIMEOUT", "10"))
ESMS_API_KEY = env("ESMS_API_KEY")
ESMS_SECRET_KEY = env("ESMS_SECRET_KEY")
ESMS_BRANDNAME = env("ESMS_BRANDNAME")
ESMS_BASE_URL = env("ESMS_BASE_URL", "https://rest.esms.vn")
ESMS_SMS_TYPE = env("ESMS_SMS_TYPE", "2")  # 2: customer care (brand name)
ESMS_SANDBOX = env_bool("ESMS_SANDBOX", False)
# Replies to the short code (eSMS "kết nối đầu số ngắn"): off while CPID and key are unset.
ESMS_MO_CPID = env("ESMS_MO_CPID")
ESMS_MO_PRIVATE_KEY = env("ESMS_MO_PRIVATE_KEY")
ESMS_MO_SERVICE_NUMBER = env("ESMS_MO_SERVICE_NUMBER")  # the short code people text, e.g. 8079
ESMS_MO_KEYWORD = env("ESMS_MO_KEYWORD")  # the short code's keyword, if any: "CHOSO TC"
QUERY_TEXT_PATHS = ("/thong-bao/sms/",)  # GET webhooks passing on typed text
ZALO_OA_ACCESS_TOKEN = env("ZALO_OA_ACCESS_TOKEN")  # used until the first refresh
# The access token lasts about 25 hours; `zalo_token_refresh` (hourly timer) trades the
# refresh token for a new pair. Off unless the app id, its secret and a refresh token
# (the first one, from the OA's authorisation; later ones are kept in ZaloToken) are set.
ZALO_APP_ID = env("ZALO_APP_ID")
ZALO_APP_SECRET = env("ZALO_APP_SECRET")
ZALO_OA_REFRESH_TOKEN = env("ZALO_OA_REFRESH_TOKEN")
ZALO_OAUTH_BASE_URL = env("ZALO_OAUTH_BASE_URL", "https://oauth.zaloapp.com")
# Seconds before its expiry that a token is refreshed: three hourly runs may fail first.
ZALO_TOKEN_REFRESH_MARGIN = int(env("ZALO_TOKEN_REFRESH_MARGIN", "10800"))
ZALO_ZNS_BASE_URL = env("ZALO_ZNS_BASE_URL", "https://business.openapi.zalo.me")
# Event -> approved ZNS template id, e.g. "order_new=312345,otp=312346".
ZALO_ZNS_TEMPLATES = dict(
    item.split("=", 1) for item in env_list("ZALO_ZNS_TEMPLATES") if "=" in item
)

# --- Scale: cache, sessions, background tasks, media storage, proxy cache -----------
# One block so that a node's whole shared state is visible at a glance: with REDIS_URL,
# DATABASE_URL and object storage set, a web process keeps nothing of its own and
# several can run side by side behind one proxy (docs/deployment.md).

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    # Django's own RedisCache (redis-py, with the hiredis parser when installed).
    _redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    CACHES = {
        "default": {**_redis, "KEY_PREFIX": "choso"},
        # Wagtail looks renditions up here before asking the database.
        "renditions": {**_redis, "KEY_PREFIX": "renditions", "TIMEOUT": 7 * 24 * 3600},
    }
    # Sessions read from Redis, written through to the database: a Redis restart
    # logs nobody out and empties no cart.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work (e-mails, photo renditions, dashboard refresh, cache purges) goes
# through Django's task framework. "immediate" runs it in the web process after the
# commit; "database" queues it in PostgreSQL for `manage.py db_worker` (deploy/).
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS_BACKEND = env("TASKS_BACKEND", "immediate")
if TASKS_BACKEND not in TASK_BACKENDS:
    raise RuntimeError(f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}.")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND]}}

# Media on S3-compatible object storage when a bucket is named; local files otherwise.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
MEDIA_STORAGE = env("MEDIA_STORAGE", "s3" if AWS_STORAGE_BUCKET_NAME else "local")
if MEDIA_STORAGE == "s3":
    _media = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME") or None
    AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_LOCATION = env("AWS_LOCATION", "media")
    AWS_DEFAULT_ACL = None  # the bucket's policy decides, not each object
    AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", False)
    AWS_S3_FILE_OVERWRITE = False
    # Served from the bucket: never as HTML, and cached for long (names never change).
    AWS_S3_OBJECT_PARAMETERS = {"CacheControl": "public, max-age=2592000"}
else:
    _media = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _media,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Public pages (trace page, catalog, product page) say how long a shared cache may
# keep them; a change purges them from the proxies in PURGE_URLS (comma separated,
# e.g. http://10.0.0.5:8080), through Wagtail's frontend cache. Off when unset.
PUBLIC_CACHE_SECONDS = int(env("PUBLIC_CACHE_SECONDS", "300"))
PUBLIC_CACHE_STALE_SECONDS = int(env("PUBLIC_CACHE_STALE_SECONDS", "60"))
WAGTAILFRONTENDCACHE = {
    f"proxy{n}": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend", "LOCATION": url}
    for n, url in enumerate(env_list("PURGE_URLS"))
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
