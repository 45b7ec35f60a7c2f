import { InvalidArgumentError, Option } from 'commander';
import { DEFAULT_MONEY_LOCALE, supportedLocale } from '#domain';

/** `--locale`: how a command writes amounts (one formatting for the CLI and the demo: formatMinorUnits). */
export function localeOption(): Option {
  return new Option('--locale <locale>', 'how amounts are written, as a BCP 47 locale (en-GB: 12,345.67)')
    .default(DEFAULT_MONEY_LOCALE)
    .argParser((value: string) => {
      const locale = supportedLocale(value);
      if (locale === undefined) throw new InvalidArgumentError(`${value} is not a locale this Node.js can write numbers in (e.g. da-DK, en-GB)`);
      return locale;
    });
}
