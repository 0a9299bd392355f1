"""System checks of settings the code cannot default safely."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from .client_address import trusted_proxy_errors


@register(Tags.security)
def trusted_proxies_entries_check(app_configs, **kwargs):
    return [
        Error(
            f"TRUSTED_PROXIES holds {entry!r}, which is not an address or a network.",
            hint="Comma-separated addresses or networks, e.g. 127.0.0.1,10.0.0.5",
            id="core.E001",
        )
        for entry in trusted_proxy_errors(settings.TRUSTED_PROXIES)
    ]


@register(Tags.security, deploy=True)
def trusted_proxies_set_check(app_configs, **kwargs):
    """Production must name its reverse proxies. Without them every visitor behind
    nginx has nginx's address: one guesser locks the whole site out of logging in, and
    one guest's open orders or lookups use up everybody's allowance."""
    if settings.DEBUG or settings.TRUSTED_PROXIES:
        return []
    return [
        Error(
            "TRUSTED_PROXIES is not set: behind the reverse proxy every visitor "
            "would count as the proxy's one address.",
            hint="Set TRUSTED_PROXIES to the address(es) of the proxy in front of "
            "gunicorn (as its --forwarded-allow-ips), e.g. 127.0.0.1,10.0.0.5. "
            "See docs/deployment.md.",
            id="core.E002",
        )
    ]
