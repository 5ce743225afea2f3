import { type CostEstimate, currentAwsFootprint } from './estimate';

const money = (amount: number, currency: string) =>
  `${currency === 'EUR' ? '€' : '$'}${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** One environment's estimate as lines: a total, then each item at minimum and expected sizes. */
export function formatEstimate(estimate: CostEstimate): string[] {
  const m = (amount: number) => money(amount, estimate.currency);
  return [
    `${estimate.environment}: ${m(estimate.minimum)}/month at minimum, ${m(estimate.expected)} expected (${estimate.currency}, list prices of ${estimate.priceDate}, excl. tax and traffic)`,
    ...estimate.lines
      .filter((l) => l.minimumCost > 0 || l.expectedCost > 0)
      .map((l) => {
        const quantity = l.minimum === l.expected ? `${l.minimum}` : `${l.minimum}..${l.expected}`;
        const cost = l.minimumCost === l.expectedCost ? m(l.minimumCost) : `${m(l.minimumCost)}..${m(l.expectedCost)}`;
        return `  ${l.item}: ${quantity} -> ${cost}`;
      }),
    ...estimate.unpriced.map((u) => `  not priced: ${u}`),
  ];
}

/** The one-line summary synth prints per environment, and the comparison with HOT's AWS footprint today. */
export function costSummary(estimates: readonly CostEstimate[]): string[] {
  return [
    ...estimates.map((e) => formatEstimate(e)[0]),
    `HOT's AWS footprint today (7 on-demand t3.xlarge, EKS, a NAT gateway, a load balancer): ${money(currentAwsFootprint(), 'USD')}/month; details: npm run cost`,
  ];
}
