/* Search on /search/?q=...: lunr indexes written by site_builder/search.py, no server.
   Every string from the query or the documents reaches the page as text
   (textContent, createElement), never as HTML.

   The indexes come in shards by term (search/shards/*.json, listed in search/manifest.json):
   a query fetches the shards its terms can reach and rebuilds one lunr.Index from them,
   which finds exactly what the whole index would (tests/browser/test_search_shards.py).
   What a result shows comes from store chunks (search/store/<n>.json), fetched only for
   the results shown. */
(function () {
  "use strict";

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status + " for " + url);
      return r.json();
    });
  }

  // Same as search.py's fnv1a, over UTF-16 code units.
  function fnv1a(text) {
    var h = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
    return h;
  }

  // Same as search.py's owner: a passage's entry sits in its article's chunk.
  function owner(ref) {
    return ref.slice(0, 2) === "p:" ? "a:" + ref.slice(2).split("#")[0] : ref;
  }

  // Fewest edits (lunr's: insert, delete, substitute, swap neighbours) from `key` to some
  // prefix of `term`. A term within n edits of `term` that starts with `key` needs key within n of a prefix.
  function prefixDistance(key, term) {
    var rows = [], i, j;
    for (i = 0; i <= key.length; i++) {
      rows.push([i]);
      for (j = 1; j <= term.length; j++) {
        if (!i) { rows[0].push(j); continue; }
        var d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + (key[i - 1] === term[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && key[i - 1] === term[j - 2] && key[i - 2] === term[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
        rows[i].push(d);
      }
    }
    return Math.min.apply(null, rows[key.length]);
  }

  function Shards(manifestUrl, manifest) {
    this.url = manifestUrl;
    this.manifest = manifest;
    this.pipeline = lunr.Pipeline.load(manifest.pipeline);
    this.keys = Object.keys(manifest.shards);
    this.longestKey = Math.max.apply(null, this.keys.map(function (k) { return k.length; }).concat([0]));
    this.shards = Object.create(null); // key -> promise of the shard
    this.chunks = Object.create(null); // store chunk number -> promise of the chunk
    this.refs = null;
  }

  Shards.prototype.file = function (path) {
    return new URL(path, this.url).href;
  };

  Shards.prototype.fields = function (name) {
    return this.manifest.indexes[name].fields;
  };

  // The shard holding `term`: a term lives under the longest key that starts it.
  Shards.prototype.home = function (term) {
    for (var i = Math.min(term.length, this.longestKey); i >= 0; i--) {
      if (Object.prototype.hasOwnProperty.call(this.manifest.shards, term.slice(0, i))) return term.slice(0, i);
    }
    return null;
  };

  // Keys of the shards whose terms a clause term can match, as lunr.TokenSet.fromClause would match them.
  Shards.prototype.reach = function (term, clause) {
    var self = this, star = term.indexOf("*");
    if ("editDistance" in clause) {
      if (star >= 0) return this.keys; // fromFuzzyString reads "*" as any character
      return this.keys.filter(function (k) { return prefixDistance(k, term) <= clause.editDistance; });
    }
    if (star < 0) return [this.home(term)];
    var prefix = term.slice(0, star);
    return this.keys.filter(function (k) { return k.slice(0, prefix.length) === prefix; }).concat([this.home(prefix)]);
  };

  // Shard keys a query needs, and whether it needs every document (a query of only -terms).
  // Throws lunr.QueryParseError as Index.query would: `build` runs on a lunr.Query of the same fields.
  Shards.prototype.plan = function (name, build) {
    var query = new lunr.Query(this.fields(name)), keys = [], self = this;
    build.call(query, query);
    query.clauses.forEach(function (clause) {
      var terms = clause.usePipeline ? self.pipeline.runString(clause.term, { fields: clause.fields }) : [clause.term];
      terms.forEach(function (term) {
        self.reach(term, clause).forEach(function (k) { if (k !== null && keys.indexOf(k) < 0) keys.push(k); });
      });
    });
    return { keys: keys, negated: query.isNegated() };
  };

  Shards.prototype.shard = function (key) {
    if (!this.shards[key]) this.shards[key] = getJSON(this.file(this.manifest.shards[key]));
    return this.shards[key];
  };

  // A serialized lunr index of every term in the fetched shards. Each posting's field vector
  // entries come with it; lunr divides a hit's dot product by the query vector's magnitude,
  // never by the field vector's, so vectors cut down to these terms score as the whole ones.
  Shards.prototype.assemble = function (name, shards, refs) {
    var fields = this.fields(name), entries = [], vectors = Object.create(null);
    if (refs) {
      // A query of only -terms lists every document, in the whole index's field vector order.
      refs.forEach(function (ref) { fields.forEach(function (f) { vectors[f + "/" + ref] = []; }); });
    }
    shards.forEach(function (shard) { entries = entries.concat(shard[name] || []); });
    entries.sort(function (a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; }); // TokenSet.Builder needs order
    var inverted = entries.map(function (e) {
      var posting = { _index: e[1] };
      fields.forEach(function (f) {
        var docs = e[2][f] || {}, out = posting[f] = {};
        Object.keys(docs).forEach(function (ref) {
          var key = f + "/" + ref;
          out[ref] = {};
          (vectors[key] || (vectors[key] = [])).push([e[1], docs[ref]]);
        });
      });
      return [e[0], posting];
    });
    var fieldVectors = Object.keys(vectors).map(function (key) {
      var flat = [];
      vectors[key].sort(function (a, b) { return a[0] - b[0]; }).forEach(function (p) { flat.push(p[0], p[1]); });
      return [key, flat];
    });
    return lunr.Index.load({ version: this.manifest.version, fields: fields, fieldVectors: fieldVectors,
      invertedIndex: inverted, pipeline: this.manifest.pipeline });
  };

  // builds: {index name: query function or null} -> promise of {index name: lunr.Index or null},
  // each index holding what its query needs (and whatever else was fetched before).
  Shards.prototype.indexes = function (builds) {
    var self = this, plans = {}, keys = [], negated = false;
    Object.keys(builds).forEach(function (name) {
      if (!builds[name]) return;
      var plan = plans[name] = self.plan(name, builds[name]);
      plan.keys.forEach(function (k) { if (keys.indexOf(k) < 0) keys.push(k); });
      negated = negated || plan.negated;
    });
    if (negated && !this.refs) this.refs = getJSON(this.file(this.manifest.refs));
    return Promise.all([Promise.all(keys.map(function (k) { return self.shard(k); })), negated ? this.refs : null])
      .then(function (loaded) {
        var out = {};
        Object.keys(builds).forEach(function (name) {
          var plan = plans[name];
          out[name] = plan ? self.assemble(name, loaded[0], plan.negated ? loaded[1][name] : null) : null;
        });
        return out;
      });
  };

  // refs -> promise of {ref: store entry} holding at least those refs (and their chunks' others).
  Shards.prototype.entries = function (refs) {
    var self = this, count = this.manifest.store, numbers = [];
    refs.forEach(function (ref) {
      var n = fnv1a(owner(ref)) % count;
      if (numbers.indexOf(n) < 0) numbers.push(n);
    });
    return Promise.all(numbers.map(function (n) {
      if (!self.chunks[n]) self.chunks[n] = getJSON(self.file("store/" + n + ".json"));
      return self.chunks[n];
    })).then(function (chunks) { return Object.assign.apply(null, [{}].concat(chunks)); });
  };

  function open(manifestUrl) {
    var url = new URL(manifestUrl, location.href).href;
    return getJSON(url).then(function (manifest) { return new Shards(url, manifest); });
  }

  var MAX_TERMS = 12;
  // lunr query syntax; anything else goes through plainBuilder, which cannot fail to parse.
  var SYNTAX = /[:^~*+]|(^|\s)-\S/;

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

  // The query function for `text` as plain words, or null when no word is left.
  function plainBuilder(text) {
    var terms = plainTerms(text);
    if (!terms.length) return null;
    return function (query) {
      terms.forEach(function (t) {
        query.term(t, { boost: 10 });
        // Prefix matches ("fent" finds "fentanyl") rank below whole words.
        if (t.length > 2) query.term(t, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING });
      });
    };
  }

  // The query function for `text` in lunr syntax (what Index.search runs), or null when it has none.
  function syntaxBuilder(text) {
    if (!SYNTAX.test(text)) return null;
    return function (query) { new lunr.QueryParser(text, query).parse(); };
  }

  function parses(fields, build) {
    try { build(new lunr.Query(fields)); } catch (e) {
      if (e instanceof lunr.QueryParseError) return false;
      throw e;
    }
    return true;
  }

  // What each index runs for `text`: its lunr syntax when that parses for the index,
  // else the plain words; passages run nothing when the syntax was valid only for main
  // (a field passages lack: "title:china").
  function builds(shards, text) {
    var syntax = syntaxBuilder(text), plain = plainBuilder(text);
    var valid = !!syntax && parses(shards.fields("main"), syntax);
    return {
      main: valid ? syntax : plain,
      passages: syntax && parses(shards.fields("passages"), syntax) ? syntax : (valid ? null : plain)
    };
  }

  if (window.lunr) {
    window.SiteSearch = { open: open, builds: builds, plainBuilder: plainBuilder, syntaxBuilder: syntaxBuilder };
  }

  var root = document.getElementById("search");
  var status = document.getElementById("search-status");
  var out = document.getElementById("search-results");
  var input = document.getElementById("site-search");
  if (!root || !status || !out) return;
  if (!window.lunr || !window.fetch) {
    status.textContent = "Search cannot run in this browser. Browse the articles, experts and issues instead.";
    return;
  }

  // Each hit once: a passage is shown under its article, not as a result of its own.
  // A name or an issue is the most precise hit, so experts and issues come before articles.
  var GROUPS = [
    ["expert", "Experts", "Expert"], ["issue", "Issues", "Issue"], ["article", "Articles", "Article"],
    ["person", "People", "Person"]
  ];
  var PAGE = 20; // results per group before "Show more": each shown result may fetch a store chunk
  var PASSAGES_SHOWN = 3; // matching passages under one article
  var WORD = /[\p{L}\p{N}_](?:.*[\p{L}\p{N}_])?/u;
  var KINDS = { a: "article", p: "passage", e: "expert", o: "person", i: "issue" }; // search.py's ref prefixes
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];

  var params = new URLSearchParams(location.search);
  var q = (params.get("q") || "").slice(0, 200).trim();
  var kindFilter = params.get("kind") || "all";
  if (input) input.value = q;

  // As render.format_date writes dates on the pages: "June 18, 2023", "June 2023", "2023".
  function formatDate(iso) {
    var m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(iso || "");
    if (!m) return iso || "";
    if (!m[2]) return m[1];
    var month = MONTHS[parseInt(m[2], 10) - 1];
    return m[3] ? month + " " + parseInt(m[3], 10) + ", " + m[1] : month + " " + m[1];
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

  // One matching passage under its article: where it is (speaker, section) and the words around the match.
  function passageItem(p, store) {
    var e = store[p.ref];
    if (!e) return null;
    var li = el("li", "passage-hit"), a = el("a");
    if (safeUrl(e.u)) a.href = e.u;
    var where = [e.s, e.t !== e.a ? e.t : null].filter(Boolean).join(" \u00b7 ");
    if (where) {
      var context = el("span", "passage-context");
      appendMarked(context, where, p.terms);
      a.appendChild(context);
      a.appendChild(document.createTextNode(" "));
    }
    var text = el("span", "passage-text");
    appendMarked(text, around(e.x || "", p.terms), p.terms);
    a.appendChild(text);
    li.appendChild(a);
    return li;
  }

  function item(kindLabel, r, store) {
    var e = store[r.ref], li = el("li", "card search-result");
    li.setAttribute("data-kind", e.k);
    var kind = el("p", "kind", kindLabel);
    [e.m, e.d ? formatDate(e.d) : null].forEach(function (part) {
      if (part) appendMarked(kind, " \u00b7 " + part, r.terms);
    });
    li.appendChild(kind);
    var h = el("h3"), a = el("a");
    appendMarked(a, e.t, r.terms);
    if (safeUrl(e.u)) a.href = e.u;
    h.appendChild(a);
    li.appendChild(h);
    var shown = (r.passages || []).slice(0, PASSAGES_SHOWN).map(function (p) { return passageItem(p, store); })
      .filter(Boolean);
    // The article's own summary when it matched itself, or when no passage says why it matched.
    if (e.x && (r.own || !shown.length)) {
      var p = el("p", "small");
      appendMarked(p, around(e.x, r.terms), r.terms);
      li.appendChild(p);
    }
    if (shown.length) {
      var ul = el("ul", "passage-hits");
      ul.setAttribute("aria-label", "Matching passages");
      shown.forEach(function (node) { ul.appendChild(node); });
      li.appendChild(ul);
      var more = r.passages.length - shown.length;
      if (more > 0) li.appendChild(el("p", "small", "and " + more + " more matching passage" + (more === 1 ? "" : "s")));
    }
    return li;
  }

  function articleRef(passageRef) {
    return "a:" + passageRef.slice(2, passageRef.indexOf("#"));
  }

  // Groups of {ref, terms, own, passages}, from the hits alone: which entries to fetch depends on it.
  function collect(mainHits, passageHits) {
    var groups = {}, byRef = {};
    GROUPS.forEach(function (g) { groups[g[0]] = []; });
    function add(kind, ref, terms, own) {
      var r = byRef[ref];
      if (!r) {
        if (!groups[kind]) return null;
        r = byRef[ref] = { ref: ref, terms: terms, own: own, passages: [] };
        groups[kind].push(r);
      }
      return r;
    }
    mainHits.forEach(function (h) { add(KINDS[h.ref.charAt(0)], h.ref, matchedTerms(h), true); });
    passageHits.forEach(function (h) {
      // Articles index only their lede, so full-text hits come through their passages.
      var article = add("article", articleRef(h.ref), matchedTerms(h), false);
      if (article) article.passages.push({ ref: h.ref, terms: matchedTerms(h) });
    });
    return groups;
  }

  function refsOf(list) {
    var refs = [];
    list.forEach(function (r) {
      refs.push(r.ref);
      r.passages.slice(0, PASSAGES_SHOWN).forEach(function (p) { refs.push(p.ref); });
    });
    return refs;
  }

  var current = null; // {shards, groups}: what "Show more" adds to

  function filterBar(groups, total) {
    var bar = el("div", "search-filters");
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Show results of one kind");
    var choices = [["all", "All", total]].concat(GROUPS.map(function (g) { return [g[0], g[1], groups[g[0]].length]; }));
    choices.forEach(function (c) {
      if (c[0] !== "all" && !c[2]) return;
      var b = el("button", "chip", c[1] + " (" + c[2] + ")");
      b.type = "button";
      b.setAttribute("data-kind", c[0]);
      b.setAttribute("aria-pressed", String(kindFilter === c[0]));
      b.addEventListener("click", function () { setFilter(c[0]); });
      bar.appendChild(b);
    });
    return bar;
  }

  function setFilter(kind) {
    kindFilter = kind;
    out.querySelectorAll(".search-filters button").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-kind") === kind));
    });
    out.querySelectorAll(".search-group").forEach(function (section) {
      section.hidden = kind !== "all" && section.getAttribute("data-kind") !== kind;
    });
    var url = new URL(location.href);
    if (kind === "all") url.searchParams.delete("kind"); else url.searchParams.set("kind", kind);
    history.replaceState(null, "", url.href);
  }

  function appendPage(g, ol, list, from, store) {
    list.slice(from, from + PAGE).forEach(function (r) {
      if (store[r.ref]) ol.appendChild(item(g[2], r, store));
    });
  }

  function moreButton(g, ol, list, section) {
    var shown = Math.min(PAGE, list.length);
    var button = el("button", "more", "Show more " + g[1].toLowerCase());
    button.type = "button";
    button.addEventListener("click", function () {
      var from = shown, page = list.slice(from, from + PAGE);
      button.disabled = true;
      current.shards.entries(refsOf(page)).then(function (store) {
        var before = ol.children.length;
        appendPage(g, ol, list, from, store);
        shown += page.length;
        button.disabled = false;
        if (shown >= list.length) button.remove();
        var first = ol.children[before] && ol.children[before].querySelector("h3 a");
        if (first) first.focus(); // keyboard users carry on where the new results start
      }).catch(fail);
    });
    section.appendChild(button);
  }

  function render(store, groups) {
    var frag = document.createDocumentFragment(), total = 0;
    GROUPS.forEach(function (g) { total += groups[g[0]].length; });
    if (total) frag.appendChild(filterBar(groups, total));
    GROUPS.forEach(function (g) {
      var list = groups[g[0]];
      if (!list.length) return;
      var section = el("section", "search-group");
      section.setAttribute("data-kind", g[0]);
      var id = "results-" + g[0];
      section.setAttribute("aria-labelledby", id);
      var h2 = el("h2", null, g[1] + " (" + list.length + ")");
      h2.id = id;
      section.appendChild(h2);
      var ol = el("ol", "cards");
      appendPage(g, ol, list, 0, store);
      section.appendChild(ol);
      if (list.length > PAGE) moreButton(g, ol, list, section);
      frag.appendChild(section);
    });
    out.replaceChildren(frag);
    if (kindFilter !== "all" && !(groups[kindFilter] || []).length) kindFilter = "all";
    setFilter(kindFilter);
    var quoted = "\u201c" + q + "\u201d";
    if (!total) {
      status.textContent = "No results for " + quoted + ". Check the spelling, try fewer or other words, " +
        "or browse the articles, experts and issues.";
    } else {
      status.textContent = total + (total === 1 ? " result" : " results") + " for " + quoted + ".";
    }
  }

  function fail(err) {
    root.setAttribute("data-state", "error");
    status.textContent = "Search could not load its index (" + err.message + "). " +
      "Browse the articles, experts and issues instead.";
  }

  // Arrow keys move between result links; Up from the first one returns to the box.
  document.addEventListener("keydown", function (ev) {
    if ((ev.key !== "ArrowDown" && ev.key !== "ArrowUp") || ev.altKey || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
    var links = Array.prototype.slice.call(out.querySelectorAll(".search-result h3 a"))
      .filter(function (a) { return !a.closest("[hidden]"); });
    var i = links.indexOf(document.activeElement);
    if (!links.length || (i < 0 && document.activeElement !== input)) return; // leave page scrolling alone
    ev.preventDefault();
    var next = ev.key === "ArrowDown" ? Math.min(i + 1, links.length - 1) : i - 1;
    if (next < 0) { if (input) input.focus(); } else links[next].focus();
  });

  var opened = null; // promise of the Shards, once
  var run = 0; // a newer query wins over a slower older one

  function search(text) {
    q = text.slice(0, 200).trim();
    var mine = ++run;
    if (!q) {
      out.replaceChildren();
      root.setAttribute("data-state", "done");
      status.textContent = "Type a name, an issue or any words in the search box above.";
      return;
    }
    document.title = "\u201c" + q + "\u201d \u00b7 " + baseTitle;
    root.setAttribute("data-state", "loading");
    status.textContent = "Searching for \u201c" + q + "\u201d\u2026";
    opened = opened || open(root.dataset.manifest);
    opened.then(function (shards) {
      var plan = builds(shards, q);
      return shards.indexes(plan).then(function (idx) {
        var mainHits = idx.main && plan.main ? idx.main.query(plan.main) : [];
        var passageHits = idx.passages && plan.passages ? idx.passages.query(plan.passages) : [];
        var groups = collect(mainHits, passageHits), first = [];
        GROUPS.forEach(function (g) { first = first.concat(refsOf(groups[g[0]].slice(0, PAGE))); });
        return shards.entries(first).then(function (store) {
          if (mine !== run) return; // the reader has typed on
          current = { shards: shards, groups: groups };
          render(store, groups);
          root.setAttribute("data-state", "done");
        });
      });
    }).catch(function (err) { if (mine === run) fail(err); });
  }

  var baseTitle = document.title;
  if (input) {
    // Search as you type on this page: the index is already here, so a form submission would only reload it.
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var url = new URL(location.href);
        if (input.value.trim()) url.searchParams.set("q", input.value.trim()); else url.searchParams.delete("q");
        history.replaceState(null, "", url.href);
        search(input.value);
      }, 150);
    });
    if (input.form) {
      input.form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        clearTimeout(timer);
        var url = new URL(location.href);
        url.searchParams.set("q", input.value.trim());
        history.replaceState(null, "", url.href);
        search(input.value);
      });
    }
  }
  search(q);
  if (!q && input) input.focus();
})();
