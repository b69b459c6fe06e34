/*
 * Material's search worker, tuned for this site's questions and vocabulary.
 *
 * Material's own worker (its address arrives in the `original` query
 * parameter, see overrides/main.html) builds the Lunr index and renders
 * nothing itself; this wrapper replaces how a query is matched and ranked:
 *
 * 1. Words. Common words ("how", "do", "my", "vs": `stop_words` in
 *    includes/search-synonyms.yml, delivered in the index's config) are
 *    dropped when the query has other words. Words of one or two letters
 *    ("us", "az", "sg") match exactly; longer ones also as a prefix, with a
 *    bonus for an exact match ("SES" before "sessions"); words of five
 *    letters or more also with one typo ("lamda"); and a light stemmer lets
 *    "evaluation" find "evaluated" ("evaluat*").
 * 2. Concepts. A phrase from the synonym table ("data center") is one
 *    concept, covered by a result that has all its words or one of its
 *    synonyms ("Direct Connect"); every other word is a concept of its own.
 * 3. Ranking. A result that covers more concepts ranks higher; then the
 *    Lunr score decides; an entry with a boost below 1 (glossary terms,
 *    self-check quizzes) comes after the pages. A section also counts what its page's title and
 *    keywords cover (at 90 %, so a page still beats its sections on the
 *    page's own name), so "lambda timeout" finds the Timeout section of the
 *    Lambda page rather than SQS's visibility timeout, which only mentions
 *    Lambda.
 * 4. Results. Each page's best match is its first visible result (a section
 *    when a section matches best: Enter and the link open that heading), and
 *    a term the result covers is never shown as "Missing".
 *
 * When the index is ready, the worker says so on the `awsnotes-search`
 * broadcast channel (docs/assets/javascripts/search-loader.js shows a
 * "loading" note until then).
 */
/* global lunr, importScripts */
(function () {
  "use strict";
  var SETUP = 0, READY = 1, RESULT = 3;
  var EXACT_BONUS = 10;     // an exact word over words it only starts
  var TYPO_WEIGHT = 5;      // one typo in a word of five letters or more
  var STEM_WEIGHT = 2;      // "evaluation" finding "evaluated"
  var SYNONYM_WEIGHT = 0.5; // a synonym covers a concept at half its score
  var INHERIT_WEIGHT = 0.9; // what a section takes from its page's title and keywords
  var STRONG_FIELDS = ["title", "keywords"];
  var MAX_RESULTS = 80;     // entries handed to Material (its list shows pages of ten)
  var SUFFIXES = ["ations", "ation", "ings", "ing", "ions", "ion", "ments", "ment", "ies", "ed", "es", "er", "s", "e"];

  var table = { stop: {}, synonyms: {}, longest: 1 };
  var titles = {};      // location -> [title, aliases...], for whole-title matches
  var boosts = {};      // location -> the entry's boost: below 1 for glossary terms and quizzes
  var analysis = null;  // the ranking of the query being answered

  addEventListener("message", function (ev) {
    if (ev.data && ev.data.type === SETUP) {
      configure(ev.data.data.config || {});
      titles = {};
      boosts = {};
      (ev.data.data.docs || []).forEach(function (doc) {
        titles[doc.location] = [doc.title].concat(doc.keywords ? doc.keywords.split("\u2003") : []);
        if (doc.boost) boosts[doc.location] = doc.boost;
      });
    }
  });
  importScripts(new URL(new URL(location.href).searchParams.get("original"), location.href).href);

  var post = self.postMessage.bind(self);
  var channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("awsnotes-search") : null;
  self.postMessage = function (message) {
    if (message && message.type === RESULT && analysis) message.data.items = present(message.data.items, analysis);
    if (message && message.type === READY && channel) channel.postMessage("ready");
    analysis = null;
    post(message);
  };

  function configure(config) {
    table.stop = {};
    (config.stop_words || []).forEach(function (word) { table.stop[word] = true; });
    table.synonyms = config.synonyms || {};
    table.longest = Object.keys(table.synonyms).reduce(function (n, phrase) {
      return Math.max(n, phrase.split(" ").length);
    }, 1);
  }

  /* -- 1. Words ---------------------------------------------------------- */

  function stem(word) {
    if (word.length < 5) return null;
    for (var i = 0; i < SUFFIXES.length; i++) {
      var suffix = SUFFIXES[i];
      if (word.length - suffix.length >= 4 && word.slice(-suffix.length) === suffix) {
        var base = word.slice(0, -suffix.length);
        return suffix === "ies" ? base + "y" : base;
      }
    }
    return null;
  }

  function clauses(word, index) {
    var none = lunr.Query.wildcard.NONE, optional = lunr.Query.presence.OPTIONAL;
    var exact = { term: word, boost: EXACT_BONUS, usePipeline: false, wildcard: none, presence: optional };
    if (word.length < 3) return [exact];
    var list = [exact, { term: word, boost: 1, usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING,
                         presence: optional }];
    // A typo only for words the site does not use as typed: cheaper, and
    // "lambda" never drifts to "lamda"'s neighbours.
    if (word.length >= 5 && !/\d/.test(word) && !Object.prototype.hasOwnProperty.call(index.invertedIndex, word))
      list.push({ term: word, boost: TYPO_WEIGHT, usePipeline: false, editDistance: 1, wildcard: none,
                  presence: optional });
    var base = stem(word);
    if (base) list.push({ term: base, boost: STEM_WEIGHT, usePipeline: false,
                          wildcard: lunr.Query.wildcard.TRAILING, presence: optional });
    return list;
  }

  /* One Lunr query per word: ref -> {score, strong, matchData}. */
  function matchWord(index, word, cache) {
    if (cache[word]) return cache[word];
    var found = {};
    index.query(function (query) {
      clauses(word, index).forEach(function (clause) { query.clause(clause); });
    }).forEach(function (result) {
      var fields = {};
      Object.keys(result.matchData.metadata).forEach(function (term) {
        Object.keys(result.matchData.metadata[term]).forEach(function (field) { fields[field] = true; });
      });
      found[result.ref] = { score: result.score, matchData: result.matchData, titled: !!fields.title,
                            strong: STRONG_FIELDS.some(function (field) { return fields[field]; }) };
    });
    return (cache[word] = found);
  }

  /* -- 2. Concepts ------------------------------------------------------- */

  function concepts(words) {
    var meaningful = words.filter(function (word) { return !table.stop[word]; });
    if (meaningful.length) words = meaningful;
    var list = [];
    for (var i = 0; i < words.length;) {
      var size = Math.min(table.longest, words.length - i);
      for (; size > 1; size--)
        if (table.synonyms[words.slice(i, i + size).join(" ")]) break;
      var phrase = words.slice(i, i + size);
      list.push({ words: phrase, alternatives: (table.synonyms[phrase.join(" ")] || []).map(function (alt) {
        return alt.split(" ").filter(function (word) { return word.length > 0; });
      }) });
      i += size;
    }
    return list;
  }

  /* How well one document covers one concept: {score, strong, words, matchData}. */
  function cover(index, ref, concept, cache) {
    function all(words, weight) {
      var score = 0, strong = false, titled = false, data = [];
      for (var i = 0; i < words.length; i++) {
        var hit = matchWord(index, words[i], cache)[ref];
        if (!hit) return null;
        score += hit.score;
        strong = strong || hit.strong;
        titled = titled || hit.titled;
        data.push(hit.matchData);
      }
      return { score: score * weight, strong: strong, titled: titled, words: words, matchData: data };
    }
    var best = all(concept.words, 1);
    concept.alternatives.forEach(function (alt) {
      var other = all(alt, SYNONYM_WEIGHT);
      if (other && (!best || other.score > best.score)) best = other;
    });
    return best;
  }

  /* -- 3. Ranking -------------------------------------------------------- */

  function rank(index, queryString) {
    var parsed = new lunr.Query(index.fields);
    new lunr.QueryParser(queryString, parsed).parse();
    var plain = parsed.clauses.every(function (clause) {
      return clause.presence === lunr.Query.presence.OPTIONAL && !clause.editDistance
        && clause.fields.length === index.fields.length;
    });
    if (!plain || !parsed.clauses.length) return null;
    var words = parsed.clauses.map(function (clause) { return clause.term.replace(/\*+$/, ""); })
      .filter(function (word) { return word.length > 0; });
    var list = concepts(words), cache = {};

    var refs = {};
    list.forEach(function (concept) {
      [concept.words].concat(concept.alternatives).forEach(function (words) {
        words.forEach(function (word) {
          Object.keys(matchWord(index, word, cache)).forEach(function (ref) { refs[ref] = true; });
        });
      });
    });
    var covers = {};
    Object.keys(refs).forEach(function (ref) {
      covers[ref] = list.map(function (concept) { return cover(index, ref, concept, cache); });
    });

    // Each concept counts relative to its best match anywhere, so one word
    // found in a keyword field does not drown the other words of the query.
    var best = list.map(function (concept, i) {
      return Object.keys(covers).reduce(function (top, ref) {
        return covers[ref][i] ? Math.max(top, covers[ref][i].score) : top;
      }, 0) || 1;
    });
    // Which concepts some section of each page has (own words, any field).
    var sectionHas = {};
    Object.keys(covers).forEach(function (ref) {
      if (ref.indexOf("#") < 0) return;
      var page = ref.split("#")[0];
      sectionHas[page] = sectionHas[page] || {};
      covers[ref].forEach(function (hit, i) { if (hit) sectionHas[page][i] = true; });
    });
    // The section of each page that has each concept best: where a keyword
    // of the page points.
    var bestSection = {};
    Object.keys(covers).forEach(function (ref) {
      if (ref.indexOf("#") < 0) return;
      var page = ref.split("#")[0];
      bestSection[page] = bestSection[page] || {};
      covers[ref].forEach(function (hit, i) {
        var current = bestSection[page][i];
        if (hit && (!current || hit.score > covers[current][i].score)) bestSection[page][i] = ref;
      });
    });
    var ranked = {};
    Object.keys(covers).forEach(function (ref) {
      var own = covers[ref], section = ref.indexOf("#") >= 0, pageRef = ref.split("#")[0];
      var page = section ? covers[pageRef] : null;
      var entry = { covered: 0, strong: 0, exact: exactTitle(ref, words), score: 0, terms: {}, matchData: [] };
      list.forEach(function (concept, i) {
        var mine = own[i] ? own[i].score / best[i] : 0, strong = !!(own[i] && own[i].strong), score = mine;
        var inherited = page && page[i] && page[i].strong ? page[i] : null;
        if (!section && own[i] && own[i].strong && !own[i].titled && sectionHas[pageRef] && sectionHas[pageRef][i]) {
          // Only the page's keywords name the concept, and a section has it:
          // the keyword points at that section, not at the page's opening.
          strong = false;
          score = mine / 2;
        } else if (inherited && inherited.titled) {
          // The page is named by the concept, so all of it is about it; the
          // page itself keeps the lead on its own name.
          strong = true;
          score = Math.max(mine, INHERIT_WEIGHT * inherited.score / best[i]);
        } else if (inherited) {
          // The page's keywords name it: the sections that have the word are
          // where the keyword points.
          var context = INHERIT_WEIGHT * inherited.score / best[i];
          strong = strong || bestSection[pageRef][i] === ref;
          score = own[i] ? mine + context : context / 2;
        }
        if (own[i]) {
          entry.matchData = entry.matchData.concat(own[i].matchData);
          own[i].words.forEach(function (word) { entry.terms[word] = true; });
        } else if (inherited) {
          concept.words.forEach(function (word) { entry.terms[word] = true; });
        }
        if (own[i] || inherited) entry.covered += 1;
        else concept.words.forEach(function (word) { entry.terms[word] = false; });
        entry.strong += strong ? 1 : 0;
        entry.score += score;
      });
      if (!own.some(function (hit) { return hit; })) return;  // only its page matched
      entry.boost = boosts[ref] || 1;
      ranked[ref] = entry;
    });
    return ranked;
  }

  /* Covered concepts first, then those in a title or alias, then a title
   * (or, less, an alias) that the query spells out, then the score. */
  function value(entry) {
    return entry.boost * (entry.covered * 1e9 + entry.strong * 1e7 + entry.exact * 1e6
                          + Math.min(entry.score, 999) * 1e3);
  }

  /* A title or alias made only of the query's words ("AWS CloudTrail" for
   * "cloudtrail"; "What a VPC is" for "vpc"): small words, AWS and Amazon aside. */
  function exactTitle(ref, queryWords) {
    var names = titles[ref] || [];
    if (names.length && spelledOut(names[0], queryWords)) return 2;  // the title itself
    return names.slice(1).some(function (alias) { return spelledOut(alias, queryWords); }) ? 1 : 0;
  }

  function spelledOut(title, queryWords) {
    var significant = title.toLowerCase().split(/[^a-z0-9.]+/).filter(function (word) {
      return word && !table.stop[word] && word !== "aws" && word !== "amazon";
    });
    return significant.length > 0 && significant.every(function (word) {
      return queryWords.some(function (typed) {
        var base = stem(typed);
        return word === typed || (typed.length >= 3 && word.indexOf(typed) === 0)
          || (base && word.indexOf(base) === 0);
      });
    });
  }

  lunr.Index.prototype.search = function (queryString) {
    var ranked = rank(this, queryString);
    if (!ranked) {
      analysis = null;
      return this.query(function (query) { new lunr.QueryParser(queryString, query).parse(); });
    }
    analysis = ranked;
    // The best results only: Material marks up every result it is given.
    return Object.keys(ranked).map(function (ref) {
      return { ref: ref, score: value(ranked[ref]) };
    }).sort(function (a, b) { return b.score - a.score; }).slice(0, MAX_RESULTS).map(function (result) {
      var matchData = new lunr.MatchData();
      ranked[result.ref].matchData.forEach(function (data) { matchData.combine(data); });
      result.matchData = matchData;
      return result;
    });
  };

  /* -- 4. Results -------------------------------------------------------- */

  /* Material's groups (one per page), reordered: best page first, and in
   * each page its best match first. Sections that cover as much as the best
   * match and score at least half as well stay visible beside it (Material
   * shows a page's results scoring at least its first one); the rest fold
   * under "more on this page". */
  function present(groups, ranked) {
    groups.forEach(function (group) {
      group.forEach(function (item) {
        var entry = ranked[item.location];
        item.score = entry ? value(entry) : 0;
        item.terms = entry ? entry.terms : {};
      });
      group.sort(function (a, b) { return b.score - a.score; });
      var best = group[0], top = ranked[best.location];
      if (!top) return;
      group.forEach(function (item) {
        var entry = ranked[item.location];
        if (item !== best && item.location.indexOf("#") >= 0 && best.location.indexOf("#") >= 0 && entry
            && entry.covered === top.covered && entry.score >= top.score / 2)
          item.score = best.score;
      });
    });
    return groups.filter(function (group) { return group.length && group[0].score > 0; })
      .sort(function (a, b) { return b[0].score - a[0].score; });
  }
})();
