/* Search on /search/?q=...: lunr indexes written by site_builder/search.py, no server.
   Every string from the query or the documents reaches the page as text
   (textContent, createElement), never as HTML. */
(function () {
  "use strict";
  var root = document.getElementById("search");
  var status = document.getElementById("search-status");
  var out = document.getElementById("search-results");
  var input = document.getElementById("site-search");
  if (!root || !status || !out) return;
  if (!window.lunr || !window.fetch) {
    status.textContent = "Search cannot run in this browser. Browse the articles, experts and issues instead.";
    return;
  }

  var GROUPS = [
    ["expert", "Experts", "Expert"], ["issue", "Issues", "Issue"], ["article", "Articles", "Article"],
    ["person", "People", "Person"], ["passage", "Passages", "Passage"]
  ];
  var SHOWN = 100; // per group: thousands of DOM nodes would make the page sluggish
  var MAX_TERMS = 12;
  // lunr query syntax; anything else goes through plainQuery, which cannot fail to parse.
  var SYNTAX = /[:^~*+]|(^|\s)-\S/;
  var WORD = /[\p{L}\p{N}_](?:.*[\p{L}\p{N}_])?/u;

  var q = (new URLSearchParams(location.search).get("q") || "").slice(0, 200).trim();
  if (input) input.value = q;

  // Mirrors search.py's _clean, so plain queries meet the terms the index holds.
  function clean(text) {
    return text.replace(/['\u2019]s\b/gi, "")
      .replace(/\b(?:\w\.){2,}/g, function (m) { return m.replace(/\./g, ""); })
      .replace(/[^\p{L}\p{N}_\s-]+/gu, " ")
      .toLowerCase();
  }

  function plainTerms(text) {
    var seen = {};
    return clean(text).split(/[\s-]+/).filter(function (t) {
      if (!t || seen[t] || !lunr.stopWordFilter(new lunr.Token(t))) return false;
      return (seen[t] = true);
    }).slice(0, MAX_TERMS);
  }

  function plainQuery(index, text) {
    var terms = plainTerms(text);
    if (!terms.length) return [];
    return index.query(function (query) {
      terms.forEach(function (t) {
        query.term(t, { boost: 10 });
        // Prefix matches ("fent" finds "fentanyl") rank below whole words.
        if (t.length > 2) query.term(t, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING });
      });
    });
  }

  // Hits for lunr query syntax, or null when lunr cannot parse the query ("title:", "a:b").
  function syntaxSearch(index, text) {
    if (!SYNTAX.test(text)) return null;
    try { return index.search(text); } catch (e) {
      if (e instanceof lunr.QueryParseError) return null;
      throw e;
    }
  }

  function stem(word) {
    return lunr.stemmer(new lunr.Token(clean(word).replace(/[\s-]+/g, ""))).toString();
  }

  function matchedTerms(hit) {
    return hit.matchData ? hit.matchData.metadata : {};
  }

  function isMatch(word, terms) {
    var core = word.match(WORD);
    return !!core && Object.prototype.hasOwnProperty.call(terms, stem(core[0]));
  }

  // Character offset of the first word whose stem matched, or -1.
  function firstMatch(text, terms) {
    var re = /[^\s-]+/g, m;
    while ((m = re.exec(text))) if (isMatch(m[0], terms)) return m.index;
    return -1;
  }

  // About 200 characters of `text`, starting a little before the first match.
  function around(text, terms) {
    if (text.length <= 240) return text;
    var at = Math.max(0, firstMatch(text, terms));
    var start = at > 60 ? text.lastIndexOf(" ", at - 50) + 1 : 0; // a word boundary before the match
    var end = Math.min(text.length, start + 200), space = text.lastIndexOf(" ", end);
    if (end < text.length && space > at) end = space;
    return (start ? "\u2026" : "") + text.slice(start, end) + (end < text.length ? "\u2026" : "");
  }

  // Appends `text` to `parent`, each word whose stem matched wrapped in <mark>.
  function appendMarked(parent, text, terms) {
    var plain = "";
    text.split(/([\s-]+)/).forEach(function (piece) {
      var m = piece.match(WORD);
      if (m && isMatch(piece, terms)) {
        parent.appendChild(document.createTextNode(plain + piece.slice(0, m.index)));
        var mark = document.createElement("mark");
        mark.textContent = m[0];
        parent.appendChild(mark);
        plain = piece.slice(m.index + m[0].length);
      } else {
        plain += piece;
      }
    });
    if (plain) parent.appendChild(document.createTextNode(plain));
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function safeUrl(u) {
    return /^(\/(?!\/)|https?:\/\/)/.test(u || "") ? u : null; // never javascript: or a protocol-relative host
  }

  function item(kindLabel, r) {
    var e = r.entry, li = el("li", "card search-result");
    li.setAttribute("data-kind", e.k);
    var kind = el("p", "kind", kindLabel);
    [e.s, e.m, e.d].forEach(function (part) {
      if (part) appendMarked(kind, " \u00b7 " + part, r.terms);
    });
    li.appendChild(kind);
    var h = el("h3"), a = el("a");
    appendMarked(a, e.t, r.terms);
    if (safeUrl(e.u)) a.href = e.u;
    h.appendChild(a);
    li.appendChild(h);
    var text = e.x || "", terms = r.terms, via = r.via && firstMatch(text, terms) < 0 ? r.via : null;
    if (via) { text = via.entry.x || ""; terms = via.terms; } // show why the article matched
    if (text) {
      var p = el("p", "small");
      if (via) p.appendChild(el("span", "kind", "Matching passage: "));
      appendMarked(p, around(text, terms), terms);
      li.appendChild(p);
    }
    if (e.a && e.a !== e.t) {
      var from = el("p", "small", "In ");
      from.appendChild(el("cite", null, e.a));
      li.appendChild(from);
    }
    return li;
  }

  function articleRef(passageRef) {
    return "a:" + passageRef.slice(2, passageRef.indexOf("#"));
  }

  function collect(store, mainHits, passageHits) {
    var groups = {}, seen = {}, best = {};
    GROUPS.forEach(function (g) { groups[g[0]] = []; });
    function add(kind, ref, entry, terms, via) {
      if (seen[ref] || !groups[kind]) return;
      seen[ref] = true;
      groups[kind].push({ ref: ref, entry: entry, terms: terms, via: via });
    }
    // Each article's best passage whose text shows a match (not just its speaker or heading).
    (passageHits || []).forEach(function (h) {
      var a = articleRef(h.ref), entry = store[h.ref], terms = matchedTerms(h);
      if (!best[a] && entry && firstMatch(entry.x || "", terms) >= 0) best[a] = { entry: entry, terms: terms };
    });
    mainHits.forEach(function (h) {
      var entry = store[h.ref];
      if (entry) add(entry.k, h.ref, entry, matchedTerms(h), best[h.ref]);
    });
    (passageHits || []).forEach(function (h) {
      var entry = store[h.ref], a = articleRef(h.ref);
      if (!entry) return;
      add("passage", h.ref, entry, matchedTerms(h));
      // Articles index only their lede, so full-text hits name their article here.
      if (store[a]) add("article", a, store[a], matchedTerms(h), best[a]);
    });
    return groups;
  }

  function render(store, mainHits, passageHits) {
    var groups = collect(store, mainHits, passageHits), total = 0;
    var frag = document.createDocumentFragment();
    GROUPS.forEach(function (g) {
      var list = groups[g[0]];
      if (!list.length) return;
      total += list.length;
      var section = el("section", "search-group");
      section.setAttribute("data-kind", g[0]);
      var id = "results-" + g[0];
      section.setAttribute("aria-labelledby", id);
      var h2 = el("h2", null, g[1] + " (" + list.length + ")");
      h2.id = id;
      section.appendChild(h2);
      var ol = el("ol", "cards");
      list.slice(0, SHOWN).forEach(function (r) { ol.appendChild(item(g[2], r)); });
      section.appendChild(ol);
      if (list.length > SHOWN) {
        section.appendChild(el("p", "small", "Showing the first " + SHOWN + " of " + list.length +
          " " + g[1].toLowerCase() + ". Add words to narrow the search."));
      }
      frag.appendChild(section);
    });
    out.replaceChildren(frag);
    var quoted = "\u201c" + q + "\u201d";
    if (!total && passageHits) {
      status.textContent = "No results for " + quoted + ". Check the spelling, try fewer or other words, " +
        "or browse the articles, experts and issues.";
    } else {
      status.textContent = total + (total === 1 ? " result" : " results") + " for " + quoted +
        (passageHits ? "." : " so far; searching passages\u2026");
    }
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status + " for " + url);
      return r.json();
    });
  }

  function fail(err) {
    root.setAttribute("data-state", "error");
    status.textContent = "Search could not load its index (" + err.message + "). " +
      "Browse the articles, experts and issues instead.";
  }

  // Arrow keys move between result links; Up from the first one returns to the box.
  document.addEventListener("keydown", function (ev) {
    if ((ev.key !== "ArrowDown" && ev.key !== "ArrowUp") || ev.altKey || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
    var links = Array.prototype.slice.call(out.querySelectorAll(".search-result h3 a"));
    var i = links.indexOf(document.activeElement);
    if (!links.length || (i < 0 && document.activeElement !== input)) return; // leave page scrolling alone
    ev.preventDefault();
    var next = ev.key === "ArrowDown" ? Math.min(i + 1, links.length - 1) : i - 1;
    if (next < 0) { if (input) input.focus(); } else links[next].focus();
  });

  if (!q) {
    root.setAttribute("data-state", "done");
    status.textContent = "Type a name, an issue or any words in the search box above.";
    if (input) input.focus();
    return;
  }
  document.title = "\u201c" + q + "\u201d \u00b7 " + document.title;
  root.setAttribute("data-state", "loading");
  status.textContent = "Searching for \u201c" + q + "\u201d\u2026";
  var ds = root.dataset;
  var passages = getJSON(ds.passages); // fetched alongside, loaded only after the main results show
  passages.catch(function () {});
  Promise.all([getJSON(ds.main), getJSON(ds.store)]).then(function (loaded) {
    var store = loaded[1], main = lunr.Index.load(loaded[0]);
    var mainHits = syntaxSearch(main, q), valid = !!mainHits;
    if (!valid) mainHits = plainQuery(main, q); // the words without the syntax
    render(store, mainHits, null);
    root.setAttribute("data-state", "partial");
    return passages.then(function (data) {
      var index = lunr.Index.load(data);
      // Valid for the main index but not here: a field passages lack ("title:china").
      var hits = syntaxSearch(index, q) || (valid ? [] : plainQuery(index, q));
      render(store, mainHits, hits);
      root.setAttribute("data-state", "done");
    });
  }).catch(fail);
})();
