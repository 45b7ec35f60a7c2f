import { Command } from 'commander';
import type { ImportReport } from '#contracts';
import { formatImportReport } from './import.command.js';
import { localeOption } from './locale.option.js';

/** The locale a command gets from these arguments. */
function localeFrom(args: string[]): string {
  const command = new Command('t')
    .addOption(localeOption())
    .exitOverride()
    .configureOutput({ writeErr: () => undefined });
  command.parse(args, { from: 'user' });
  return command.opts<{ locale: string }>().locale;
}

const report = (netAmount: number): ImportReport =>
  ({
    contractId: 'aalborg-impact60',
    lines: 1,
    accepted: 1,
    unchanged: 0,
    duplicates: 0,
    rejected: [],
    recorded: 1,
    outcomes: { verified: 1, reversed: 0, netAmount },
    version: 7,
    referrals: [],
  }) as unknown as ImportReport;

describe('--locale', () => {
  it('is da-DK unless given', () => {
    expect(localeFrom([])).toBe('da-DK');
    expect(localeFrom(['--locale', 'en-GB'])).toBe('en-GB');
  });

  it('refuses a locale Intl cannot write numbers in', () => {
    expect(() => localeFrom(['--locale', 'qq-QQ'])).toThrow(/qq-QQ is not a locale/);
  });

  it("writes the import report's 1234567 øre as 12.345,67 (da-DK) or 12,345.67 (en-GB)", () => {
    expect(formatImportReport(report(1234567), localeFrom(['--locale', 'da-DK']))[1]).toContain('(net +12.345,67)');
    expect(formatImportReport(report(1234567), localeFrom(['--locale', 'en-GB']))[1]).toContain('(net +12,345.67)');
  });
});
