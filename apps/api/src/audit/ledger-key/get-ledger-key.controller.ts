import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public } from '#auth';
import { LedgerKey } from '#ledger/service/index.js';

export class LedgerKeyResponse {
  @ApiProperty({ description: 'The log’s origin: the first line of every checkpoint and the key’s name', example: 'outcome-verification.dev/ledger-1a2b3c4d' })
  origin!: string;
  @ApiProperty({ description: 'C2SP verifier key: <name>+<hex key id>+<base64(0x01 ‖ Ed25519 public key)>' })
  verifierKey!: string;
  @ApiProperty({ example: 'Ed25519' }) algorithm!: string;
}

/** The public key checkpoints are signed with: public, so that anyone can pin it before trusting an export. */
@ApiTags('audit')
@Controller()
export class GetLedgerKeyController {
  constructor(private readonly key: LedgerKey) {}

  @Get('ledger/public-key')
  @Public()
  @ApiOperation({ summary: 'The ledger’s public key (verifier key of its signed checkpoints)' })
  @ApiOkResponse({ type: LedgerKeyResponse })
  get(): LedgerKeyResponse {
    return { origin: this.key.origin, verifierKey: this.key.verifierKey, algorithm: 'Ed25519' };
  }
}
