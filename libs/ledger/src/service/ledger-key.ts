import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '#config';
import { makeFolders } from '#database';
import { NoteKeyError, NoteSigner } from '../note/note-keys.js';

/** The ledger's checkpoint signing key (and so its origin and published verifier key). */
export class LedgerKey {
  constructor(readonly signer: NoteSigner) {}

  get origin(): string {
    return this.signer.name;
  }

  /** The verifier key string an auditor trusts: `<origin>+<key id>+<base64 public key>`. */
  get verifierKey(): string {
    return this.signer.verifier.toString();
  }

  /**
   * LEDGER_SIGNING_KEY when set; otherwise a key generated once into DATA_DIR/ledger-signing.key
   * (development). A bad key stops the process with a message naming the variable, never the key.
   */
  static fromConfig(config: AppConfig): LedgerKey {
    if (config.LEDGER_SIGNING_KEY) return new LedgerKey(parse(config.LEDGER_SIGNING_KEY, 'LEDGER_SIGNING_KEY'));
    const file = join(config.DATA_DIR, 'ledger-signing.key');
    if (!existsSync(file)) {
      // Made as the database makes it (whichever comes first): as root, one the embedded server's user may pass through.
      makeFolders(config.DATA_DIR);
      const { skey } = NoteSigner.generate(`outcome-verification.dev/ledger-${randomBytes(4).toString('hex')}`);
      writeFileSync(file, `${skey}\n`, { mode: 0o600 });
      new Logger('LedgerKey').warn(`LEDGER_SIGNING_KEY not set: generated a development signing key in ${file}`);
    }
    return new LedgerKey(parse(readFileSync(file, 'utf8'), file));
  }
}

function parse(skey: string, source: string): NoteSigner {
  try {
    return NoteSigner.parse(skey);
  } catch (error) {
    const why = error instanceof NoteKeyError ? error.message : 'it cannot be read';
    throw new Error(`${source} is not a ledger signing key (PRIVATE+KEY+<origin>+<key id>+<base64 key>): ${why}`, { cause: error });
  }
}
