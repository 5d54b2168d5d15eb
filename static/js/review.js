// The reviewer's loop on a claim page: keyboard shortcuts, the chosen suggestion, and picking
// a claim to link by hand. Everything here enhances plain links and forms that work without it.
(function () {
  "use strict";

  var page = document.querySelector(".claim-page");
  if (!page) return;
  var help = document.getElementById("shortcut-help");

  function suggestions() {
    return Array.prototype.slice.call(document.querySelectorAll("#open-suggestions .suggestion"));
  }

  function chosen() {
    return document.querySelector("#open-suggestions .suggestion.is-chosen");
  }

  function choose(row) {
    suggestions().forEach(function (r) {
      r.classList.remove("is-chosen");
      r.setAttribute("tabindex", "-1");
    });
    if (!row) return;
    row.classList.add("is-chosen");
    row.setAttribute("tabindex", "0");
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    var rows = suggestions();
    if (!rows.length) return;
    var index = rows.indexOf(chosen());
    var next = index < 0 ? 0 : Math.min(Math.max(index + step, 0), rows.length - 1);
    choose(rows[next]);
  }

  function decide(action) {
    var row = chosen() || suggestions()[0];
    if (!row) return;
    var button = row.querySelector('[data-action="' + action + '"]');
    if (button && !button.disabled) button.click();
  }

  function follow(key) {
    var target = document.querySelector('[data-shortcut~="' + key + '"]');
    if (target) target.click();
  }

  function typing(event) {
    var el = event.target;
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  function toggleHelp() {
    if (!help) return;
    if (help.open) help.close();
    else help.showModal();
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event)) return;
    if (help && help.open && event.key !== "?") return;
    switch (event.key) {
      case "j": case "n": case "k": case "p": case "s": follow(event.key); break;
      case "ArrowDown": move(1); break;
      case "ArrowUp": move(-1); break;
      case "a": decide("accept"); break;
      case "r": decide("reject"); break;
      case "l": openLinkByHand(); break;
      case "?": toggleHelp(); break;
      default: return;
    }
    event.preventDefault();
  });

  var helpButton = document.querySelector(".help-button");
  if (helpButton) helpButton.addEventListener("click", toggleHelp);

  // A row clicked (not on a link or button) becomes the chosen one.
  page.addEventListener("click", function (event) {
    var row = event.target.closest("#open-suggestions .suggestion");
    if (row && !event.target.closest("a, button")) choose(row);
  });

  // After a decision the row leaves the list: choose the one that took its place.
  var pendingIndex = -1;
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var row = event.target.closest && event.target.closest(".suggestion");
    pendingIndex = row ? suggestions().indexOf(row) : -1;
    if (row) row.classList.add("is-deciding");
  });
  document.body.addEventListener("htmx:afterSettle", function () {
    if (pendingIndex < 0) return;
    var rows = suggestions();
    if (!rows.length) {
      var list = document.getElementById("open-suggestions");
      if (list && !list.querySelector(".empty-open")) {
        var empty = document.createElement("p");
        empty.className = "muted empty-open";
        empty.textContent = "Nothing left to decide. Press n for the next claim.";
        list.appendChild(empty);
      }
    } else {
      choose(rows[Math.min(pendingIndex, rows.length - 1)]);
    }
    pendingIndex = -1;
  });
  document.body.addEventListener("htmx:responseError", function (event) {
    var row = event.target.closest && event.target.closest(".suggestion");
    if (row) {
      row.classList.remove("is-deciding");
      row.classList.add("has-error");
    }
  });

  // Linking by hand: a found claim, clicked, fills the "other claim" field.
  function openLinkByHand() {
    var panel = document.getElementById("link-by-hand");
    if (!panel) return;
    panel.open = true;
    var input = document.getElementById("link-other");
    if (input) input.focus();
  }
  page.addEventListener("click", function (event) {
    var pick = event.target.closest("[data-pick]");
    if (!pick) return;
    var input = document.getElementById("link-other");
    if (input) input.value = pick.getAttribute("data-pick");
    document.querySelectorAll("[data-pick]").forEach(function (b) {
      b.classList.toggle("is-picked", b === pick);
      b.setAttribute("aria-selected", b === pick ? "true" : "false");
    });
    var relation = document.getElementById("link-relation");
    if (relation) relation.focus();
  });

  var first = suggestions()[0];
  if (first) {
    first.classList.add("is-chosen");
    first.setAttribute("tabindex", "0");
  }
})();
