import { ApiProperty } from '@nestjs/swagger';
import type { SettlementProposalView, SettlementView } from '#contracts';
import { SettlementFiguresResponse } from '../settlement.responses.js';

class SettlementProposalResponse implements SettlementProposalView {
  @ApiProperty({ example: 1 }) proposalId!: number;
  @ApiProperty({ enum: ['commissioner', 'investor'] }) proposedBy!: SettlementProposalView['proposedBy'];
  @ApiProperty({ description: 'Position of the SettlementProposed fact' }) position!: number;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ description: 'The log version the proposal was computed at' }) computedAtVersion!: number;
  @ApiProperty({ enum: ['provisional', 'final'], description: 'The status when proposed' }) status!: SettlementProposalView['status'];
  @ApiProperty() achieved!: number;
  @ApiProperty() confirmed!: number;
  @ApiProperty() future!: number;
  @ApiProperty() due!: number;
  @ApiProperty() linesSha256!: string;
  @ApiProperty({ description: 'The latest proposal, and the settlement has not changed since: the one to agree' }) current!: boolean;
  @ApiProperty({ type: [String], enum: ['commissioner', 'investor'] }) acceptedBy!: SettlementProposalView['acceptedBy'];
}

class SettlementAgreementResponse {
  @ApiProperty() proposalId!: number;
  @ApiProperty({ description: 'The settlement’s payment identity (contract:settlement:proposal)', example: 'aalborg-impact60:settlement:1' }) paymentId!: string;
  @ApiProperty({ description: 'The agreed due (minor units)' }) amount!: number;
  @ApiProperty({ description: 'Position of the SettlementAgreed fact' }) position!: number;
  @ApiProperty() recordedAt!: string;
}

class SettlementPaymentResponse {
  @ApiProperty() paymentId!: string;
  @ApiProperty({ example: 'UDB-2020-09-0001' }) reference!: string;
  @ApiProperty({ format: 'date' }) confirmedOn!: string;
  @ApiProperty({ description: 'Minor units' }) amount!: number;
  @ApiProperty({ description: 'Position of the SettlementPaid fact' }) position!: number;
  @ApiProperty() recordedAt!: string;
}

export class SettlementResponse extends SettlementFiguresResponse implements SettlementView {
  @ApiProperty({ type: [SettlementProposalResponse], description: 'Proposals in the order made' }) proposals!: SettlementProposalResponse[];
  @ApiProperty({ type: SettlementAgreementResponse, nullable: true }) agreement!: SettlementAgreementResponse | null;
  @ApiProperty({ type: SettlementPaymentResponse, nullable: true }) payment!: SettlementPaymentResponse | null;
}
