/*
 * The reader's chosen colour scheme, applied before Material's bundle starts (deferred, in start.js:
 * a scheme chosen by hand can appear just after the first paint; see awsnotes/payload.py).
 * Material's inline start-up script (partials/javascripts/palette.html in Material 9.8), served as a file so the
 * site runs under a Content-Security-Policy without 'unsafe-inline' scripts
 * (awsnotes/http_policy.py). Keep it in step with Material when upgrading:
 * tests/test_security.py compares it with the theme's own.
 */
var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media){var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?"[data-md-color-media='(prefers-color-scheme: light)']":"[data-md-color-media='(prefers-color-scheme: dark)']");palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent=input.getAttribute("data-md-color-accent")}for(var[key,value]of Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}
