/* Local Ecommerce Casebook: the site opened from disk (file://), as trainers do from a USB stick.
   Sphinx's search page fetches every result page to show a summary under the link; browsers
   block those requests over file:// and log an error for each. From disk, results are listed
   without the summaries. Loaded on every page by Jupyter Book; does nothing over http(s). */
(function () {
  "use strict";
  if (window.location.protocol === "file:" && typeof DOCUMENTATION_OPTIONS !== "undefined") {
    DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;
  }
})();
