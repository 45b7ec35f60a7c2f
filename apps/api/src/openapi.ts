import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI document at /openapi.json and a browsable version at /docs. */
export function serveOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Outcome verification')
    .setDescription(
      'Records the facts of outcome contracts (social impact bonds) as immutable events, verifies which outcomes are due ' +
        'for payment, triggers each payment exactly once, and shows why. Amounts are integers in minor units (øre). ' +
        'Every request needs a bearer token made with `npm run cli -- create-token`. ' +
        'Commands take an optional `Idempotency-Key` header, scoped to your principal: a retry of the same request answers ' +
        '`duplicate: true` with the first result; the key with another request is a 422 `idempotency-key-reused`. ' +
        'A 503 `contract-busy` (with `Retry-After`) recorded nothing: send the same request again.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json' });
}
