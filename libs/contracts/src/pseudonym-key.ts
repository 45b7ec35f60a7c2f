import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { AppConfig } from '#config';
import { readOrCreateSecret } from '#database';

/** The secret under which CPR numbers become participant pseudonyms (§9). */
export class PseudonymKey {
  constructor(readonly key: Buffer) {}

  /**
   * PSEUDONYM_KEY when set; otherwise a key generated once and kept in DATA_DIR/pseudonym.key
   * (development). Losing the key means the same citizen can no longer be recognised at referral.
   */
  static fromConfig(config: AppConfig): PseudonymKey {
    if (config.PSEUDONYM_KEY) return new PseudonymKey(Buffer.from(config.PSEUDONYM_KEY, 'hex'));
    const file = join(config.DATA_DIR, 'pseudonym.key');
    const existed = existsSync(file);
    const key = readOrCreateSecret(file, () => randomBytes(32).toString('hex'));
    if (!existed) new Logger('PseudonymKey').warn(`PSEUDONYM_KEY not set: generated a development key in ${file}`);
    return new PseudonymKey(Buffer.from(key, 'hex'));
  }
}
