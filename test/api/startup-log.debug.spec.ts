import { isRouteLine, startupLines } from '#test-support/startup-log.js';

describe('the start-up log at debug', () => {
  it('keeps the route mapping, for whoever wants it', async () => {
    const lines = await startupLines('debug');
    expect(lines.filter(isRouteLine).length).toBeGreaterThan(50);
  });
});
