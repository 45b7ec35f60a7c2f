import { ApiProperty } from '@nestjs/swagger';
import type { EvidenceExportsView, EvidenceExportView } from '#contracts';

class TakenAtResponse {
  @ApiProperty({ description: 'The contract stream’s version the package reflects' }) streamVersion!: number;
  @ApiProperty({ description: 'The log’s global position of that event (decimal)' }) globalPosition!: string;
}

class ExportOptionsResponse {
  @ApiProperty({ enum: ['day', 'week', 'month'] }) dateGranularity!: string;
  @ApiProperty({ type: String, nullable: true }) studyKey!: string | null;
}

class EvidenceExportResponse implements EvidenceExportView {
  @ApiProperty({ description: 'Position of the EvidenceExported fact' }) position!: number;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ type: String, nullable: true, example: 'evaluator:aarhus-university' }) actor!: string | null;
  @ApiProperty() exportId!: string;
  @ApiProperty({ type: TakenAtResponse }) takenAt!: TakenAtResponse;
  @ApiProperty({ type: ExportOptionsResponse }) options!: ExportOptionsResponse;
  @ApiProperty({ description: 'SHA-256 of the package file, hex' }) packageSha256!: string;
  @ApiProperty() packageBytes!: number;
}

export class EvidenceExportsResponse implements EvidenceExportsView {
  @ApiProperty() contractId!: string;
  @ApiProperty({ type: [EvidenceExportResponse] }) exports!: EvidenceExportResponse[];
}
