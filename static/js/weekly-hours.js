/* Weekly hours page: "Add an interval" copies the empty formset row. Without JavaScript the page always has a
   few empty rows, so this only saves a round trip. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("hours-add-row");
    var template = document.getElementById("hours-empty-row");
    var rows = document.getElementById("hours-rows");
    var total = document.getElementById("id_hours-TOTAL_FORMS");
    if (!button || !template || !rows || !total) { return; }
    button.classList.remove("d-none");
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var added = rows.lastElementChild;
      var first = added && added.querySelector("select, input");
      if (first) { first.focus(); }
    });
  });
}());
