// Facts about the center that rules depend on.

/** The center opened in 2020; no ledger event can be earlier. */
export const CENTER_OPENED = '2020-01-01';
