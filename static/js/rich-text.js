/* A minimal toolbar for rich-text textareas (data-rich-text): wraps the selection in the few tags the server keeps
   (netfix/sanitize.py RICH_TEXT_TAGS). The server sanitises whatever arrives; this only saves typing.
   Button labels come translated from the textarea's data-label-* attributes. No inline script (CSP). */
(function () {
  "use strict";
  var ACTIONS = [
    { key: "bold", before: "<strong>", after: "</strong>", text: "B" },
    { key: "italic", before: "<em>", after: "</em>", text: "I" },
    { key: "list", before: "<ul>\n<li>", after: "</li>\n</ul>", text: "•" },
    { key: "paragraph", before: "<p>", after: "</p>", text: "¶" }
  ];

  function wrap(textarea, action) {
    var start = textarea.selectionStart;
    var end = textarea.selectionEnd;
    var value = textarea.value;
    textarea.value = value.slice(0, start) + action.before + value.slice(start, end) + action.after + value.slice(end);
    textarea.focus();
    textarea.setSelectionRange(start + action.before.length, end + action.before.length);
  }

  function addToolbar(textarea) {
    var toolbar = document.createElement("div");
    toolbar.className = "btn-toolbar gap-1 mb-1";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-controls", textarea.id);
    toolbar.setAttribute("aria-label", textarea.dataset.labelToolbar || "Formatting");
    ACTIONS.forEach(function (action) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-outline-secondary";
      button.textContent = action.text;
      var label = textarea.dataset["label" + action.key.charAt(0).toUpperCase() + action.key.slice(1)];
      if (label) {
        button.setAttribute("aria-label", label);
        button.title = label;
      }
      button.addEventListener("click", function () { wrap(textarea, action); });
      toolbar.appendChild(button);
    });
    textarea.parentNode.insertBefore(toolbar, textarea);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-rich-text]").forEach(addToolbar);
  });
}());
