/*
 * The content tab the reader chose last, selected on every page (content.tabs.link).
 * Material's inline start-up script (partials/javascripts/content.html in Material 9.8), served as a file so the
 * site runs under a Content-Security-Policy without 'unsafe-inline' scripts
 * (awsnotes/http_policy.py). Keep it in step with Material when upgrading:
 * tests/test_security.py compares it with the theme's own.
 */
var tabs=__md_get("__tabs");if(Array.isArray(tabs))e:for(var set of document.querySelectorAll(".tabbed-set")){var labels=set.querySelector(".tabbed-labels");for(var tab of tabs)for(var label of labels.getElementsByTagName("label"))if(label.innerText.trim()===tab){var input=document.getElementById(label.htmlFor);input.checked=!0;continue e}}
