/*
 * Diagrams on small screens: a diagram drawn smaller than its natural size,
 * or wider than the screen, gets a cue under it ("Scroll sideways or open
 * full size") and a button that opens it full size. The full-size view
 * (diagram-viewer.js) is fetched only when a reader asks for it: when the
 * pointer or the keyboard reaches the button, so it is usually there by the
 * time of the click. Re-applied after every instant navigation and resize.
 */
(function () {
  "use strict";
  // The hook overrides/hooks/fingerprint.py writes the file's hashed name here.
  var VIEWER = "assets/javascripts/diagram-viewer.js";
  var script = document.currentScript;  // assets/javascripts/site.js, two levels below the root
  var viewerUrl = new URL("../../" + VIEWER, script ? script.src : location.href).href;
  var viewer = null;

  function loadViewer() {
    if (viewer) return viewer;
    viewer = new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = viewerUrl;
      tag.async = true;
      tag.addEventListener("load", function () { resolve(window.awsnotesDiagramViewer); });
      tag.addEventListener("error", function () {
        viewer = null;  // the next click tries again
        tag.remove();
        reject(new Error("The full-size diagram view failed to load: " + viewerUrl));
      });
      document.head.appendChild(tag);
    });
    return viewer;
  }

  function naturalWidth(diagram) {
    var svg = diagram.querySelector("svg");
    var viewBox = svg && svg.viewBox && svg.viewBox.baseVal;
    return viewBox && viewBox.width ? viewBox.width : 0;
  }

  function titleOf(svg) {
    var title = svg.querySelector(":scope > title");
    return title && title.textContent.trim() ? title.textContent.trim() : "Diagram";
  }

  function open(diagram, button) {
    var svg = diagram.querySelector("svg");
    loadViewer().then(function (view) {
      view.open({ svg: svg, width: naturalWidth(diagram), title: titleOf(svg) }, button);
    }, function (error) { console.error(error.message); });
  }

  // What a diagram needs, read from the laid-out page; nothing is changed here.
  function measure(diagram) {
    var svg = diagram.querySelector("svg");
    if (!svg) return null;
    return { diagram: diagram, svg: svg,
             scrolls: diagram.scrollWidth > diagram.clientWidth + 1,
             shrunk: svg.getBoundingClientRect().width < naturalWidth(diagram) - 1 };
  }

  function describe(found) {
    var diagram = found.diagram, svg = found.svg, scrolls = found.scrolls, shrunk = found.shrunk;
    var cue = diagram.nextElementSibling;
    if (!cue || !cue.classList.contains("diagram-cue")) {
      if (!scrolls && !shrunk) return;
      cue = document.createElement("p");
      cue.className = "diagram-cue";
      var text = document.createElement("span");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button diagram-cue__open";
      button.textContent = "Open full size";
      button.setAttribute("aria-label", "Open full size: " + titleOf(svg));
      button.addEventListener("pointerenter", loadViewer);
      button.addEventListener("focus", loadViewer);
      button.addEventListener("click", function () { open(diagram, button); });
      cue.appendChild(text);
      cue.appendChild(button);
      diagram.insertAdjacentElement("afterend", cue);
    }
    cue.hidden = !scrolls && !shrunk;
    cue.firstChild.textContent = scrolls ? "Scroll sideways or open full size." : "Drawn smaller to fit.";
    diagram.classList.toggle("diagram--scrolls", scrolls);
  }

  // Every diagram is measured before any is changed: a change between two measurements makes
  // the browser restyle and lay out the whole article again for the next one (one of Material's
  // rules, `table:not([class]) + *`, ties every class change to the article; BENCHMARKS.md).
  function describeAll() {
    Array.prototype.map.call(document.querySelectorAll(".md-typeset .diagram"), measure)
      .forEach(function (found) { if (found) describe(found); });
  }

  var pending = false;
  window.addEventListener("resize", function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; describeAll(); });
  });
  if (window.document$) window.document$.subscribe(describeAll);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", describeAll);
  else describeAll();
})();
