/**
 * The scenario's `currency`: an ISO 4217 code, and the defaults that are prices. The defaults
 * come from Chinese sources (README, "The rules and the defaults") and are in yuan (CNY); a
 * scenario in another currency must set each of them itself.
 */
import { formatPath, isObject, type RawIssue } from './issues.ts';

/** The currency of the price defaults. */
export const DEFAULT_CURRENCY = 'CNY';

/**
 * ISO 4217 alphabetic codes, as Node 20's ICU lists them (`Intl.supportedValuesOf('currency')`),
 * fixed here so that every Node and browser accepts the same scenarios.
 */
export const ISO_4217: ReadonlySet<string> = new Set([
  'AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT',
  'BGN', 'BHD', 'BIF', 'BMD', 'BND', 'BOB', 'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD',
  'CDF', 'CHF', 'CLP', 'CNY', 'COP', 'CRC', 'CUC', 'CUP', 'CVE', 'CZK', 'DJF', 'DKK', 'DOP',
  'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GNF',
  'GTQ', 'GYD', 'HKD', 'HNL', 'HRK', 'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IQD', 'IRR', 'ISK',
  'JMD', 'JOD', 'JPY', 'KES', 'KGS', 'KHR', 'KMF', 'KPW', 'KRW', 'KWD', 'KYD', 'KZT', 'LAK',
  'LBP', 'LKR', 'LRD', 'LSL', 'LYD', 'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU',
  'MUR', 'MVR', 'MWK', 'MXN', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO', 'NOK', 'NPR', 'NZD', 'OMR',
  'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'PYG', 'QAR', 'RON', 'RSD', 'RUB', 'RWF', 'SAR',
  'SBD', 'SCR', 'SDG', 'SEK', 'SGD', 'SHP', 'SLE', 'SLL', 'SOS', 'SRD', 'SSP', 'STN', 'SVC',
  'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TND', 'TOP', 'TRY', 'TTD', 'TWD', 'TZS', 'UAH', 'UGX',
  'USD', 'UYU', 'UZS', 'VES', 'VND', 'VUV', 'WST', 'XAF', 'XCD', 'XCG', 'XDR', 'XOF', 'XPF',
  'XSU', 'YER', 'ZAR', 'ZMW', 'ZWG', 'ZWL'
]);

export const CURRENCY_WHAT = 'an ISO 4217 currency code such as CNY, USD or EUR (three capital letters)';

export function isCurrency(code: string): boolean {
  return ISO_4217.has(code);
}

/** The defaults that are prices, in CNY: where they sit and their value. */
export const PRICE_DEFAULTS = {
  retentionFeePerMonth: 5,
  overagePerMB: 0.29,
  addonPrice: 10,
} as const;

/**
 * A scenario whose currency is not CNY may not rely on a price default: each price the
 * scenario leaves out is named, with its default, in one message at `currency`.
 */
export function currencyChecks(raw: Record<string, unknown>): RawIssue[] {
  const c = raw.currency;
  if (typeof c !== 'string' || c === DEFAULT_CURRENCY || !isCurrency(c)) return [];
  const missing: string[] = [];
  const rules = raw.rules;
  if (!isObject(rules) || rules.retentionFeePerMonth === undefined) missing.push(`rules.retentionFeePerMonth (default ${PRICE_DEFAULTS.retentionFeePerMonth})`);
  if (isObject(raw.plans)) {
    for (const [name, plan] of Object.entries(raw.plans)) {
      if (!isObject(plan)) continue;
      const at = formatPath(['plans', name]);
      if (plan.overagePerMB === undefined) missing.push(`${at}.overagePerMB (default ${PRICE_DEFAULTS.overagePerMB})`);
      if (!isObject(plan.addon) || plan.addon.price === undefined) missing.push(`${at}.addon.price (default ${PRICE_DEFAULTS.addonPrice})`);
    }
  }
  if (missing.length === 0) return [];
  return [{
    path: ['currency'],
    anchor: 'value',
    message: `the defaults that are prices are in ${DEFAULT_CURRENCY}; a scenario in ${c} must set them: ${missing.join(', ')}`,
  }];
}
