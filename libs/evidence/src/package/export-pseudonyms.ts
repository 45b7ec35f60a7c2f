import { createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * The pseudonyms of one evidence package: HMAC-SHA-256 of the in-service pseudonym (and of the
 * employer reference) under a key made for this export alone, so that two packages share no
 * pseudonym; or, when the evaluator names a study key, under a key derived from the service's
 * secret, the evaluator and that name, so that the packages of one study can be joined (and only
 * those). The key is never written anywhere.
 */
export class ExportPseudonyms {
  // Every row of a participant names it: computed once per participant (and employer).
  private readonly known = new Map<string, string>();

  private constructor(
    private readonly key: Buffer,
    /** The study key's name, or null for a key of this export only. */
    readonly studyKey: string | null,
  ) {}

  static forThisExport(): ExportPseudonyms {
    return new ExportPseudonyms(randomBytes(32), null);
  }

  static forStudy(secret: Buffer, evaluator: string, studyKey: string): ExportPseudonyms {
    const info = `outcome-verification evidence study key\0${evaluator}\0${studyKey}`;
    return new ExportPseudonyms(Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), info, 32)), studyKey);
  }

  /** `e_` and 32 hex digits (128 bits). */
  participant(participantId: string): string {
    return this.remembered(`participant\0${participantId}`, 'e_', 32);
  }

  /** `m_` and 16 hex digits: enough to tell a contract's employers apart, and nothing else. */
  employer(employerRef: string): string {
    return this.remembered(`employer\0${employerRef}`, 'm_', 16);
  }

  private remembered(input: string, prefix: string, hexDigits: number): string {
    let pseudonym = this.known.get(input);
    if (pseudonym === undefined) {
      pseudonym = `${prefix}${createHmac('sha256', this.key).update(input, 'utf8').digest('hex').slice(0, hexDigits)}`;
      this.known.set(input, pseudonym);
    }
    return pseudonym;
  }
}
