import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

const MESSAGE = '$property must be a tree size: a whole number from 1';

/** `?treeSize=`: the checkpoint to prove against (the latest when absent). */
export class TreeSizeQuery {
  @ApiPropertyOptional({ description: 'The size of a signed checkpoint to prove against; the latest checkpoint when absent', minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: MESSAGE })
  @Min(1, { message: MESSAGE })
  @Max(Number.MAX_SAFE_INTEGER, { message: MESSAGE })
  treeSize?: number;
}

export class TreeSizeParam {
  @Type(() => Number)
  @IsInt({ message: MESSAGE })
  @Min(1, { message: MESSAGE })
  @Max(Number.MAX_SAFE_INTEGER, { message: MESSAGE })
  treeSize!: number;
}
