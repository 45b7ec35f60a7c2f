import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidateBy } from 'class-validator';
import { INSTANT_FORMAT_HINT, parseInstant } from '#domain';

const AS_OF_DESCRIPTION =
  'Answer as recorded at this instant: what the system knew then (§6). An ISO-8601 instant with a time zone ' +
  '(UTC `Z` or an offset, up to microseconds), from the contract’s registration to now (else a 400 naming `asOf`); default: now.';

/**
 * An optional `asOf` query parameter: validated as an ISO-8601 instant (a 400 naming `asOf`
 * otherwise); whether it lies in the contract's life is ContractHistory.asOfInstant's to say.
 */
export function AsOfField(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description: AS_OF_DESCRIPTION, example: '2019-08-10T12:00:00Z', format: 'date-time' }),
    IsOptional(),
    ValidateBy({
      name: 'isInstant',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && parseInstant(value) !== undefined,
        defaultMessage: () => `$property must be ${INSTANT_FORMAT_HINT}`,
      },
    }),
  );
}

/** The query string of every read model: only `asOf`. */
export class AsOfQuery {
  @AsOfField() asOf?: string;
}
