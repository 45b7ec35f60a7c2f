import { isRouteLine, startupLines } from '#test-support/startup-log.js';

describe('the start-up log at info', () => {
  it('has no route mapping and no module lines, only what an operator acts on', async () => {
    const lines = await startupLines('info');
    expect(lines.filter(isRouteLine)).toEqual([]);
    expect(lines.filter((line) => line.context === 'InstanceLoader' || line.context === 'NestFactory')).toEqual([]);
    expect(lines.some((line) => line.context === 'Subscriptions')).toBe(true);
    expect(lines.length).toBeLessThan(10);
  });
});
