import { startTestApp } from '#test-support/test-app.js';

export interface LogLine {
  level: number;
  msg?: string;
  context?: string;
}

/**
 * The lines an app logs while it starts, at the given level. One app per test file: nestjs-pino
 * keeps the first app's logger for the process, so a second app's Nest lines would go there.
 */
export async function startupLines(level: string): Promise<LogLine[]> {
  const lines: LogLine[] = [];
  const t = await startTestApp({ LOG_LEVEL: level }, { logDestination: { write: (line: string) => lines.push(JSON.parse(line) as LogLine) } });
  await t.close();
  return lines;
}

export const isRouteLine = (line: LogLine): boolean =>
  /Mapped \{/.test(line.msg ?? '') || line.context === 'RouterExplorer' || line.context === 'RoutesResolver';
