import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI document at /openapi.json and a browsable version at /docs. */
export function serveOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Outcome verification')
    .setDescription(
      'Records the facts of outcome contracts (social impact bonds) as immutable events, verifies which outcomes are due ' +
        'for payment, triggers each payment exactly once, and shows why. Amounts are integers in minor units (øre). ' +
        'Every request needs a bearer token made with `npm run cli -- create-token`.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json' });
}
