/*
 * Opens the content tab that the address's #anchor names.
 * Material's inline start-up script (partials/javascripts/content.html in Material 9.8), served as a file so the
 * site runs under a Content-Security-Policy without 'unsafe-inline' scripts
 * (awsnotes/http_policy.py). Keep it in step with Material when upgrading:
 * tests/test_security.py compares it with the theme's own.
 */
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
