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

ADMIN_PREFIXES = ("/admin/", "/django-admin/")
ADMIN_UPDATE = {"script-src": [UNSAFE_INLINE], "style-src": [UNSAFE_INLINE], "img-src": ["blob:"]}
ADMIN_REPLACE = {"frame-ancestors": [SELF], "frame-src": [SELF]}


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only:
            return parts
        update = dict(parts.update or {})
        # Media on another host (object storage, a CDN): its photos are the site's own.
        media = _origin(settings.MEDIA_URL)
        if media:
            update["img-src"] = [*update.get("img-src", []), media]
        if request.path_info.startswith(ADMIN_PREFIXES):
            for directive, sources in ADMIN_UPDATE.items():
                update[directive] = [*update.get(directive, []), *sources]
            parts.replace = {**ADMIN_REPLACE, **(parts.replace or {})}
        parts.update = update or None
        return parts
