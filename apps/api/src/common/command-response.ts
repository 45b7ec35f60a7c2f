import { ApiProperty } from '@nestjs/swagger';
import type { CommandResult, RecordedEvent } from '#event-store';

export class RecordedFactView {
  @ApiProperty({ description: 'Position in the contract’s log', example: 7 }) position!: number;
  @ApiProperty({ example: 'PayrollEvidenceRecorded' }) type!: string;
  @ApiProperty({ example: '2026-11-29T10:15:00.123456Z' }) recordedAt!: string;
  @ApiProperty({ description: 'The fact as recorded', type: 'object', additionalProperties: true }) data!: object;
}

export class CommandResponse {
  @ApiProperty({ example: 'aalborg-impact60' }) contractId!: string;
  @ApiProperty({ description: 'The contract log’s version after the command', example: 8 }) version!: number;
  @ApiProperty({ description: 'True when this was a retry (same Idempotency-Key): nothing new was recorded' }) duplicate!: boolean;
  @ApiProperty({ type: [RecordedFactView], description: 'The fact, then any outcomes it verified or reversed' }) events!: RecordedFactView[];
}

export function toCommandResponse(contractId: string, result: CommandResult): CommandResponse {
  return {
    contractId,
    version: result.version,
    duplicate: result.duplicate,
    events: result.events.map((event: RecordedEvent) => ({
      position: event.streamVersion,
      type: event.type,
      recordedAt: event.recordedAt,
      data: event.data as object,
    })),
  };
}
