// Link graph: hovering or focusing a claim highlights its links and neighbours.
(function () {
  "use strict";
  var svg = document.querySelector("svg.link-graph");
  if (!svg) return;
  var edges = Array.prototype.slice.call(svg.querySelectorAll("line.edge"));
  var nodes = Array.prototype.slice.call(svg.querySelectorAll("a.node"));

  function highlight(id) {
    var neighbours = {};
    neighbours[id] = true;
    edges.forEach(function (edge) {
      var touches = edge.dataset.a === id || edge.dataset.b === id;
      edge.classList.toggle("dimmed", !touches);
      if (touches) {
        neighbours[edge.dataset.a] = true;
        neighbours[edge.dataset.b] = true;
      }
    });
    nodes.forEach(function (node) {
      node.classList.toggle("dimmed", !neighbours[node.dataset.claim]);
    });
  }

  function reset() {
    edges.concat(nodes).forEach(function (el) {
      el.classList.remove("dimmed");
    });
  }

  nodes.forEach(function (node) {
    node.addEventListener("mouseenter", function () { highlight(node.dataset.claim); });
    node.addEventListener("focus", function () { highlight(node.dataset.claim); });
    node.addEventListener("mouseleave", reset);
    node.addEventListener("blur", reset);
  });
})();
