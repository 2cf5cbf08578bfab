import { nameSimilarity } from './name-similarity';

describe('nameSimilarity', () => {
  it.each([
    ['customer_id', 'Customer ID', 1],
    ['zip', 'zip_code', 0.71],
    ['email', 'e_mail', 1],
    ['amount', 'amt', 0.5],
    ['first_name', 'last_name', 0.67],
    ['city', 'price', 0.2],
  ])('%s ~ %s ≈ %f', (a, b, expected) => {
    expect(nameSimilarity(a, b)).toBeCloseTo(expected, 2);
    expect(nameSimilarity(b, a)).toBeCloseTo(expected, 2);
  });
});
