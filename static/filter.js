/* Filters on an issue page: by expert, publication and year, in the page, without a server.
   The form is hidden in the HTML and shown here, so without JavaScript nothing promises a filter. */
(function () {
  "use strict";
  var form = document.getElementById("issue-filters");
  if (!form) return;
  var status = document.getElementById("filter-status");
  var voices = Array.prototype.slice.call(document.querySelectorAll(".voice"));
  var total = voices.reduce(function (n, v) { return n + v.querySelectorAll("ol > li").length; }, 0);
  form.hidden = false;

  function apply() {
    var expert = form.elements.expert.value, publication = form.elements.publication.value,
      year = form.elements.year.value, shown = 0;
    voices.forEach(function (voice) {
      var visible = 0;
      var mine = !expert || voice.getAttribute("data-expert") === expert;
      voice.querySelectorAll("ol > li").forEach(function (li) {
        var keep = mine && (!publication || li.getAttribute("data-publication") === publication) &&
          (!year || li.getAttribute("data-year") === year);
        li.hidden = !keep;
        if (keep) visible++;
      });
      voice.hidden = !visible;
      shown += visible;
    });
    var others = document.querySelector("details.others");
    if (others && (expert || publication || year)) others.open = !!others.querySelector(".voice:not([hidden])");
    status.textContent = expert || publication || year ? "Showing " + shown + " of " + total + " passages." : "";
  }

  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { setTimeout(apply, 0); });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); apply(); });
})();
