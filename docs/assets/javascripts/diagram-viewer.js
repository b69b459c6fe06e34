/*
 * The full-size view of a diagram, in a dialog, where the reader can zoom
 * (buttons, wheel, pinch, + and - keys) and pan (drag, arrow keys). Escape,
 * the close button or the browser's Back button closes it. Fetched the first
 * time a reader reaches an "Open full size" button (diagram-cue.js), which
 * then calls awsnotesDiagramViewer.open({svg, width, title}, button).
 * No inline script, no library.
 */
(function () {
  "use strict";
  var MIN_SCALE = 0.25, MAX_SCALE = 6, STEP = 1.25;
  var viewer = null;   // the one dialog, made on first use
  var state = { scale: 1, x: 0, y: 0 };
  var pointers = new Map();
  var pinch = null;
  var opener = null;
  var pushed = false;  // an extra history entry, so Back closes the view

  function apply() {
    var canvas = viewer.querySelector(".diagram-viewer__canvas");
    canvas.style.transform = "translate(" + state.x + "px, " + state.y + "px) scale(" + state.scale + ")";
    viewer.querySelector(".diagram-viewer__zoom").textContent = Math.round(state.scale * 100) + " %";
  }

  function zoom(factor, cx, cy) {
    var stage = viewer.querySelector(".diagram-viewer__stage").getBoundingClientRect();
    var scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, state.scale * factor));
    var px = cx === undefined ? stage.width / 2 : cx - stage.left;
    var py = cy === undefined ? stage.height / 2 : cy - stage.top;
    state.x = px - (px - state.x) * (scale / state.scale);
    state.y = py - (py - state.y) * (scale / state.scale);
    state.scale = scale;
    apply();
  }

  function reset() {
    var stage = viewer.querySelector(".diagram-viewer__stage");
    var svg = viewer.querySelector(".diagram-viewer__canvas svg");
    state.scale = 1;
    state.x = Math.max(0, (stage.clientWidth - parseFloat(svg.style.width)) / 2);
    state.y = 0;
    apply();
  }

  function button(label, text, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "diagram-viewer__button";
    b.setAttribute("aria-label", label);
    b.textContent = text;
    b.addEventListener("click", action);
    return b;
  }

  function make() {
    viewer = document.createElement("dialog");
    viewer.className = "diagram-viewer";
    viewer.setAttribute("aria-labelledby", "diagram-viewer-title");
    var bar = document.createElement("div");
    bar.className = "diagram-viewer__bar";
    var title = document.createElement("p");
    title.id = "diagram-viewer-title";
    title.className = "diagram-viewer__title";
    var level = document.createElement("span");
    level.className = "diagram-viewer__zoom";
    level.setAttribute("aria-live", "polite");
    bar.appendChild(title);
    bar.appendChild(button("Zoom out", "\u2212", function () { zoom(1 / STEP); }));
    bar.appendChild(level);
    bar.appendChild(button("Zoom in", "+", function () { zoom(STEP); }));
    bar.appendChild(button("Actual size", "1:1", reset));
    bar.appendChild(button("Close", "\u00d7", function () { viewer.close(); }));
    var stage = document.createElement("div");
    stage.className = "diagram-viewer__stage";
    var canvas = document.createElement("div");
    canvas.className = "diagram-viewer__canvas";
    stage.appendChild(canvas);
    viewer.appendChild(bar);
    viewer.appendChild(stage);
    document.body.appendChild(viewer);

    stage.addEventListener("wheel", function (event) {
      event.preventDefault();
      zoom(event.deltaY < 0 ? STEP : 1 / STEP, event.clientX, event.clientY);
    }, { passive: false });
    stage.addEventListener("pointerdown", function (event) {
      stage.setPointerCapture(event.pointerId);
      pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
      pinch = null;
    });
    stage.addEventListener("pointermove", function (event) {
      var last = pointers.get(event.pointerId);
      if (!last) return;
      var now = { x: event.clientX, y: event.clientY };
      if (pointers.size === 1) {
        state.x += now.x - last.x;
        state.y += now.y - last.y;
        pointers.set(event.pointerId, now);
        apply();
        return;
      }
      pointers.set(event.pointerId, now);
      var points = Array.from(pointers.values()).slice(0, 2);
      var distance = Math.hypot(points[0].x - points[1].x, points[0].y - points[1].y);
      if (pinch && distance > 0) {
        zoom(distance / pinch, (points[0].x + points[1].x) / 2, (points[0].y + points[1].y) / 2);
      }
      pinch = distance;
    });
    function lift(event) { pointers.delete(event.pointerId); pinch = null; }
    stage.addEventListener("pointerup", lift);
    stage.addEventListener("pointercancel", lift);
    viewer.addEventListener("keydown", function (event) {
      var moves = { ArrowLeft: [40, 0], ArrowRight: [-40, 0], ArrowUp: [0, 40], ArrowDown: [0, -40] };
      if (event.key === "+" || event.key === "=") zoom(STEP);
      else if (event.key === "-") zoom(1 / STEP);
      else if (event.key === "0") reset();
      else if (moves[event.key]) {
        state.x += moves[event.key][0];
        state.y += moves[event.key][1];
        apply();
      } else return;
      event.preventDefault();
    });
    viewer.addEventListener("close", function () {
      viewer.querySelector(".diagram-viewer__canvas").replaceChildren();
      // Material's anchor tracking may replace the entry's state: keep our own flag.
      if (pushed) { pushed = false; history.back(); }
      if (opener && opener.isConnected) opener.focus();
    });
    window.addEventListener("popstate", function () {
      if (!viewer.open) return;
      pushed = false;
      viewer.close();
    });
  }

  function open(picture, from) {
    if (!viewer) make();
    var copy = picture.svg.cloneNode(true);
    // The copy is a picture of the one on the page: keep ids out of the
    // accessibility tree twice; the dialog is named by the diagram's title.
    copy.removeAttribute("aria-labelledby");
    copy.removeAttribute("aria-describedby");
    copy.setAttribute("aria-hidden", "true");
    copy.querySelectorAll("title, desc").forEach(function (node) { node.removeAttribute("id"); });
    copy.style.width = picture.width + "px";
    copy.style.maxWidth = "none";
    viewer.querySelector(".diagram-viewer__title").textContent = picture.title;
    viewer.querySelector(".diagram-viewer__canvas").replaceChildren(copy);
    opener = from;
    history.pushState({ diagramViewer: true }, "", location.href);
    pushed = true;
    viewer.showModal();
    reset();
    viewer.querySelector(".diagram-viewer__button").focus();
  }

  window.awsnotesDiagramViewer = { open: open };
})();
