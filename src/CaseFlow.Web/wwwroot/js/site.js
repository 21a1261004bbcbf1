// CaseFlow's page script. Everything works without it; it only adds conveniences. No inline script anywhere
// (Content-Security-Policy): pages mark elements with data-* attributes and this file finds them.
(function () {
    "use strict";

    // A <select data-filter="placeholder"> gets a search box above it that narrows its options (姓名, 科室, login name).
    function addFilter(select) {
        if (select.previousElementSibling && select.previousElementSibling.classList.contains("picker-filter")) return;
        var input = document.createElement("input");
        input.type = "search";
        input.className = "picker-filter";
        input.placeholder = select.getAttribute("data-filter") || "";
        input.setAttribute("aria-label", input.placeholder);
        input.addEventListener("input", function () {
            var q = input.value.trim().toLowerCase();
            var first = null;
            Array.prototype.forEach.call(select.options, function (o) {
                var text = (o.textContent + " " + o.value).toLowerCase();
                var show = q === "" || o.value === "" || text.indexOf(q) >= 0;
                o.hidden = !show;
                if (show && o.value !== "" && first === null) first = o;
            });
            if (q !== "" && first !== null && select.selectedOptions.length > 0 && select.selectedOptions[0].hidden) select.value = first.value;
        });
        select.parentNode.insertBefore(input, select);
    }

    function enhance(root) {
        root.querySelectorAll("select[data-filter]").forEach(addFilter);
    }

    enhance(document);

    // Browsers that cannot show a closed <details> menu's content by CSS (::details-content): open it on wide screens.
    var menu = document.querySelector("header.top details.menu");
    if (menu && window.matchMedia("(min-width: 60rem)").matches) menu.open = true;

    // Focus on the first field: a page that chose one says so with autofocus; otherwise the first field of the first
    // form of the page, when that form is on screen (never scrolls a long page), and no link target (#…) is asked for.
    var fieldSelector = "input:not([type=hidden]):not([type=submit]):not([disabled]), select:not([disabled]), textarea:not([disabled])";
    if (!location.hash && !document.querySelector("[autofocus]") && document.activeElement === document.body) {
        var form = document.querySelector("main form:not(.inline):not([data-no-focus])");
        var field = form && form.querySelector(fieldSelector);
        if (field && field.offsetParent !== null && field.getBoundingClientRect().bottom <= window.innerHeight) field.focus({ preventScroll: true });
    }
})();
