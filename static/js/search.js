/* Search page: keyboard use of the autocomplete list that htmx fills under the search box.
   Arrow down from the box moves into the suggestions, arrows move between them, Escape closes the list and returns
   to the box. The suggestions are plain links, so Tab and Enter work without this file. */
(function () {
  "use strict";

  function links(list) { return Array.prototype.slice.call(list.querySelectorAll("[data-suggestion]")); }

  document.addEventListener("DOMContentLoaded", function () {
    // On a phone the filters would push every result below the fold: start them folded there.
    Array.prototype.forEach.call(document.querySelectorAll("details[data-fold-below]"), function (details) {
      if (window.innerWidth < parseInt(details.getAttribute("data-fold-below"), 10)) { details.open = false; }
    });
  });

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("search-q");
    var list = document.getElementById("search-suggestions");
    if (!box || !list) { return; }

    function close() {
      list.innerHTML = "";
      box.setAttribute("aria-expanded", "false");
    }

    document.addEventListener("htmx:afterSwap", function (event) {
      if (event.detail.target === list) {
        box.setAttribute("aria-expanded", links(list).length ? "true" : "false");
      }
    });

    box.addEventListener("keydown", function (event) {
      var items = links(list);
      if (event.key === "ArrowDown" && items.length) {
        event.preventDefault();
        items[0].focus();
      } else if (event.key === "Escape") {
        close();
      }
    });

    list.addEventListener("keydown", function (event) {
      var items = links(list);
      var index = items.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && index < items.length - 1) {
        event.preventDefault();
        items[index + 1].focus();
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        (index > 0 ? items[index - 1] : box).focus();
      } else if (event.key === "Escape") {
        close();
        box.focus();
      }
    });
  });
})();
