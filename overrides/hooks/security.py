"""The site's Content-Security-Policy inside every page, for hosts that cannot send headers.

GitHub Pages sends no custom headers, so each page carries the policy from
awsnotes/http_policy.py in a `<meta http-equiv="Content-Security-Policy">`
(overrides/main.html puts it first in <head>, before any script). Hosts that
do send headers (deploy/nginx.conf, deploy/cloudfront-response-headers.json,
scripts/serve.py) send the full policy, with frame-ancestors, which a meta tag
cannot carry.
"""

from awsnotes import http_policy


def on_env(env, config, files, **kwargs):
    env.globals["content_security_policy"] = http_policy.content_security_policy(meta=True)
    return env
