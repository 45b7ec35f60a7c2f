import { ApiProperty } from '@nestjs/swagger';
import type { StoredCheckpoint } from '#ledger/service/index.js';

export class CheckpointResponse {
  @ApiProperty({ description: 'Leaves (events) the checkpoint covers' }) treeSize!: number;
  @ApiProperty({ description: 'RFC 9162 root of the tree of that size, hex' }) rootHash!: string;
  @ApiProperty() origin!: string;
  @ApiProperty({ description: 'Streams whose last leaf the checkpoint signs' }) headsCount!: number;
  @ApiProperty({ description: 'RFC 9162 root of the streams’ heads tree, hex' }) headsRoot!: string;
  @ApiProperty({ description: 'When it was signed (UTC)' }) signedAt!: string;
  @ApiProperty({ description: 'The C2SP signed note: keep it, and check later ones against it with a consistency proof' }) note!: string;

  static of(stored: StoredCheckpoint): CheckpointResponse {
    const { checkpoint } = stored;
    return {
      treeSize: stored.treeSize,
      rootHash: checkpoint.rootHash.toString('hex'),
      origin: checkpoint.origin,
      headsCount: checkpoint.heads.count,
      headsRoot: checkpoint.heads.root.toString('hex'),
      signedAt: stored.signedAt,
      note: stored.note,
    };
  }
}
