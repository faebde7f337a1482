// Earnings bar chart on the provider's earnings page (templates/marketplace/provider_earnings.html).
// Reads the figures the page wrote with json_script (no inline script: the CSP allows only nonce'd files). The table
// under the chart holds the same figures and stays the accessible version; without JavaScript (or Chart.js) the
// chart's figure keeps its d-none class and only the table shows. Colours come from Bootstrap's CSS variables, so
// the chart follows the light/dark switch; in right-to-left languages time runs from right to left.
(function () {
    "use strict";
    var figure = document.querySelector("[data-earnings-chart]");
    var source = document.getElementById("earnings-chart-data");
    if (!figure || !source || typeof window.Chart === "undefined") {
        return;
    }
    var data = JSON.parse(source.textContent);
    var root = document.documentElement;
    var rtl = root.getAttribute("dir") === "rtl";
    var locale = root.getAttribute("lang") || undefined;
    var money;
    try {
        money = new Intl.NumberFormat(locale, { style: "currency", currency: data.currency });
    } catch (e) {
        money = new Intl.NumberFormat(locale, { minimumFractionDigits: 2 });
    }
    var numbers = function (values) {
        return values.map(function (value) { return Number(value); });
    };

    function colours() {
        var style = getComputedStyle(root);
        var read = function (name, fallback) {
            return style.getPropertyValue(name).trim() || fallback;
        };
        return {
            text: read("--bs-body-color", "#212529"),
            muted: read("--bs-secondary-color", "#6c757d"),
            grid: read("--bs-border-color", "#dee2e6"),
            net: read("--bs-primary", "#0d6efd"),
            commission: read("--bs-secondary", "#6c757d")
        };
    }

    function options(c) {
        return {
            responsive: true,
            aspectRatio: window.innerWidth < 576 ? 1.2 : 2.5,
            animation: window.matchMedia("(prefers-reduced-motion: reduce)").matches ? false : undefined,
            locale: locale,
            color: c.text,
            plugins: {
                legend: { rtl: rtl, labels: { color: c.text } },
                tooltip: {
                    rtl: rtl,
                    callbacks: {
                        label: function (item) {
                            return item.dataset.label + ": " + money.format(item.parsed.y);
                        },
                        footer: function (items) {
                            var total = items.reduce(function (sum, item) { return sum + item.parsed.y; }, 0);
                            return money.format(total);
                        }
                    }
                }
            },
            interaction: { mode: "index", intersect: false },
            scales: {
                x: { stacked: true, reverse: rtl, ticks: { color: c.muted }, grid: { display: false } },
                y: {
                    stacked: true,
                    beginAtZero: true,
                    position: rtl ? "right" : "left",
                    ticks: { color: c.muted, callback: function (value) { return money.format(value); } },
                    grid: { color: c.grid }
                }
            }
        };
    }

    function datasets(c) {
        return [
            { label: data.names.net, data: numbers(data.net), backgroundColor: c.net },
            { label: data.names.commission, data: numbers(data.commission), backgroundColor: c.commission }
        ];
    }

    figure.classList.remove("d-none");
    var canvas = document.getElementById("earnings-chart");
    var palette = colours();
    var chart = new window.Chart(canvas, {
        type: "bar",
        data: { labels: data.labels, datasets: datasets(palette) },
        options: options(palette)
    });

    // The theme switch (static/js/theme.js) flips data-bs-theme on <html>: repaint with the new colours.
    new MutationObserver(function () {
        var next = colours();
        chart.data.datasets = datasets(next);
        chart.options = options(next);
        chart.update();
    }).observe(root, { attributes: true, attributeFilter: ["data-bs-theme"] });
}());
