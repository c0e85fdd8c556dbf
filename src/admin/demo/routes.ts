import type { App } from '#shared/http/create-app.ts';
import type { AdminContext } from '../context.ts';

/** Generated product images of the demo catalog (mounted at the root). */
export function mediaRoutes(_app: App, _ctx: AdminContext): void {}
