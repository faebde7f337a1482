// Copy buttons: <button data-netfix-copy="field-id" data-netfix-copied="Copied">. Without JavaScript the field is
// still there to select by hand; the button stays hidden (it carries the d-none class until this script runs).
(function () {
    "use strict";
    document.querySelectorAll("[data-netfix-copy]").forEach(function (button) {
        var field = document.getElementById(button.getAttribute("data-netfix-copy"));
        if (!field) {
            return;
        }
        button.classList.remove("d-none");
        field.addEventListener("focus", function () {
            field.select();
        });
        button.addEventListener("click", function () {
            field.select();
            var done = function () {
                var label = button.textContent;
                button.textContent = button.getAttribute("data-netfix-copied") || label;
                window.setTimeout(function () {
                    button.textContent = label;
                }, 2000);
            };
            if (navigator.clipboard && window.isSecureContext) {
                navigator.clipboard.writeText(field.value).then(done);
            } else {
                document.execCommand("copy");
                done();
            }
        });
    });
})();
