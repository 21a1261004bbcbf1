// The applicant's pages: agency search, citizen/organisation switch, printing the receipt. Everything works without it.
(function () {
    var filter = document.getElementById('agency-filter');
    var select = document.getElementById('agency');
    if (filter && select) {
        filter.addEventListener('input', function () {
            var q = filter.value.trim().toLowerCase();
            Array.prototype.forEach.call(select.options, function (o) {
                if (!o.value) return;
                o.hidden = q.length > 0 && o.text.toLowerCase().indexOf(q) < 0 && o.value.toLowerCase().indexOf(q) < 0;
            });
            var shown = Array.prototype.filter.call(select.options, function (o) { return o.value && !o.hidden; });
            if (shown.length === 1) select.value = shown[0].value;
        });
    }
    var radios = document.querySelectorAll('input[name="Input.ApplicantType"]');
    function sync() {
        var kind = (document.querySelector('input[name="Input.ApplicantType"]:checked') || {}).value;
        document.querySelectorAll('fieldset.person').forEach(function (f) { f.hidden = !!kind && f.getAttribute('data-kind') !== kind; });
    }
    radios.forEach(function (r) { r.addEventListener('change', sync); });
    if (radios.length) sync();
    var print = document.getElementById('print-receipt');
    if (print) print.addEventListener('click', function () { window.print(); });
})();
