/*
 * The colour palette toggle in the header: the system's scheme, light, dark,
 * in turn, remembered across pages (mkdocs.yml `theme.palette`).
 *
 * Material's palette component does the same, but on every page load it also
 * adds a <meta name="color-scheme">, sets it, and marks and unmarks the body
 * "switching" (which turns transitions off). The browser restyles every
 * element of the page for each of these: on the largest pages that was about
 * half of all style work and a quarter of the blocking time on a phone
 * (BENCHMARKS.md). The header's form therefore carries `data-awsnotes-palette`
 * (overrides/partials/palette.html) instead of the attribute Material mounts
 * its component on, and this script does the component's work:
 *
 * - On load it shows the label of the reader's choice (stored by Material's
 *   rules under "__palette"; the colours are already on the body, from the
 *   build, awsnotes/reading.py, and from Material's inline palette start-up
 *   script) and applies colours only where they differ: a dark system on a
 *   first visit.
 * - When the reader switches (click, tap, or Enter), or the system scheme
 *   changes while the toggle follows it, it applies the new colours.
 * - Colours change with transitions off for that moment, as Material does,
 *   and the `theme-color` meta follows the header's colour.
 *
 * The browser's own parts (scrollbars, the canvas) follow the scheme through
 * a rule in site.css, in place of Material's <meta name="color-scheme">.
 * It runs after Material's bundle (site.js, mkdocs.yml): the toggle's label
 * shows once the bundle has shown the search button beside it, so the
 * header does not move under the reader.
 */
(function () {
  "use strict";
  var form = document.querySelector("form[data-awsnotes-palette]");
  if (!form) return;
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input.md-option"));
  var AUTOMATIC = "(prefers-color-scheme)";
  var light = matchMedia("(prefers-color-scheme: light)");
  var body = document.body;

  function attribute(input, key) {
    return input.getAttribute("data-md-color-" + key);
  }

  // The colours of entry `index`; the automatic entry takes those of the entry matching the system.
  function colours(index) {
    var input = inputs[index];
    var source = input;
    if (attribute(input, "media") === AUTOMATIC) {
      source = form.querySelector(light.matches ? "[data-md-color-media='(prefers-color-scheme: light)']"
                                                : "[data-md-color-media='(prefers-color-scheme: dark)']") || input;
    }
    return { media: attribute(input, "media"), scheme: attribute(source, "scheme"),
             primary: attribute(source, "primary"), accent: attribute(source, "accent") };
  }

  function differs(color) {
    return Object.keys(color).some(function (key) { return body.getAttribute("data-md-color-" + key) !== color[key]; });
  }

  function themeColour() {
    var header = document.querySelector("[data-md-component=header]");
    var meta = document.querySelector("meta[name=theme-color]");
    if (!header) return;
    if (!meta) {
      meta = document.createElement("meta");
      meta.name = "theme-color";
      document.head.appendChild(meta);
    }
    meta.content = "#" + getComputedStyle(header).backgroundColor.match(/\d+/g).slice(0, 3)
      .map(function (value) { return (+value).toString(16).padStart(2, "0"); }).join("");
  }

  var current = 0;

  function apply(index) {
    current = index;
    var color = colours(index);
    inputs.forEach(function (input, i) {
      var label = input.nextElementSibling;
      if (label instanceof HTMLElement) label.hidden = i !== index;
    });
    inputs[index].checked = true;
    if (differs(color)) {
      // Transitions off while the colours change, as Material does: no fade between schemes.
      body.setAttribute("data-md-color-switching", "");
      Object.keys(color).forEach(function (key) { body.setAttribute("data-md-color-" + key, color[key]); });
      setTimeout(function () { body.removeAttribute("data-md-color-switching"); });
    }
    __md_set("__palette", { index: index, color: color });
  }

  var stored = __md_get("__palette");
  var start = stored && typeof stored.index === "number" ? stored.index
    : inputs.findIndex(function (input) { return matchMedia(attribute(input, "media")).matches; });
  apply(Math.max(0, Math.min(start, inputs.length - 1)));
  (window.requestIdleCallback || setTimeout)(themeColour);

  inputs.forEach(function (input, index) {
    input.addEventListener("change", function () {
      if (!input.checked) return;
      apply(index);
      themeColour();
    });
  });
  // Enter on the focused toggle switches too (Material's keyboard rule), and keeps focus on it.
  form.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || inputs.indexOf(event.target) < 0) return;
    event.preventDefault();
    var next = inputs[(inputs.indexOf(event.target) + 1) % inputs.length];
    next.click();
    next.focus();
  });
  light.addEventListener("change", function () {
    if (attribute(inputs[current], "media") !== AUTOMATIC) return;
    apply(current);
    themeColour();
  });
})();
