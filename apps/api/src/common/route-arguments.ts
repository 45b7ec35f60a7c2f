import 'reflect-metadata';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import type { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';

/**
 * The class a route handler declares for its whole `@Body()` or `@Query()` (not a single named
 * field such as `@Query('limit')`), read from its decorators; undefined when it takes none.
 */
export function wholeArgumentClassOf(controller: Function, handler: string, type: RouteParamtypes): Function | undefined {
  const args = Object.entries((Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler) ?? {}) as Record<string, { index: number; data?: unknown }>);
  const types = (Reflect.getMetadata('design:paramtypes', controller.prototype as object, handler) ?? []) as Function[];
  const arg = args.find(([key, candidate]) => key.split(':')[0] === String(type) && candidate.data === undefined)?.[1];
  return arg === undefined ? undefined : types[arg.index];
}
