import { FactsBuilder } from '../../testing/participant-facts.builder.js';
import { progressOf } from '../../testing/trigger-progress.helpers.js';
import { triggerTypeOf } from './trigger.registry.js';

describe('placementStart progress', () => {
  it('has one stage: no progress on any day, whatever was placed', () => {
    expect(triggerTypeOf('placementStart').staged).toBe(false);
    const b = new FactsBuilder().enrol('2019-01-07').placement('A', '2019-01-14').evidence('EA', 'A', '2019-01-14', '2019-03-31');
    const p = progressOf({ type: 'placementStart', minHoursPerWeek: 16 }, b.facts);
    expect(['2019-01-07', '2019-01-20', '2019-03-31'].map(p.on)).toEqual([0, 0, 0]);
    expect(p.firstReached(1, 1)).toBeUndefined();
    expect(p.firstReached(2, 30)).toBeUndefined();
  });
});
