import type { App } from '#shared/http/create-app.ts';
import type { AdminContext } from '../context.ts';

/** Orders: traders place and follow theirs, operators move them along (mounted under /api/v1). */
export function ordersRoutes(_app: App, _ctx: AdminContext): void {}
