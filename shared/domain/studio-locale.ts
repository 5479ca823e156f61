// A studio's locale (BCP 47, e.g. en-GB) and country (ISO 3166 alpha-2, e.g. GB) are Location data. These are
// only for data written before studios had them (older servers' bootstraps, rows from before the column).

export const DEFAULT_STUDIO_LOCALE = 'en-US';
export const DEFAULT_STUDIO_COUNTRY = 'US';
