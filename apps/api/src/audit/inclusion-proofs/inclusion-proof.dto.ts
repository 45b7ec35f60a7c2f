import { ApiProperty } from '@nestjs/swagger';
import { PAYMENT_STATES, type PaymentState } from '#domain';
import { IsUUID } from 'class-validator';
import { IntegerField } from '../../common/dto-fields.js';

export class LedgerIndexParam {
  @IntegerField('A ledger index (0-based)', { min: 0, max: Number.MAX_SAFE_INTEGER }) index!: number;
}

export class EventIdParam {
  @IsUUID('all', { message: '$property must be an event id (a UUID)' })
  eventId!: string;
}

export class InclusionProofResponse {
  @ApiProperty({ description: 'The event’s position in the ledger (0-based)' }) ledgerIndex!: number;
  @ApiProperty({ description: 'The size of the checkpoint the proof is for' }) treeSize!: number;
  @ApiProperty() streamId!: string;
  @ApiProperty({
    description:
      'The leaf’s exact bytes (the UTF-8 of this string, RFC 8785 JSON of the event’s envelope, its ledger index and its stream’s previous leaf); its hash is SHA-256(0x00 ‖ bytes)',
  })
  leaf!: string;
  @ApiProperty({ description: 'The leaf hash the ledger stored, hex' }) leafHash!: string;
  @ApiProperty({ type: [String], description: 'RFC 9162 inclusion path, hex, from the leaf up' }) proof!: string[];
  @ApiProperty({ description: 'The signed checkpoint (C2SP note) of treeSize' }) checkpoint!: string;
}

class PaymentEventResponse {
  @ApiProperty({ description: 'Its id: its own proof is GET /ledger/events/{eventId}/inclusion-proof' }) eventId!: string;
  @ApiProperty({ example: 'PaymentConfirmed' }) type!: string;
  @ApiProperty() streamVersion!: number;
}

class PaymentOfProofResponse {
  @ApiProperty() paymentId!: string;
  @ApiProperty({ enum: PAYMENT_STATES, description: 'Where its money stands, from its events (docs/rules.md §7)' }) state!: PaymentState;
  @ApiProperty({ type: [PaymentEventResponse], description: 'The events of this payment identity in log order' }) events!: PaymentEventResponse[];
}

export class PaymentProofResponse extends InclusionProofResponse {
  @ApiProperty({ type: PaymentOfProofResponse }) payment!: PaymentOfProofResponse;
}
