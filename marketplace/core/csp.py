"""Content-Security-Policy: strict on the site, looser in the two admin interfaces.

The site's own pages have no inline script, no inline style and no event-handler
attribute, so the policy in settings (CONTENT_SECURITY_POLICY) allows neither.
Wagtail's and Django's admin templates are not ours and still carry inline scripts
and styles, and Wagtail's preview shows the page in a frame of the admin: there the
policy allows inline code and same-origin frames. Only logged-in staff reach them.
"""

from urllib.parse import urlsplit

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.core.files.storage import default_storage

ADMIN_PREFIXES = ("/admin/", "/django-admin/")
ADMIN_UPDATE = {"script-src": [UNSAFE_INLINE], "style-src": [UNSAFE_INLINE], "img-src": ["blob:"]}
ADMIN_REPLACE = {"frame-ancestors": [SELF], "frame-src": [SELF]}


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


def media_origin() -> str | None:
    """The other host photos come from: an absolute MEDIA_URL, or object storage's URLs
    (a bucket or its custom domain). None when media is served by this site."""
    return _origin(settings.MEDIA_URL) or _origin(default_storage.url("csp"))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        update = dict(parts.update or {})
        # Media on another host (object storage, a CDN): its photos are the site's own.
        media = media_origin()
        if media:
            update["img-src"] = [*update.get("img-src", []), media]
        if request.path_info.startswith(ADMIN_PREFIXES):
            for directive, sources in ADMIN_UPDATE.items():
                update[directive] = [*update.get(directive, []), *sources]
            parts.replace = {**ADMIN_REPLACE, **(parts.replace or {})}
        parts.update = update or None
        return parts
