import { describe, expect, it } from 'vitest';
import { ISO_4217 } from '../../scenarios/currency.ts';
import { MINIMAL, errorOf, parse } from './helpers.ts';

describe('currency: an ISO 4217 code; a scenario in another currency than CNY sets the defaults that are prices', () => {
  it('"€uro!!" is refused, naming the field, the value and what is expected', () => {
    expect(errorOf(`${MINIMAL}currency: "€uro!!"\n`)).toBe('test.yaml:11:11: currency: expected an ISO 4217 currency code such as CNY, USD or EUR (three capital letters), got "€uro!!"');
  });

  it('three letters that are no ISO 4217 code, and a lower-case code, are refused', () => {
    expect(errorOf(`${MINIMAL}currency: ABC\n`)).toMatch(/currency: expected an ISO 4217 currency code .*, got "ABC"$/);
    expect(errorOf(`${MINIMAL}currency: usd\n`)).toMatch(/currency: expected an ISO 4217 currency code .*, got "usd"$/);
  });

  it('CNY and the default need nothing more; the code list holds the common codes', () => {
    expect(parse(MINIMAL).arms[0].currency).toBe('CNY');
    expect(parse(`${MINIMAL}currency: CNY\n`).arms[0].currency).toBe('CNY');
    for (const c of ['CNY', 'USD', 'EUR', 'GBP', 'JPY', 'HKD', 'INR']) expect(ISO_4217.has(c)).toBe(true);
  });

  it('a scenario in USD that relies on the CNY-valued defaults is refused, naming each default to set', () => {
    expect(errorOf(`${MINIMAL}currency: USD\n`)).toBe(
      'test.yaml:11:11: currency: the defaults that are prices are in CNY; a scenario in USD must set them: rules.retentionFeePerMonth (default 5), plans.basic.overagePerMB (default 0.29), plans.basic.addon.price (default 10)',
    );
  });

  it('a scenario in EUR that sets every price loads, with its currency', () => {
    const text = MINIMAL.replace('basic: {quotaMB: 100}', 'basic: {quotaMB: 100, overagePerMB: 0.02, addon: {price: 1.5}}') + 'currency: EUR\nrules: {retentionFeePerMonth: 0.5}\n';
    expect(parse(text).arms[0].currency).toBe('EUR');
  });

  it('only the prices left out are named', () => {
    const text = MINIMAL.replace('basic: {quotaMB: 100}', 'basic: {quotaMB: 100, overagePerMB: 0.02}') + 'currency: EUR\nrules: {retentionFeePerMonth: 0.5}\n';
    expect(errorOf(text)).toMatch(/a scenario in EUR must set them: plans\.basic\.addon\.price \(default 10\)$/);
  });
});
