import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PSEUDONYM_PATTERN } from '#domain';
import { PAGE_DEFAULT_LIMIT, PAGE_MAX_LIMIT, type PageLinks } from '#event-store';
import { AsOfQuery } from './as-of.query.js';
import { IdField, IntegerField } from '../common/dto-fields.js';

/** `after`: a cursor the list handed out (its `next`); else a 400 naming `after`. */
export function AfterField(description = 'Resume after this cursor: a page’s `next`. From the start of the list when absent. Opaque.'): PropertyDecorator {
  const message = '$property must be a cursor this list handed out';
  return applyDecorators(
    ApiPropertyOptional({ description, example: 'WyJvY2N1cnJlbmNlcyIsNDJd' }),
    IsOptional(),
    IsString({ message }),
    // The longest cursor handed out (an instant, a digest and an index) is under 200 characters.
    MaxLength(300, { message }),
  );
}

/** `limit`: 1 to PAGE_MAX_LIMIT, PAGE_DEFAULT_LIMIT when absent; else a 400 naming `limit`. */
export function LimitField(what: string): PropertyDecorator {
  return IntegerField(`Most ${what} in the page (${PAGE_DEFAULT_LIMIT} when absent, at most ${PAGE_MAX_LIMIT})`, { min: 1, max: PAGE_MAX_LIMIT }, true);
}

/** The query string of a paged list of a read model: asOf, after, limit (docs/reading.md#paging). */
export class PageQuery extends AsOfQuery {
  @AfterField() after?: string;
  @LimitField('items') limit?: number;
}

/** What every page says besides its items. */
export class PageLinksResponse implements PageLinks {
  @ApiProperty({ description: 'Pass as `after` for the next page; the cursor given again when the page is empty' }) next!: string;
  @ApiProperty({ description: 'More items are already there: ask again at once with `next`' }) hasMore!: boolean;
}

/** Filters that name something of the contract: its shape here, that the contract has it in the read model (a 400 naming it). */
export class ContractFiltersQuery extends PageQuery {
  @ApiPropertyOptional({
    description: 'Only this participant’s (its pseudonym, p_ and 32 hex digits); a 400 when no such participant',
    example: 'p_0123456789abcdef0123456789abcdef',
    pattern: PSEUDONYM_PATTERN.source,
  })
  @IsOptional()
  @Matches(PSEUDONYM_PATTERN, { message: '$property must be the pseudonym given at referral (p_ followed by 32 hex digits)' })
  participantId?: string;

  @IdField('Only this outcome’s (its code in the contract); a 400 when the contract has no such outcome', 'JOB_START', true) outcomeCode?: string;
}
