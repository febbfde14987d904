import { describe, expect, it } from 'vitest';
import type { AttributeDefinition } from '@/lib/catalog/attributes';
import {
  assessCompleteness,
  DEFAULT_COMPLETENESS_RULES,
  describeRules,
  rulesOf,
  validateRules,
  type ProductFacts,
} from '@/lib/catalog/completeness';

const defs: AttributeDefinition[] = [
  { key: 'fabric', label: 'Fabric', type: 'enum', options: ['Linen', 'Silk'], required: true },
  { key: 'season', label: 'Season', type: 'multi_enum', options: ['Summer', 'Winter'], required: true },
  { key: 'care', label: 'Care', type: 'text' },
];
const full: ProductFacts = {
  attributes: { fabric: 'Linen', season: ['Summer'] },
  description: 'A wrap dress in washed linen with a tie waist and deep pockets.',
  basePrice: 8900,
  images: 2,
  imagesWithoutAlt: 0,
  variants: 3,
  variantsWithoutPrice: 0,
  variantsWithoutBarcode: 0,
};

describe('completeness', () => {
  it('scores a product that meets every rule 100 with nothing missing', () => {
    const c = assessCompleteness(DEFAULT_COMPLETENESS_RULES, defs, full);
    expect(c).toMatchObject({ score: 100, missing: [] });
    // Two required attributes, images, alt text, description, prices, barcodes.
    expect(c.checks.map((x) => x.key)).toEqual([
      'attr.fabric',
      'attr.season',
      'images',
      'alt',
      'description',
      'prices',
      'barcodes',
    ]);
  });

  it('lists each missing piece in words and scores the share of checks passed', () => {
    const c = assessCompleteness(DEFAULT_COMPLETENESS_RULES, defs, {
      ...full,
      attributes: { fabric: 'Linen', season: [] },
      images: 2,
      imagesWithoutAlt: 1,
      description: 'Short.',
      variantsWithoutBarcode: 2,
    });
    expect(c.missing).toEqual([
      'Season (a required attribute) has no value',
      '1 image without alt text',
      'Description too short (6 of 40 characters)',
      '2 variants without a barcode',
    ]);
    expect(c.score).toBe(Math.floor((100 * 3) / 7));
  });

  it('a product with no variants, images or description fails those checks', () => {
    const c = assessCompleteness(DEFAULT_COMPLETENESS_RULES, [], { ...full, images: 0, description: ' ', variants: 0 });
    expect(c.missing).toEqual([
      '1 more image needed (at least 1)',
      'No description',
      'No variants, so nothing to price',
      'No variants, so no barcodes',
    ]);
    expect(c.score).toBe(20); // alt text passes (no image lacks it): 1 of 5
  });

  it("follows the category's rules: switched-off checks do not count, thresholds apply, defaults fill gaps", () => {
    const rules = rulesOf({ barcodes: false, minImages: 3, minDescription: 0 });
    expect(rules).toEqual({ ...DEFAULT_COMPLETENESS_RULES, barcodes: false, minImages: 3, minDescription: 0 });
    const c = assessCompleteness(rules, defs, { ...full, description: '', variantsWithoutBarcode: 3 });
    expect(c.checks.map((x) => x.key)).toEqual(['attr.fabric', 'attr.season', 'images', 'alt', 'prices']);
    expect(c.missing).toEqual(['1 more image needed (at least 3)']);
    expect(c.score).toBe(80);
    const none = assessCompleteness(
      { attributes: false, minImages: 0, altText: false, minDescription: 0, prices: false, barcodes: false },
      defs,
      full,
    );
    expect(none).toEqual({ score: 100, checks: [], missing: [] });
  });
});

describe('completeness rules as data', () => {
  it('reads form values: flags and whole numbers, missing keys take the defaults', () => {
    expect(validateRules({ altText: 'false', minImages: ' 3 ', prices: true, barcodes: 'on' })).toEqual({
      rules: { ...DEFAULT_COMPLETENESS_RULES, altText: false, minImages: 3, prices: true, barcodes: true },
      errors: {},
    });
    expect(validateRules(undefined)).toEqual({ rules: DEFAULT_COMPLETENESS_RULES, errors: {} });
  });

  it('names each bad rule', () => {
    expect(
      validateRules({ minImages: 2.5, minDescription: '40 chars', attributes: 'perhaps', colour: 1 }).errors,
    ).toEqual({
      'completenessRules.minImages': ['Enter the number of images as a whole number, 0 or more.'],
      'completenessRules.minDescription': ['Enter the description length as a whole number, 0 or more.'],
      'completenessRules.attributes': ['Choose yes or no.'],
      'completenessRules.colour': ['Unknown rule.'],
    });
    expect(validateRules({ minImages: 21 }).errors).toEqual({ 'completenessRules.minImages': ['Use at most 20.'] });
  });

  it('the rules a category keeps drive the score: switching a rule off removes its check', () => {
    const bare: ProductFacts = { ...full, images: 0, variantsWithoutBarcode: 3 };
    expect(assessCompleteness(DEFAULT_COMPLETENESS_RULES, defs, bare).score).toBeLessThan(100);
    const { rules } = validateRules({ minImages: 0, barcodes: false });
    const c = assessCompleteness(rules, defs, bare);
    expect(c.checks.map((x) => x.key)).not.toContain('images');
    expect(c.checks.map((x) => x.key)).not.toContain('barcodes');
    expect(c.score).toBe(100);
  });

  it('describes the rules in words for the audit trail', () => {
    expect(describeRules(rulesOf({ minImages: 2, barcodes: false }))).toMatchObject({
      'Minimum images': '2',
      'Every variant has a barcode': 'no',
    });
  });
});
