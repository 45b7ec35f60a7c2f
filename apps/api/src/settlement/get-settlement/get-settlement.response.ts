import { ApiProperty } from '@nestjs/swagger';
import type { SettlementProposalView, SettlementView } from '#contracts';
import { type ContractPayment, PAYMENT_STATES, type PaymentTotals } from '#domain';
import { SettlementFiguresResponse } from '../settlement.responses.js';

class SettlementProposalResponse implements SettlementProposalView {
  @ApiProperty({ example: 1 }) proposalId!: number;
  @ApiProperty({ enum: ['commissioner', 'investor'], description: 'The party that proposed it, and so accepted it' })
  proposedBy!: SettlementProposalView['proposedBy'];
  @ApiProperty({ description: 'Its party id in the contract', example: 'aalborg-kommune' }) proposedByParty!: string;
  @ApiProperty({ description: 'Position of the SettlementProposed fact' }) position!: number;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ description: 'The log version the proposal was computed at' }) computedAtVersion!: number;
  @ApiProperty({ enum: ['provisional', 'final'], description: 'The status when proposed' }) status!: SettlementProposalView['status'];
  @ApiProperty() achieved!: number;
  @ApiProperty() confirmed!: number;
  @ApiProperty() future!: number;
  @ApiProperty() due!: number;
  @ApiProperty() linesSha256!: string;
  @ApiProperty({ description: 'The latest proposal, not withdrawn, and the settlement has not changed since: the one to accept' }) current!: boolean;
  @ApiProperty({ type: [String], enum: ['commissioner', 'investor'], description: 'The proposer, then the other party once it accepted' })
  acceptedBy!: SettlementProposalView['acceptedBy'];
  @ApiProperty({ description: 'Withdrawn by its proposer: it can no longer be accepted' }) withdrawn!: boolean;
}

class SupersededAmountResponse {
  @ApiProperty({ example: 'aalborg-impact60:p_3f9a0c1e5b7d2a4c6e8f0a1b2c3d4e5f:JOB_START:1:1' }) paymentId!: string;
  @ApiProperty({ description: 'The open amount the settlement netted (minor units): positive was due, negative was to recover', example: 2000000 })
  amount!: number;
}

class ContractPaymentResponse implements ContractPayment {
  @ApiProperty({ example: 'aalborg-impact60:adjustment:1' }) paymentId!: string;
  @ApiProperty({ enum: ['outcome', 'settlement', 'adjustment'] }) kind!: ContractPayment['kind'];
  @ApiProperty({ description: 'Signed (minor units): negative is money to collect from the payee', example: -2000000 }) amount!: number;
  @ApiProperty({ enum: PAYMENT_STATES }) state!: ContractPayment['state'];
  @ApiProperty({ description: 'What it still asks to move (minor units): positive to pay, negative to recover, 0 when nothing', example: -2000000 })
  open!: number;
}

class PaymentTotalsResponse implements PaymentTotals {
  @ApiProperty({ description: 'Money paid: outcome payments, and the settlement’s and adjustments’ positive amounts (minor units)' }) paid!: number;
  @ApiProperty({ description: 'Money that came back (minor units)' }) recovered!: number;
  @ApiProperty({ description: 'Open amounts to pay (minor units)' }) due!: number;
  @ApiProperty({ description: 'Open amounts to recover (minor units)' }) toRecover!: number;
  @ApiProperty({ description: 'The open amounts the agreed settlement netted: due less to recover (minor units)' }) superseded!: number;
  @ApiProperty({ description: 'What the rules, then the agreement, say is owed in all: paid − recovered + due − toRecover (minor units)' }) owed!: number;
}

class SettlementAgreementResponse {
  @ApiProperty() proposalId!: number;
  @ApiProperty({ description: 'The settlement’s payment identity (contract:settlement:proposal)', example: 'aalborg-impact60:settlement:1' })
  paymentId!: string;
  @ApiProperty({ description: 'The agreed due (minor units)' }) amount!: number;
  @ApiProperty({ description: 'Position of the SettlementAgreed fact' }) position!: number;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ type: [SupersededAmountResponse], description: 'The payment identities whose open amounts it netted, in the order verified' })
  supersedes!: SupersededAmountResponse[];
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
  @ApiProperty({ type: SettlementPaymentResponse, nullable: true, description: 'The agreed settlement’s payment, once settled' })
  payment!: SettlementPaymentResponse | null;
  @ApiProperty({ type: [ContractPaymentResponse], description: 'The settlement’s payment identity and its adjustments, each with its state' })
  payments!: ContractPaymentResponse[];
  @ApiProperty({ type: PaymentTotalsResponse, description: 'The contract’s money around the settlement' }) money!: PaymentTotalsResponse;
}
