// The currencies a contract may be priced in: the ISO 4217 codes of currencies in use, as the
// runtime's ICU data knows them (Intl, kept current with Node.js releases; no withdrawn codes such
// as DEM, no fund codes such as CHE), minus the X-codes that name no currency to pay in.
const NOT_MONEY = new Set([
  'XAG',
  'XAU',
  'XPD',
  'XPT', // precious metals
  'XBA',
  'XBB',
  'XBC',
  'XBD', // bond-market units
  'XDR',
  'XSU',
  'XUA', // supranational units of account
  'XTS',
  'XXX', // testing, no currency
]);

const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency').filter((code) => !NOT_MONEY.has(code)));

export function isCurrencyCode(code: string): boolean {
  return CURRENCIES.has(code);
}
