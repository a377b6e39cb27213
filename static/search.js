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

  var GROUPS = [
    ["expert", "Experts", "Expert"], ["issue", "Issues", "Issue"], ["article", "Articles", "Article"],
    ["person", "People", "Person"], ["passage", "Passages", "Passage"]
  ];
  var SHOWN = 100; // per group: thousands of DOM nodes would make the page sluggish
  var WORD = /[\p{L}\p{N}_](?:.*[\p{L}\p{N}_])?/u;
  var KINDS = { a: "article", p: "passage", e: "expert", o: "person", i: "issue" }; // search.py's ref prefixes

  var q = (new URLSearchParams(location.search).get("q") || "").slice(0, 200).trim();
  if (input) input.value = q;

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

  // Groups of {ref, terms}, from the hits alone: which entries to fetch depends on it.
  function collect(mainHits, passageHits) {
    var groups = {}, seen = {};
    GROUPS.forEach(function (g) { groups[g[0]] = []; });
    function add(kind, ref, terms) {
      if (seen[ref] || !groups[kind]) return;
      seen[ref] = true;
      groups[kind].push({ ref: ref, terms: terms });
    }
    mainHits.forEach(function (h) { add(KINDS[h.ref.charAt(0)], h.ref, matchedTerms(h)); });
    passageHits.forEach(function (h) {
      add("passage", h.ref, matchedTerms(h));
      // Articles index only their lede, so full-text hits name their article here.
      add("article", articleRef(h.ref), matchedTerms(h));
    });
    return groups;
  }

  function shownRefs(groups) {
    var refs = [];
    GROUPS.forEach(function (g) {
      groups[g[0]].slice(0, SHOWN).forEach(function (r) { refs.push(r.ref); });
    });
    return refs;
  }

  function render(store, groups, passageHits) {
    // Each article's best passage whose text shows a match (not just its speaker or heading).
    // A shown article's passages share its store chunk, so none of them is missing here.
    var best = {}, total = 0;
    passageHits.forEach(function (h) {
      var a = articleRef(h.ref), entry = store[h.ref], terms = matchedTerms(h);
      if (!best[a] && entry && firstMatch(entry.x || "", terms) >= 0) best[a] = { entry: entry, terms: terms };
    });
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
      list.slice(0, SHOWN).forEach(function (r) {
        var entry = store[r.ref];
        if (entry) ol.appendChild(item(g[2], { entry: entry, terms: r.terms, via: g[0] === "article" ? best[r.ref] : null }));
      });
      section.appendChild(ol);
      if (list.length > SHOWN) {
        section.appendChild(el("p", "small", "Showing the first " + SHOWN + " of " + list.length +
          " " + g[1].toLowerCase() + ". Add words to narrow the search."));
      }
      frag.appendChild(section);
    });
    out.replaceChildren(frag);
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
  open(root.dataset.manifest).then(function (shards) {
    var plan = builds(shards, q);
    return shards.indexes(plan).then(function (idx) {
      var mainHits = idx.main ? idx.main.query(plan.main) : [];
      var passageHits = idx.passages ? idx.passages.query(plan.passages) : [];
      var groups = collect(mainHits, passageHits);
      return shards.entries(shownRefs(groups)).then(function (store) {
        render(store, groups, passageHits);
        root.setAttribute("data-state", "done");
      });
    });
  }).catch(fail);
})();
