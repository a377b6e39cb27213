/* The Cite block of an article page (templates/cite.html, site_builder/cite.py).

   Without scripts the block shows the article's citation and download links; the copy button
   stays hidden, since it could do nothing. With them, the citation follows the address: when
   the hash names a passage (an element with class "passage", as the ¶ permalinks set it) or a
   contributor's section, the block shows and copies that citation, with the passage's own URL,
   and says which one it is. Citation text comes from the block's data-cite JSON and reaches
   the page as text (textContent), never as HTML. */
(function () {
  "use strict";

  var block = document.getElementById("cite");
  // Loaded twice (by two templates), it must not copy twice: the first run marks the block.
  if (!block || !block.getAttribute("data-cite") || block.getAttribute("data-cite-ready") !== null) return;
  block.setAttribute("data-cite-ready", "");
  var data;
  try {
    data = JSON.parse(block.getAttribute("data-cite"));
  } catch (e) {
    return; // the static citation stays, which is still right for the article
  }
  var text = document.getElementById("cite-text");
  var label = document.getElementById("cite-for");
  var inText = document.getElementById("cite-in-text");
  var button = document.getElementById("cite-copy");
  var status = document.getElementById("cite-status");

  // A site built without its public address cites paths ("/articles/x/"): what a reader
  // copies must work anywhere, so it is resolved against the page's own address.
  function absolute(url) {
    var a = document.createElement("a");
    a.href = url;
    return a.href;
  }

  function partOf(id) {
    return Object.prototype.hasOwnProperty.call(data.sections, id) ? data.parts[data.sections[id]] : null;
  }

  function hasClass(element, name) {
    return (" " + element.className + " ").indexOf(" " + name + " ") >= 0;
  }

  function enclosingPart(element) {
    for (var node = element.parentNode; node && node.nodeType === 1; node = node.parentNode) {
      if (node.id && partOf(node.id)) return partOf(node.id);
    }
    return null;
  }

  function target() {
    var id = location.hash.slice(1);
    if (!id) return null;
    try {
      id = decodeURIComponent(id);
    } catch (e) {
      return null;
    }
    return document.getElementById(id);
  }

  // What the address names: a passage, a contributor's section, or else the article.
  function current() {
    var element = target();
    if (element && hasClass(element, "passage")) {
      var part = enclosingPart(element);
      return { what: "passage", text: part ? part[0] : data.text, inText: part ? part[1] : data.in_text,
               url: data.page + location.hash };
    }
    if (element && partOf(element.id)) {
      return { what: "contribution", text: partOf(element.id)[0], inText: partOf(element.id)[1],
               url: data.page + location.hash };
    }
    return { what: "article", text: data.text, inText: data.in_text, url: data.url };
  }

  function update() {
    var cite = current();
    text.textContent = cite.text + " " + absolute(cite.url) + ".";
    inText.textContent = cite.inText;
    label.textContent = "Citation for this " + cite.what + " (Chicago author-date)";
    status.textContent = "";
  }

  function say(message) {
    // Emptied first, so that a second copy is announced again.
    status.textContent = "";
    setTimeout(function () { status.textContent = message; }, 50);
  }

  function selectText() {
    var range = document.createRange();
    range.selectNodeContents(text);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (e) {
      copied = false;
    }
    say(copied ? "Copied" : "Citation selected: copy it with your keyboard");
  }

  function copy() {
    var value = text.textContent;
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(value).then(function () { say("Copied"); }, selectText);
    } else {
      selectText();
    }
  }

  update();
  window.addEventListener("hashchange", update);
  button.addEventListener("click", copy);
  button.hidden = false;
})();
