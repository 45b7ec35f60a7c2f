import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { FEED_DEFAULT_LIMIT, FEED_MAX_LIMIT } from '#contracts';
import { IntegerField } from '../common/dto-fields.js';

export class FeedQueryDto {
  @ApiPropertyOptional({
    description: 'Resume after this cursor: a page’s `next`, or any event’s `sequence`. From the start of the log when absent.',
    example: 'MTIzNC41Njc',
  })
  @IsOptional()
  @IsString({ message: '$property must be a cursor this feed handed out' })
  @MaxLength(100, { message: '$property must be a cursor this feed handed out' })
  after?: string;

  @IntegerField(`Most events in the page (${FEED_DEFAULT_LIMIT} when absent)`, { min: 1, max: FEED_MAX_LIMIT }, true)
  limit?: number;
}
