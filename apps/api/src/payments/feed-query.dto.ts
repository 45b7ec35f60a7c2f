import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { FEED_DEFAULT_LIMIT, FEED_MAX_LIMIT } from '#contracts';

export class FeedQueryDto {
  @ApiPropertyOptional({
    description: 'Resume after this cursor: a page’s `next`, or any event’s `sequence`. From the start of the log when absent.',
    example: 'MTIzNC41Njc',
  })
  @IsOptional()
  @IsString({ message: '$property must be a cursor this feed handed out' })
  @MaxLength(100, { message: '$property must be a cursor this feed handed out' })
  after?: string;

  @ApiPropertyOptional({ description: 'Most events in the page', minimum: 1, maximum: FEED_MAX_LIMIT, default: FEED_DEFAULT_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: `$property must be an integer from 1 to ${FEED_MAX_LIMIT}` })
  @Min(1, { message: `$property must be an integer from 1 to ${FEED_MAX_LIMIT}` })
  @Max(FEED_MAX_LIMIT, { message: `$property must be an integer from 1 to ${FEED_MAX_LIMIT}` })
  limit?: number;
}
