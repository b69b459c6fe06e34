/*
 * Material's search worker, tuned for this site's vocabulary.
 *
 * Material searches every typed word as a prefix ("ses" finds "sessions").
 * This wrapper loads Material's own worker and then refines each query:
 * - a word that matches exactly scores above words it is only a prefix of,
 *   so "SES" finds the SES page before "sticky sessions";
 * - one- and two-letter words ("a", "in", "to") match exactly, not as a
 *   prefix of half the vocabulary;
 * - words of five letters or more also match with one typo ("lamda",
 *   "peerring"), at half the weight of an exact match, so a typo still
 *   counts when another word of the query matches exactly ("vpc peerring").
 * The original worker's address arrives in the `original` query parameter
 * (see overrides/main.html), so the wrapper survives theme updates.
 */
/* global lunr, importScripts */
var original = new URL(location.href).searchParams.get("original");
importScripts(new URL(original, location.href).href);

(function () {
  "use strict";
  var EXACT_BONUS = 10;
  var TYPO_WEIGHT = 5;

  function refine(query) {
    var extra = [];
    query.clauses.forEach(function (clause) {
      var prefix = /^[^*]+\*$/.test(clause.term);
      if (!prefix || clause.presence !== lunr.Query.presence.OPTIONAL) return;
      var word = clause.term.slice(0, -1);
      if (word.length < 3) {
        clause.term = word;
        clause.wildcard = lunr.Query.wildcard.NONE;
        return;
      }
      extra.push({ term: word, fields: clause.fields, boost: EXACT_BONUS, usePipeline: false,
                   wildcard: lunr.Query.wildcard.NONE, presence: lunr.Query.presence.OPTIONAL });
      if (word.length >= 5) {
        extra.push({ term: word, fields: clause.fields, boost: TYPO_WEIGHT, usePipeline: false,
                     editDistance: 1, wildcard: lunr.Query.wildcard.NONE,
                     presence: lunr.Query.presence.OPTIONAL });
      }
    });
    extra.forEach(function (clause) { query.clause(clause); });
  }

  lunr.Index.prototype.search = function (queryString) {
    return this.query(function (query) {
      new lunr.QueryParser(queryString, query).parse();
      refine(query);
    });
  };
})();
