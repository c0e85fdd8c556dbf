import type { App } from '#shared/http/create-app.ts';
import type { AdminContext } from '../context.ts';

/** Operator catalog management and the traders' read API (mounted under /api/v1). */
export function catalogRoutes(_app: App, _ctx: AdminContext): void {}
