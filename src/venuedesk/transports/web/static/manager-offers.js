// The offer PDFs of the thread shown in the console's audit panel (docs/documents.md): the live version (a draft
// waiting for approval as the manager's preview) and every older version. Each link is fetched with the manager
// token by the console (`onDownload(path)`), so it works under the strict CSP without inline script.

import { el, formatMoney } from "./dom.js";
import { intlLocale, t } from "./i18n.js";

// The link text of one version: "Version 2 (current) · CHF 675.00", "Version 1 · CHF 750.00".
function versionText(offer, live) {
  const version = offer.version;
  let text = t("console.offer_pdf.older", "Version {version}", { version });
  if (live && offer.status === "Draft") {
    text = t("console.offer_pdf.draft", "Version {version} (draft, not sent yet)", { version });
  } else if (live) {
    text = t("console.offer_pdf.live", "Version {version} (current)", { version });
  }
  return offer.total === undefined || offer.total === null ? text : `${text} · ${formatMoney(offer.total, intlLocale())}`;
}

// The thread's offer versions newest first as download links, or null before the first offer.
export function offerPdfLinks(threadId, event, onDownload) {
  const offers = (event && Array.isArray(event.offers) ? event.offers : []).filter((offer) => offer.version);
  if (offers.length === 0) return null;
  const liveId = event.offer ? event.offer.offer_id : null;
  const base = `/api/threads/${encodeURIComponent(threadId)}/offer.pdf`;
  const items = [...offers].sort((a, b) => b.version - a.version).map((offer) => {
    const live = offer.offer_id === liveId;
    const path = live ? base : `${base}?version=${offer.version}`;
    const link = el("a", { href: path, className: "btn-link", text: versionText(offer, live),
      "aria-label": t("console.offer_pdf.label", "Offer version {version} of {thread} as PDF",
        { version: offer.version, thread: threadId }),
      dataset: { part: "offer-pdf", version: String(offer.version), live: String(live) } });
    link.addEventListener("click", (click) => {
      click.preventDefault();
      onDownload(path);
    });
    return el("li", {}, link);
  });
  return el("div", { className: "offer-pdfs", dataset: { part: "offer-pdfs" } }, [
    el("h3", { text: t("console.offer_pdf.title", "Offer as PDF") }),
    el("ul", { className: "offer-pdf-list" }, items),
  ]);
}
