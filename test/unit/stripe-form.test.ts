// Offline tests for the sandbox's decoding of Stripe's form-encoded bodies (bracket notation).
import { describe, expect, it } from 'vitest';
import { FormDecodeError, decodeForm, encodeForm } from '../../local/stripe-sandbox/form.js';

describe('Class: decodeForm', () => {
  it('decodes flat parameters, percent-escapes and plus signs', () => {
    // Prepare
    const body = 'amount=2500&currency=gbp&description=Run+for+May%20%C2%A3&transfer_group=run_01';

    // Act
    const params = decodeForm(body);

    // Assess
    expect(params).toEqual({ amount: '2500', currency: 'gbp', description: 'Run for May £', transfer_group: 'run_01' });
  });

  it('nests bracketed keys into hashes, at any depth', () => {
    // Prepare
    const body = [
      'metadata[fund]=fund_1',
      'metadata[line]=line_9',
      'capabilities[transfers][requested]=true',
      'controller[stripe_dashboard][type]=express',
    ].join('&');

    // Act
    const params = decodeForm(body);

    // Assess
    expect(params).toEqual({
      metadata: { fund: 'fund_1', line: 'line_9' },
      capabilities: { transfers: { requested: 'true' } },
      controller: { stripe_dashboard: { type: 'express' } },
    });
  });

  it('reads percent-encoded brackets the same as literal ones', () => {
    // Act
    const params = decodeForm('metadata%5Bfund%5D=x');

    // Assess
    expect(params).toEqual({ metadata: { fund: 'x' } });
  });

  it('turns indexed keys into arrays ordered by index, as the SDK sends them', () => {
    // Act
    const params = decodeForm('expand[1]=b&expand[0]=a&items[0][price]=p1&items[0][quantity]=2&items[1][price]=p2');

    // Assess
    expect(params).toEqual({ expand: ['a', 'b'], items: [{ price: 'p1', quantity: '2' }, { price: 'p2' }] });
  });

  it('appends empty-bracket keys to an array, starting a new hash when a key repeats', () => {
    // Act
    const params = decodeForm('expand[]=a&expand[]=b&items[][price]=p1&items[][quantity]=1&items[][price]=p2');

    // Assess
    expect(params).toEqual({ expand: ['a', 'b'], items: [{ price: 'p1', quantity: '1' }, { price: 'p2' }] });
  });

  it('keeps the last value of a repeated plain key and keeps empty values', () => {
    // Act
    const params = decodeForm('description=first&description=second&metadata[old]=');

    // Assess
    expect(params).toEqual({ description: 'second', metadata: { old: '' } });
  });

  it('throws when one key is used both as a value and as a hash', () => {
    // Act
    const act = () => decodeForm('metadata=x&metadata[fund]=y');

    // Assess
    expect(act).toThrow(FormDecodeError);
  });

  it('refuses prototype-polluting keys', () => {
    // Act
    const act = () => decodeForm('__proto__[polluted]=yes');

    // Assess
    expect(act).toThrow(FormDecodeError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('throws on malformed percent-encoding', () => {
    // Act
    const act = () => decodeForm('description=%E0%A4%A');

    // Assess
    expect(act).toThrow(FormDecodeError);
  });

  it('round-trips what encodeForm writes in the SDK format', () => {
    // Prepare
    const params = {
      amount: 2500,
      currency: 'gbp',
      metadata: { fund: 'fund_1', note: 'a&b=c' },
      capabilities: { transfers: { requested: true } },
      expand: ['destination'],
    };

    // Act
    const encoded = encodeForm(params);
    const decoded = decodeForm(encoded);

    // Assess
    expect(encoded).toContain('metadata[fund]=fund_1');
    expect(encoded).toContain('expand[0]=destination');
    expect(decoded).toEqual({
      amount: '2500',
      currency: 'gbp',
      metadata: { fund: 'fund_1', note: 'a&b=c' },
      capabilities: { transfers: { requested: 'true' } },
      expand: ['destination'],
    });
  });

  it('decodes an empty body to no parameters', () => {
    // Assess
    expect(decodeForm('')).toEqual({});
  });
});
