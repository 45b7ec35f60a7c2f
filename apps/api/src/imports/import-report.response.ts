import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ImportedOutcome, ImportedReferral, ImportReport, RejectedLine } from '#contracts';
import type { CapReason } from '#domain';

export class RejectedLineResponse implements RejectedLine {
  @ApiProperty({ description: 'Line number in the file (1-based; blank lines count)', example: 17 }) line!: number;
  @ApiPropertyOptional({ description: 'The line’s commandId, when it had a well-formed one', example: 'dream-2019-04:000017' }) commandId?: string;
  @ApiProperty({ description: 'Machine-readable reason', example: 'participant-not-enrolled' }) error!: string;
  @ApiPropertyOptional({ description: 'The field at fault: commandId, type, data or data.<field>', example: 'data.participantId' }) field?: string;
  @ApiProperty({ description: 'For people; never contains a CPR number', example: 'Participant p_3f9a… is not enrolled.' }) message!: string;
}

export class ImportedOutcomeResponse implements ImportedOutcome {
  @ApiProperty({ description: 'The line whose fact verified or reversed it' }) line!: number;
  @ApiProperty() commandId!: string;
  @ApiProperty({ enum: ['OutcomeVerified', 'OutcomeReversed'] }) type!: 'OutcomeVerified' | 'OutcomeReversed';
  @ApiProperty({ example: 'aalborg-impact60:p_3f9a0c1e5b7d2a4c6e8f0a1b2c3d4e5f:JOB_START:1:1' }) paymentId!: string;
  @ApiProperty() participantId!: string;
  @ApiProperty({ example: 'JOB_START' }) outcomeCode!: string;
  @ApiProperty() occurrence!: number;
  @ApiProperty() revision!: number;
  @ApiProperty({ description: 'Minor units; negative for a reversal', example: 2000000 }) amount!: number;
  @ApiPropertyOptional({ format: 'date', description: 'Verifications only' }) achievedOn?: string;
  @ApiPropertyOptional({ type: String, nullable: true, enum: ['participant-cap', 'contract-cap'], description: 'Verifications only' })
  capReason?: CapReason | null;
}

export class ImportedOutcomesResponse {
  @ApiProperty({ description: 'Outcomes verified by this import' }) verified!: number;
  @ApiProperty({ description: 'Outcomes reversed by this import' }) reversed!: number;
  @ApiProperty({ description: 'Verified minus reversed amounts, minor units' }) netAmount!: number;
  @ApiProperty({ type: [ImportedOutcomeResponse] }) events!: ImportedOutcomeResponse[];
}

export class ImportedReferralResponse implements ImportedReferral {
  @ApiProperty() line!: number;
  @ApiProperty() commandId!: string;
  @ApiProperty({ description: 'The participant’s pseudonym: use it in the participant’s later lines', example: 'p_3f9a0c1e5b7d2a4c6e8f0a1b2c3d4e5f' })
  participantId!: string;
}

export class ImportReportResponse implements ImportReport {
  @ApiProperty({ example: 'aalborg-impact60' }) contractId!: string;
  @ApiProperty({ description: 'Non-blank lines read; = accepted + duplicates + rejected.length' }) lines!: number;
  @ApiProperty({ description: 'Lines applied by this import, each whole' }) accepted!: number;
  @ApiProperty({ description: 'Of the accepted lines, those that recorded nothing because the log already said the same' }) unchanged!: number;
  @ApiProperty({ description: 'Lines whose commandId was already imported: nothing recorded again' }) duplicates!: number;
  @ApiProperty({ type: [RejectedLineResponse], description: 'Lines not applied, by line number' }) rejected!: RejectedLineResponse[];
  @ApiProperty({ description: 'Events recorded: facts and the outcomes they verified or reversed' }) recorded!: number;
  @ApiProperty({ description: 'The contract log’s version after the import' }) version!: number;
  @ApiProperty({ type: ImportedOutcomesResponse }) outcomes!: ImportedOutcomesResponse;
  @ApiProperty({ type: [ImportedReferralResponse], description: 'Referral lines and the pseudonyms their CPR numbers became' })
  referrals!: ImportedReferralResponse[];
  @ApiPropertyOptional({ description: 'Set when reading stopped before the end of the file, after too many rejected lines: the last line read' })
  stoppedAtLine?: number;
}
