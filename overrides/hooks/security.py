"""The site's Content-Security-Policy inside every page, for hosts that cannot send headers.

GitHub Pages sends no custom headers, so each page carries the policy from
awsnotes/http_policy.py in a `<meta http-equiv="Content-Security-Policy">`
(overrides/main.html puts it first in <head>, before any script). Hosts that
do send headers (deploy/nginx.conf, deploy/cloudfront-response-headers.json,
scripts/serve.py) send the full policy, with frame-ancestors, which a meta tag
cannot carry.
"""

from awsnotes import http_policy, payload


def on_env(env, config, files, **kwargs):
    offline = config.plugins.get("material/offline")
    # The offline copy is opened from file://, where 'self' matches nothing: it carries no policy
    # (it loads nothing from any host, which tests/test_downloads.py checks).
    offline_copy = offline is not None and offline.config.enabled
    env.globals["content_security_policy"] = None if offline_copy else http_policy.content_security_policy(meta=True)
    # Material's head script, inline where Material puts it; the policy allows it by its hash.
    env.globals["head_script"] = payload.HEAD_SCRIPT
    return env


# Material's "share search" button is a link to `javascript:void(0)`, a script URL that the
# policy forbids; its click is handled by Material's own script, so the link needs no href.
SCRIPT_URL_LINK = ' href="javascript:void(0)"'


def without_script_urls(html: str) -> str:
    """The page without Material's `javascript:` no-op links (the built-site check refuses any)."""
    return html.replace(SCRIPT_URL_LINK, "")


def on_post_page(output, **kwargs):
    return without_script_urls(output)


def on_post_template(output_content, **kwargs):  # 404.html and other theme pages
    return without_script_urls(output_content)
