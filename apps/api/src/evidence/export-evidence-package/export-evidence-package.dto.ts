import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidateBy } from 'class-validator';
import { DATE_GRANULARITIES, type DateGranularity, isStudyKeyName, STUDY_KEY_PATTERN } from '#domain';
import { OneOfField } from '../../common/dto-fields.js';
import { AsOfQuery } from '../../read-models/as-of.query.js';

export class ExportEvidencePackageQueryDto extends AsOfQuery {
  @OneOfField('How finely the package gives dates: as recorded (day, the default), or coarsened to ISO weeks or months', DATE_GRANULARITIES, 'week', true)
  dateGranularity?: DateGranularity;

  @ApiPropertyOptional({
    description:
      'A named, stable study key: every package you export under the same name gives a participant the same pseudonym, so the ' +
      'study’s packages can be joined. Without it, each package has pseudonyms of its own.',
    example: 'impact60-evaluation-2026',
    pattern: STUDY_KEY_PATTERN.source,
  })
  @IsOptional()
  @ValidateBy({
    name: 'isStudyKeyName',
    validator: {
      validate: isStudyKeyName,
      defaultMessage: () =>
        '$property must be 3-64 letters, digits, dots, dashes or underscores, starting with a letter, with nothing shaped like a CPR number',
    },
  })
  studyKey?: string;
}
