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

    // A list table (table.list, .audit, .letters) gets each cell labelled with its column's heading (data-label), so that
    // on a phone the CSS shows each row as a card of "heading: value" lines instead of a table squeezed to one character
    // a column. Without script the table scrolls inside its box.
    function cards(table) {
        if (!table.tHead || table.tHead.rows.length !== 1) return;
        var heads = [];
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
            for (var i = 0; i < th.colSpan; i++) heads.push(th.textContent.trim());
        });
        Array.prototype.forEach.call(table.tBodies, function (body) {
            Array.prototype.forEach.call(body.rows, function (row) {
                var column = 0;
                Array.prototype.forEach.call(row.cells, function (cell) {
                    if (!cell.hasAttribute("data-label")) cell.setAttribute("data-label", heads[column] || "");
                    column += cell.colSpan;
                });
            });
        });
        table.classList.add("cards");
    }

    function enhance(root) {
        root.querySelectorAll("select[data-filter]").forEach(addFilter);
        root.querySelectorAll("table.list, table.audit, table.letters").forEach(cards);
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

    // Partial refresh. A form with data-partial="id id …" is posted with fetch; the page it leads to (the redirect after
    // the post, or the form again with its errors) replaces only those regions and the header's badges ([data-badge]),
    // without a full reload. Without script the same form is a plain post and redirect.
    // A region whose children carry data-key (a queue of items) is merged instead of replaced: a child the server sends
    // with the same key stays as it is, with what is typed in it, unless it holds the form just sent (its answer, errors
    // or absence, is the point); children with new keys come in, the others go unless begun (typed in).
    function begun(el) {
        return Array.prototype.some.call(el.querySelectorAll("input, textarea, select"), function (f) {
            if (f.type === "checkbox" || f.type === "radio") return f.checked !== f.defaultChecked;
            if (f.tagName === "SELECT") return Array.prototype.some.call(f.options, function (o) { return o.selected !== o.defaultSelected; });
            return f.type !== "hidden" && f.value !== f.defaultValue;
        });
    }

    function merge(now, next, sent) {
        var kept = {};
        Array.prototype.forEach.call(now.children, function (c) {
            var key = c.getAttribute("data-key");
            if (key !== null && !(sent && c.contains(sent))) kept[key] = c;
        });
        var wanted = Array.prototype.map.call(next.children, function (n) {
            var key = n.getAttribute("data-key");
            if (key !== null && kept[key]) return kept[key];
            var fresh = document.importNode(n, true);
            enhance(fresh);
            return fresh;
        });
        Array.prototype.forEach.call(now.children, function (c, i) {
            if (wanted.indexOf(c) < 0 && c.getAttribute("data-key") !== null && !(sent && c.contains(sent)) && begun(c)) wanted.splice(i, 0, c);
        });
        Array.prototype.slice.call(now.children).forEach(function (c) { if (wanted.indexOf(c) < 0) c.remove(); });
        // An element already in its place is not moved: moving it would take the focus away from it.
        wanted.forEach(function (el, i) { if (now.children[i] !== el) now.insertBefore(el, now.children[i] || null); });
    }

    function swap(doc, ids, sent) {
        ids.concat(Array.prototype.map.call(document.querySelectorAll("[data-badge][id]"), function (b) { return b.id; }))
            .forEach(function (id) {
                var now = document.getElementById(id), next = doc.getElementById(id);
                if (!now || !next) return;
                if (now.querySelector(":scope > [data-key]") || next.querySelector(":scope > [data-key]")) merge(now, next, sent);
                else { now.replaceWith(next); enhance(next); }
            });
    }

    document.addEventListener("submit", function (e) {
        var form = e.target;
        if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") return;
        var ids = (form.getAttribute("data-partial") || "").split(/\s+/).filter(Boolean);
        if (ids.length === 0) return;
        e.preventDefault();
        var buttons = form.querySelectorAll("button");
        var data = new FormData(form, e.submitter || undefined);
        // Sent as the browser would send the form: multipart/form-data escapes a line break in a field name (%0A) where
        // a urlencoded post keeps it, and a marking release's name holds one (Reviews: "{file}\n{marking}").
        var body = form.enctype === "multipart/form-data" ? data : new URLSearchParams(data);
        buttons.forEach(function (b) { b.disabled = true; });
        fetch(form.action, { method: "POST", body: body, credentials: "same-origin", headers: { "X-Partial": "1" } })
            .then(function (response) {
                return response.text().then(function (html) {
                    var doc = new DOMParser().parseFromString(html, "text/html");
                    var missing = ids.some(function (id) { return !doc.getElementById(id) || !document.getElementById(id); });
                    if (response.ok && missing && response.redirected) { location.assign(response.url); return; }
                    // Not the page it should lead to (an error page): show it whole, as a plain post would.
                    if (!response.ok || missing) { document.documentElement.innerHTML = doc.documentElement.innerHTML; return; }
                    swap(doc, ids, form);
                    // The address of the page after a redirect; a form shown again with its errors keeps the old address.
                    if (response.redirected) history.replaceState(null, "", response.url);
                    var first = document.getElementById(ids[0]);
                    first.setAttribute("tabindex", "-1");
                    first.focus({ preventScroll: true });
                    var said = first.querySelector("[role=alert], [role=status]");
                    if (said) said.scrollIntoView({ block: "nearest" });
                });
            })
            .catch(function () { buttons.forEach(function (b) { b.disabled = false; }); });
    });

    // The header's badges (通知, 待审核, 延期审批) follow the server when the tab comes back into view and once a minute;
    // the page's regions marked data-refresh (a queue) when the tab comes back into view (a timer would pull an item from
    // under someone about to click it). A region is left alone while someone works in it: a field in it has the focus, or
    // it shows the errors of a form just sent (a fresh page would drop them); an item whose form has been begun stays
    // even when the server no longer lists it (sending it then says what became of it).
    function busy(region) {
        var active = document.activeElement;
        return (active && active !== region && region.contains(active) && active.matches(fieldSelector))
            || region.querySelector(".error-summary, [aria-invalid=true]") !== null;
    }

    function refresh(regions) {
        regions = regions && document.querySelectorAll("[data-refresh][id]").length > 0;
        if (!regions && !document.querySelector("[data-badge][id]")) return;
        fetch(regions ? location.href : "/Notifications?handler=Badges", { credentials: "same-origin", headers: { "X-Partial": "1" } })
            .then(function (r) { return r.ok && !r.redirected ? r.text() : null; })
            .then(function (html) {
                if (!html) return;
                var ids = regions ? Array.prototype.filter.call(document.querySelectorAll("[data-refresh][id]"), function (r) { return !busy(r); })
                    .map(function (r) { return r.id; }) : [];
                swap(new DOMParser().parseFromString(html, "text/html"), ids, null);
            })
            .catch(function () { });
    }
    document.addEventListener("visibilitychange", function () { if (document.visibilityState === "visible") refresh(true); });
    setInterval(function () { if (document.visibilityState === "visible") refresh(false); }, 60000);
})();
