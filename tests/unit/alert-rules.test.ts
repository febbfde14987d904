import { describe, expect, it } from 'vitest';
import {
  authSpike,
  breaches,
  describeRule,
  recovered,
  ruleProblems,
  stepRule,
  type RuleSpec,
  type RuleStatus,
  type Sample,
  type Transition,
} from '@/lib/alerts/rules';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 1);

/** Runs a rule over a synthetic minute series, one evaluation per minute, and returns every transition. */
function run(spec: RuleSpec, samples: Sample[]): { transitions: Transition[]; states: string[] } {
  let status: RuleStatus = { state: 'ok', since: T0 };
  const transitions: Transition[] = [];
  const states: string[] = [];
  samples.forEach((s, i) => {
    const r = stepRule(spec, status, s, T0 + i * MIN);
    status = r.status;
    transitions.push(...r.transitions);
    states.push(status.state);
  });
  return { transitions, states };
}

const rate = (values: number[], volume = 100): Sample[] => values.map((value) => ({ value, volume }));
const successRule: RuleSpec = {
  metric: 'success_rate',
  threshold: 0.9,
  recoveryThreshold: 0.95,
  forSeconds: 180,
  minVolume: 20,
};

/** A deterministic pseudo-random series (LCG), so the noise test is the same on every run. */
function noisy(n: number, centre: number, amplitude: number, seed = 42): number[] {
  let x = seed;
  return Array.from({ length: n }, () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    return centre + ((x / 2 ** 31) * 2 - 1) * amplitude;
  });
}

describe('alert rule state machine', () => {
  it('goes ok → pending → firing only after breaching for the whole "for" duration', () => {
    const { transitions, states } = run(successRule, rate([0.99, 0.8, 0.8, 0.8, 0.8, 0.8]));
    expect(states).toEqual(['ok', 'pending', 'pending', 'pending', 'firing', 'firing']);
    expect(transitions.map((t) => `${t.from}>${t.to}`)).toEqual(['ok>pending', 'pending>firing']);
    expect(transitions[1]!.at - transitions[0]!.at).toBe(3 * MIN);
  });

  it('a breach shorter than "for" never fires', () => {
    const { transitions } = run(successRule, rate([0.99, 0.8, 0.8, 0.99, 0.8, 0.8, 0.99]));
    expect(transitions.some((t) => t.to === 'firing')).toBe(false);
    expect(transitions.filter((t) => t.to === 'pending')).toHaveLength(2);
  });

  it('resolves only past the recovery threshold (hysteresis), not when merely back above the threshold', () => {
    const { states } = run(successRule, rate([0.5, 0.5, 0.5, 0.5, 0.92, 0.93, 0.94, 0.96, 0.99]));
    expect(states.slice(3, 7)).toEqual(['firing', 'firing', 'firing', 'firing']);
    expect(states[7]).toBe('resolved');
    expect(states[8]).toBe('resolved');
  });

  it('does not flap on a noisy series around the threshold', () => {
    // Two hours of success rate wobbling ±4 points around 90%: without hysteresis and "for" this would open
    // and close dozens of incidents.
    const series = noisy(120, 0.9, 0.04);
    const naive = run({ ...successRule, recoveryThreshold: null, forSeconds: 0 }, rate(series)).transitions.filter(
      (t) => t.to === 'firing',
    );
    expect(naive.length).toBeGreaterThan(10);
    const { transitions } = run(successRule, rate(series));
    expect(transitions.filter((t) => t.to === 'firing').length).toBeLessThanOrEqual(1);
    expect(transitions.filter((t) => t.to === 'resolved').length).toBeLessThanOrEqual(1);
  });

  it('a sustained outage within the noise still fires once and resolves once', () => {
    const series = [...noisy(30, 0.97, 0.02), ...noisy(20, 0.6, 0.1, 7), ...noisy(30, 0.98, 0.01, 9)];
    const { transitions } = run(successRule, rate(series));
    expect(transitions.filter((t) => t.to === 'firing')).toHaveLength(1);
    expect(transitions.filter((t) => t.to === 'resolved')).toHaveLength(1);
  });

  it('below the minimum volume: no breach, and a firing rule is not resolved by silence', () => {
    expect(run(successRule, rate([0, 0, 0, 0, 0], 5)).transitions).toEqual([]);
    const { states } = run(successRule, [
      ...rate([0.5, 0.5, 0.5, 0.5]),
      { value: null, volume: 0 },
      { value: 1, volume: 3 },
      { value: 1, volume: 50 },
    ]);
    expect(states).toEqual(['pending', 'pending', 'pending', 'firing', 'firing', 'firing', 'resolved']);
  });

  it('"for" 0 fires on the first breach; "above" metrics compare the other way', () => {
    const p99: RuleSpec = {
      metric: 'p99_latency',
      threshold: 5000,
      recoveryThreshold: 4000,
      forSeconds: 0,
      minVolume: 1,
    };
    const { transitions, states } = run(p99, rate([100, 6000, 4500, 3900]));
    expect(transitions.map((t) => `${t.from}>${t.to}`)).toEqual(['ok>pending', 'pending>firing', 'firing>resolved']);
    expect(states).toEqual(['ok', 'firing', 'firing', 'resolved']);
    expect(breaches(p99, 5001)).toBe(true);
    expect(recovered(p99, 4001)).toBe(false);
  });

  it('a resolved rule can fire again (a new incident)', () => {
    const p: RuleSpec = { metric: 'low_stock_count', threshold: 5, recoveryThreshold: 2, forSeconds: 60, minVolume: 0 };
    const { transitions } = run(p, rate([9, 9, 1, 9, 9]));
    expect(transitions.map((t) => t.to)).toEqual(['pending', 'firing', 'resolved', 'pending', 'firing']);
  });

  it('refuses a recovery threshold on the wrong side and rates outside 0..1', () => {
    expect(ruleProblems({ ...successRule, recoveryThreshold: 0.8 })?.recoveryThreshold).toMatch(/at or above/);
    expect(ruleProblems({ ...successRule, threshold: 90 })?.threshold).toMatch(/between 0 and 1/);
    expect(
      ruleProblems({ metric: 'p95_latency', threshold: 1000, recoveryThreshold: 1500, forSeconds: 0, minVolume: 0 })
        ?.recoveryThreshold,
    ).toMatch(/at or below/);
    expect(ruleProblems(successRule)).toBeNull();
  });

  it('describes a rule in words', () => {
    expect(describeRule({ ...successRule, windowMinutes: 10 })).toBe(
      'Success rate below 90.0% over 10 min for 3 min (recovers at 95.0%)',
    );
  });
});

describe('AUTH_REQUIRED spike value', () => {
  it('is the window count over the previous hour scaled to the window, with a baseline of at least 1', () => {
    const end = T0 + 120 * MIN;
    // 60 per hour before (1/min → 10 per 10-min window), 40 in the window: 4×.
    const minutes = [
      ...Array.from({ length: 60 }, (_, i) => ({ t: end - 70 * MIN + i * MIN, authRequired: 1 })),
      ...Array.from({ length: 10 }, (_, i) => ({ t: end - 10 * MIN + i * MIN, authRequired: 4 })),
    ];
    expect(authSpike(minutes, end, 10)).toEqual({ value: 4, volume: 40 });
    expect(authSpike([{ t: end - MIN, authRequired: 12 }], end, 10)).toEqual({ value: 12, volume: 12 });
  });
});
